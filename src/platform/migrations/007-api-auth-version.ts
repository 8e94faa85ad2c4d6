// api_auth_version.version counts changes that can alter what an API token authenticates as: a
// token's secret, revocation, account, name or prefix; an account's plan or time zone; a plan's API
// access; and any of them deleted (or, on PostgreSQL, truncated). Every server process caches successful token lookups and drops the cache
// when this version moves (modules/integrations/api-token-cache.ts), so a change made by any path
// (the web app, the CLI in another process, plain SQL) reaches every running server within its
// polling interval. Triggers keep it, like catalog_version (006): no code path can forget to.
// Writes of api_tokens.last_used_at, accounts.catalog_version and the like do not count: they
// happen all the time and change nothing about authentication.
import { type Kysely, sql } from 'kysely'
import type { Dialect } from '../db/connect.js'

/** Table → the columns whose update counts (a delete always counts). */
export const AUTH_SOURCES = {
  // The name and prefix too: the cached token carries them into the history of what it creates.
  api_tokens: ['token_hash', 'revoked_at', 'account_id', 'name', 'prefix'],
  accounts: ['plan_id', 'time_zone'],
  plans: ['api_access'],
} as const

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('api_auth_version')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('version', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull())
    .execute()
  await sql`insert into api_auth_version (id, version) values (1, 0)`.execute(db)
  const bump = sql`update api_auth_version set version = version + 1 where id = 1`
  if (dialect === 'postgres') {
    await sql`create function bump_api_auth_version() returns trigger language plpgsql as $$
      begin ${bump}; return null; end $$`.execute(db)
    for (const [table, columns] of Object.entries(AUTH_SOURCES)) {
      // Per statement, not per row: one bump however many rows a statement touches.
      await sql`create trigger ${sql.raw(`${table}_bump_api_auth_version`)}
        after update of ${sql.join(columns.map((column) => sql.ref(column)))} or delete or truncate on ${sql.table(table)}
        for each statement execute function bump_api_auth_version()`.execute(db)
    }
    return
  }
  for (const [table, columns] of Object.entries(AUTH_SOURCES)) {
    await sql`create trigger ${sql.raw(`${table}_update_bumps_api_auth_version`)}
      after update of ${sql.join(columns.map((column) => sql.ref(column)))} on ${sql.table(table)} begin ${bump}; end`.execute(db)
    await sql`create trigger ${sql.raw(`${table}_delete_bumps_api_auth_version`)}
      after delete on ${sql.table(table)} begin ${bump}; end`.execute(db)
  }
}
