// Searching a database for secrets: every column of every table (both dialects), and on SQLite the
// raw bytes of the database file and its write-ahead log.
import fs from 'node:fs'
import { sql } from 'kysely'
import type { Db, Dialect } from '../../../src/platform/db/connect.js'

/** Where a hash legitimately lives: the column that stores it for lookup or verification. */
export const HASH_COLUMNS = new Set(['api_tokens.token_hash', 'api_token_retired_hashes.token_hash', 'users.password_hash', 'web_sessions.id'])

export interface Finding {
  where: string
  secret: string
}

async function tableNames(db: Db, dialect: Dialect): Promise<string[]> {
  if (dialect === 'sqlite') {
    const rows = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)
    return rows.rows.map((row) => row.name)
  }
  const rows = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db)
  return rows.rows.map((row) => row.name)
}

function asText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('latin1')
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** Every (table.column, secret) where a secret is found outside the hash columns; also counts the cells read. */
export async function scanTables(db: Db, dialect: Dialect, secrets: string[]): Promise<{ findings: Finding[]; tables: number; cells: number }> {
  const findings: Finding[] = []
  let cells = 0
  const tables = await tableNames(db, dialect)
  for (const table of tables) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)
    for (const row of rows.rows) {
      for (const [column, value] of Object.entries(row)) {
        cells += 1
        if (HASH_COLUMNS.has(`${table}.${column}`)) continue
        const text = asText(value)
        for (const secret of secrets) if (text.includes(secret)) findings.push({ where: `${table}.${column}`, secret })
      }
    }
  }
  return { findings, tables: tables.length, cells }
}

/** The secrets found in the SQLite file and its -wal, read as raw bytes. */
export function scanSqliteFiles(file: string, secrets: string[]): { findings: Finding[]; bytes: number } {
  const findings: Finding[] = []
  let bytes = 0
  for (const path of [file, `${file}-wal`]) {
    if (!fs.existsSync(path)) continue
    const raw = fs.readFileSync(path)
    bytes += raw.length
    const text = raw.toString('latin1')
    for (const secret of secrets) if (text.includes(secret)) findings.push({ where: path, secret })
  }
  return { findings, bytes }
}
