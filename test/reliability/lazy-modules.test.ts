// The PDF stack (pdfkit, pdf-lib, fontkit), the Liquid engine and the PostgreSQL driver load on
// first use, not at startup: a SQLite server answering only API calls never needs them, and they
// were ~35 MB of its resident memory (docs/PERFORMANCE.md, issue 6's RSS target). A static
// import added anywhere in the server's graph would bring them back silently; this catches it.
// A child process, so nothing another test loaded is counted.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'

const run = promisify(execFile)
// CommonJS packages, visible in require.cache. pdfkit (and its line breaker) are ES modules,
// invisible there; unicode-trie (CommonJS, which pdfkit's text layout loads) is the witness that
// pdfkit was loaded. The request log's worker thread is not seen here (REQUEST_LOG=off).
const LAZY = ['pdf-lib', '@pdf-lib/fontkit', 'liquidjs', 'pg', 'unicode-trie']

const SCRIPT = `
import { createRequire } from 'node:module'
import { buildApp } from './src/app.ts'
import { loadConfig } from './src/config.ts'
import { connectDatabase } from './src/platform/db/connect.ts'
import { migrateToLatest } from './src/platform/migrations/index.ts'
import { createAccount } from './src/modules/accounts/accounts.ts'
import { createApiToken } from './src/modules/integrations/api-tokens.ts'
import { systemClock } from './src/platform/clock.ts'
import './src/job-handlers.ts'
const config = loadConfig()
const database = connectDatabase(config.database)
await migrateToLatest(database.db, database.dialect)
const app = await buildApp({ config, database })
const account = await createAccount(database.db, systemClock, { name: 'Lazy Ltda' })
const { token } = await createApiToken(database.db, systemClock, account.id)
const statuses = []
for (const url of ['/api/v1/registration-data', '/api/v1/proposals/1', '/api/v1/usage']) {
  statuses.push((await app.inject({ method: 'GET', url, headers: { authorization: 'Bearer ' + token } })).statusCode)
}
const packages = new Set(Object.keys(createRequire(import.meta.url).cache).map((file) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(file)?.[1]))
console.log(JSON.stringify({ statuses, loaded: ${JSON.stringify(LAZY)}.filter((name) => packages.has(name)), sanity: ['fastify', 'better-sqlite3'].filter((name) => packages.has(name)) }))
await app.close()
await database.close()
`

it('a SQLite server answering API calls has not loaded the PDF stack, liquidjs or pg', { timeout: 60_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vendoc-lazy-'))
  try {
    const script = path.join(process.cwd(), `.lazy-modules-${process.pid}.mts`)
    fs.writeFileSync(script, SCRIPT)
    try {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', script], {
        cwd: process.cwd(),
        env: { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, 'lazy.sqlite')}`, REQUEST_LOG: 'off', LOG_LEVEL: 'silent' },
      })
      const result = JSON.parse(stdout.trim().split('\n').at(-1)!)
      expect(result.statuses).toEqual([200, 404, 200])
      // The check can see CommonJS packages at all (both of these are, and are always loaded).
      expect(result.sanity).toEqual(['fastify', 'better-sqlite3'])
      expect(result.loaded).toEqual([])
    } finally {
      fs.rmSync(script, { force: true })
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
