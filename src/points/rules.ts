// The points rules: one configuration table, not branches in code. Shown to admins by /积分规则.
// Areas add their rules here; `points` is the default award (a caller may pass an explicit amount
// for rules marked variable, such as speed-scored competition answers).
export interface PointRule {
  points: number
  /** shown by /积分规则 */
  label: string
  variable?: boolean
}

export const POINT_RULES = {
  'checkin.daily': { points: 1, label: '每日签到' },
  'session.ontime': { points: 2, label: '集中学习按时签到' },
  'session.late': { points: 1, label: '集中学习迟到签到' },
  'session.makeup': { points: 1, label: '管理员补签' },
  'note.submit': { points: 3, label: '提交学习笔记（每个学习任务一次）' },
  'note.featured': { points: 5, label: '笔记被评为优秀笔记' },
  'note.liked': { points: 1, label: '笔记获得点赞' },
  'quiz.answer': { points: 1, label: '个人答题：每答对 1 题（每日上限见 /答题 上限）', variable: true },
  'quiz.perfect': { points: 2, label: '个人答题：5 题及以上全部答对加分（计入每日上限）', variable: true },
  'contest.result': { points: 1, label: '知识竞赛：每 100 分竞赛得分计 1 积分', variable: true },
} satisfies Record<string, PointRule>

export type PointRuleName = keyof typeof POINT_RULES

export function ruleOf(name: string): PointRule | undefined {
  return (POINT_RULES as Record<string, PointRule>)[name]
}
