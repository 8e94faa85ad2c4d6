// outbox_emails (account_id, created_at, id, state) in place of (account_id, created_at): the
// account's outbox (Configurações → E-mails) filtered by state is one walk of the index that
// decides the state there, and the page's count reads the index alone, never the messages with
// their bodies. Before it, filtering by state and counting read every e-mail the account was ever
// sent (a document's signers, reminders, the signed copy: a few a document). Re-runnable, as
// migration 015: an interrupted run completes on the next start.
import { type Kysely, sql } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { analyseIfAnalysedBefore } from './index-statistics.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await sql`create index if not exists outbox_emails_account_listing_idx on outbox_emails (account_id, created_at, id, state)`.execute(db)
  await sql`drop index if exists outbox_emails_account_created_idx`.execute(db)
  await analyseIfAnalysedBefore(db, dialect, 'outbox_emails')
}
