// "Nothing written by a rejected request": a fingerprint of the whole database — every table's
// row count and highest id, and the full content of the rows a request to the API could change —
// taken before and after a request and compared.
import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import type { Db, Dialect } from '../../../src/platform/db/connect.js'

/**
 * Written by every request by design, rejected ones included: the request log (the integrator's
 * record of what it sent). Left out of the comparison.
 */
const WRITTEN_BY_EVERY_REQUEST = new Set(['request_logs'])

/**
 * Columns written by every request by design, left out of their table's content: the token's last
 * use. The rest of the token (name, hash, revocation) must not change.
 */
const WRITTEN_BY_EVERY_REQUEST_COLUMNS: Record<string, string[]> = { api_tokens: ['last_used_at'] }

/** Tables the API writes on success; their whole content is compared, not just counted. */
const CONTENT_TABLES = ['proposals', 'proposal_items', 'proposal_signers', 'proposal_events', 'customers', 'webhook_endpoints', 'webhook_deliveries', 'api_usage_counters', 'proposal_number_counters', 'idempotency_keys', 'outbox_emails', 'jobs', 'domain_events', 'accounts', 'api_tokens']

export interface WriteSnapshot {
  /** table → "rows:maxId" */
  counts: Record<string, string>
  /** table → hash of every row */
  content: Record<string, string>
}

async function tableNames(db: Db, dialect: Dialect): Promise<string[]> {
  const tables = await db.introspection.getTables()
  return tables
    .map((table) => table.name)
    .filter((name) => !name.startsWith('kysely_') && !name.startsWith('sqlite_') && !WRITTEN_BY_EVERY_REQUEST.has(name))
    .filter((name) => dialect === 'sqlite' || !name.startsWith('pg_'))
    .sort()
}

export interface SnapshotPlan {
  dialect: Dialect
  tables: string[]
  withId: Set<string>
}

export async function snapshotPlan(db: Db, dialect: Dialect): Promise<SnapshotPlan> {
  const tables = await db.introspection.getTables()
  const names = await tableNames(db, dialect)
  const withId = new Set(tables.filter((table) => table.columns.some((column) => column.name === 'id')).map((table) => table.name))
  return { dialect, tables: names, withId }
}

/**
 * PostgreSQL: one round trip for everything (each content table hashed by the server).
 * SQLite (in process): one query for the counts, one per content table hashed here.
 */
export async function takeWriteSnapshot(db: Db, plan: SnapshotPlan): Promise<WriteSnapshot> {
  const contentTables = CONTENT_TABLES.filter((table) => plan.tables.includes(table))
  const counts = plan.tables.map((table) =>
    plan.withId.has(table)
      ? sql<string>`(select count(*) || ':' || coalesce(cast(max(id) as text), '') from ${sql.table(table)})`.as(table)
      : sql<string>`(select count(*) || ':' from ${sql.table(table)})`.as(table),
  )
  if (plan.dialect === 'postgres') {
    const hashes = contentTables.map((table) => {
      const ignored = WRITTEN_BY_EVERY_REQUEST_COLUMNS[table] ?? []
      const text = ignored.length === 0 ? sql`t::text` : sql`(to_jsonb(t) - ${sql.join(ignored.map((column) => sql.lit(column)), sql` - `)})::text`
      return sql<string>`(select md5(coalesce(string_agg(${text}, '|' order by ${text}), '')) from ${sql.table(table)} t)`.as(`content:${table}`)
    })
    const row = (await db.selectNoFrom([...counts, ...hashes]).executeTakeFirstOrThrow()) as Record<string, string>
    return split(row)
  }
  const row = (await db.selectNoFrom(counts).executeTakeFirstOrThrow()) as Record<string, string>
  const content: Record<string, string> = {}
  for (const table of contentTables) {
    const rows = (await db.selectFrom(table as never).selectAll().execute()) as Array<Record<string, unknown>>
    for (const column of WRITTEN_BY_EVERY_REQUEST_COLUMNS[table] ?? []) for (const entry of rows) delete entry[column]
    const stable = rows.map((entry) => JSON.stringify(entry, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value instanceof Date ? value.toISOString() : value))).sort()
    content[table] = createHash('sha256').update(stable.join('\n')).digest('hex')
  }
  return { counts: Object.fromEntries(Object.entries(row).map(([table, value]) => [table, String(value)])), content }
}

function split(row: Record<string, string>): WriteSnapshot {
  const snapshot: WriteSnapshot = { counts: {}, content: {} }
  for (const [key, value] of Object.entries(row)) {
    if (key.startsWith('content:')) snapshot.content[key.slice('content:'.length)] = String(value)
    else snapshot.counts[key] = String(value)
  }
  return snapshot
}

/** The tables whose fingerprint differs, with before → after counts. */
export function writesBetween(before: WriteSnapshot, after: WriteSnapshot): string[] {
  const changed: string[] = []
  for (const table of Object.keys(before.counts)) {
    if (before.counts[table] !== after.counts[table]) changed.push(`${table} ${before.counts[table]} → ${after.counts[table]}`)
  }
  for (const table of Object.keys(before.content)) {
    if (before.content[table] !== after.content[table] && before.counts[table] === after.counts[table]) changed.push(`${table} (content)`)
  }
  return changed
}
