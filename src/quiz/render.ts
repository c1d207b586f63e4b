// How questions and answers look: the question as markdown (full text) plus a vote card (choice
// and judge questions), the correct answer as people read it, and durations.
import { t, type MessageKey } from '../i18n/index.js'
import type { OutMessage, TemplateCard } from '../wecom/types.js'
import type { Question } from './bank.js'
import { LETTERS } from './text.js'

export const typeName = (q: Pick<Question, 'type'>): string => t(`quiz.type.${q.type}` as MessageKey)

export function optionLines(q: Question): string {
  if (q.type === 'fill' || q.type === 'judge') return ''
  return '\n' + q.options.map((o, i) => `${LETTERS[i]}. ${o}`).join('\n')
}

/** 'B. 儒家' / 'A. 造纸术；C. 火药' / '对' / '红楼梦' */
export function answerText(q: Question, answer = q.answer): string {
  if (answer === '') return '—'
  if (q.type === 'fill') return answer.split('|')[0]!
  if (q.type === 'judge') return answer === 'A' ? '对' : answer === 'B' ? '错' : answer
  return [...answer].map((l) => `${l}. ${q.options[LETTERS.indexOf(l as (typeof LETTERS)[number])] ?? ''}`).join('；')
}

export function howToAnswer(q: Question): string {
  return t(q.type === 'fill' ? 'quiz.how.fill' : q.type === 'judge' ? 'quiz.how.judge' : q.type === 'multi' ? 'quiz.how.multi' : 'quiz.how.choice')
}

const clip = (s: string, n: number): string => ([...s].length <= n ? s : [...s].slice(0, n - 1).join('') + '…')

/** A vote card for a choice or judge question; undefined for fill-in (answered by typing). */
export function questionCard(q: Question, opts: { title: string; taskId: string; key: string }): TemplateCard | undefined {
  if (q.type === 'fill') return undefined
  const options = q.options.map((o, i) => ({ id: LETTERS[i]!, text: q.type === 'judge' ? o : clip(`${LETTERS[i]}. ${o}`, 11) }))
  return {
    card_type: 'vote_interaction',
    main_title: { title: clip(opts.title, 26), desc: clip(q.stem, 30) },
    checkbox: { question_key: 'answer', mode: q.type === 'multi' ? 1 : 0, option_list: options },
    submit_button: { text: t('quiz.card.submit'), key: opts.key },
    task_id: opts.taskId,
  }
}

/** The same card greyed out with the member's choice ticked (the answer to their click). */
export function answeredCard(card: TemplateCard, given: string, note: string): TemplateCard {
  return {
    ...card,
    main_title: { title: card.main_title?.title, desc: clip(note, 30) },
    checkbox: card.checkbox && { ...card.checkbox, disable: true, option_list: card.checkbox.option_list.map((o) => ({ ...o, is_checked: given.includes(o.id) })) },
    submit_button: card.submit_button && { ...card.submit_button, text: t('quiz.card.submit') },
  }
}

export function questionMessages(text: string, card: TemplateCard | undefined): OutMessage[] {
  const out: OutMessage[] = [{ type: 'markdown', content: text }]
  // Where the card cannot be shown (a webhook), the text above already carries the question.
  if (card) out.push({ type: 'card', card, fallback: '' })
  return out
}

export function duration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000))
  const m = Math.floor(total / 60)
  const s = total % 60
  return m > 0 ? t('quiz.minutes', { m, s }) : t('quiz.seconds', { s })
}

/** The right/wrong line, the correct answer and the explanation. */
export function feedback(q: Question, outcome: { correct: boolean; given: string; timedOut?: boolean }): string {
  const head = outcome.timedOut ? t('quiz.timeout', { seconds: q.timeLimit }) : outcome.correct ? t('quiz.right') : t('quiz.wrong', { given: answerText(q, outcome.given) })
  const lines = [head]
  if (!outcome.correct) lines.push(t('quiz.correctAnswer', { answer: answerText(q) }))
  if (q.explanation) lines.push(t('quiz.explanation', { text: q.explanation }))
  return lines.join('\n')
}
