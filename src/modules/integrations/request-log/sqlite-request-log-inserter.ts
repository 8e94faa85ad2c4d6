// The request log worker's inserts on SQLite: one prepared INSERT run for every entry of a batch
// inside one BEGIN IMMEDIATE transaction, straight on better-sqlite3. Going through Kysely cost
// about twice as much per row (an async call, a compiled-query object and a parameter copy per
// entry), and the worker runs once for every API call.
//
// When the app holds the write lock, the batch waits for it here by sleeping the worker's own
// thread (never the event loop), retrying every 1–4 ms like the app's driver does
// (sqlite-driver.ts), so neither side is favoured. SQLite's own busy timeout would back off to
// 100 ms sleeps and lose the lock to the app's quicker retries under a steady stream of writes.
import { isSqliteBusy, openSqliteDatabase, SQLITE_LOCK_WAIT_MS, sqliteBindable } from '../../../platform/db/sqlite-database.js'
import type { RequestLogEntry } from './request-log-entry.js'
import { REQUEST_LOG_COLUMNS } from './request-log-repository.js'

export interface SqliteRequestLogInserter {
  /** Inserts the batch in one transaction; throws (nothing stored) when the lock stays taken past the wait. */
  insert(entries: RequestLogEntry[]): void
  close(): void
}

/** The page cache of the worker's connection, in KiB. */
const INSERTER_CACHE_KIB = 1024

const sleeper = new Int32Array(new SharedArrayBuffer(4))

export interface SqliteRequestLogInserterOptions {
  /** How long a batch waits for the write lock; after this it fails, and the writer reports it lost. */
  lockWaitMs?: number
  /** Also checkpoint the WAL this often, whether or not batches come (off when absent). */
  checkpointEveryMs?: number
}

export function sqliteRequestLogInserter(file: string, options: SqliteRequestLogInserterOptions = {}): SqliteRequestLogInserter {
  const lockWaitMs = options.lockWaitMs ?? SQLITE_LOCK_WAIT_MS
  const raw = openSqliteDatabase(file)
  // With the request log on, the app's own connection checkpoints only past a large backstop
  // (platform/db/connect.ts), and this connection's commits checkpoint only while API calls come
  // in. Web writes and jobs between them would stay in the WAL, unsynced, up to that backstop: a
  // power loss could take them. A PASSIVE checkpoint copies what it can without waiting for any
  // lock or blocking anyone, and costs next to nothing when there is nothing to copy.
  const checkpoints =
    options.checkpointEveryMs === undefined
      ? null
      : setInterval(() => {
          try {
            raw.pragma('wal_checkpoint(PASSIVE)')
          } catch {
            // Tried again at the next tick; the backstop still bounds the WAL.
          }
        }, options.checkpointEveryMs)
  checkpoints?.unref()
  // Inserts touch the right edge of the table and of its time index, and in the account index the
  // end of each account's range: one leaf page per account writing at the time. 1 MB (~250 pages)
  // holds those for a couple of hundred such accounts; past that a page comes back from the OS's
  // cache, a few microseconds. The default 16 MB filled up under load and cost 10-20 MB of RSS for
  // no CPU saved (docs/PERFORMANCE.md, session 13).
  raw.pragma(`cache_size = -${INSERTER_CACHE_KIB}`)
  const statement = raw.prepare(
    `insert into request_logs (${REQUEST_LOG_COLUMNS.join(', ')}) values (${REQUEST_LOG_COLUMNS.map(() => '?').join(', ')})`,
  )
  const insertAll = raw.transaction((entries: RequestLogEntry[]) => {
    for (const entry of entries) statement.run(REQUEST_LOG_COLUMNS.map((column) => sqliteBindable(entry[column] ?? null)))
  })
  return {
    insert: (entries) => {
      if (entries.length === 0) return
      const started = Date.now()
      for (let wait = 1; ; wait = Math.min(wait * 2, 4)) {
        try {
          insertAll.immediate(entries)
          return
        } catch (error) {
          if (!isSqliteBusy(error) || Date.now() - started > lockWaitMs) throw error
          Atomics.wait(sleeper, 0, 0, wait)
        }
      }
    },
    close: () => {
      if (checkpoints !== null) clearInterval(checkpoints)
      raw.close()
    },
  }
}
