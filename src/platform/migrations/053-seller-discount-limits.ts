// A seller's own discount limit (lifecycle/discount-approval.ts): users.discount_approval_above_bp,
// the largest discount, in hundredths of a percent of a document's subtotal, that a draft of theirs
// may carry without an admin's approval; null, as every user had before this migration, follows the
// account's limit (accounts.discount_approval_above_bp, migration 050).
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('discount_approval_above_bp', 'integer').execute()
}
