// Demo data: the sample question bank (src/quiz/sample-bank.json, written for this project) imported
// like any other file, so running it twice adds nothing.
import type { Deps } from '../deps.js'
import type { ImportReport } from './bank.js'
import { importQuestionFile } from './import-file.js'
import sample from './sample-bank.json' with { type: 'json' }

export const sampleBank: unknown[] = sample

export async function seedSampleBank(deps: Pick<Deps, 'db' | 'clock'>): Promise<ImportReport> {
  const bytes = Buffer.from(JSON.stringify(sampleBank))
  return importQuestionFile(deps.db, { filename: 'sample-bank.json', bytes }, { now: deps.clock.now(), source: 'sample-bank' })
}
