// The import report as people read it (chat reply and CLI output): totals, then every bad row with
// its row number and reasons, then the duplicates skipped.
import { t } from '../i18n/index.js'
import type { ImportReport } from './bank.js'
import type { RowProblem } from './validate.js'

function lines(list: RowProblem[], max: number): string {
  const shown = list.slice(0, max).map((p) => t('bank.reportLine', { row: p.row, reasons: p.reasons.join('；') }))
  if (list.length > max) shown.push(t('bank.reportMore', { n: list.length - max }))
  return shown.join('\n')
}

export function formatReport(r: ImportReport, max = 30): string {
  const parts = [t('bank.report', { total: r.total, imported: r.imported, duplicates: r.duplicates.length, problems: r.problems.length })]
  if (r.problems.length) parts.push(t('bank.reportProblems', { list: lines(r.problems, max) }))
  if (r.duplicates.length) parts.push(t('bank.reportDuplicates', { list: lines(r.duplicates, max) }))
  return parts.join('\n\n')
}
