// Installments due on banking days (proposals/banking-days.ts):
// - payment_methods.due_on_business_days: a date that falls on a Saturday, Sunday or national
//   banking holiday moves to the next banking day (a boleto's rule), set per method;
// - proposals.due_on_business_days: the method's choice copied onto the document whenever its
//   content is written, with its terms, so a method changed later never moves a signed
//   document's dates.
// Existing methods and documents get false: the dates every signed document showed before.
import type { Kysely } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { columnTypes } from './column-types.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect)
  for (const table of ['payment_methods', 'proposals']) {
    await db.schema.alterTable(table).addColumn('due_on_business_days', t.bool, (c) => c.notNull().defaultTo(false)).execute()
  }
}
