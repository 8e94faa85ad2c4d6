// buildTestApp(dialect): the real application (buildApp) on a fresh, migrated database of that
// dialect — a temp SQLite file or a new PostgreSQL database, copied from the run's migrated
// templates (database-templates.ts) — torn down by close(). Every
// response its inject gives under /api/v1 is checked against the OpenAPI document.
import type { FastifyInstance } from 'fastify'
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { type AppDeps, buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { systemClock, type Clock } from '../../src/platform/clock.js'
import { connectDatabase, type Db, type Dialect } from '../../src/platform/db/connect.js'
import { migrateToLatest } from '../../src/platform/migrations/index.js'
import { installResponseContract, reportContractCount } from './contract-inject.js'
import { copySqliteTemplate, postgresTemplate } from './database-templates.js'
import { createTestDatabase, dropTestDatabase } from './postgres.js'
import { removeSqliteFiles } from '../../src/platform/db/sqlite-database.js'

export const PUBLIC_URL = 'http://vendoc.test'

export interface TestApp {
  dialect: Dialect
  /** DATABASE_URL of this app's database, for child processes (the CLI, a server). */
  databaseUrl: string
  app: FastifyInstance
  db: Db
  clock: Clock
  close(): Promise<void>
}

async function databaseUrlFor(dialect: Dialect): Promise<{ url: string; cleanup: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const file = path.join(os.tmpdir(), `vendoc-test-${randomBytes(6).toString('hex')}.sqlite`)
    copySqliteTemplate(file)
    return {
      url: `sqlite:${file}`,
      cleanup: async () => {
        removeSqliteFiles(file)
      },
    }
  }
  const { name, url } = await createTestDatabase(postgresTemplate())
  return { url, cleanup: () => dropTestDatabase(name) }
}

export interface TestAppOptions {
  clock?: Clock
  /** Extra environment variables for loadConfig (e.g. a small API_RATE_LIMIT_PER_MINUTE, an https PUBLIC_URL). */
  env?: Record<string, string>
}

export async function buildTestApp(dialect: Dialect, options: TestAppOptions = {}): Promise<TestApp> {
  const { url, cleanup } = await databaseUrlFor(dialect)
  // JOB_POLL_MS=0: no background runner; tests run jobs deterministically with app.jobs.runDueJobs().
  const config = loadConfig({ JOB_POLL_MS: '0', ...options.env, DATABASE_URL: url, LOG_LEVEL: 'silent', PUBLIC_URL: options.env?.PUBLIC_URL ?? PUBLIC_URL })
  // Enough connections for the concurrency tests to queue on the account row, not on the pool.
  const database = connectDatabase(config.database, { poolSize: 10, sqliteReadThread: config.sqliteReadThread })
  const clock = options.clock ?? systemClock
  try {
    await migrateToLatest(database.db, database.dialect)
    const app = await buildApp({ config, database, clock })
    await app.ready()
    installResponseContract(app)
    return {
      dialect,
      databaseUrl: url,
      app,
      db: database.db,
      clock,
      async close() {
        try {
          reportContractCount()
          await app.close()
        } finally {
          await database.close()
          await cleanup()
        }
      },
    }
  } catch (error) {
    await database.close().catch(() => undefined)
    await cleanup().catch(() => undefined)
    throw error
  }
}

/**
 * A second app over the test app's database, with other settings (its own request log writer,
 * inserting inline) and dependencies; `beforeReady` may add hooks (a test holding a request at
 * some point). Closing it leaves the database open.
 */
export async function appOnSameDatabase(env: TestApp, variables: Record<string, string> = {}, deps: Partial<AppDeps> = {}, beforeReady?: (app: FastifyInstance) => void): Promise<FastifyInstance> {
  const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent', PUBLIC_URL, ...variables })
  const database = { db: env.db, dialect: env.dialect, sqliteFile: null, sharedConfig: null, close: async () => undefined }
  const app = await buildApp({ config, database, clock: env.clock, ...deps })
  beforeReady?.(app)
  await app.ready()
  return app
}
