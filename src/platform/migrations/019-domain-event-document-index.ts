// domain_events (account_id, proposal_id) in place of (account_id, created_at): the one reader of
// an account's domain events by anything but their id is the erasure, which takes the events of
// the subject's documents inside its transaction (on SQLite, the instance's write lock); through
// (account_id, created_at) it read every event of the account, each with its payload. The old
// index served no query, so every event still writes one index entry, a narrower one.
// Re-runnable, as migration 015: an interrupted run completes on the next start.
import { type Kysely, sql } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { analyseIfAnalysedBefore } from './index-statistics.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await sql`create index if not exists domain_events_account_proposal_idx on domain_events (account_id, proposal_id)`.execute(db)
  await sql`drop index if exists domain_events_account_created_idx`.execute(db)
  await analyseIfAnalysedBefore(db, dialect, 'domain_events')
}
