// accounts.signed_copy_to_json: addresses of the account's own (an archive or finance mailbox) that
// receive the signed copy of every digital document it completes, besides each document's own
// copy_to (Configurações → Conta); a JSON array of lower-cased addresses, none by default.
import type { Kysely } from 'kysely'
import type { Dialect } from '../db/connect.js'

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('signed_copy_to_json', 'text', (c) => c.notNull().defaultTo('[]')).execute()
}
