// The request log worker's raw SQLite inserts (sqlite-request-log-inserter.ts): a batch is one
// transaction (all rows or none), and it waits for another connection's write transaction to end
// instead of failing — the app's own writes hold that lock while the worker's batch comes in —
// up to a limit, after which the batch fails whole and the next one is stored.
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RequestLogEntry } from '../../src/modules/integrations/request-log/request-log-entry.js'
import { sqliteRequestLogInserter } from '../../src/modules/integrations/request-log/sqlite-request-log-inserter.js'
import { connectDatabase, type DatabaseHandle } from '../../src/platform/db/connect.js'
import { migrateToLatest } from '../../src/platform/migrations/index.js'
import { removeSqliteFiles } from '../../src/platform/db/sqlite-database.js'

const require_ = createRequire(import.meta.url)

function entry(requestId: string, overrides: Partial<RequestLogEntry> = {}): RequestLogEntry {
  return {
    created_at: '2026-11-30T08:00:00.000Z',
    request_id: requestId,
    account_id: null,
    api_token_id: null,
    token_prefix: null,
    method: 'POST',
    path: '/api/v1/proposals',
    query: 'page=2',
    status: 201,
    duration_ms: 12.25,
    ip: '203.0.113.9',
    user_agent: 'crm/1.0',
    idempotency_key: 'key-1',
    error_code: null,
    request_headers: '{"content-type":"application/json"}',
    request_body: '{"title":"Proposta"}',
    response_body: '{"id":1}',
    client_closed: false,
    ...overrides,
  }
}

describe('request log worker inserts on SQLite', () => {
  let file: string
  let database: DatabaseHandle

  beforeEach(async () => {
    file = path.join(os.tmpdir(), `vendoc-log-inserter-${randomBytes(6).toString('hex')}.sqlite`)
    database = connectDatabase({ dialect: 'sqlite', file })
    await migrateToLatest(database.db, 'sqlite')
  })

  afterEach(async () => {
    await database.close()
    removeSqliteFiles(file)
  })

  const storedIds = async () => (await database.db.selectFrom('request_logs').select('request_id').orderBy('id').execute()).map((row) => row.request_id)

  it('stores every column of every entry of a batch as given', async () => {
    const inserter = sqliteRequestLogInserter(file)
    try {
      inserter.insert([entry('req_a'), entry('req_b', { method: 'GET', status: 404, error_code: 'proposal_not_found', request_body: null, client_closed: true })])
    } finally {
      inserter.close()
    }
    const rows = await database.db.selectFrom('request_logs').selectAll().orderBy('id').execute()
    // SQLite gives booleans back as 0/1.
    expect(rows.map(({ id: _id, ...row }) => ({ ...row, client_closed: Boolean(row.client_closed) }))).toEqual([
      entry('req_a'),
      entry('req_b', { method: 'GET', status: 404, error_code: 'proposal_not_found', request_body: null, client_closed: true }),
    ])
  })

  it('a batch with one row the database refuses stores none of its rows; the next batch is stored', async () => {
    const inserter = sqliteRequestLogInserter(file)
    try {
      // No account 987654 exists: the foreign key refuses the second row.
      expect(() => inserter.insert([entry('req_ok_1'), entry('req_bad', { account_id: 987_654 }), entry('req_ok_2')])).toThrow(/FOREIGN KEY/)
      inserter.insert([entry('req_next')])
    } finally {
      inserter.close()
    }
    expect(await storedIds()).toEqual(['req_next'])
  })

  /**
   * Another thread takes the write lock, writes a row and says so; it commits `holdMs` after this
   * thread sets the shared flag, which it does right before inserting.
   */
  async function lockHolder(holdMs: number) {
    const flag = new Int32Array(new SharedArrayBuffer(4))
    const holder = new Worker(
      `const Database = require(${JSON.stringify(require_.resolve('better-sqlite3'))})
       const { parentPort, workerData } = require('node:worker_threads')
       const db = new Database(workerData.file)
       db.exec('BEGIN IMMEDIATE')
       db.prepare("insert into request_logs (created_at, request_id, method, path, status, duration_ms) values ('2026-11-30T07:00:00.000Z', 'req_holder', 'GET', '/api/v1/usage', 200, 1)").run()
       parentPort.postMessage('locked')
       Atomics.wait(workerData.flag, 0, 0)
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs)
       db.exec('COMMIT')
       db.close()`,
      { eval: true, workerData: { file, flag, holdMs } },
    )
    const exited = new Promise((resolve) => holder.once('exit', resolve))
    await new Promise((resolve) => holder.once('message', resolve))
    return {
      release: () => {
        Atomics.store(flag, 0, 1)
        Atomics.notify(flag, 0)
      },
      exited,
    }
  }

  it("waits for another connection's write transaction to end instead of failing, then stores the batch", async () => {
    const holder = await lockHolder(300)
    const inserter = sqliteRequestLogInserter(file)
    let waitedMs: number
    try {
      holder.release()
      const started = Date.now()
      inserter.insert([entry('req_after_wait')])
      waitedMs = Date.now() - started
    } finally {
      inserter.close()
      await holder.exited
    }
    // The insert began while the lock was held and could only succeed after the commit.
    expect(waitedMs).toBeGreaterThanOrEqual(250)
    expect(await storedIds()).toEqual(['req_holder', 'req_after_wait'])
  })

  it('gives up after its lock wait, storing nothing of that batch; the next batch is stored', async () => {
    const holder = await lockHolder(1_500)
    const inserter = sqliteRequestLogInserter(file, { lockWaitMs: 200 })
    try {
      holder.release()
      expect(() => inserter.insert([entry('req_gave_up')])).toThrow(/locked|busy/i)
      await holder.exited
      inserter.insert([entry('req_next')])
    } finally {
      inserter.close()
    }
    expect(await storedIds()).toEqual(['req_holder', 'req_next'])
  })
})
