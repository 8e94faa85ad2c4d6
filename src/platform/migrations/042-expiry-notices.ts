// The seller hears before and when a document's validity runs out (lifecycle/expiry-notices.ts):
// - users.notify_expiry_warning: whether the user hears, a few days before, that one of their
//   documents still waiting for signatures is about to expire (Minha conta → Avisos por e-mail). On
//   by default, as the activity notices are; the notice that a document expired always goes out.
// - proposals.expiry_warned_at: when that warning was written, so each document gets one. A sent
//   document's validity never changes (it is printed in the signed original), so nothing resets it.
import type { Kysely } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { columnTypes } from './column-types.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect)
  await db.schema.alterTable('users').addColumn('notify_expiry_warning', t.bool, (c) => c.notNull().defaultTo(true)).execute()
  await db.schema.alterTable('proposals').addColumn('expiry_warned_at', t.instant).execute()
}
