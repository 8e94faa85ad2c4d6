// A customer's page of documents (GET /customers/{id}/proposals, the CRM's nightly sync) read from
// one index on SQLite. The list index of 001 held only the keys, so each of a page's rows was one
// more lookup in the proposals table: a random leaf page of a file that grows with the account,
// ten to fifty page reads per call. This index carries the listed columns after its keys, so a
// page is a range of one or two leaf pages (measured: 62–76 → 27–36 µs for a ten-document
// customer at 100,000 documents, 116–136 → 45–55 µs at 1,000,000; docs/PERFORMANCE.md).
//
// Only on SQLite. PostgreSQL keeps the key-only index: there its page is read from shared buffers,
// an index-only scan still visits the table for rows not yet marked all-visible (new and changed
// documents, the ones a sync reads), and a B-tree entry is limited to ~2.7 kB, which a title and an
// external reference in multi-byte UTF-8 could come near.
import type { Kysely } from 'kysely'
import type { Dialect } from '../db/connect.js'

/** The key of the list (filter and order), then every column a page shows (proposal-repository.ts). */
const PAGE_INDEX_COLUMNS = [
  'account_id',
  'customer_id',
  'created_at',
  'id',
  'number',
  'external_uuid',
  'external_reference',
  'title',
  'status',
  'total_cents',
  'updated_at',
]

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect !== 'sqlite') return
  // SQLite migrations are not transactional: both steps tolerate a rerun after an interruption.
  await db.schema.createIndex('proposals_customer_page_idx').ifNotExists().on('proposals').columns(PAGE_INDEX_COLUMNS).execute()
  // Its leading columns are the old index's: every query that used that one can use this one.
  await db.schema.dropIndex('proposals_customer_created_idx').ifExists().execute()
}
