// domain_events.customer_id: the customer a `customer.*` webhook event is about (customers/
// customer-events.ts). The event's body names only the customer's id, but a receiver's answer to
// it, kept in the delivery log, may echo the customer's data: an erasure (privacy/
// erase-personal-data.ts) finds those deliveries through this column. Partial index: only the
// customers' events pay for an entry, not the documents' many.
import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { columnTypes } from './column-types.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect)
  await db.schema.alterTable('domain_events').addColumn('customer_id', t.ref).execute()
  await db.schema
    .createIndex('domain_events_account_customer_idx')
    .ifNotExists()
    .on('domain_events')
    .columns(['account_id', 'customer_id'])
    .where(sql.ref('customer_id'), 'is not', null)
    .execute()
}
