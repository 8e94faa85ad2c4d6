// What an API token may do (integrations/api-tokens.ts): api_tokens.access, 'full' (read and
// write, what every token could do before this migration) or 'read' (GET alone: a BI tool, a data
// warehouse's nightly copy, a dashboard), refused with 403 `token_read_only` on anything else.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_tokens').addColumn('access', 'text', (c) => c.notNull().defaultTo('full')).execute()
}
