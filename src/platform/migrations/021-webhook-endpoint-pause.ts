// A webhook endpoint's run of failed attempts, and the pause it earns (modules/webhooks/
// endpoint-pause.ts): after 5 failed attempts in a row, deliveries due to the endpoint are not
// sent for a minute, then two, four… up to ten, so a receiver that times out (10 s a try) no
// longer holds a job slot for every queued event. The next successful attempt clears both.
import type { Kysely } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { columnTypes } from './column-types.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema.alterTable('webhook_endpoints').addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0)).execute()
  await db.schema.alterTable('webhook_endpoints').addColumn('paused_until', columnTypes(dialect).instant).execute()
}
