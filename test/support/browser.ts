// Browser tests: Debian's Chromium driven by playwright-core against the real app listening on a free
// loopback port over a fresh SQLite file (or, on request, a fresh PostgreSQL database). Without
// Chromium the suites skip with a message, except under CI, where .ci/run installs it and its
// absence is a failure; PostgreSQL follows the rule of test/support/dialects.ts.
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, inject } from 'vitest'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { connectDatabase, type DatabaseHandle, type Dialect } from '../../src/platform/db/connect.js'
import { migrateToLatest } from '../../src/platform/migrations/index.js'
import { createTestDatabase, dropTestDatabase } from './postgres.js'
import { removeSqliteFiles } from '../../src/platform/db/sqlite-database.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
// The flags that work as root on these machines, without reaching for the network.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

/** Whether Chromium is there; throws under CI when it is not. */
export function chromiumAvailable(suite: string): boolean {
  const available = fs.existsSync(CHROMIUM)
  if (!available && process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM}; .ci/run installs it with apt`)
  if (!available) console.warn(`[${suite}] skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`)
  return available
}

/**
 * Whether a browser suite on `dialect` runs: SQLite always; PostgreSQL when the server answers.
 * Unreachable PostgreSQL skips with a message, except under CI, where the suite must run (and
 * startBrowserHarness then fails with the reason), like describeEachDialect.
 */
export function browserDialectAvailable(dialect: Dialect, suite: string): boolean {
  if (dialect === 'sqlite') return true
  const probe = inject('postgres')
  if (probe.available || process.env.CI) return true
  console.warn(`[${suite}] PostgreSQL half skipped: unreachable at ${probe.url} (${probe.reason})`)
  return false
}

export interface BrowserHarnessOptions {
  /** The database the app runs on (default sqlite): a temp file, or a new PostgreSQL database dropped by close(). */
  dialect?: Dialect
}

export interface BrowserHarness {
  app: FastifyInstance
  database: DatabaseHandle
  browser: Browser
  baseUrl: string
  close(): Promise<void>
}

/**
 * Migrates a fresh database, lets `prepare` seed it, starts the app and Chromium. `env` adds
 * configuration variables (e.g. SMTP_URL, JOB_POLL_MS; PORT with a matching PUBLIC_URL when the
 * app's own links must work).
 */
export async function startBrowserHarness(
  prepare: (database: DatabaseHandle) => Promise<void> = async () => undefined,
  env: Record<string, string> = {},
  options: BrowserHarnessOptions = {},
): Promise<BrowserHarness> {
  const { url, cleanup } = await harnessDatabase(options.dialect ?? 'sqlite')
  const config = loadConfig({ LOG_LEVEL: 'silent', PORT: '0', ...env, DATABASE_URL: url })
  // Dropping the PostgreSQL database at close() ends connections pg is still letting go of; only
  // an idle connection lost while the harness runs is worth a warning.
  let closing = false
  const onIdleClientError = (error: Error) => {
    if (!closing) console.warn(`[browser harness] idle PostgreSQL connection closed: ${error.message}`)
  }
  const database = connectDatabase(config.database, { onIdleClientError, sqliteReadThread: config.sqliteReadThread })
  let app: FastifyInstance | undefined
  try {
    await migrateToLatest(database.db, database.dialect)
    await prepare(database)
    const started = await buildApp({ config, database })
    app = started
    await started.listen({ port: config.port, host: '127.0.0.1' })
    const address = started.server.address()
    const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
    return {
      app: started,
      database,
      browser,
      baseUrl,
      async close() {
        closing = true
        await browser.close()
        await started.close()
        await database.close()
        await cleanup()
      },
    }
  } catch (error) {
    // A half-started harness must not leave a listening app or a database behind.
    closing = true
    await app?.close().catch(() => undefined)
    await database.close().catch(() => undefined)
    await cleanup().catch(() => undefined)
    throw error
  }
}

/** A fresh database of `dialect` and how to remove it. */
async function harnessDatabase(dialect: Dialect): Promise<{ url: string; cleanup: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const file = path.join(os.tmpdir(), `vendoc-browser-${process.pid}-${Date.now()}.sqlite`)
    return {
      url: `sqlite:${file}`,
      cleanup: async () => {
        removeSqliteFiles(file)
      },
    }
  }
  const probe = inject('postgres')
  if (!probe.available) throw new Error(`PostgreSQL is unreachable at ${probe.url} (${probe.reason}); under CI the PostgreSQL browser suites must run`)
  const { name, url } = await createTestDatabase()
  return { url, cleanup: () => dropTestDatabase(name) }
}

/**
 * One harness for a whole suite (a fresh SQLite database, the app with `env`'s configuration,
 * Chromium): started before its first test, closed after its last. Call it in the describe block;
 * tests call what it returns.
 */
export function suiteBrowserHarness(env: Record<string, string> = {}): () => BrowserHarness {
  let harness: BrowserHarness | undefined
  beforeAll(async () => {
    harness = await startBrowserHarness(undefined, env)
  }, 60_000)
  afterAll(async () => {
    await harness?.close()
  })
  return () => {
    if (!harness) throw new Error('the browser harness has not started')
    return harness
  }
}

/**
 * Collects what a clean page never logs: script errors and refusals (a CSP block among them); the
 * console's note of a 401 or 422 answer (a refused form, on purpose) is not one.
 */
export function watchProblems(page: Page, problems: string[]): void {
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error' && !/status of 4(01|22)/.test(message.text())) problems.push(message.text())
  })
  page.on('pageerror', (error) => problems.push(error.message))
}
