// How notes read in chat replies. A note's review status is shown only outside the group chat.
import { t } from '../i18n/index.js'
import { local } from '../time.js'
import type { Note } from './awards.js'
import type { Saved } from './notes.js'

export const noteDate = (iso: string, tz: string): string => local(new Date(iso), tz).toFormat('M月d日 HH:mm')

export function pointsLine(saved: Saved): string {
  if (saved.pending) return t('notes.points.later')
  if (saved.kept) return t('notes.points.kept')
  if (saved.slotTaken || saved.points === 0) return t('notes.points.slotTaken')
  return t('notes.points.awarded', { points: saved.points })
}

export function savedReply(saved: Saved, opts: { name: string; assignmentTitle?: string; edited?: boolean }): string {
  const params = {
    id: saved.note.id,
    name: opts.name,
    count: saved.count,
    assignment: opts.assignmentTitle ? t('notes.forAssignment', { title: opts.assignmentTitle }) : '',
    minLine: opts.assignmentTitle ? t('notes.minMet', { min: saved.min }) : '',
    pointsLine: pointsLine(saved),
  }
  return t(opts.edited ? 'notes.edited' : 'notes.accepted', params)
}

const STATUS = {
  accepted: 'notes.status.accepted',
  pending: 'notes.status.pending',
  returned: 'notes.status.returned',
  withdrawn: 'notes.status.withdrawn',
} as const

export const statusMark = (note: Note, show: boolean): string => (show ? t(STATUS[note.status]) : '')
export const featuredMark = (note: Note): string => (note.featured ? t('notes.featuredMark') : '')
