// Text rules of the quiz: normalizing stems for duplicate detection, similarity of near-identical
// stems, and reading answers as typed (letters, 对/错, fill-in text compared leniently).
import type { QuestionType } from '../db/tables/quiz.js'

export const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'] as const
export const JUDGE_OPTIONS = ['对', '错']

const SPACES = /[\s\u00a0\u2000-\u200b\u2005\u3000\ufeff]+/gu
const PUNCT = /[\p{P}\p{S}]+/gu

/** NFKC, lower case, no whitespace, no punctuation or symbols: "中国 共产党，成立于？" → "中国共产党成立于". */
export function normalizeText(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(SPACES, '').replace(PUNCT, '')
}

/** The key two questions share when they are the same question (stem and options). */
export function dedupeKey(stem: string, options: string[]): string {
  return [normalizeText(stem), ...options.map(normalizeText)].join('|')
}

/** Edit distance (insertions, deletions, substitutions) over characters. */
export function editDistance(a: string, b: string): number {
  const x = [...a]
  const y = [...b]
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j)
  for (let i = 1; i <= x.length; i++) {
    const cur = [i]
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1))
    prev = cur
  }
  return prev[y.length]!
}

/** How many edits still count as "the same stem": one per ten characters, at least one. */
export const editBudget = (normalizedStem: string): number => Math.max(1, Math.floor([...normalizedStem].length / 10))

/** Near-identical stems: after normalization, within the edit budget (the caller also compares answers). */
export function nearlySame(a: string, b: string): boolean {
  const budget = editBudget(a.length > b.length ? a : b)
  return Math.abs([...a].length - [...b].length) <= budget && editDistance(a, b) <= budget
}

const JUDGE_TRUE = ['对', '正确', '是', '√', '✓', '✔', 't', 'true', 'y', 'yes', 'a']
const JUDGE_FALSE = ['错', '错误', '否', '不对', '×', '✗', '✘', 'x', 'f', 'false', 'n', 'no', 'b']

/** '对' | '√' | 'T' … → 'A'; '错' | '×' | 'F' … → 'B'; otherwise undefined. */
export function readJudge(input: string): 'A' | 'B' | undefined {
  const s = input.normalize('NFKC').toLowerCase().replace(SPACES, '').replace(/[。.!！]$/u, '')
  if (JUDGE_TRUE.includes(s)) return 'A'
  if (JUDGE_FALSE.includes(s)) return 'B'
  return undefined
}

/** 'A' | 'ac' | 'A,C' | 'Ａ、Ｃ' | 'C A' → sorted unique letters 'AC'; undefined when not letters A–F. */
export function readLetters(input: string): string | undefined {
  const s = input.normalize('NFKC').toUpperCase().replace(SPACES, '').replace(/[,，、;；/|.。]/gu, '')
  if (!/^[A-F]{1,6}$/.test(s)) return undefined
  return [...new Set(s)].sort().join('')
}

/** Reads a typed answer for a question type; undefined when it is not an answer of that shape. */
export function readAnswer(type: QuestionType, input: string): string | undefined {
  if (type === 'judge') return readJudge(input)
  if (type === 'fill') return input.trim() === '' ? undefined : input.trim()
  return readLetters(input)
}

/** Fill-in answers compared leniently: width, case, spaces and punctuation do not matter. */
export function fillMatches(expected: string, given: string): boolean {
  const g = normalizeText(given)
  return g !== '' && expected.split(/[|｜]/u).some((alt) => normalizeText(alt) === g)
}

export function isCorrect(type: QuestionType, expected: string, given: string): boolean {
  return type === 'fill' ? fillMatches(expected, given) : expected === given
}

/** Splits tags typed as '历史，文化、科学' or '历史 文化'. */
export function splitTags(s: string): string[] {
  return [...new Set(s.normalize('NFKC').split(/[,，、;；\s]+/u).map((x) => x.trim()).filter(Boolean))]
}

export const tagsColumn = (tags: string[]): string => `,${tags.join(',')},`
export const tagsOf = (column: string): string[] => column.split(',').filter(Boolean)
