// proposals.custom_payment_terms: whether the document's first_due_days / installment_interval_days
// were negotiated for it (the API's `payment_terms`, the form's two term fields) rather
// than copied from its payment method. Custom terms survive every later content write, a change of
// method included, until set back to the method's; the method's are copied again at each write, as
// since migration 043. Existing documents carry their method's: false.
import type { Kysely } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { columnTypes } from './column-types.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect)
  await db.schema.alterTable('proposals').addColumn('custom_payment_terms', t.bool, (c) => c.notNull().defaultTo(false)).execute()
}
