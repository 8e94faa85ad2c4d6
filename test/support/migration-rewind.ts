// Moving a test database between schema versions: forward to a named migration (Kysely's
// Migrator), and back by undoing the latest migrations by hand (it only goes forward here), for
// tests that take a database back to an earlier schema and migrate it again.
import { Migrator, sql } from 'kysely'
import { expect } from 'vitest'
import type { Db, Dialect } from '../../src/platform/db/connect.js'
import { CodeMigrationProvider } from '../../src/platform/migrations/index.js'

/** Runs the migrations up to and including `name`; returns the names it applied. */
export async function migrateUpTo(db: Db, dialect: Dialect, name: string): Promise<string[]> {
  const { error, results } = await new Migrator({ db, provider: new CodeMigrationProvider(dialect) }).migrateTo(name)
  expect(error).toBeUndefined()
  return (results ?? []).map((result) => result.migrationName)
}

/** Migration 011 undone: the customers' search keys and their index gone, the name index back. */
export async function undoCustomerSearchKeys(db: Db): Promise<void> {
  await sql`drop index customers_account_name_key_idx`.execute(db)
  for (const column of ['name_key', 'trade_name_key', 'code_key']) await sql`alter table customers drop column ${sql.ref(column)}`.execute(db)
  await sql`create index customers_account_id_name_idx on customers (account_id, name)`.execute(db)
  await sql`delete from kysely_migration where name = '011-customer-search-keys'`.execute(db)
}

/** Migration 012 undone: the products' search keys and their index gone. */
export async function undoProductSearchKeys(db: Db): Promise<void> {
  await sql`drop index products_account_name_key_idx`.execute(db)
  for (const column of ['name_key', 'code_key']) await sql`alter table products drop column ${sql.ref(column)}`.execute(db)
  await sql`delete from kysely_migration where name = '012-product-search-keys'`.execute(db)
}
