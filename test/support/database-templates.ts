// Migrated databases to start from. Every test app used to run all the migrations on its own empty
// database: about 0.5 s on SQLite and 1–2 s on PostgreSQL per app on a busy 2-core machine, for
// some 280 apps a run. global-setup.ts now migrates one SQLite file and one PostgreSQL database
// once (prepareDatabaseTemplates); each app starts from a copy of them (a file copy; CREATE
// DATABASE … TEMPLATE) and its own migrateToLatest finds nothing left to do. The test processes,
// forked after the global setup, find the templates through the variables below.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { parseDatabaseUrl } from '../../src/config.js'
import { connectDatabase } from '../../src/platform/db/connect.js'
import { removeSqliteFiles } from '../../src/platform/db/sqlite-database.js'
import { migrateToLatest } from '../../src/platform/migrations/index.js'
import { createTestDatabase, dropTestDatabase, withAdminClient } from './postgres.js'

const SQLITE_TEMPLATE = 'VENDOC_TEST_SQLITE_TEMPLATE'
const POSTGRES_TEMPLATE = 'VENDOC_TEST_POSTGRES_TEMPLATE'

async function migrate(url: string): Promise<void> {
  const database = connectDatabase(parseDatabaseUrl(url))
  try {
    await migrateToLatest(database.db, database.dialect)
  } finally {
    // Closed before any copy: SQLite folds its WAL into the file, and PostgreSQL copies no
    // database that has a session open.
    await database.close()
  }
}

/** Migrates the templates (PostgreSQL's only when it answers) and returns how to remove them. */
export async function prepareDatabaseTemplates(postgresAvailable: boolean): Promise<() => Promise<void>> {
  const file = path.join(os.tmpdir(), `vendoc-template-${randomBytes(6).toString('hex')}.sqlite`)
  let postgres: { name: string; url: string } | null = null
  const remove = async () => {
    removeSqliteFiles(file)
    if (postgres) await dropTestDatabase(postgres.name)
  }
  try {
    await migrate(`sqlite:${file}`)
    if (postgresAvailable) {
      postgres = await createTestDatabase()
      await migrate(postgres.url)
      // Closed to sessions: CREATE DATABASE … TEMPLATE refuses a template someone is connected
      // to, so a stray connection would fail every copy taken meanwhile.
      await withAdminClient((client) => client.query(`ALTER DATABASE ${postgres!.name} ALLOW_CONNECTIONS false`))
    }
  } catch (error) {
    await remove()
    throw error
  }
  process.env[SQLITE_TEMPLATE] = file
  if (postgres) process.env[POSTGRES_TEMPLATE] = postgres.name
  return remove
}

/** Puts a migrated SQLite database at `file` (an empty file when this process has no template). */
export function copySqliteTemplate(file: string): void {
  const template = process.env[SQLITE_TEMPLATE]
  if (template) fs.copyFileSync(template, file)
}

/** The migrated PostgreSQL database to copy, if the run prepared one. */
export function postgresTemplate(): string | undefined {
  return process.env[POSTGRES_TEMPLATE]
}
