// Help texts of the core commands (summary, usage, examples). Feature areas keep theirs beside
// their other messages.
export const commandHelp = {
  'cmd.help.summary': '查看命令列表和用法',
  'cmd.help.usage': '/帮助 [命令名]',
  'cmd.help.examples': '/帮助\n/帮助 签到',
  'cmd.admins.summary': '查看管理员名单',
  'cmd.admins.usage': '/管理员',
  'cmd.admin-add.summary': '添加管理员',
  'cmd.admin-add.usage': '/管理员 添加 @某人',
  'cmd.admin-add.examples': '/管理员 添加 @张三',
  'cmd.admin-remove.summary': '取消管理员',
  'cmd.admin-remove.usage': '/管理员 移除 @某人',
} as const
