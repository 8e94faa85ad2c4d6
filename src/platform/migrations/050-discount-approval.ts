// Discount approval (lifecycle/discount-approval.ts):
// - accounts.discount_approval_above_bp: the largest discount, in hundredths of a percent of a
//   document's subtotal, that a draft may carry without an admin's approval before it is sent;
//   null, as every account had before this migration, asks for none;
// - proposals.discount_approval_requested_at: when a draft's approval was last asked for and not
//   answered yet (cleared by the approval and by sending), so the Painel lists what waits for an
//   admin from a partial index of those drafts alone. The requests and approvals themselves, with
//   their figures, are history entries.
import { type Kysely, sql } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { columnTypes } from './column-types.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect)
  await db.schema.alterTable('accounts').addColumn('discount_approval_above_bp', 'integer').execute()
  await db.schema.alterTable('proposals').addColumn('discount_approval_requested_at', t.instant).execute()
  await sql`create index if not exists proposals_discount_requests_idx on proposals (account_id, discount_approval_requested_at, id) where discount_approval_requested_at is not null`.execute(db)
}
