// SQLite backups through SQLite's online backup API (better-sqlite3's db.backup): it copies the
// pages of one consistent snapshot while the server keeps reading and writing (WAL), restarting by
// itself when another connection commits between two steps, so the copy is never torn. Files are
// written beside the target and renamed into place, so a failed run never leaves half a file.
import BetterSqlite3 from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { removeSqliteFiles, removeSqliteSideFiles, SQLITE_SIDE_FILES } from '../../platform/db/sqlite-database.js'
import { BackupError } from './backup-error.js'
import { restrictToOwner, temporaryNameFor } from './temporary-file.js'

/** The file and its side files, through symlinks, when it exists; its absolute path otherwise. */
function realPath(file: string): string {
  try {
    return fs.realpathSync(file)
  } catch {
    return path.resolve(file)
  }
}

/**
 * Refuses `file` when it is the configured database or one of its side files: writing a backup
 * over the live database (or restoring it onto itself) would delete its -wal, holding the latest
 * commits, and rename a copy over the file the server has open.
 */
export function assertNotTheDatabase(file: string, databaseFile: string): void {
  const database = realPath(databaseFile)
  const candidate = realPath(file)
  if (['', ...SQLITE_SIDE_FILES].some((suffix) => candidate === `${database}${suffix}` || candidate === realPath(`${databaseFile}${suffix}`))) {
    throw new BackupError(`${file} is the configured database ${databaseFile} (or one of its side files); nothing was written`, 'Choose a FILE outside the database\'s own files.')
  }
}

/**
 * Copies `source` (any SQLite file, WAL or not) into a new file `target` through the backup API.
 * The progress callback asks for every remaining page in the next step, so after better-sqlite3's
 * first (empty) step the copy is one step, one read snapshot: a busy writer cannot keep forcing
 * restarts, and the server is never blocked (WAL readers do not hold writers up).
 */
async function copyDatabase(source: BetterSqlite3.Database, target: string, options: { ownerOnly: boolean }): Promise<void> {
  const partial = temporaryNameFor(target)
  try {
    await source.backup(partial, { progress: ({ totalPages }) => Math.max(totalPages, 100) })
    // The copy is one self-contained file in rollback-journal mode, so opening it read-only (to
    // check it, to restore from it) creates no -wal/-shm beside it; the server turns WAL back on.
    const copy = new BetterSqlite3(partial)
    try {
      copy.pragma('journal_mode = DELETE')
    } finally {
      copy.close()
    }
    removeSqliteSideFiles(partial)
    if (options.ownerOnly) restrictToOwner(partial)
    // Side files of a file being overwritten (--force) would be read as part of the new one.
    removeSqliteSideFiles(target)
    fs.renameSync(partial, target)
  } catch (error) {
    removeSqliteFiles(partial)
    throw error
  }
}

/** PRAGMA integrity_check's verdict: "ok", or the first problems it lists. */
export function sqliteIntegrity(file: string): string {
  let database: BetterSqlite3.Database
  try {
    database = new BetterSqlite3(file, { readonly: true, fileMustExist: true })
  } catch (error) {
    throw new BackupError(`${file} cannot be opened as a SQLite database: ${error instanceof Error ? error.message : String(error)}`)
  }
  try {
    const rows = database.pragma('integrity_check(10)') as Array<{ integrity_check: string }>
    return rows.map((row) => row.integrity_check).join('; ')
  } catch (error) {
    // A file that is not a database at all fails here ("file is not a database").
    return error instanceof Error ? error.message : String(error)
  } finally {
    database.close()
  }
}

export async function backupSqlite(databaseFile: string, target: string): Promise<{ bytes: number; integrity: string }> {
  if (!fs.existsSync(databaseFile)) throw new BackupError(`the SQLite database ${databaseFile} does not exist`, 'Check DATABASE_URL.')
  assertNotTheDatabase(target, databaseFile)
  const source = new BetterSqlite3(databaseFile, { fileMustExist: true })
  try {
    // The server never waits on SQLite's busy timeout; the backup process may (it is not serving).
    source.pragma('busy_timeout = 5000')
    await copyDatabase(source, target, { ownerOnly: true })
  } finally {
    source.close()
  }
  const integrity = sqliteIntegrity(target)
  if (integrity !== 'ok') throw new BackupError(`the backup written to ${target} fails its integrity check: ${integrity}`)
  return { bytes: fs.statSync(target).size, integrity }
}

/**
 * Fails when another connection (a running server, another command) has the database open: in WAL
 * mode every open connection holds a shared lock on the file, so an exclusive lock taken without
 * shared memory is refused. The window between this check and the rename is documented (stop the
 * server first); the check catches the common mistake of restoring under a live server.
 */
function assertNotInUse(file: string): void {
  const probe = new BetterSqlite3(file, { fileMustExist: true })
  try {
    probe.pragma('busy_timeout = 0')
    probe.pragma('locking_mode = EXCLUSIVE')
    probe.exec('BEGIN EXCLUSIVE; COMMIT')
  } catch (error) {
    const code = (error as { code?: unknown }).code
    if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) {
      throw new BackupError(`the SQLite database ${file} is in use by another process`, 'Stop the Vendoc server (and any other `vendoc` command) before restoring.')
    }
    throw error
  } finally {
    probe.close()
  }
}

/** Replaces `databaseFile` with the backup `file`, after checking the backup's integrity. */
export async function restoreSqlite(file: string, databaseFile: string, options: { force: boolean }): Promise<{ bytes: number; replaced: boolean }> {
  if (!fs.existsSync(file)) throw new BackupError(`the backup ${file} does not exist`)
  assertNotTheDatabase(file, databaseFile)
  const integrity = sqliteIntegrity(file)
  if (integrity !== 'ok') throw new BackupError(`the backup ${file} fails its integrity check: ${integrity}`, 'Nothing was changed.')
  const exists = fs.existsSync(databaseFile)
  if (exists && !options.force) {
    throw new BackupError(`the SQLite database ${databaseFile} exists and would be replaced`, 'Stop the server, then repeat with --force to replace it.')
  }
  if (exists) assertNotInUse(databaseFile)
  fs.mkdirSync(path.dirname(databaseFile), { recursive: true })
  const backup = new BetterSqlite3(file, { readonly: true, fileMustExist: true })
  try {
    // Staged beside the database and renamed over it; the old -wal goes first (copyDatabase), as
    // SQLite would otherwise replay it onto the new file.
    await copyDatabase(backup, databaseFile, { ownerOnly: false })
  } finally {
    backup.close()
  }
  return { bytes: fs.statSync(databaseFile).size, replaced: exists }
}
