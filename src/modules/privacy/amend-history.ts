// proposal_events is append-only: triggers refuse UPDATE and DELETE (migration 005), because the
// history is evidence. The one amendment allowed is the erasure of a data subject, which redacts
// personal data in place (LGPD art. 18, VI) and appends its own event saying so. The triggers are
// lifted only inside the erasing transaction and restored before it commits: on PostgreSQL
// ALTER TABLE … DISABLE TRIGGER holds an exclusive lock on the table until commit, so no other
// session ever writes while they are off; on SQLite the transaction already excludes every other
// writer, and the trigger is re-created from its own stored definition.
import { sql, SqliteAdapter } from 'kysely'
import type { Db } from '../../platform/db/connect.js'

const TRIGGERS = { postgres: ['proposal_events_no_update'], sqlite: ['proposal_events_no_update'] } as const

/** Runs `work` (inside the caller's transaction) with UPDATE allowed on proposal_events; DELETE stays refused on SQLite. */
export async function withHistoryAmendable<T>(trx: Db, work: () => Promise<T>): Promise<T> {
  if (trx.getExecutor().adapter instanceof SqliteAdapter) {
    const stored = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'trigger' and name in (${sql.join(TRIGGERS.sqlite)})`.execute(trx)
    for (const trigger of stored.rows) await sql`drop trigger ${sql.id(trigger.name)}`.execute(trx)
    const result = await work()
    for (const trigger of stored.rows) await sql.raw(trigger.sql).execute(trx)
    return result
  }
  for (const name of TRIGGERS.postgres) await sql`alter table proposal_events disable trigger ${sql.id(name)}`.execute(trx)
  const result = await work()
  for (const name of TRIGGERS.postgres) await sql`alter table proposal_events enable trigger ${sql.id(name)}`.execute(trx)
  return result
}
