// What an API token may do (integrations/api-tokens.ts): api_tokens.access, 'full' (read and
// write, what every token could do before this migration) or 'read' (GET alone: a BI tool, a data
// warehouse's nightly copy, a dashboard), refused with 403 `token_read_only` on anything else.
// Any other value is refused by the database itself. Running servers cache a token with its
// access, so a change of the column bumps api_auth_version as a change of its secret does
// (migration 007's trigger on api_tokens, made again with `access` among its columns).
import { type Kysely, sql } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { AUTH_SOURCES } from './007-api-auth-version.js'

const BUMPING_COLUMNS = [...AUTH_SOURCES.api_tokens, 'access']

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('api_tokens')
    .addColumn('access', 'text', (c) => c.notNull().defaultTo('full').check(sql`access in ('full', 'read')`))
    .execute()
  const columns = sql.join(BUMPING_COLUMNS.map((column) => sql.ref(column)))
  if (dialect === 'postgres') {
    await sql`drop trigger api_tokens_bump_api_auth_version on api_tokens`.execute(db)
    await sql`create trigger api_tokens_bump_api_auth_version
      after update of ${columns} or delete or truncate on api_tokens
      for each statement execute function bump_api_auth_version()`.execute(db)
    return
  }
  await sql`drop trigger api_tokens_update_bumps_api_auth_version`.execute(db)
  await sql`create trigger api_tokens_update_bumps_api_auth_version
    after update of ${columns} on api_tokens begin update api_auth_version set version = version + 1 where id = 1; end`.execute(db)
}
