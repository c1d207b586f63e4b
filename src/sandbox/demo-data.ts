// The sandbox's demo organisation (see SCENARIOS.md): two party-branch groups, their members and
// the admin. The stand-in for WeCom treats this list as the corporate directory.
export interface DemoPerson {
  userid: string
  name: string
}

export interface DemoGroup {
  chatId: string
  name: string
  members: string[]
}

export const DEMO_ADMIN = 'wangshuji'

export const DEMO_PEOPLE: DemoPerson[] = [
  { userid: 'wangshuji', name: '王书记' },
  { userid: 'zhangsan', name: '张三' },
  { userid: 'lisi', name: '李四' },
  { userid: 'wangwu', name: '王五' },
  { userid: 'zhaoliu', name: '赵六' },
  { userid: 'sunqi', name: '孙七' },
  { userid: 'zhouba', name: '周八' },
  { userid: 'lishuji', name: '李书记' },
  { userid: 'wujiu', name: '吴九' },
  { userid: 'zhengshi', name: '郑十' },
  { userid: 'chenyi', name: '陈一' },
  { userid: 'liuer', name: '刘二' },
]

export const DEMO_GROUPS: DemoGroup[] = [
  {
    chatId: 'wr-dyzb',
    name: '第一党支部',
    members: ['wangshuji', 'zhangsan', 'lisi', 'wangwu', 'zhaoliu', 'sunqi', 'zhouba'],
  },
  {
    chatId: 'wr-dezb',
    name: '第二党支部',
    members: ['lishuji', 'wujiu', 'zhengshi', 'chenyi', 'liuer'],
  },
]

export const personName = (userid: string): string => DEMO_PEOPLE.find((p) => p.userid === userid)?.name ?? userid
export const isDemoUser = (userid: string): boolean => DEMO_PEOPLE.some((p) => p.userid === userid)
