// proposals (account_id, signed_at, total_cents) where signed_at is not null: the dashboard's
// "Assinados no mês" counts and sums the documents signed in a month, whenever they were created,
// as one range of this index read without the table. Only signed documents have a signed_at, so
// only they pay for an entry. Re-runnable: `if not exists` lets an interrupted run complete.
import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { analyseIfAnalysedBefore } from './index-statistics.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createIndex('proposals_account_signed_at_idx')
    .ifNotExists()
    .on('proposals')
    .columns(['account_id', 'signed_at', 'total_cents'])
    .where(sql.ref('signed_at'), 'is not', null)
    .execute()
  await analyseIfAnalysedBefore(db, dialect, 'proposals')
}
