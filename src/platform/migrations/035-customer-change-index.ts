// customers (account_id, updated_at, id): GET /api/v1/customer-changes lists an account's
// customers in the order they last changed, from `updated_since` or from where the previous page
// ended (a keyset on updated_at and id), as migration 031 does for the documents. Re-runnable:
// `if not exists` lets an interrupted run complete.
import type { Kysely } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { analyseIfAnalysedBefore } from './index-statistics.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema.createIndex('customers_account_updated_at_idx').ifNotExists().on('customers').columns(['account_id', 'updated_at', 'id']).execute()
  await analyseIfAnalysedBefore(db, dialect, 'customers')
}
