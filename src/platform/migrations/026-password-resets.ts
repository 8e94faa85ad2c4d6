// Password resets ("Esqueci minha senha"): a link e-mailed to the user, valid for an hour and once.
// Like a session, the row's id is the SHA-256 of the link's secret, so a copy of the table opens
// nothing.
import type { Kysely } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { columnTypes } from './column-types.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect)
  await db.schema
    .createTable('password_resets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', t.ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('user_id', t.ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('expires_at', t.instant, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('password_resets_user_idx').on('password_resets').column('user_id').execute()
  await db.schema.createIndex('password_resets_expires_idx').on('password_resets').column('expires_at').execute()
}
