// Shared by jobs/session-{announce,open,close}.ts: the per-minute period key.
import { local } from '../time.js'

/** '2026-11-24T19:30' (local) — one run per minute. */
export const minuteKey = (at: Date, tz: string): string => local(at, tz).toFormat("yyyy-MM-dd'T'HH:mm")
