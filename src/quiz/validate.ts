// Validation of imported question rows (the template's columns). Pure: every bad row gets its row
// number and every reason in plain Chinese; good rows become QuestionInput.
import type { QuestionType } from '../db/tables/quiz.js'
import { LETTERS, JUDGE_OPTIONS, readJudge, readLetters, splitTags } from './text.js'

export const COLUMNS = ['类型', '题干', '选项A', '选项B', '选项C', '选项D', '选项E', '选项F', '答案', '解析', '标签', '难度', '时限秒'] as const
export type Column = (typeof COLUMNS)[number]
export type RawRow = Partial<Record<Column, string>>

export interface QuestionInput {
  type: QuestionType
  stem: string
  options: string[]
  /** letters for choices and judge (A 对, B 错); text for fill-in ('|' separates accepted alternatives) */
  answer: string
  explanation: string
  tags: string[]
  difficulty: number
  timeLimit: number
}

export interface RowProblem {
  row: number
  reasons: string[]
}

const TYPES: Record<string, QuestionType> = {
  单选: 'single', 单选题: 'single', single: 'single',
  多选: 'multi', 多选题: 'multi', multi: 'multi', multiple: 'multi',
  判断: 'judge', 判断题: 'judge', judge: 'judge',
  填空: 'fill', 填空题: 'fill', fill: 'fill',
}
export const TYPE_NAMES: Record<QuestionType, string> = { single: '单选', multi: '多选', judge: '判断', fill: '填空' }
const DIFFICULTY_WORDS: Record<string, number> = { 易: 1, 简单: 1, 容易: 1, 较易: 2, 中: 3, 中等: 3, 一般: 3, 较难: 4, 难: 5, 困难: 5 }
export const DEFAULT_LIMIT: Record<QuestionType, number> = { single: 30, multi: 45, judge: 20, fill: 60 }
export const MAX_STEM = 500
export const MAX_OPTION = 100

const cell = (row: RawRow, c: Column): string => (row[c] ?? '').toString().normalize('NFC').trim()

export function validateRow(row: RawRow): { question?: QuestionInput; reasons: string[] } {
  const reasons: string[] = []
  const typeText = cell(row, '类型')
  const type = TYPES[typeText.normalize('NFKC').toLowerCase()]
  if (!typeText) reasons.push('缺少类型')
  else if (!type) reasons.push(`类型“${typeText}”无效，应为 单选/多选/判断/填空`)
  const stem = cell(row, '题干')
  if (!stem) reasons.push('缺少题干')
  else if (stem.length > MAX_STEM) reasons.push(`题干过长（${stem.length} 字，最多 ${MAX_STEM} 字）`)
  const cells = LETTERS.map((l) => cell(row, `选项${l}` as Column))
  const lastFilled = cells.reduce((last, v, i) => (v ? i : last), -1)
  const options = cells.slice(0, lastFilled + 1)
  const answerText = cell(row, '答案')
  if (!answerText) reasons.push('缺少答案')
  let answer = ''
  if (type === 'single' || type === 'multi') {
    if (options.length < 2) reasons.push('选择题至少需要两个选项')
    if (options.some((o) => o === '')) reasons.push('选项不连续（中间有空选项）')
    if (options.some((o) => o.length > MAX_OPTION)) reasons.push(`选项过长（最多 ${MAX_OPTION} 字）`)
    const letters = answerText ? readLetters(answerText) : undefined
    if (answerText && !letters) reasons.push(`答案“${answerText}”应为选项字母，如 A 或 AC`)
    else if (letters) {
      const outside = [...letters].filter((l) => LETTERS.indexOf(l as (typeof LETTERS)[number]) >= options.length)
      if (outside.length) reasons.push(`答案 ${outside.join('')} 没有对应的选项`)
      if (type === 'single' && letters.length !== 1) reasons.push('单选题的答案只能有一个选项')
      if (type === 'multi' && letters.length < 2) reasons.push('多选题的答案至少要有两个选项')
      answer = letters
    }
  } else if (type === 'judge') {
    if (options.length && !(options.length === 2 && options[0] === '对' && options[1] === '错')) reasons.push('判断题不需要填写选项')
    const j = answerText ? readJudge(answerText) : undefined
    if (answerText && !j) reasons.push(`判断题答案“${answerText}”应为 对 或 错`)
    answer = j ?? ''
  } else if (type === 'fill') {
    if (options.length) reasons.push('填空题不需要填写选项')
    answer = answerText
  }
  const difficulty = readDifficulty(cell(row, '难度'))
  if (difficulty === undefined) reasons.push(`难度“${cell(row, '难度')}”应为 1–5 或 易/中/难`)
  const limitText = cell(row, '时限秒').normalize('NFKC')
  const limit = limitText === '' ? undefined : Number(limitText)
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 5 && limit <= 600)) reasons.push(`时限“${limitText}”应为 5–600 的整数（秒）`)
  if (reasons.length || !type) return { reasons }
  return {
    reasons,
    question: {
      type,
      stem,
      options: type === 'judge' ? [...JUDGE_OPTIONS] : type === 'fill' ? [] : options,
      answer,
      explanation: cell(row, '解析'),
      tags: splitTags(cell(row, '标签')),
      difficulty: difficulty ?? 3,
      timeLimit: limit ?? DEFAULT_LIMIT[type],
    },
  }
}

function readDifficulty(s: string): number | undefined {
  if (s === '') return 3
  const n = Number(s.normalize('NFKC'))
  if (Number.isInteger(n) && n >= 1 && n <= 5) return n
  return DIFFICULTY_WORDS[s]
}

/** A row with nothing in it (trailing blank lines of a spreadsheet) is skipped, not reported. */
export const isBlankRow = (row: RawRow): boolean => COLUMNS.every((c) => cell(row, c) === '')
