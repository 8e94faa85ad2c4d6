// PostgreSQL: accounts.catalog_version (migration 006) bumped once per statement that changes a
// catalogue table, for each account whose rows it changed, instead of once per row. Every bump
// writes a new version of the account's row, and within one transaction each update has to walk
// the versions written before it: a statement writing 20,000 products took ~31 s (5,000: 2.3 s,
// 10,000: 7.3 s), and `vendoc bench-data --products 100000` ~11 minutes. The statement's rows are
// read from its transition tables (one trigger per event, as PostgreSQL allows transition tables
// only on single-event triggers). The registration data's cache sees the same thing as before: a
// version that moved within the writing transaction.
//
// SQLite keeps its row triggers: it updates the account's row in place, and has no statement
// triggers.
import { type Kysely, sql } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { CATALOG_TABLES } from './006-derived-counters.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect !== 'postgres') return
  await sql`create or replace function bump_catalog_versions() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        update accounts set catalog_version = catalog_version + 1 where id in (select account_id from new_rows);
      elsif tg_op = 'DELETE' then
        update accounts set catalog_version = catalog_version + 1 where id in (select account_id from old_rows);
      else
        update accounts set catalog_version = catalog_version + 1
          where id in (select account_id from old_rows union select account_id from new_rows);
      end if;
      return null;
    end $$`.execute(db)
  for (const table of CATALOG_TABLES) {
    await sql`drop trigger if exists ${sql.raw(`${table}_bump_catalog_version`)} on ${sql.table(table)}`.execute(db)
    const name = (event: string) => sql.raw(`${table}_${event}_bumps_catalog_versions`)
    await sql`create trigger ${name('insert')} after insert on ${sql.table(table)}
      referencing new table as new_rows for each statement execute function bump_catalog_versions()`.execute(db)
    await sql`create trigger ${name('update')} after update on ${sql.table(table)}
      referencing old table as old_rows new table as new_rows for each statement execute function bump_catalog_versions()`.execute(db)
    await sql`create trigger ${name('delete')} after delete on ${sql.table(table)}
      referencing old table as old_rows for each statement execute function bump_catalog_versions()`.execute(db)
  }
  await sql`drop function if exists bump_catalog_version()`.execute(db)
}
