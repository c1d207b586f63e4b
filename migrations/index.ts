// The static list of migrations, in order. Add new files here (never scan the folder).
import type { Migration } from 'kysely'
import * as m0001 from './2026_11_23_0001_create_core.js'

export const migrations: Record<string, Migration> = {
  '2026_11_23_0001_create_core': m0001,
}
