// SQLite only: a customer's page of documents (GET /customers/{id}/proposals, the call a CRM makes
// for every customer in a nightly sync) read from one covering index. The old index held only
// (account_id, customer_id, created_at, id), so every row of a page cost one more lookup in the
// proposals table, a random page of the file for a customer whose few documents were written
// months apart. This index carries the listed columns after its keys, so the page is one range
// of one index (docs/PERFORMANCE.md has the figures, docs/DECISIONS.md the price).
//
// PostgreSQL keeps the key-only index: there a page is read from shared buffers, an index-only
// scan still visits the table for rows not yet marked all-visible (new and changed documents, the
// ones a sync reads), and a B-tree entry is limited to ~2.7 kB, which a title and an external
// reference in multi-byte UTF-8 could come near.
//
// The wider index makes a scan of a whole account through it look cheap to SQLite's planner, so
// the queries that read an account's newest documents with their customer name pin proposals as
// the outer table (CROSS JOIN); test/db/proposal-query-plans.test.ts checks those plans and the
// page's.
import type { Kysely } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { analyseIfAnalysedBefore } from './index-statistics.js'

/** What a page shows besides its keys (customerPageQuery in proposal-repository.ts). */
const CUSTOMER_PAGE_COLUMNS = ['number', 'external_uuid', 'external_reference', 'title', 'status', 'total_cents', 'updated_at'] as const

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect !== 'sqlite') return
  // "if not exists"/"if exists": SQLite runs a migration's statements one by one, outside a
  // transaction for DDL like this, so an interrupted run can be repeated.
  await db.schema
    .createIndex('proposals_customer_page_idx')
    .ifNotExists()
    .on('proposals')
    .columns(['account_id', 'customer_id', 'created_at', 'id', ...CUSTOMER_PAGE_COLUMNS])
    .execute()
  await db.schema.dropIndex('proposals_customer_created_idx').ifExists().execute()
  await analyseIfAnalysedBefore(db, dialect, 'proposals')
}
