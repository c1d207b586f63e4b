import { defineCommand } from '../src/bot/command.js'
import type { CommandDef } from '../src/bot/command.js'
import { t } from '../src/i18n/index.js'

// The registry is handed in by commands/index.ts, so /帮助 lists exactly what is registered.
export function helpCommand(all: () => CommandDef<any>[]) {
  return defineCommand({
    name: 'help',
    aliases: ['帮助', '菜单', 'h', '?', '？'],
    summary: 'cmd.help.summary',
    usage: 'cmd.help.usage',
    examples: 'cmd.help.examples',
    scope: 'any',
    role: 'member',
    parse: (args) => ({ topic: args.rest() }),
    async run(ctx, { topic }) {
      const visible = all().filter((c) => !c.hidden && (c.role === 'member' || ctx.sender.isAdmin))
      if (topic) {
        const wanted = topic.replace(/^[/／]/, '')
        const cmd = all().find((c) => [c.name, ...c.aliases].some((a) => a.toLowerCase() === wanted.toLowerCase()))
        if (!cmd || (cmd.role === 'admin' && !ctx.sender.isAdmin)) return t('help.unknownTopic', { name: wanted })
        return t('help.detail', {
          name: cmd.aliases[0] ?? cmd.name,
          summary: t(cmd.summary),
          usage: t(cmd.usage),
          aliases: cmd.aliases.length > 1 ? t('help.aliases', { aliases: [...cmd.aliases.slice(1), cmd.name].map((a) => '/' + a).join('、') }) : '',
          examples: cmd.examples ? t('help.examples', { examples: t(cmd.examples) }) : '',
        })
      }
      const lines = visible.map((c) => t('help.line', { usage: t(c.usage), summary: t(c.summary) }))
      return [t('help.title'), ...lines, '', t('help.footer')].join('\n')
    },
  })
}
