import { randomBytes } from 'node:crypto'

/** Random ids (stream ids, task ids, nonces). Injectable so tests can be deterministic. */
export interface Ids {
  next(prefix?: string): string
}
export const randomIds: Ids = {
  next: (prefix = '') => prefix + randomBytes(8).toString('hex'),
}
