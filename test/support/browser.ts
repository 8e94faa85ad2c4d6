// Browser tests: Debian's Chromium driven by playwright-core against the real app listening on a free
// loopback port over a fresh SQLite file. Without Chromium the suites skip with a message, except
// under CI, where .ci/run installs it and its absence is a failure.
import { chromium, type Browser } from 'playwright-core'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { connectDatabase, type DatabaseHandle } from '../../src/platform/db/connect.js'
import { migrateToLatest } from '../../src/platform/migrations/index.js'

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
export async function startBrowserHarness(prepare: (database: DatabaseHandle) => Promise<void> = async () => undefined, env: Record<string, string> = {}): Promise<BrowserHarness> {
  const file = path.join(os.tmpdir(), `vendoc-browser-${process.pid}-${Date.now()}.sqlite`)
  const config = loadConfig({ LOG_LEVEL: 'silent', PORT: '0', ...env, DATABASE_URL: `sqlite:${file}` })
  const database = connectDatabase(config.database)
  await migrateToLatest(database.db, database.dialect)
  await prepare(database)
  const app = await buildApp({ config, database })
  await app.listen({ port: config.port, host: '127.0.0.1' })
  const address = app.server.address()
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
  return {
    app,
    database,
    browser,
    baseUrl,
    async close() {
      await browser.close()
      await app.close()
      await database.close()
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true })
    },
  }
}
