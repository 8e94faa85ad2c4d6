// A link to set a password is either a reset ("Esqueci minha senha", an hour) or an invitation
// (a new user chooses their first password, seven days): the page the link opens greets each in
// its own words, and sending a new invitation replaces only the user's earlier invitations.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('password_resets').addColumn('purpose', 'text', (c) => c.notNull().defaultTo('reset')).execute()
}
