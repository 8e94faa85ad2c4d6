// API governance (DESIGN.md §5): retired token secrets (so a 401 with an old secret is attributed
// to its account), the request log, the monthly creation counters and idempotency keys.
import type { Kysely } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { columnTypes, withId } from './column-types.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect)

  // A regenerated or revoked secret keeps its hash here: it no longer authenticates, but the
  // request log can still say which account and token it belonged to.
  await withId(db.schema.createTable('api_token_retired_hashes'), dialect)
    .addColumn('account_id', t.ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('api_token_id', t.ref, (c) => c.notNull().references('api_tokens.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('retired_at', t.instant, (c) => c.notNull())
    .execute()

  await withId(db.schema.createTable('request_logs'), dialect)
    .addColumn('account_id', t.ref, (c) => c.references('accounts.id').onDelete('cascade'))
    .addColumn('api_token_id', t.ref, (c) => c.references('api_tokens.id').onDelete('set null'))
    .addColumn('token_prefix', 'text')
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('query', 'text')
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('duration_ms', dialect === 'postgres' ? 'double precision' : 'real', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('idempotency_key', 'text')
    .addColumn('error_code', 'text')
    .addColumn('request_headers', 'text')
    .addColumn('request_body', 'text')
    .addColumn('response_body', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('request_logs_account_created_idx').on('request_logs').columns(['account_id', 'created_at']).execute()
  await db.schema.createIndex('request_logs_created_idx').on('request_logs').column('created_at').execute()

  // Successful API creations per account and calendar month (in the account's time zone),
  // incremented in the creating transaction.
  await db.schema
    .createTable('api_usage_counters')
    .addColumn('account_id', t.ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('creations', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('api_usage_counters_pkey', ['account_id', 'period'])
    .execute()

  await withId(db.schema.createTable('idempotency_keys'), dialect)
    .addColumn('account_id', t.ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('body_hash', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('resource_id', t.ref)
    .addColumn('response_status', 'integer')
    .addColumn('response_headers', 'text')
    .addColumn('response_body', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('locked_until', t.instant, (c) => c.notNull())
    .addUniqueConstraint('idempotency_keys_account_key', ['account_id', 'idempotency_key'])
    .execute()
  await db.schema.createIndex('idempotency_keys_created_idx').on('idempotency_keys').column('created_at').execute()
}
