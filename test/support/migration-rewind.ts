// Moving a test database between schema versions: forward to a named migration (Kysely's
// Migrator), and back by undoing the latest migrations by hand (it only goes forward here), for
// tests that take a database back to an earlier schema and migrate it again.
import { Migrator, sql } from 'kysely'
import { expect } from 'vitest'
import type { Db, Dialect } from '../../src/platform/db/connect.js'
import { CodeMigrationProvider } from '../../src/platform/migrations/index.js'
import { indexesOf } from './query-plan.js'

/**
 * Every migration from `first` on, in the order they run: what migrating to the latest applies to
 * a database left at the one before `first`. Read from the registry, so a new migration does not
 * mean editing every test that rewinds past it.
 */
export async function migrationsFrom(first: string): Promise<string[]> {
  const names = Object.keys(await new CodeMigrationProvider('sqlite').getMigrations()).sort()
  const start = names.indexOf(first)
  if (start === -1) throw new Error(`no migration named ${first}`)
  return names.slice(start)
}

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

type IndexReplacement = { old: { name: string; columns: string }; added: string }

/**
 * A migration that replaces an index (made before the old one is dropped, both re-runnable), run
 * on a database at the step before it: the old index goes, the new one comes; and run again after
 * an interruption between the two (the old index back, the migration not recorded), it completes.
 */
export async function expectIndexReplaced(db: Db, dialect: Dialect, change: { migration: string; table: string } & IndexReplacement): Promise<void> {
  await expectIndexesReplaced(db, dialect, { migration: change.migration, table: change.table, replaced: [change] })
}

/** The same for a migration replacing several indexes of one table, interrupted with every new one made. */
export async function expectIndexesReplaced(db: Db, dialect: Dialect, change: { migration: string; table: string; replaced: IndexReplacement[] }): Promise<void> {
  const indexes = () => indexesOf(db, dialect, change.table)
  for (const { old } of change.replaced) expect(await indexes()).toContain(old.name)
  expect(await migrateUpTo(db, dialect, change.migration)).toEqual([change.migration])
  const after = await indexes()
  for (const { old, added } of change.replaced) {
    expect(after).toContain(added)
    expect(after).not.toContain(old.name)
  }
  for (const { old } of change.replaced) await sql`create index ${sql.id(old.name)} on ${sql.table(change.table)} (${sql.raw(old.columns)})`.execute(db)
  await sql`delete from kysely_migration where name = ${change.migration}`.execute(db)
  expect(await migrateUpTo(db, dialect, change.migration)).toEqual([change.migration])
  expect(await indexes()).toEqual(after)
}
