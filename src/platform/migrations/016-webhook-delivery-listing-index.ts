// webhook_deliveries (account_id, endpoint_id, created_at, id, state) in place of
// (account_id, created_at): an endpoint's deliveries, newest first and by state, are one range of
// the index, and their count reads the index alone. Deliveries are kept (one per event and
// endpoint, every document action makes events), and each carries the request body it sent; with
// 1,000,000 deliveries of one account (SQLite, in-process) a page of its busy endpoint and the
// count took ~0.3 s, ~0.9 s filtered by `pending`, reading every delivery of the account.
// Re-runnable, as migration 015: an interrupted run completes on the next start.
import { type Kysely, sql } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { analyseIfAnalysedBefore } from './index-statistics.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await sql`create index if not exists webhook_deliveries_endpoint_listing_idx on webhook_deliveries (account_id, endpoint_id, created_at, id, state)`.execute(db)
  await sql`drop index if exists webhook_deliveries_account_created_idx`.execute(db)
  await analyseIfAnalysedBefore(db, dialect, 'webhook_deliveries')
}
