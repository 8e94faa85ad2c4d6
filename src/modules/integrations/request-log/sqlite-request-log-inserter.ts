// The request log worker's inserts on SQLite: one prepared INSERT run for every entry of a batch
// inside one BEGIN IMMEDIATE transaction, straight on better-sqlite3. Going through Kysely cost
// about twice as much per row (an async call, a compiled-query object and a parameter copy per
// entry), and the worker runs once for every API call. This connection may wait for the write
// lock by sleeping (a busy timeout): it is the worker's own thread that sleeps, never the event
// loop, unlike the app's connection (sqlite-database.ts).
import { openSqliteDatabase } from '../../../platform/db/sqlite-database.js'
import type { RequestLogEntry } from './request-log-entry.js'
import { REQUEST_LOG_COLUMNS } from './request-log-repository.js'

/** How long a batch waits for the app's write transaction to end before it fails (and is reported lost). */
const BUSY_TIMEOUT_MS = 5_000

export interface SqliteRequestLogInserter {
  insert(entries: RequestLogEntry[]): void
  close(): void
}

export function sqliteRequestLogInserter(file: string): SqliteRequestLogInserter {
  const raw = openSqliteDatabase(file)
  raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
  const statement = raw.prepare(
    `insert into request_logs (${REQUEST_LOG_COLUMNS.join(', ')}) values (${REQUEST_LOG_COLUMNS.map(() => '?').join(', ')})`,
  )
  const insertAll = raw.transaction((entries: RequestLogEntry[]) => {
    for (const entry of entries) statement.run(REQUEST_LOG_COLUMNS.map((column) => entry[column] ?? null))
  })
  return {
    insert: (entries) => {
      if (entries.length > 0) insertAll.immediate(entries)
    },
    close: () => raw.close(),
  }
}
