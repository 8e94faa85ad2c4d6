// proposals (account_id, updated_at, id): GET /api/v1/proposals lists an account's documents in
// the order they last changed, from `updated_since` or from where the previous page ended (a
// keyset on updated_at and id). One range of this index serves every page, however many
// documents the account has. Re-runnable: `if not exists` lets an interrupted run complete.
import type { Kysely } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { analyseIfAnalysedBefore } from './index-statistics.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema.createIndex('proposals_account_updated_at_idx').ifNotExists().on('proposals').columns(['account_id', 'updated_at', 'id']).execute()
  await analyseIfAnalysedBefore(db, dialect, 'proposals')
}
