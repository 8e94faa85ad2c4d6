// proposals (account_id, status, created_at, id, total_cents): the dashboard's figures of a large
// account read from one index, without the table, and the Documentos list filtered by status read
// in its order. Without it, with 100,000 documents (SQLite, in-process) the counts by status
// walked the account's entries of the customer-page index and sorted them (~49 ms) and the twelve
// months read ~50,000 rows through (account_id, created_at) (~60 ms), on the read thread every
// request shares; the status filter read the (status, valid_until) index of every account and
// sorted. The price is one more index entry written by a creation and moved by a status change
// (docs/DECISIONS.md). As migration 008, a database analysed before has its table analysed again.
import { type Kysely, sql } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { analyseIfAnalysedBefore } from './index-statistics.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await sql`create index if not exists proposals_account_status_idx on proposals (account_id, status, created_at, id, total_cents)`.execute(db)
  await analyseIfAnalysedBefore(db, dialect, 'proposals')
}
