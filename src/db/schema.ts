// The whole database as kysely sees it: one interface per area, merged here.
import type { CoreTables } from './tables/core.js'
import type { PlanTables } from './tables/plans.js'

export interface Database extends CoreTables, PlanTables {}
