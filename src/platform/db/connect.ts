// Opens the database named by the configuration. Both dialects return the same shapes:
// integers as numbers, instants as ISO 8601 UTC strings, dates as YYYY-MM-DD strings.
import { Kysely, PostgresDialect } from 'kysely'
import type { DatabaseConfig } from '../../config.js'
import type { Database } from './schema.js'
import type { PostgresPoolOptions } from './postgres-pool.js'
import { openSqliteDatabase } from './sqlite-database.js'
import { FifoSqliteDialect } from './sqlite-driver.js'

export type Db = Kysely<Database>
export type Dialect = DatabaseConfig['dialect']

export interface DatabaseHandle {
  readonly db: Db
  readonly dialect: Dialect
  /** The SQLite file (null on PostgreSQL or for an in-memory database), for tools that open it directly (bench-data). */
  readonly sqliteFile: string | null
  /** How another connection (a worker thread's) reaches this same database; null when none can (in-memory SQLite, a borrowed handle). */
  readonly sharedConfig: DatabaseConfig | null
  close(): Promise<void>
}

export interface ConnectOptions extends PostgresPoolOptions {
  /**
   * SQLite file only: answer reads outside transactions from a second, read-only connection in a
   * thread of its own (sqlite-read-thread.ts). The server turns it on (SQLITE_READ_THREAD); tools
   * that run a few queries and exit do not need the thread.
   */
  sqliteReadThread?: boolean
  /**
   * SQLite file only: another connection of this process, the request log's worker, commits often
   * under API load, with SQLite's default autocheckpoint (1,000 pages), so its commits copy the WAL
   * into the file in its own thread. This connection then checkpoints only past
   * SQLITE_BACKSTOP_CHECKPOINT_PAGES instead of every ~1,000 pages (docs/PERFORMANCE.md, session 16).
   * Under a steady stream of writes the WAL rarely restarts (a restart needs every frame copied
   * before the next write), so it does reach the backstop; that checkpoint, on the event loop, then
   * finds most frames copied already and mostly syncs. Without API traffic (web writes, jobs) the
   * worker's timer checkpoints, every SQLITE_CHECKPOINT_EVERY_MS. Set by serverConnectOptions
   * (app.ts) when the log is on.
   */
  sqliteCheckpointsElsewhere?: boolean
}

/** The app's own connection's checkpoint threshold when the log's worker checkpoints (~40 MB of WAL with 4 KiB pages). */
export const SQLITE_BACKSTOP_CHECKPOINT_PAGES = 10_000

/**
 * How often the log's worker also checkpoints on a timer, API calls or not: it bounds what a power
 * loss can take (with synchronous=NORMAL, what was committed since the last checkpoint) to about
 * this much time of writes, instead of up to the backstop's pages (docs/RELIABILITY.md).
 */
export const SQLITE_CHECKPOINT_EVERY_MS = 1_000

/**
 * The page cache of the app's own connection when reads go to the read thread: it then serves
 * writes and the reads inside transactions, which touch the right edges of tables and indexes and
 * the interior pages above them, not the 16 MB better-sqlite3 gives every connection. Under
 * SQLite creation load peak RSS 238–250 → 232–235 MB at the same creations a second
 * (docs/PERFORMANCE.md, session 40); pages it drops are read back from the OS's cache.
 */
export const SQLITE_WRITER_CACHE_KIB = 4_096

export function connectDatabase(config: DatabaseConfig, options: ConnectOptions = {}): DatabaseHandle {
  if (config.dialect === 'sqlite') {
    const raw = openSqliteDatabase(config.file)
    if (options.sqliteCheckpointsElsewhere) raw.pragma(`wal_autocheckpoint = ${SQLITE_BACKSTOP_CHECKPOINT_PAGES}`)
    const inMemory = config.file === ':memory:'
    // An in-memory database has no read thread (nor a file to read dropped pages back from).
    if (options.sqliteReadThread && !inMemory) raw.pragma(`cache_size = -${SQLITE_WRITER_CACHE_KIB}`)
    const db = new Kysely<Database>({ dialect: new FifoSqliteDialect(raw, options.sqliteReadThread ?? false) })
    return { db, dialect: 'sqlite', sqliteFile: inMemory ? null : config.file, sharedConfig: inMemory ? null : config, close: () => db.destroy() }
  }
  // pg (and the named-statement client) load on the first query: a SQLite server never loads them.
  const pool = async () => (await import('./postgres-routed-pool.js')).openRoutedPostgresPool(config.url, options)
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return { db, dialect: 'postgres', sqliteFile: null, sharedConfig: config, close: () => db.destroy() }
}
