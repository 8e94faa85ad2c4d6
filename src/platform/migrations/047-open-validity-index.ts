// The documents waiting for signatures, by validity, in two partial indexes (`where status in
// ('sent', 'viewed')`) in place of migration 005's (status, valid_until) over every document:
// - proposals_open_validity_idx (account_id, valid_until, id): one account's open documents,
//   soonest first: the Painel's "Vencem nos próximos 7 dias" and Documentos' "Vencem até". Before
//   it they read the (status, valid_until) index of every account (a user-chosen end date made that
//   every tenant's open documents) and sorted;
// - proposals_open_expiry_idx (valid_until): every account's, for the hourly expiry and its warning.
// Partial, so a creation (a draft) writes no entry in either: only sending a document and its
// leaving the open statuses move one. The queries name the statuses as literals, the same list as
// here (lifecycle/open-status-term.ts), so both engines can prove the indexes apply.
import { type Kysely, sql } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { analyseIfAnalysedBefore } from './index-statistics.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await sql`create index if not exists proposals_open_validity_idx on proposals (account_id, valid_until, id) where status in ('sent', 'viewed')`.execute(db)
  await sql`create index if not exists proposals_open_expiry_idx on proposals (valid_until) where status in ('sent', 'viewed')`.execute(db)
  await sql`drop index if exists proposals_open_valid_until_idx`.execute(db)
  await analyseIfAnalysedBefore(db, dialect, 'proposals')
}
