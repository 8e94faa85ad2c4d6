// How often each signer opened their document (lifecycle/signer-opens.ts): proposal_signers.open_count
// counts the visits to the signing page (opens within 30 minutes of the last counted one are the
// same visit) and last_opened_at is when the last visit began. A partial index over the signers
// who opened anything serves the Painel's "Abertos recentemente" (reports/recent-opens.ts): a
// creation's signers have opened nothing, so it writes no entry there.
//
// Signers who opened their document before this migration are counted once, from their first open
// (viewed_at): that open is all the history recorded.
import { type Kysely, sql } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { columnTypes } from './column-types.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema.alterTable('proposal_signers').addColumn('open_count', 'integer', (c) => c.notNull().defaultTo(0)).execute()
  await db.schema.alterTable('proposal_signers').addColumn('last_opened_at', columnTypes(dialect).instant).execute()
  await sql`update proposal_signers set open_count = 1, last_opened_at = viewed_at where viewed_at is not null`.execute(db)
  await sql`create index if not exists proposal_signers_opened_idx on proposal_signers (account_id, last_opened_at, id) where last_opened_at is not null`.execute(db)
}
