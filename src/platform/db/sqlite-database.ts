// Opens the SQLite file with the settings every connection of ours uses: WAL (readers never wait
// for the writer), synchronous=NORMAL (durable at each checkpoint, safe with WAL) and foreign keys
// on. No busy timeout: SQLite's own waits by sleeping in the calling thread, which here is the
// event loop; when another connection (the request log's worker, a second process) holds the
// write lock, the driver waits asynchronously instead (sqlite-driver.ts).
import BetterSqlite3 from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { foldForSearch, SQLITE_FOLD_FUNCTION } from './folded-search.js'

/**
 * How long a writer keeps retrying while another connection holds the write lock (SQLite's
 * busy_timeout was 5 s): the app's driver (sqlite-driver.ts) and the request log's worker
 * (sqlite-request-log-inserter.ts) both retry every 1–4 ms up to this.
 */
export const SQLITE_LOCK_WAIT_MS = 5_000

/** SQLITE_BUSY and its extended codes: another connection holds the lock. */
export function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY')
}

/** SQLite has no boolean type and better-sqlite3 refuses JS booleans: they are bound as 0/1. */
export function sqliteBindable(value: unknown): unknown {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value
}

export function openSqliteDatabase(file: string): BetterSqlite3.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true })
  const raw = new BetterSqlite3(file)
  raw.pragma('journal_mode = WAL')
  raw.pragma('synchronous = NORMAL')
  raw.pragma('foreign_keys = ON')
  raw.pragma('busy_timeout = 0')
  raw.function(SQLITE_FOLD_FUNCTION, { deterministic: true }, (text: unknown) => (typeof text === 'string' ? foldForSearch(text) : text))
  return raw
}

/** The files SQLite may keep beside a database file: its WAL, shared-memory index and rollback journal. */
export const SQLITE_SIDE_FILES = ['-wal', '-shm', '-journal'] as const

/** Deletes the files SQLite may keep beside `file`, not `file` itself. */
export function removeSqliteSideFiles(file: string): void {
  for (const suffix of SQLITE_SIDE_FILES) fs.rmSync(`${file}${suffix}`, { force: true })
}

/** Deletes a SQLite database and the files beside it. */
export function removeSqliteFiles(file: string): void {
  fs.rmSync(file, { force: true })
  removeSqliteSideFiles(file)
}
