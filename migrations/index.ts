// The static list of migrations, in order. Add new files here (never scan the folder).
import type { Migration } from 'kysely'
import * as m0001 from './2026_11_23_0001_create_core.js'
import * as m0002 from './2026_11_23_0002_create_assignments.js'

export const migrations: Record<string, Migration> = {
  '2026_11_23_0001_create_core': m0001,
  '2026_11_23_0002_create_assignments': m0002,
}
