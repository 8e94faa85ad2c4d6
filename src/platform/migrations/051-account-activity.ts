// The account's activity (accounts/account-activity.ts): one row per governance change an admin,
// an integration or support made to the account (its settings and logo, its two-step
// verification policy, its users, its API tokens, its webhook endpoints), written in the change's
// own transaction, with who made it and from which address. `subject` is what was changed, for
// the page's filter; a document's own history stays in proposal_events. Entries are deleted
// ACCOUNT_ACTIVITY_RETENTION_DAYS (default 730) after the change.
import type { Kysely } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { columnTypes, withId } from './column-types.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect)
  await withId(db.schema.createTable('account_activity'), dialect)
    .addColumn('account_id', t.ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', t.ref)
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('target_id', t.ref)
    .addColumn('target_label', 'text', (c) => c.notNull())
    .addColumn('data_json', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('account_activity_account_idx').on('account_activity').columns(['account_id', 'id']).execute()
  await db.schema.createIndex('account_activity_subject_idx').on('account_activity').columns(['account_id', 'subject', 'id']).execute()
  // The pruning past ACCOUNT_ACTIVITY_RETENTION_DAYS walks the oldest entries of every account.
  await db.schema.createIndex('account_activity_created_idx').on('account_activity').column('created_at').execute()
}
