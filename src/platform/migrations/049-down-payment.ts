// proposals.down_payment_cents: the share of the total paid on signing ("entrada"), before the
// installments, which split the rest (proposals/payment-schedule.ts). 0: none, as every document
// had before this migration.
import type { Kysely } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { columnTypes } from './column-types.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect)
  await db.schema.alterTable('proposals').addColumn('down_payment_cents', t.money, (c) => c.notNull().defaultTo(0)).execute()
}
