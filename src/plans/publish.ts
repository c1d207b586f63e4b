// /任务 发布: an assignment typed in chat. First line: week and title; then optional lines
// "阅读：…", "链接：…", "心得：300", "题库：党史,理论", "截止：周日 20:00", "群：第一党支部|全部".
import type { PlanRow } from './plan-file.js'

const KEYS: Record<string, keyof PlanRow> = {
  阅读: 'reading', 材料: 'reading', 内容: 'reading', 链接: 'reading',
  心得: 'noteMin', 字数: 'noteMin',
  题库: 'quizTags', 标签: 'quizTags', 答题: 'quizTags',
  截止: 'due',
  群: 'group', 范围: 'group',
}

export class PublishFormatError extends Error {
  constructor(readonly line: string) {
    super(`bad line: ${line}`)
  }
}

/** Turns the typed text into one plan row (validated later like a file row). */
export function parsePublish(week: string, text: string, defaultGroup: string): PlanRow {
  const [first = '', ...rest] = text.split(/\r?\n/).map((l) => l.trim())
  const row: PlanRow = { line: 1, week, title: first, group: defaultGroup }
  for (const line of rest.filter(Boolean)) {
    const m = /^([^:：]{1,4})[:：]\s*(.*)$/.exec(line)
    const field = m ? KEYS[m[1]!.trim()] : undefined
    if (!m || !field) throw new PublishFormatError(line.slice(0, 20))
    ;(row as Record<string, unknown>)[field] = m[2]!.trim()
  }
  return row
}
