// `vendoc backup FILE` and `vendoc restore FILE`: a consistent copy of the configured database
// taken while the server keeps serving, and putting one back (server stopped). They neither open
// the database through the app nor migrate it: a backup copies what is there, and a restored
// database is migrated by the next server start or `vendoc migrate`.
import fs from 'node:fs'
import path from 'node:path'
import type { Config, DatabaseConfig } from '../config.js'
import { BackupError } from '../modules/backup/backup-error.js'
import { backupPostgres, restorePostgres } from '../modules/backup/postgres-backup.js'
import { backupSqlite, restoreSqlite } from '../modules/backup/sqlite-backup.js'
import { type CliIo, CommandFailure, type ParsedArgs, printJson, UsageError } from './cli-io.js'

/** What a command that must not open the database through the app gets instead of a connection. */
export interface ConfigCommandContext {
  config: Config
  io: CliIo
  json: boolean
}

function fileArgument(args: ParsedArgs): string {
  const raw = args.positionals[0]!
  if (raw.trim() === '') throw new UsageError('FILE must not be empty')
  return path.resolve(raw)
}

/** Where the data lives, for messages: the file, or the URL without its password. */
function describeDatabase(database: DatabaseConfig): string {
  if (database.dialect === 'sqlite') return database.file
  const url = new URL(database.url)
  if (url.password !== '') url.password = '***'
  return url.toString()
}

function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

async function translated<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof BackupError) throw new CommandFailure(error.message, error.hint)
    throw error
  }
}

export async function backupCommand(ctx: ConfigCommandContext, args: ParsedArgs): Promise<void> {
  const file = fileArgument(args)
  const force = args.values.force === true
  const { database } = ctx.config
  if (database.dialect === 'sqlite' && database.file === ':memory:') throw new UsageError('an in-memory SQLite database has nothing to back up')
  if (fs.existsSync(file) && !force) throw new CommandFailure(`${file} already exists; nothing was written`, 'Choose another FILE, or repeat with --force to overwrite it.')
  if (!fs.existsSync(path.dirname(file))) throw new CommandFailure(`the directory ${path.dirname(file)} does not exist; nothing was written`)
  const started = performance.now()
  const written = await translated(() => (database.dialect === 'sqlite' ? backupSqlite(database.file, file) : backupPostgres(database.url, file)))
  const durationMs = Math.round(performance.now() - started)
  const format = database.dialect === 'sqlite' ? 'sqlite' : 'pg_dump-custom'
  const integrity = 'integrity' in written ? written.integrity : null
  if (ctx.json) return printJson(ctx.io, { dialect: database.dialect, database: describeDatabase(database), file, format, bytes: written.bytes, duration_ms: durationMs, integrity_check: integrity })
  ctx.io.stdout(
    `Backed up the ${database.dialect} database ${describeDatabase(database)}\n` +
    `  to ${file} (${format === 'sqlite' ? 'SQLite file' : 'pg_dump custom format'}): ${humanSize(written.bytes)} in ${(durationMs / 1000).toFixed(2)} s` +
    `${integrity === null ? '' : `; integrity check: ${integrity}`}\n` +
    `Restore it with: vendoc restore ${file} --force   (server stopped)\n`,
  )
}

export async function restoreCommand(ctx: ConfigCommandContext, args: ParsedArgs): Promise<void> {
  const file = fileArgument(args)
  const force = args.values.force === true
  const { database } = ctx.config
  if (database.dialect === 'sqlite' && database.file === ':memory:') throw new UsageError('cannot restore into an in-memory SQLite database')
  const started = performance.now()
  const restored = await translated(() => (database.dialect === 'sqlite' ? restoreSqlite(file, database.file, { force }) : restorePostgres(file, database.url, { force })))
  const durationMs = Math.round(performance.now() - started)
  if (ctx.json) return printJson(ctx.io, { dialect: database.dialect, database: describeDatabase(database), file, bytes: restored.bytes, replaced: restored.replaced, duration_ms: durationMs })
  ctx.io.stdout(
    `Restored ${file} (${humanSize(restored.bytes)}) into the ${database.dialect} database ${describeDatabase(database)}` +
    `${restored.replaced ? ', replacing its previous content' : ''}, in ${(durationMs / 1000).toFixed(2)} s.\n` +
    'Start the server (or run `vendoc migrate`) to bring it up to this version\'s schema.\n',
  )
}
