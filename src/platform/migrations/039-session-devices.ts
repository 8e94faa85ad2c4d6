// What Minha conta → Sessões shows of each signed-in browser, so a user can tell theirs from one
// that is not and end it: the User-Agent header and the address the sign-in came from, both as
// the browser sent them at login (accounts/own-sessions.ts). Sessions older than this migration
// have neither and are shown as an unknown device.
import type { Kysely } from 'kysely'
import type { Dialect } from '../db/connect.js'

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('web_sessions').addColumn('user_agent', 'text').execute()
  await db.schema.alterTable('web_sessions').addColumn('ip_address', 'text').execute()
}
