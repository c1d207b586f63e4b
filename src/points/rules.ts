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
} satisfies Record<string, PointRule>

export type PointRuleName = keyof typeof POINT_RULES

export function ruleOf(name: string): PointRule | undefined {
  return (POINT_RULES as Record<string, PointRule>)[name]
}
