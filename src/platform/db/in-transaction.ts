// Runs a unit of work in a transaction, joining the caller's when it passes one: Kysely refuses to
// start a transaction inside another, and functions take (db, …) so that a transaction passes through.
import type { Db } from './connect.js'

export function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work)
}
