// Web app sessions (DESIGN.md §4). The id is the SHA-256 of the token held in the cookie, so a
// copy of this table cannot be replayed as a login. expires_at is the earlier of the idle and the
// absolute limit, kept up to date when the session is used, so pruning is one range delete.
import type { Kysely } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { columnTypes } from './column-types.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect)
  await db.schema
    .createTable('web_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', t.ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('user_id', t.ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('last_seen_at', t.instant, (c) => c.notNull())
    .addColumn('expires_at', t.instant, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('web_sessions_user_idx').on('web_sessions').column('user_id').execute()
  await db.schema.createIndex('web_sessions_expires_idx').on('web_sessions').column('expires_at').execute()
}
