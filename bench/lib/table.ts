// The results table: plain text for the terminal, markdown for the README.
import type { Row } from './common.js'

const fmt = (v: number | string, unit = ''): string => {
  if (typeof v === 'string') return v
  const n = Math.abs(v) >= 100 ? v.toLocaleString('en-US', { maximumFractionDigits: 0 }) : String(v)
  return unit ? `${n} ${unit}` : n
}

export function ratioText(r: Row): string {
  if (r.ratio === undefined || !Number.isFinite(r.ratio)) return '—'
  if (r.ratioLabel === 'of baseline') return `${Math.round(r.ratio * 100)}% of baseline`
  const x = r.ratio >= 100 ? Math.round(r.ratio).toLocaleString('en-US') : r.ratio >= 10 ? r.ratio.toFixed(0) : r.ratio.toFixed(2)
  return `${x}${r.ratioLabel ? ' ' + r.ratioLabel : '×'}`
}

const verdict = (r: Row): string => (r.pass === null ? 'report' : r.pass ? 'PASS' : 'FAIL')

function cells(r: Row): string[] {
  return [
    r.bench,
    r.figure,
    fmt(r.value, r.unit),
    r.baseline ? `${fmt(r.baseline.value, r.baseline.unit)} (${r.baseline.label})` : '—',
    ratioText(r),
    r.goal || '—',
    verdict(r),
  ]
}

const HEAD = ['bench', 'figure', 'value', 'baseline (same run)', 'ratio', 'goal', 'result']

export function textTable(rows: Row[]): string {
  const all = [HEAD, ...rows.map(cells)]
  const width = HEAD.map((_, i) => Math.max(...all.map((c) => [...c[i]!].length)))
  const line = (c: string[]) => c.map((x, i) => x + ' '.repeat(width[i]! - [...x].length)).join('  ')
  const out = [line(HEAD), width.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => line(cells(r)))]
  const notes = rows.filter((r) => r.note).map((r) => `  · ${r.bench} / ${r.figure}: ${r.note}`)
  return [...out, '', 'notes:', ...notes].join('\n')
}

const md = (s: string) => s.replace(/\|/g, '\\|')

export function markdownTable(rows: Row[], m: { cpu: string; cores: number; memoryGb: number; node: string; loadAverageAtStart: number[] }, date: string, seconds: number, steal: Record<string, number> = {}): string {
  const stolen = Object.entries(steal)
  const lines = [
    `Run ${date.slice(0, 16).replace('T', ' ')} UTC on ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node} (load average at start ${m.loadAverageAtStart.join(' ')}); ${Math.round(seconds)} s in all${stolen.length ? `; CPU steal (time the host gave to other guests) ${stolen.map(([b, p]) => `${b} ${p}%`).join(', ')}` : ''}.`,
    '',
    `| ${HEAD.join(' | ')} |`,
    `|${HEAD.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${cells(r).map(md).join(' | ')} |`),
    '',
    ...rows.filter((r) => r.note).map((r) => `- ${md(r.bench)} / ${md(r.figure)}: ${md(r.note!)}`),
  ]
  return lines.join('\n')
}
