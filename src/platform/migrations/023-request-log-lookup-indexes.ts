// Two lookups of the request log that the listing index (migration 015) cannot bound:
// - request_logs (account_id, request_id): the call behind an `X-Request-Id` (every error body
//   carries it) is one index entry away, instead of a read of every entry of the account with its
//   headers and bodies. Every logged call pays one more index entry (~40 bytes).
// - request_logs (account_id, error_code, created_at, id) where error_code is not null: the calls
//   answered with one error code, newest first, are one range of it. Only failed calls have a code,
//   so only they pay for it; successful calls, most of the log, write nothing more.
// The exact `status` filter needs nothing: status is in the listing index already.
// Re-runnable: `if not exists` lets an interrupted run complete on the next start.
import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { analyseIfAnalysedBefore } from './index-statistics.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema.createIndex('request_logs_account_request_id_idx').ifNotExists().on('request_logs').columns(['account_id', 'request_id', 'created_at', 'id']).execute()
  await db.schema
    .createIndex('request_logs_account_error_code_idx')
    .ifNotExists()
    .on('request_logs')
    .columns(['account_id', 'error_code', 'created_at', 'id'])
    .where(sql.ref('error_code'), 'is not', null)
    .execute()
  await analyseIfAnalysedBefore(db, dialect, 'request_logs')
}
