// Each account's last document number moves from its accounts row to a narrow row of its own.
//
// Every creation updates the counter, and on PostgreSQL every update writes a new version of the
// row; the old one can be pruned only once no transaction may still see it. Under creations from
// two processes (each committing its account's creations in groups of up to 16, each in a
// savepoint, so up to 16 versions a group) more versions were alive at once than a page of the
// wide accounts row holds, so updates spilled to new pages with new index entries: after ~9,000
// creations the one-row accounts table had 86 pages, and PostgreSQL's CPU per creation had risen
// from ~1.7 to ~5 ms (docs/PERFORMANCE.md, session 30). A counter row of a few bytes keeps its
// versions on its page, as api_usage_counters' rows did in the same runs (one page throughout),
// and the accounts row, which other statements read, stays as it is.
//
// On PostgreSQL the table is created with fillfactor 10: new rows fill a tenth of a page, so the
// versions of the few accounts that share a page have the rest.
import { type Kysely, sql } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { columnTypes } from './column-types.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect)
  // "if not exists" and "do nothing": SQLite runs a migration's statements one by one, outside a
  // transaction for DDL, so an interrupted run can be repeated.
  await db.schema
    .createTable('proposal_number_counters')
    .ifNotExists()
    .addColumn('account_id', t.ref, (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .execute()
  if (dialect === 'postgres') await sql`alter table proposal_number_counters set (fillfactor = 10)`.execute(db)
  // A repeated run finds the column gone and the numbers copied already.
  if (!(await hasNumberColumn(db, dialect))) return
  await sql`
    insert into proposal_number_counters (account_id, last_number)
    select id, last_proposal_number from accounts where last_proposal_number > 0
    on conflict (account_id) do nothing
  `.execute(db)
  await sql`alter table accounts drop column last_proposal_number`.execute(db)
}

async function hasNumberColumn(db: Kysely<unknown>, dialect: Dialect): Promise<boolean> {
  const found =
    dialect === 'postgres'
      ? await sql`select 1 from information_schema.columns where table_schema = current_schema() and table_name = 'accounts' and column_name = 'last_proposal_number'`.execute(db)
      : await sql`select 1 from pragma_table_info('accounts') where name = 'last_proposal_number'`.execute(db)
  return found.rows.length > 0
}
