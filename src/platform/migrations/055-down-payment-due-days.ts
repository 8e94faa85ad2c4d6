// When a document's down payment falls due (proposals/payment-schedule.ts):
// proposals.down_payment_due_days, days after the signature ("entrada em 7 dias"); 0, as every
// document had before this migration, is on signing. 0 too without a down payment.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('proposals').addColumn('down_payment_due_days', 'integer', (c) => c.notNull().defaultTo(0)).execute()
}
