// Undoing the latest migrations by hand, for tests that take a database back to an earlier schema
// (Kysely's migrator only goes forward here) and migrate it again.
import { sql } from 'kysely'
import type { Db } from '../../src/platform/db/connect.js'

/** Migration 011 undone: the customers' search keys and their index gone, the name index back. */
export async function undoCustomerSearchKeys(db: Db): Promise<void> {
  await sql`drop index customers_account_name_key_idx`.execute(db)
  for (const column of ['name_key', 'trade_name_key', 'code_key']) await sql`alter table customers drop column ${sql.ref(column)}`.execute(db)
  await sql`create index customers_account_id_name_idx on customers (account_id, name)`.execute(db)
  await sql`delete from kysely_migration where name = '011-customer-search-keys'`.execute(db)
}
