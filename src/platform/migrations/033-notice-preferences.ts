// Each user chooses whether to hear of their documents' activity by e-mail (Minha conta → Avisos
// por e-mail): the first open by a customer and each signature short of the last
// (lifecycle/signing.ts). On by default, as before; refusals and the signed PDF always go out.
import type { Kysely } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { columnTypes } from './column-types.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema.alterTable('users').addColumn('notify_document_activity', columnTypes(dialect).bool, (c) => c.notNull().defaultTo(true)).execute()
}
