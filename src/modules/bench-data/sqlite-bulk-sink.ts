// The SQLite sink: its own better-sqlite3 connection on the database file, prepared multi-row
// INSERTs (one statement call carries up to 100 rows, which is what makes a million documents a
// matter of minutes), and large transactions. synchronous=OFF on this connection only: a crash
// mid-run loses generated data, never the application's, and the run is simply started again.
import BetterSqlite3 from 'better-sqlite3'
import { BULK_TABLES, type BulkTable, tableAsPresent } from './bench-tables.js'
import type { BulkSink } from './bulk-sink.js'

/** SQLite accepts up to 32,766 bound values per statement; 100 rows already amortise the call. */
const MAX_ROWS_PER_STATEMENT = 100
/** Statistics from a sample of each index: exact counts would scan millions of rows for nothing. */
const ANALYSIS_LIMIT = 2000

interface TableState {
  /** The table's columns this database has, and where their values sit in a full row (tableAsPresent). */
  present: BulkTable
  keep: number[] | null
  many: BetterSqlite3.Statement
  one: BetterSqlite3.Statement
  rowsPerStatement: number
  buffer: unknown[]
  rows: number
  /** Positions of boolean columns: better-sqlite3 refuses booleans, SQLite stores 1/0. */
  bools: number[]
}

function insertSql(table: BulkTable, rows: number): string {
  const tuple = `(${table.columns.map(() => '?').join(',')})`
  return `insert into ${table.name} (${table.columns.map(([name]) => name).join(',')}) values ${Array.from({ length: rows }, () => tuple).join(',')}`
}

export function openSqliteBulkSink(file: string): BulkSink {
  const raw = new BetterSqlite3(file)
  raw.pragma('busy_timeout = 5000')
  raw.pragma('synchronous = OFF')
  // 1 GiB: the indexes filled in random order (external_uuid, customer + created_at, sign_token)
  // outgrow a smaller cache at a million documents; with 256 MiB the rate halved from ~500k on
  // (1M documents: 170 s, against 97 s with 1 GiB and 100k documents per transaction).
  raw.pragma('cache_size = -1048576')
  raw.pragma('temp_store = MEMORY')
  // Foreign key lookups cost ~12% of the run here. The rows are consistent by construction, and the
  // same generator runs on PostgreSQL, which always enforces them (test/bench-data proves it there).
  raw.pragma('foreign_keys = OFF')

  const firstIds = {} as Record<BulkTable['name'], number>
  const states = new Map<BulkTable, TableState>()
  for (const table of BULK_TABLES) {
    const { max } = raw.prepare(`select coalesce(max(id), 0) as max from ${table.name}`).get() as { max: number }
    firstIds[table.name] = max + 1
    const existing = new Set((raw.pragma(`table_info(${table.name})`) as Array<{ name: string }>).map((column) => column.name))
    const { table: present, keep } = tableAsPresent(table, existing)
    const rowsPerStatement = Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(30_000 / present.columns.length))
    states.set(table, {
      present,
      keep,
      many: raw.prepare(insertSql(present, rowsPerStatement)),
      one: raw.prepare(insertSql(present, 1)),
      rowsPerStatement,
      buffer: [],
      rows: 0,
      bools: present.columns.flatMap(([, kind], index) => (kind === 'bool' ? [index] : [])),
    })
  }

  let open = false
  const begin = () => {
    raw.exec('begin')
    open = true
  }

  return {
    firstIds,
    write(table, full) {
      if (!open) begin()
      const state = states.get(table)!
      const row = state.keep === null ? full : state.keep.map((index) => full[index])
      for (const index of state.bools) row[index] = row[index] ? 1 : 0
      for (let index = 0; index < row.length; index++) state.buffer.push(row[index])
      if (++state.rows === state.rowsPerStatement) {
        state.many.run(state.buffer)
        state.buffer.length = 0
        state.rows = 0
      }
    },
    async commit() {
      if (!open) return
      for (const table of BULK_TABLES) {
        const state = states.get(table)!
        const width = state.present.columns.length
        for (let start = 0; start < state.buffer.length; start += width) state.one.run(state.buffer.slice(start, start + width))
        state.buffer.length = 0
        state.rows = 0
      }
      raw.exec('commit')
      open = false
    },
    async finish() {
      raw.pragma(`analysis_limit = ${ANALYSIS_LIMIT}`)
      raw.exec('analyze')
      // Fold the write-ahead log into the file, so its size is the database's real size.
      raw.pragma('wal_checkpoint(TRUNCATE)')
      raw.close()
    },
    async abort() {
      if (open && raw.inTransaction) raw.exec('rollback')
      raw.close()
    },
  }
}
