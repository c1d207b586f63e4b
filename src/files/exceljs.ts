// exceljs takes tens of MB once loaded and is needed only when someone imports or exports a file:
// it is loaded on first use, not at start-up.
import type ExcelJS from 'exceljs'

let loaded: Promise<typeof ExcelJS> | undefined

export function loadExcelJS(): Promise<typeof ExcelJS> {
  return (loaded ??= import('exceljs').then((m) => m.default))
}
