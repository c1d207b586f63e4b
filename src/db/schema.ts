// The whole database as kysely sees it: one interface per area, merged here.
import type { CoreTables } from './tables/core.js'

export interface Database extends CoreTables {}
