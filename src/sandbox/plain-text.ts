// Plain-text rendering of what the page shows, for the terminal chat (npm run chat).
import { t } from '../i18n/index.js'
import type { MessageView } from './view.js'
import type { Json } from './wecom-standin/store.js'

export function markdownToPlain(md: string, names: Record<string, string>): string {
  return md
    .replace(/<think>[\s\S]*?(<\/think>|$)/g, '')
    .replace(/<font[^>]*>([\s\S]*?)<\/font>/g, '$1')
    .replace(/<@([\w.@-]+)>/g, (_, id: string) => '@' + (names[id] ?? id))
    .replace(/^#{1,6} /gm, '')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/!\[([^\]]*)\]\(([^)]+)\)/g, (_, _alt: string, url: string) => t('sandbox.cli.image', { url }))
    .replace(/\[([^\]]+)\]\((https?:[^)]+)\)/g, '$1（$2）')
    .replace(/`([^`\n]+)`/g, '$1')
}

export function cardToPlain(card: Json, replacedWith: string | undefined, names: Record<string, string>): string {
  const lines: string[] = []
  const push = (s: unknown) => {
    if (typeof s === 'string' && s !== '') lines.push(s)
  }
  push(card.source?.desc)
  push(card.main_title?.title ? `【${card.main_title.title}】` : undefined)
  push(card.main_title?.desc)
  if (card.emphasis_content) push([card.emphasis_content.title, card.emphasis_content.desc].filter(Boolean).join(' '))
  push(card.quote_area?.quote_text)
  push(card.sub_title_text)
  for (const v of card.vertical_content_list ?? []) push(`${v.title}${v.desc ? '：' + v.desc : ''}`)
  for (const h of card.horizontal_content_list ?? []) push(`${h.keyname}：${h.type === 3 ? '@' + (names[h.userid] ?? h.userid) : (h.value ?? '')}`)
  // Choice options already read "A. 秦朝"; a judge's read "对" and get their letter here.
  for (const o of card.checkbox?.option_list ?? []) push(`  ${o.is_checked ? '☑' : '☐'} ${o.text.startsWith(`${o.id}.`) ? o.text : `${o.id}. ${o.text}`}`)
  for (const s of card.select_list ?? []) push(`${s.title ?? ''} ${(s.option_list ?? []).map((o: Json) => o.text).join(' / ')}`)
  const buttons = replacedWith !== undefined ? [t('sandbox.cli.disabled', { name: replacedWith })] : [...(card.button_list ?? []).map((b: Json) => b.text), card.submit_button?.text].filter(Boolean)
  if (buttons.length) push(t('sandbox.cli.buttons', { buttons: buttons.map((b) => `[${b}]`).join(' ') }) + (replacedWith === undefined ? t('sandbox.cli.clickHint') : ''))
  return lines.join('\n')
}

export function messageToPlain(m: MessageView, names: Record<string, string>): string {
  const b = m.body
  switch (b.type) {
    case 'text':
      return markdownToPlain(b.content, names) + (b.mentions?.length ? ' ' + b.mentions.map((u) => (u === '@all' ? t('sandbox.cli.everyone') : '@' + (names[u] ?? u))).join(' ') : '')
    case 'markdown':
      return markdownToPlain(b.content, names)
    case 'card':
      return cardToPlain(b.card, 'replacedWith' in b ? b.replacedWith : undefined, names)
    case 'image':
      return t('sandbox.cli.image', { url: m.mediaUrl ?? '' })
    case 'file':
      return t('sandbox.cli.file', { name: b.filename, url: m.mediaUrl ?? '' })
    case 'news':
      return b.articles.map((a) => `${a.title ?? ''} ${a.url ?? ''}`).join('\n')
    case 'textcard':
      return `【${b.title}】\n${b.description.replace(/<[^>]*>/g, '')}\n${b.url}`
    default:
      return b.content
  }
}
