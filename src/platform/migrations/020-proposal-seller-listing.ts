// The seller in the Documentos list's two indexes, each replacing the index it extends:
//   proposals (account_id, created_at, id, seller_id, customer_id) for (account_id, created_at);
//   proposals (account_id, status, created_at, id, total_cents, seller_id) for migration 014's.
// A list filtered by seller (alone or with a status) then decides the filter in the index it walks
// and counts without the table. Before it, with 200,000 documents of one account (SQLite,
// in-process), the count looked up every document's row for its seller: a page and its count
// ~72 ms, ~77 ms with a status, growing with the account. Each creation still writes one entry per
// index, a few bytes wider; the dashboard reads the status index as before.
// The table is analysed again when it was analysed before, not the new indexes alone: statistics
// gathered under an `analysis_limit` (the bench-data generator's) next to exact ones for the new
// indexes made the planner sort the whole account rather than read the new index in order.
// Re-runnable: a run interrupted between a create and its drop completes on the next start.
import { type Kysely, sql } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { analyseIfAnalysedBefore } from './index-statistics.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await sql`create index if not exists proposals_account_listing_idx on proposals (account_id, created_at, id, seller_id, customer_id)`.execute(db)
  await sql`drop index if exists proposals_account_created_idx`.execute(db)
  await sql`create index if not exists proposals_account_status_listing_idx on proposals (account_id, status, created_at, id, total_cents, seller_id)`.execute(db)
  await sql`drop index if exists proposals_account_status_idx`.execute(db)
  await analyseIfAnalysedBefore(db, dialect, 'proposals')
}
