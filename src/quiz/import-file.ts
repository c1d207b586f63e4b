// One import of a question file from bytes: detect the format, read the rows, validate and insert.
import type { DbOrTrx } from '../deps.js'
import { UserError } from '../errors.js'
import { importRows, type ImportReport } from './bank.js'
import { FileFormatError, kindOf, readQuestionFile } from './read-file.js'

export async function importQuestionFile(
  db: DbOrTrx,
  file: { filename?: string; bytes: Buffer },
  opts: { now: Date; source: string; onProgress?: (done: number, total: number) => void },
): Promise<ImportReport> {
  const kind = kindOf(file.filename, file.bytes)
  if (!kind) throw new UserError('bank.unknownKind', { name: file.filename ?? '?' })
  try {
    const rows = await readQuestionFile(kind, file.bytes)
    return await importRows(db, rows, opts)
  } catch (err) {
    if (err instanceof FileFormatError) throw new UserError('bank.badFile', { reason: err.reason })
    throw err
  }
}
