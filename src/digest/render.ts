// The digest as admins read it: a markdown summary (≤ 4096 bytes; the .xlsx has everything), the
// trend chart's data, and the workbook.
import { PassThrough } from 'node:stream'
import type ExcelJS from 'exceljs'
import { loadExcelJS } from '../files/exceljs.js'
import { truncateUtf8 } from '../bot/normalize.js'
import { t } from '../i18n/index.js'
import { weekStart } from '../plans/weeks.js'
import type { TrendChart } from './chart.js'
import { yieldToLoop } from './batch.js'
import type { Digest, GroupDigest } from './digest.js'
import type { Item } from './progress.js'
import { itemWords } from './reminders.js'

const pct = (r: number) => `${Math.round(r * 100)}%`
const ITEMS: Item[] = ['signin', 'note', 'quiz']
const ITEM_LABEL: Record<Item, string> = { signin: '签到', note: '心得', quiz: '答题' }
const MAX_BYTES = 4000
const YIELD_EVERY = 100

function rateText(g: GroupDigest): string {
  return ITEMS.map((i) => `${ITEM_LABEL[i]} ${g.requires.includes(i) ? pct(g.rates[i]) : t('jobs.digest.notRequired')}`).join(' · ')
}

export function weekRange(week: string, tz: string): string {
  const mon = weekStart(week, tz)
  const sun = mon.plus({ days: 6 })
  return `${mon.month}月${mon.day}日–${sun.month}月${sun.day}日`
}

export function digestMarkdown(d: Digest, tz: string): string {
  const head = [t('jobs.digest.title', { week: d.week, range: weekRange(d.week, tz) })]
  const tail: string[] = []
  tail.push(t('jobs.digest.pending', { n: d.pendingReview }))
  for (const f of d.featured.slice(0, 3)) tail.push(t('jobs.digest.featured', { name: f.name, group: f.group, excerpt: f.excerpt }))
  if (d.unbound.length) tail.push(t('jobs.digest.unbound', { groups: d.unbound.slice(0, 10).join('、') + (d.unbound.length > 10 ? ` 等 ${d.unbound.length} 个` : '') }))
  if (d.problems.length) {
    const list = d.problems.slice(0, 8).map((r) => `${r.job} ${r.period}（${r.status === 'skipped' ? t('jobs.digest.skipped') : t('jobs.digest.failed')}）`)
    tail.push(t('jobs.digest.problems', { list: list.join('、') }))
  }
  if (d.deadLetters) tail.push(t('jobs.digest.dead', { n: d.deadLetters }))
  tail.push(t('jobs.digest.attachments'))
  const body: string[] = []
  let bytes = Buffer.byteLength([...head, ...tail].join('\n'))
  for (const [i, g] of d.groups.entries()) {
    const behind = g.behind.slice(0, 8).map((b) => `${b.name}（${itemWords(b.missing)}）`).join('、') + (g.behind.length > 8 ? ` 等 ${g.behind.length} 人` : '')
    const block = [
      t('jobs.digest.group', { name: g.name, expected: g.expected, rates: rateText(g), accuracy: g.accuracy ? t('jobs.digest.accuracy', { rate: pct(g.accuracy.rate) }) : '' }),
      g.behind.length ? t('jobs.digest.behind', { list: behind }) : t('jobs.digest.allDone'),
    ].join('\n')
    const size = Buffer.byteLength(block) + 1
    if (bytes + size > MAX_BYTES - 100) {
      body.push(t('jobs.digest.moreGroups', { n: d.groups.length - i }))
      break
    }
    body.push(block)
    bytes += size
  }
  return truncateUtf8([...head, ...body, ...tail].join('\n'), MAX_BYTES)
}

export function digestChart(d: Digest): TrendChart {
  const labels = d.trend.weeks.map((w) => w.replace(/^\d{4}-/, ''))
  const series = [{ name: t('jobs.digest.chartAll'), values: d.trend.overall.map((r) => Math.round(r * 100)) }]
  if (d.groups.length <= 5) for (const g of d.groups) series.push({ name: g.name, values: (d.trend.byGroup.get(g.chatId) ?? []).map((r) => Math.round(r * 100)) })
  return { title: t('jobs.digest.chartTitle'), labels, series }
}

/**
 * The week's workbook, written with exceljs's streaming writer: rows are committed as they are
 * added and the event loop gets a turn every few hundred rows, so a 1,000-group digest does not
 * stall the bot.
 */
export async function digestWorkbook(d: Digest): Promise<Buffer> {
  const chunks: Buffer[] = []
  const stream = new PassThrough()
  stream.on('data', (c: Buffer) => chunks.push(c))
  const wb = new (await loadExcelJS()).stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: false })
  let rows = 0
  const add = async (sheet: ExcelJS.Worksheet, row: Record<string, unknown> | unknown[]) => {
    sheet.addRow(row).commit()
    if (++rows % YIELD_EVERY === 0) await yieldToLoop()
  }
  const groups = wb.addWorksheet('各群完成情况')
  groups.columns = [
    { header: '群', key: 'name', width: 20 },
    { header: '应完成人数', key: 'expected', width: 12 },
    { header: '签到完成率', key: 'signin', width: 12 },
    { header: '心得完成率', key: 'note', width: 12 },
    { header: '答题完成率', key: 'quiz', width: 12 },
    { header: '答题正确率', key: 'accuracy', width: 12 },
    { header: '未完成人数', key: 'behind', width: 12 },
  ]
  for (const g of d.groups) {
    const rate = (i: Item) => (g.requires.includes(i) ? Math.round(g.rates[i] * 1000) / 10 : '不要求')
    await add(groups, { name: g.name, expected: g.expected, signin: rate('signin'), note: rate('note'), quiz: rate('quiz'), accuracy: g.accuracy ? Math.round(g.accuracy.rate * 1000) / 10 : '', behind: g.behind.length })
  }
  groups.commit()
  const behind = wb.addWorksheet('未完成名单')
  behind.columns = [
    { header: '群', key: 'group', width: 20 },
    { header: '成员', key: 'name', width: 14 },
    { header: '账号', key: 'userid', width: 16 },
    { header: '未完成', key: 'missing', width: 24 },
  ]
  for (const g of d.groups) for (const b of g.behind) await add(behind, { group: g.name, name: b.name, userid: b.userid, missing: itemWords(b.missing) })
  behind.commit()
  const trend = wb.addWorksheet('近4周参与率')
  await add(trend, ['群', ...d.trend.weeks])
  await add(trend, ['全部', ...d.trend.overall.map((r) => Math.round(r * 1000) / 10)])
  for (const g of d.groups) await add(trend, [g.name, ...(d.trend.byGroup.get(g.chatId) ?? []).map((r) => Math.round(r * 1000) / 10)])
  trend.commit()
  await wb.commit()
  return Buffer.concat(chunks)
}
