// Two-step verification (Minha conta → Verificação em duas etapas; accounts/two-factor.ts):
// - user_authenticators, one row per user who set it up: `secret`, the authenticator app's shared
//   secret once confirmed (verification is on while it is set); `pending_secret`, the one being
//   set up until the user types its first code; `last_step`, the time step of the last code
//   accepted, so a code works once. Not columns of users: users is a catalogue table (the
//   sellers), and each of its writes moves the account's catalog_version, emptying the
//   registration data's cache at every sign-in.
// - recovery_codes: ten single-use codes shown once, stored as SHA-256 (the row's id, from the
//   user id and the code, so using one is a single delete).
// - login_challenges: a password accepted, a code still due. The cookie holds a random token; the
//   row's id is its SHA-256, as for sessions. Five wrong codes end it.
import type { Kysely } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { columnTypes } from './column-types.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect)
  await db.schema
    .createTable('user_authenticators')
    .addColumn('user_id', t.ref, (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('account_id', t.ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('secret', 'text')
    .addColumn('pending_secret', 'text')
    .addColumn('enabled_at', t.instant)
    .addColumn('last_step', t.ref)
    .execute()
  await db.schema
    .createTable('recovery_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', t.ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('user_id', t.ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('recovery_codes_user_idx').on('recovery_codes').column('user_id').execute()
  await db.schema
    .createTable('login_challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', t.ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('user_id', t.ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('next_path', 'text')
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('expires_at', t.instant, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('login_challenges_user_idx').on('login_challenges').column('user_id').execute()
  await db.schema.createIndex('login_challenges_expires_idx').on('login_challenges').column('expires_at').execute()
}
