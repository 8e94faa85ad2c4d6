// Our SQLite driver (src/platform/db/sqlite-driver.ts): queries queue in arrival order, and when
// another connection holds the write lock the app waits without blocking the event loop, then
// proceeds once the lock is released.
import type BetterSqlite3 from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../src/platform/db/connect.js'
import { FifoLock } from '../../src/platform/db/fifo-lock.js'
import { openSqlitePair, type SqlitePair } from '../support/sqlite-pair.js'

describe('FifoLock', () => {
  it('hands the lock to waiters in arrival order, one at a time', async () => {
    const lock = new FifoLock()
    const order: number[] = []
    await lock.acquire()
    const waiters = [1, 2, 3].map((n) => lock.acquire().then(() => order.push(n)))
    await Promise.resolve()
    expect(order).toEqual([])
    for (let released = 1; released <= 3; released += 1) {
      lock.release()
      await waiters[released - 1]
      expect(order).toEqual([1, 2, 3].slice(0, released))
    }
    lock.release()
    // Free again: the next caller gets it at once.
    await lock.acquire()
  })

  it('tells what its oldest waiter wants the lock for', async () => {
    const lock = new FifoLock()
    await lock.acquire()
    expect(lock.nextPurpose()).toBe(null)
    const transaction = lock.acquire('transaction')
    const statement = lock.acquire()
    expect(lock.nextPurpose()).toBe('transaction')
    lock.release()
    await transaction
    expect(lock.nextPurpose()).toBe('statement')
    lock.release()
    await statement
    expect(lock.nextPurpose()).toBe(null)
  })
})

// Both ways the driver runs: every query on the one connection, and (the server's default) reads
// outside transactions on the read thread, where writes and transactions must behave the same.
describe.each([false, true])('SQLite driver (read thread %s)', (sqliteReadThread) => {
  let pair: SqlitePair | undefined
  let database: DatabaseHandle
  let other: BetterSqlite3.Database

  async function open() {
    pair = await openSqlitePair(sqliteReadThread)
    ;({ database, other } = pair)
  }

  afterEach(async () => {
    await pair?.close()
    pair = undefined
  })

  it('waits for another connection’s write lock without blocking the event loop, then writes', async () => {
    await open()
    other.exec('begin immediate')
    other.prepare("insert into plans (code, name, api_access, monthly_creation_limit) values ('other', 'Other', 1, 10)").run()
    let written = false
    const write = database.db
      .insertInto('plans')
      .values({ code: 'mine', name: 'Mine', api_access: true, monthly_creation_limit: 5 })
      .execute()
      .then(() => (written = true))
    // Timers keep firing on time while the write waits: the event loop is free. (SQLite's own busy
    // timeout would hold the thread, and these five 10 ms timers, for up to 5 s.)
    const started = Date.now()
    for (let index = 0; index < 5; index += 1) await new Promise((resolve) => setTimeout(resolve, 10))
    expect(Date.now() - started).toBeLessThan(1_000)
    expect(written).toBe(false)
    other.exec('commit')
    await write
    const codes = (await database.db.selectFrom('plans').select('code').where('code', 'in', ['other', 'mine']).orderBy('code').execute()).map((row) => row.code)
    expect(codes).toEqual(['mine', 'other'])
  })

  it('a transaction waits for the lock before it starts, then commits whole', async () => {
    await open()
    other.exec('begin immediate')
    const transaction = database.db.transaction().execute(async (trx) => {
      await trx.insertInto('plans').values({ code: 't1', name: 'T1', api_access: true, monthly_creation_limit: 1 }).execute()
      await trx.insertInto('plans').values({ code: 't2', name: 'T2', api_access: true, monthly_creation_limit: 1 }).execute()
    })
    await new Promise((resolve) => setTimeout(resolve, 30))
    other.exec('rollback')
    await transaction
    expect((await database.db.selectFrom('plans').select('code').where('code', 'in', ['t1', 't2']).execute()).length).toBe(2)
  })

  it('a query issued while a transaction is open waits for it and never becomes part of it', async () => {
    await open()
    let releaseTransaction!: () => void
    const paused = new Promise<void>((resolve) => (releaseTransaction = resolve))
    let insideStarted!: () => void
    const started = new Promise<void>((resolve) => (insideStarted = resolve))
    const transaction = database.db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('plans').values({ code: 'in-trx', name: 'In', api_access: true, monthly_creation_limit: 1 }).execute()
        insideStarted()
        // The transaction awaits something else with the connection's lock held.
        await paused
        throw new Error('roll back')
      })
      .catch((error: Error) => error.message)
    await started
    let outsideDone = false
    const outside = database.db
      .insertInto('plans')
      .values({ code: 'outside', name: 'Out', api_access: true, monthly_creation_limit: 1 })
      .execute()
      .then(() => (outsideDone = true))
    await new Promise((resolve) => setTimeout(resolve, 20))
    // Queued behind the open transaction rather than slipped into it.
    expect(outsideDone).toBe(false)
    releaseTransaction()
    expect(await transaction).toBe('roll back')
    await outside
    const codes = (await database.db.selectFrom('plans').select('code').where('code', 'in', ['in-trx', 'outside']).execute()).map((row) => row.code)
    // The rollback took the transaction's row and only that one.
    expect(codes).toEqual(['outside'])
  })
})
