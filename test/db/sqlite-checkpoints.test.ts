// connect.ts, sqliteCheckpointsElsewhere: with the request log on, the server's own SQLite connection
// leaves the WAL's checkpoints (copying the WAL into the file, and syncing) to the log worker's
// commits, off the event loop, and checkpoints itself only past a backstop; by default it
// checkpoints every ~1,000 pages as SQLite does.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { serverConnectOptions } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { sqliteRequestLogInserter } from '../../src/modules/integrations/request-log/sqlite-request-log-inserter.js'
import { startRequestLogWorker } from '../../src/modules/integrations/request-log/request-log-worker-client.js'
import { connectDatabase, type DatabaseHandle, SQLITE_BACKSTOP_CHECKPOINT_PAGES } from '../../src/platform/db/connect.js'
import { removeSqliteFiles } from '../../src/platform/db/sqlite-database.js'
import { migrateToLatest } from '../../src/platform/migrations/index.js'

const files: string[] = []
const handles: DatabaseHandle[] = []

afterEach(async () => {
  for (const handle of handles.splice(0)) await handle.close()
  for (const file of files.splice(0)) removeSqliteFiles(file)
})

async function open(checkpointsElsewhere: boolean) {
  const file = path.join(os.tmpdir(), `vendoc-checkpoints-${randomBytes(6).toString('hex')}.sqlite`)
  files.push(file)
  const database = connectDatabase({ dialect: 'sqlite', file }, { sqliteCheckpointsElsewhere: checkpointsElsewhere })
  handles.push(database)
  await migrateToLatest(database.db, 'sqlite')
  await sql`create table filler (id integer primary key, data blob not null)`.execute(database.db)
  // Read on the app's own connection (a transaction runs there, not on a read thread).
  const pragma = (name: string) => database.db.transaction().execute(async (trx) => Object.values((await sql.raw(`pragma ${name}`).execute(trx)).rows[0] as object)[0] as number)
  const page = await pragma('page_size')
  const pagesIn = (suffix: '' | '-wal') => Math.floor(fs.statSync(`${file}${suffix}`).size / page)
  /** About `pages` pages written by the app's connection, a few per commit. */
  const write = async (pages: number) => {
    for (let commit = 0; commit < pages / 4; commit += 1) {
      await database.db.transaction().execute(async (trx) => {
        for (let row = 0; row < 4; row += 1) await sql`insert into filler (data) values (${randomBytes(page - 200)})`.execute(trx)
      })
    }
  }
  return { file, database, pragma, pagesIn, write }
}

describe('WAL checkpoints of the server\'s SQLite connection', () => {
  it('are left to the log worker when the request log is on, and kept otherwise', () => {
    expect(serverConnectOptions(loadConfig({ DATABASE_URL: 'sqlite::memory:', REQUEST_LOG: 'on' })).sqliteCheckpointsElsewhere).toBe(true)
    expect(serverConnectOptions(loadConfig({ DATABASE_URL: 'sqlite::memory:', REQUEST_LOG: 'off' })).sqliteCheckpointsElsewhere).toBe(false)
  })

  it('run in its own commits by default, every ~1,000 pages', async () => {
    const { pragma, pagesIn, write } = await open(false)
    expect(await pragma('wal_autocheckpoint')).toBe(1000)
    await write(3000)
    // Copied into the file (all but the last ~1,000 pages), and the WAL restarted each time
    // instead of growing past ~1,000 pages.
    expect(pagesIn('')).toBeGreaterThan(1900)
    expect(pagesIn('-wal')).toBeLessThan(1200)
  })

  it('are left to the log worker\'s commits when it checkpoints elsewhere', async () => {
    const { file, pragma, pagesIn, write } = await open(true)
    expect(await pragma('wal_autocheckpoint')).toBe(SQLITE_BACKSTOP_CHECKPOINT_PAGES)
    const before = pagesIn('')
    await write(3000)
    // Nothing copied into the file: every page is still in the WAL.
    expect(pagesIn('')).toBe(before)
    expect(pagesIn('-wal')).toBeGreaterThan(2500)

    // The worker's inserter (SQLite's default threshold) checkpoints after its own commit.
    const inserter = sqliteRequestLogInserter(file)
    try {
      inserter.insert([
        {
          created_at: '2026-12-01T08:00:00.000Z', request_id: 'req_checkpoint', account_id: null, api_token_id: null, token_prefix: null, method: 'GET', path: '/api/v1/usage',
          query: null, status: 200, duration_ms: 1, ip: '127.0.0.1', user_agent: null, idempotency_key: null, error_code: null, request_headers: '{}', request_body: null,
          response_body: null, client_closed: false,
        },
      ])
    } finally {
      inserter.close()
    }
    expect(pagesIn('')).toBeGreaterThan(before + 2500)
  })

  it('are run by the log worker on a timer too, so writes without API calls do not wait for the backstop', async () => {
    const { file, pagesIn, write } = await open(true)
    const before = pagesIn('')
    await write(300)
    // Without the timer nothing copies these pages: no batch comes, and they are far below both thresholds.
    const untimed = sqliteRequestLogInserter(file)
    await new Promise((resolve) => setTimeout(resolve, 300))
    untimed.close()
    expect(pagesIn('')).toBe(before)

    // The real worker, as the server starts it: its timer copies them within about a second.
    const worker = startRequestLogWorker({ dialect: 'sqlite', file })
    try {
      await expect.poll(() => pagesIn(''), { timeout: 10_000, interval: 100 }).toBeGreaterThan(before + 250)
    } finally {
      await worker.close()
    }
  })

  it('still run in its own commits past the backstop, so the WAL stays bounded without the worker', async () => {
    const { pagesIn, write } = await open(true)
    const before = pagesIn('')
    await write(SQLITE_BACKSTOP_CHECKPOINT_PAGES + 1500)
    // The backstop counts WAL frames, b-tree pages rewritten by every commit included: it fires
    // after ~7,000 of these data pages, and everything written until then lands in the file.
    expect(pagesIn('')).toBeGreaterThan(before + SQLITE_BACKSTOP_CHECKPOINT_PAGES / 2)
    expect(pagesIn('-wal')).toBeLessThan(SQLITE_BACKSTOP_CHECKPOINT_PAGES * 1.2)
  })
})
