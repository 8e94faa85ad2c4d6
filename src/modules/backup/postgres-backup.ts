// PostgreSQL backups through the client tools: pg_dump's custom format (-Fc) is one consistent
// snapshot (a repeatable-read transaction) taken while the server keeps writing, and pg_restore
// puts it back. The tools must be on PATH; without them the command says so and does nothing.
// The password travels in PGPASSWORD, never on the command line, where `ps` would show it.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { BackupError } from './backup-error.js'
import { restrictToOwner, temporaryNameFor } from './temporary-file.js'

type Tool = 'pg_dump' | 'pg_restore' | 'psql'

interface ToolRun {
  status: number
  stderr: string
}

/** The URL without its password, and the password apart (for PGPASSWORD). */
function connectionFor(url: string): { url: string; env: Record<string, string> } {
  const parsed = new URL(url)
  const password = decodeURIComponent(parsed.password)
  parsed.password = ''
  return { url: parsed.toString(), env: password === '' ? {} : { PGPASSWORD: password } }
}

function runTool(tool: Tool, args: string[], extraEnv: Record<string, string>): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        reject(new BackupError(`${tool} was not found on PATH; PostgreSQL backups and restores use the PostgreSQL client tools`,
          'Install them (Debian/Ubuntu: apt-get install postgresql-client, matching the server\'s major version) or add their directory to PATH.'))
      } else reject(error)
    })
    child.once('close', (status) => resolve({ status: status ?? 1, stderr }))
  })
}

function failed(tool: Tool, run: ToolRun): BackupError {
  const detail = run.stderr.trim().split('\n').slice(-5).join('\n')
  return new BackupError(`${tool} failed (exit status ${run.status})${detail === '' ? '' : `:\n${detail}`}`)
}

export async function backupPostgres(databaseUrl: string, target: string): Promise<{ bytes: number }> {
  const connection = connectionFor(databaseUrl)
  const partial = temporaryNameFor(target)
  try {
    const run = await runTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${connection.url}`], connection.env)
    if (run.status !== 0) throw failed('pg_dump', run)
    restrictToOwner(partial)
    fs.renameSync(partial, target)
  } finally {
    fs.rmSync(partial, { force: true })
  }
  return { bytes: fs.statSync(target).size }
}

/** Tables in the target's public schema: a database with any is not empty and needs --force. */
async function tableCount(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 })
  await client.connect()
  try {
    const result = await client.query<{ n: string }>("select count(*) as n from information_schema.tables where table_schema = 'public'")
    return Number(result.rows[0]!.n)
  } finally {
    await client.end()
  }
}

/**
 * pg_restore's --clean drops only the objects in the dump: a table or column added by a later
 * migration would survive and the next `vendoc migrate` would fail on it. So the restore empties
 * schema public first, in the same transaction: pg_restore writes the backup out as SQL (to an
 * owner-only scratch file), then psql runs "drop schema public cascade; create schema public" and
 * that SQL as one transaction (-1), stopping at the first error — either the database is exactly
 * the backup afterwards, or nothing changed. A truncated SQL file never reaches psql: pg_restore's
 * own failure stops the restore first.
 */
async function restoreReplacingSchema(file: string, connection: { url: string; env: Record<string, string> }): Promise<void> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'vendoc-restore-'))
  const script = path.join(scratch, 'restore.sql')
  try {
    const written = await runTool('pg_restore', ['--no-owner', '--no-privileges', `--file=${script}`, file], {})
    if (written.status !== 0) throw failed('pg_restore', written)
    const run = await runTool('psql', [
      '--no-psqlrc', '--quiet', '--single-transaction', '--set=ON_ERROR_STOP=1',
      '--command=drop schema if exists public cascade; create schema public;', `--file=${script}`, `--dbname=${connection.url}`,
    ], connection.env)
    if (run.status !== 0) throw failed('psql', run)
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true })
  }
}

/**
 * Restores a pg_dump custom-format file into the configured database in one transaction: either
 * every object and row of the backup is there afterwards, or (on any error) nothing changed.
 */
export async function restorePostgres(file: string, databaseUrl: string, options: { force: boolean }): Promise<{ bytes: number; replaced: boolean }> {
  if (!fs.existsSync(file)) throw new BackupError(`the backup ${file} does not exist`)
  const connection = connectionFor(databaseUrl)
  // Reading the table of contents checks the file is a readable custom-format archive first.
  const listed = await runTool('pg_restore', ['--list', file], {})
  if (listed.status !== 0) throw new BackupError(`${file} is not a pg_dump custom-format backup: ${listed.stderr.trim().split('\n')[0] ?? ''}`, 'Nothing was changed.')
  const existing = await tableCount(databaseUrl)
  if (existing > 0 && !options.force) {
    throw new BackupError(`the PostgreSQL database has ${existing} table(s) that the restore would replace`, 'Stop the server, then repeat with --force to replace them.')
  }
  await restoreReplacingSchema(file, connection)
  return { bytes: fs.statSync(file).size, replaced: existing > 0 }
}
