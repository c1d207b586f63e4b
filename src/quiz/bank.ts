// The question bank: importing validated rows without duplicates (exact and near-identical),
// reading questions, picking questions for a quiz, and the tag list.
import type { DbOrTrx } from '../deps.js'
import type { QuestionType } from '../db/tables/quiz.js'
import type { FileRow } from './read-file.js'
import { dedupeKey, nearlySame, normalizeText, tagsColumn, tagsOf } from './text.js'
import { isBlankRow, validateRow, type QuestionInput, type RowProblem } from './validate.js'

/** A question of the bank: what an import row becomes, with its id. */
export interface Question extends QuestionInput {
  id: number
}

export interface ImportReport {
  imported: number
  /** rows skipped because the bank (or an earlier row) already has the question */
  duplicates: RowProblem[]
  /** rows refused with their reasons */
  problems: RowProblem[]
  total: number
}

interface Known {
  id: number | string
  type: QuestionType
  key: string
  answerKey: string
}

/** What the correct answer says (option texts for choices), so re-ordered options still match. */
function answerKey(q: Pick<QuestionInput, 'type' | 'options' | 'answer'>): string {
  if (q.type === 'fill') return q.answer.split('|').map(normalizeText).sort().join('|')
  return [...q.answer].map((l) => normalizeText(q.options['ABCDEF'.indexOf(l)] ?? l)).sort().join('|')
}

function findDuplicate(known: Known[], q: QuestionInput, key: string): Known | undefined {
  const exact = known.find((k) => k.key === key)
  if (exact) return exact
  const ak = answerKey(q)
  const stem = key.split('|')[0]!
  return known.find((k) => k.type === q.type && k.answerKey === ak && nearlySame(k.key.split('|')[0]!, stem))
}

/** Validates and imports rows. Good rows are inserted; bad rows and duplicates are reported. */
export async function importRows(
  db: DbOrTrx,
  rows: FileRow[],
  opts: { now: Date; source: string; onProgress?: (done: number, total: number) => void },
): Promise<ImportReport> {
  const existing = await db.selectFrom('quiz_questions').select(['id', 'type', 'options', 'answer', 'dedupe_key']).execute()
  const known: Known[] = existing.map((r) => ({ id: r.id, type: r.type, key: r.dedupe_key, answerKey: answerKey({ type: r.type, options: JSON.parse(r.options) as string[], answer: r.answer }) }))
  const report: ImportReport = { imported: 0, duplicates: [], problems: [], total: 0 }
  let done = 0
  for (const { row, data } of rows) {
    done++
    if (isBlankRow(data)) continue
    report.total++
    const { question, reasons } = validateRow(data)
    if (!question) report.problems.push({ row, reasons })
    else {
      const key = dedupeKey(question.stem, question.options)
      const dup = findDuplicate(known, question, key)
      if (dup) report.duplicates.push({ row, reasons: [typeof dup.id === 'number' ? `题库中已有相同或几乎相同的题目（#${dup.id}）` : `与${dup.id}重复`] })
      else {
        await insertQuestion(db, question, key, opts)
        known.push({ id: `第 ${row} 行`, type: question.type, key, answerKey: answerKey(question) })
        report.imported++
      }
    }
    opts.onProgress?.(done, rows.length)
  }
  return report
}

async function insertQuestion(db: DbOrTrx, q: QuestionInput, key: string, opts: { now: Date; source: string }): Promise<void> {
  await db
    .insertInto('quiz_questions')
    .values({
      type: q.type,
      stem: q.stem,
      options: JSON.stringify(q.options),
      answer: q.answer,
      explanation: q.explanation,
      tags: tagsColumn(q.tags),
      difficulty: q.difficulty,
      time_limit: q.timeLimit,
      dedupe_key: key,
      source: opts.source,
      created_at: opts.now.toISOString(),
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute()
}

type QuestionRow = { id: number; type: QuestionType; stem: string; options: string; answer: string; explanation: string; tags: string; difficulty: number; time_limit: number }
const COLS = ['id', 'type', 'stem', 'options', 'answer', 'explanation', 'tags', 'difficulty', 'time_limit'] as const

export function toQuestion(r: QuestionRow): Question {
  return { id: r.id, type: r.type, stem: r.stem, options: JSON.parse(r.options) as string[], answer: r.answer, explanation: r.explanation, tags: tagsOf(r.tags), difficulty: r.difficulty, timeLimit: r.time_limit }
}

export async function questionById(db: DbOrTrx, id: number): Promise<Question | undefined> {
  const r = await db.selectFrom('quiz_questions').select(COLS).where('id', '=', id).executeTakeFirst()
  return r ? toQuestion(r) : undefined
}

/** Random active questions, optionally with a tag and limited to some types. */
export async function pickQuestions(db: DbOrTrx, opts: { count: number; tag?: string; types?: QuestionType[]; random?: () => number }): Promise<number[]> {
  let q = db.selectFrom('quiz_questions').select('id').where('active', '=', 1)
  if (opts.tag) q = q.where('tags', 'like', `%,${opts.tag},%`)
  if (opts.types) q = q.where('type', 'in', opts.types)
  const ids = (await q.execute()).map((r) => r.id)
  const random = opts.random ?? Math.random
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[ids[i], ids[j]] = [ids[j]!, ids[i]!]
  }
  return ids.slice(0, opts.count)
}

/** Tags in use with their question counts, most used first. */
export async function tagCounts(db: DbOrTrx): Promise<{ tag: string; count: number }[]> {
  const rows = await db.selectFrom('quiz_questions').select('tags').where('active', '=', 1).execute()
  const counts = new Map<string, number>()
  for (const r of rows) for (const t of tagsOf(r.tags)) counts.set(t, (counts.get(t) ?? 0) + 1)
  return [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag))
}

export async function countByType(db: DbOrTrx): Promise<Record<QuestionType, number>> {
  const rows = await db.selectFrom('quiz_questions').select(['type', (eb) => eb.fn.countAll<number>().as('n')]).where('active', '=', 1).groupBy('type').execute()
  const out: Record<QuestionType, number> = { single: 0, multi: 0, judge: 0, fill: 0 }
  for (const r of rows) out[r.type] = Number(r.n)
  return out
}
