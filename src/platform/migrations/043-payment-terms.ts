// When each installment falls due (proposals/payment-schedule.ts):
// - payment_methods.first_due_days: days from the signature to the first installment (0: on
//   signing, as every schedule read before this migration);
// - payment_methods.installment_interval_days: days between one installment and the next (30, the
//   monthly spacing every rendered document printed before this migration).
// - proposals.first_due_days / installment_interval_days: the method's terms copied onto the
//   document whenever its content is written, so a method changed later never rewrites what a
//   sent or signed document promised. Existing documents get 0 and 30: exactly what their frozen
//   originals printed.
import type { Kysely } from 'kysely'
import type { Dialect } from '../db/connect.js'

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  for (const table of ['payment_methods', 'proposals']) {
    await db.schema.alterTable(table).addColumn('first_due_days', 'integer', (c) => c.notNull().defaultTo(0)).execute()
    await db.schema.alterTable(table).addColumn('installment_interval_days', 'integer', (c) => c.notNull().defaultTo(30)).execute()
  }
}
