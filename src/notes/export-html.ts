// The notes archive as one self-contained HTML document, grouped by member. Everything that came
// from users is escaped.
import { t } from '../i18n/index.js'
import type { Archive, ArchiveNote } from './export.js'

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!)

const STYLE = `body{font-family:"Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:860px;margin:2em auto;padding:0 1em;color:#222;line-height:1.7}
h1{border-bottom:2px solid #c00;padding-bottom:.3em}section{margin:2em 0}h2{color:#c00;margin-bottom:.2em}
article{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;margin:.8em 0}article h3{font-size:1em;margin:0 0 .4em;color:#555}
.content{white-space:pre-wrap}.featured{color:#b8860b}.meta{color:#777;font-size:.9em}`

function noteHtml(n: ArchiveNote): string {
  const title = [`#${n.id}`, n.when, n.chatName, n.assignment, t('notes.export.chars', { n: n.chars }), `👍${n.likes}`].filter(Boolean).map(escapeHtml).join(' · ')
  const featured = n.featured ? ` <span class="featured">${t('notes.export.featured')}</span>` : ''
  return `<article id="note-${n.id}"><h3>${title}${featured}</h3><div class="content">${escapeHtml(n.content)}</div></article>`
}

export function archiveHtml(archive: Archive): string {
  const title = `${t('notes.export.title')}（${archive.range}）`
  const sections = archive.members.map((m) => {
    const notes = archive.notes.filter((n) => n.userid === m.userid)
    return (
      `<section><h2>${escapeHtml(m.name)}</h2>` +
      `<p class="meta">${escapeHtml(t('notes.export.htmlMember', { userid: m.userid, notes: m.notes, chars: m.chars, featured: m.featured }))}</p>` +
      notes.map(noteHtml).join('\n') +
      '</section>'
    )
  })
  return [
    '<!doctype html>',
    '<html lang="zh-CN"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="meta">${escapeHtml(t('notes.export.htmlCount', { notes: archive.notes.length, members: archive.members.length }))}</p>`,
    ...sections,
    '</body></html>',
  ].join('\n')
}
