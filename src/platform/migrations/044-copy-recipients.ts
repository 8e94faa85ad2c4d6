// proposals.copy_to_json: the addresses that receive the signed copy of a digital document besides
// its signers and seller (a finance department, a lawyer), as a JSON array of lower-cased e-mail
// addresses. Existing documents have none.
import type { Kysely } from 'kysely'
import type { Dialect } from '../db/connect.js'

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('proposals').addColumn('copy_to_json', 'text', (c) => c.notNull().defaultTo('[]')).execute()
}
