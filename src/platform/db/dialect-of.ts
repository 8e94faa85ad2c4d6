// Which database a Kysely instance (or one of its transactions) talks to, for the few statements
// written differently for each (json-array.ts, catalog-lookups.ts, insert-new-proposal.ts). The adapter is the one
// piece of a dialect Kysely exposes, and a transaction shares its database's.
import { PostgresAdapter } from 'kysely'
import type { Db } from './connect.js'

export function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}
