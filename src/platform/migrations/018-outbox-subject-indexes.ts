// outbox_emails (account_id, lower(to_address)) and (account_id, proposal_id) for the e-mails about
// a document: a data subject's e-mails (those sent to one of its addresses, and those about its
// documents; privacy/subject-outbox.ts) found through two indexes instead of by reading every
// e-mail of the account with its bodies. The erasure reads them inside its transaction, which on
// SQLite holds the instance's write lock: with 300,000 e-mails that transaction took ~2.4 s while
// every other writer waited. The document index leaves out the e-mails about no document, so it
// never serves as a narrower way through a whole account (the E-mails page's state filter stays on
// the listing index, migration 017). Each e-mail pays up to two index entries more; e-mails are
// written far less often than anything the API does.
import { type Kysely, sql } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { analyseIfAnalysedBefore } from './index-statistics.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await sql`create index if not exists outbox_emails_account_address_idx on outbox_emails (account_id, lower(to_address))`.execute(db)
  await sql`create index if not exists outbox_emails_account_proposal_idx on outbox_emails (account_id, proposal_id) where proposal_id is not null`.execute(db)
  await analyseIfAnalysedBefore(db, dialect, 'outbox_emails')
}
