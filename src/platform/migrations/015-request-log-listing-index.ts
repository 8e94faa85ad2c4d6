// request_logs (account_id, created_at, id, status, method, api_token_id, path) in place of
// (account_id, created_at): every filter of the request log's list (status class, method, token,
// path prefix, dates) is decided in the index, so a filtered page and its count read the index
// alone and never the entries themselves, which carry the headers and bodies (a few hundred bytes
// to 128 KiB each). Before it, with 1,000,000 entries of one account (SQLite, in-process), a
// filtered page and count read the whole log, ~0.4–0.6 s, growing with the log (180 days kept by
// default). The new index replaces the old one, whose columns are its prefix, so every logged call
// still writes one index entry for it, a wider one (docs/DECISIONS.md, "Request log").
// Re-runnable: a run interrupted after the create and before the drop completes on the next start.
import { type Kysely, sql } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { analyseIfAnalysedBefore } from './index-statistics.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await sql`create index if not exists request_logs_account_listing_idx on request_logs (account_id, created_at, id, status, method, api_token_id, path)`.execute(db)
  await sql`drop index if exists request_logs_account_created_idx`.execute(db)
  await analyseIfAnalysedBefore(db, dialect, 'request_logs')
}
