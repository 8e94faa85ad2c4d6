// The PostgreSQL sink: rows are buffered column by column and a batch becomes one
// INSERT … SELECT FROM unnest($1::bigint[], $2::text[], …) per table — a handful of parameters
// however many rows, so nothing is parsed or planned per row — inside one transaction per batch,
// through the application's own pool. Ids are explicit, so the sequences are moved past them at the end.
import { sql } from 'kysely'
import type { Db } from '../../platform/db/connect.js'
import { BULK_TABLES, type BulkTable, type ColumnKind, tableAsPresent } from './bench-tables.js'
import type { BulkSink } from './bulk-sink.js'

/** Keeps one statement's arrays (sent as text) to a few megabytes. */
const MAX_ROWS_PER_STATEMENT = 20_000

const PG_TYPES: Record<ColumnKind, string> = { int: 'bigint', text: 'text', instant: 'timestamptz', date: 'date', bool: 'boolean' }

function insertStatement(table: BulkTable, columns: unknown[][], from: number, to: number) {
  const names = sql.join(table.columns.map(([name]) => sql.ref(name)))
  const arrays = sql.join(table.columns.map(([, kind], index) => sql`${columns[index]!.slice(from, to)}::${sql.raw(PG_TYPES[kind])}[]`))
  return sql`insert into ${sql.table(table.name)} (${names}) select * from unnest(${arrays})`
}

export async function openPostgresBulkSink(db: Db): Promise<BulkSink> {
  const firstIds = {} as Record<BulkTable['name'], number>
  // Per table: the columns this database has (tableAsPresent), and one buffer per column.
  const buffers = new Map<BulkTable, { present: BulkTable; keep: number[] | null; columns: unknown[][] }>()
  for (const table of BULK_TABLES) {
    const { rows } = await sql<{ max: number }>`select coalesce(max(id), 0) as max from ${sql.table(table.name)}`.execute(db)
    firstIds[table.name] = Number(rows[0]!.max) + 1
    const names = await sql<{ column_name: string }>`select column_name from information_schema.columns where table_schema = current_schema() and table_name = ${table.name}`.execute(db)
    const { table: present, keep } = tableAsPresent(table, new Set(names.rows.map((row) => row.column_name)))
    buffers.set(table, { present, keep, columns: present.columns.map(() => []) })
  }

  return {
    firstIds,
    write(table, full) {
      const { keep, columns } = buffers.get(table)!
      const row = keep === null ? full : keep.map((index) => full[index])
      for (let index = 0; index < row.length; index++) columns[index]!.push(row[index])
    },
    async commit() {
      await db.transaction().execute(async (trx) => {
        for (const table of BULK_TABLES) {
          const { present, columns } = buffers.get(table)!
          const count = columns[0]!.length
          for (let from = 0; from < count; from += MAX_ROWS_PER_STATEMENT) {
            await insertStatement(present, columns, from, Math.min(count, from + MAX_ROWS_PER_STATEMENT)).execute(trx)
          }
        }
      })
      for (const { columns } of buffers.values()) for (const column of columns) column.length = 0
    },
    async finish() {
      for (const table of BULK_TABLES) {
        // The app's next insert takes nextval(): it must come after every explicit id.
        await sql`select setval(pg_get_serial_sequence(${table.name}, 'id'), (select max(id) from ${sql.table(table.name)}))`.execute(db)
      }
      // VACUUM as well as ANALYZE: it sets the visibility map, as autovacuum would on a live database,
      // so index-only scans behave as they will in production.
      await sql`vacuum (analyze) ${sql.join(BULK_TABLES.map((table) => sql.table(table.name)))}`.execute(db)
    },
    async abort() {
      for (const { columns } of buffers.values()) for (const column of columns) column.length = 0
    },
  }
}
