// concurrent-statements.ts (with the pooled connections' pipeline mode, postgres-pool.ts): inside a
// view of a PostgreSQL transaction, statements issued together are handed to the connection at
// once, in the order issued, in one socket write, and run in that order; on the transaction itself
// Kysely hands them over one by one. A failing statement fails the transaction as before. SQLite
// gets the transaction unchanged.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterEach, describe, expect, inject, it, vi } from 'vitest'
import { type Db, connectDatabase } from '../../src/platform/db/connect.js'
import { withConcurrentStatements } from '../../src/platform/db/concurrent-statements.js'
import { NamedStatementClient } from '../../src/platform/db/postgres-named-statements.js'
import { settleAll } from '../../src/platform/settle-all.js'
import { useScratchPostgres } from '../support/scratch-postgres.js'

const probe = inject('postgres')
const unavailable = !probe.available
const LOCK_KEY = 4242

describe.skipIf(unavailable && !process.env.CI)('concurrent statements in a PostgreSQL transaction', () => {
  const scratch = useScratchPostgres('create table counters (id int primary key, value int not null)', 6)

  afterEach(() => {
    vi.restoreAllMocks()
  })

  /** Whether some session waits for LOCK_KEY (held by `admin`). */
  async function someoneWaits(): Promise<boolean> {
    const { rows } = await scratch.admin.query(`select count(*)::int as waiting from pg_locks where locktype = 'advisory' and objid = $1 and not granted`, [LOCK_KEY])
    return rows[0].waiting > 0
  }

  async function until(condition: () => Promise<boolean>): Promise<void> {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      if (await condition()) return
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    throw new Error('condition never held')
  }

  /**
   * In a transaction (through a view when `viewed`): a statement that waits for LOCK_KEY, and a
   * second one issued right behind it. Answers whether the second had been written to the socket
   * while the first was still waiting.
   */
  async function secondHandedOverWhileFirstWaits(viewed: boolean): Promise<boolean> {
    await scratch.admin.query('select pg_advisory_lock($1)', [LOCK_KEY])
    // What went out on the wire: every buffer written to a pooled connection's socket.
    const written: string[] = []
    const watched = new WeakSet<object>()
    const original = NamedStatementClient.prototype.query
    const spy = vi.spyOn(NamedStatementClient.prototype, 'query').mockImplementation(function (this: NamedStatementClient, ...args: unknown[]) {
      const socket = (this as unknown as { connection: { stream: { write: (chunk: Buffer, ...rest: unknown[]) => boolean } } }).connection.stream
      if (!watched.has(socket)) {
        watched.add(socket)
        const write = socket.write.bind(socket)
        socket.write = (chunk, ...rest) => {
          written.push(Buffer.from(chunk).toString('latin1'))
          return write(chunk, ...rest)
        }
      }
      return (original as (...rest: unknown[]) => never).apply(this, args)
    })
    let handedOver = false
    const run = scratch.handle.db.transaction().execute((transaction) => {
      const body = async (trx: Db) => {
        const first = sql`select pg_advisory_xact_lock(${LOCK_KEY})`.execute(trx)
        const second = sql<{ answer: number }>`select 42 as answer`.execute(trx)
        await until(someoneWaits)
        handedOver = written.some((text) => text.includes('42 as answer'))
        await scratch.admin.query('select pg_advisory_unlock($1)', [LOCK_KEY])
        const [, answered] = await settleAll([first, second])
        expect(answered.rows).toEqual([{ answer: 42 }])
      }
      return viewed ? withConcurrentStatements(transaction, body) : body(transaction)
    })
    await run
    spy.mockRestore()
    return handedOver
  }

  it('sends statements issued together at once inside a view, one by one on the transaction itself', async () => {
    expect(await secondHandedOverWhileFirstWaits(true)).toBe(true)
    expect(await secondHandedOverWhileFirstWaits(false)).toBe(false)
  })

  it('runs them in the order they were issued', async () => {
    await scratch.admin.query('insert into counters (id, value) values (1, 0) on conflict (id) do update set value = 0')
    const values = await scratch.handle.db.transaction().execute((transaction) =>
      withConcurrentStatements(transaction, (trx) =>
        settleAll(Array.from({ length: 8 }, () => sql<{ value: number }>`update counters set value = value + 1 where id = 1 returning value`.execute(trx))),
      ),
    )
    expect(values.map((result) => result.rows[0]!.value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
  })

  it('writes statements issued together to the socket at once, and statements awaited one by one each at once', async () => {
    await scratch.admin.query('insert into counters (id, value) values (1, 0) on conflict (id) do update set value = 0')
    // Every write reaching a pooled connection's socket, counted from the moment `counting` is set.
    const counter = { counting: false, writes: 0 }
    const watched = new WeakSet<object>()
    const original = NamedStatementClient.prototype.query
    const spy = vi.spyOn(NamedStatementClient.prototype, 'query').mockImplementation(function (this: NamedStatementClient, ...args: unknown[]) {
      const socket = (this as unknown as { connection: { stream: Record<'_write' | '_writev', (...rest: unknown[]) => void> } }).connection.stream
      if (!watched.has(socket)) {
        watched.add(socket)
        for (const method of ['_write', '_writev'] as const) {
          const write = socket[method].bind(socket)
          socket[method] = (...rest: unknown[]) => {
            if (counter.counting) counter.writes += 1
            write(...rest)
          }
        }
      }
      return (original as (...rest: unknown[]) => never).apply(this, args)
    })
    const increment = (trx: Db) => sql<{ value: number }>`update counters set value = value + 1 where id = 1 returning value`.execute(trx)
    const writes = { together: 0, oneByOne: 0 }
    await scratch.handle.db.transaction().execute((transaction) =>
      withConcurrentStatements(transaction, async (trx) => {
        await increment(trx)
        counter.counting = true
        await settleAll(Array.from({ length: 8 }, () => increment(trx)))
        writes.together = counter.writes
        counter.writes = 0
        for (let index = 0; index < 3; index += 1) await increment(trx)
        writes.oneByOne = counter.writes
        counter.counting = false
      }),
    )
    spy.mockRestore()
    expect(writes).toEqual({ together: 1, oneByOne: 3 })
  })

  it('fails the whole transaction when one of them fails, and leaves the connection usable', async () => {
    await scratch.admin.query('delete from counters')
    const failing = scratch.handle.db.transaction().execute((transaction) =>
      withConcurrentStatements(transaction, (trx) =>
        settleAll([
          sql`insert into counters (id, value) values (10, 1)`.execute(trx),
          sql`select 1 / 0`.execute(trx),
          sql`insert into counters (id, value) values (11, 1)`.execute(trx),
        ]),
      ),
    )
    await expect(failing).rejects.toThrow(/division by zero/)
    expect((await scratch.admin.query('select count(*)::int as rows from counters')).rows[0].rows).toBe(0)
    // Every pooled connection still answers (the failed one included, returned to the pool).
    const answers = await Promise.all(Array.from({ length: 8 }, () => scratch.handle.db.transaction().execute((trx) => sql<{ one: number }>`select 1 as one`.execute(trx))))
    expect(answers.map((result) => result.rows[0]!.one)).toEqual(Array(8).fill(1))
  })
})

describe('concurrent statements on SQLite', () => {
  it('are the transaction itself: SQLite runs statements in-process, one after the other anyway', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vendoc-concurrent-'))
    const handle = connectDatabase({ dialect: 'sqlite', file: path.join(dir, 'db.sqlite') })
    try {
      await handle.db.transaction().execute(async (transaction) => {
        await withConcurrentStatements(transaction, async (trx) => {
          expect(trx).toBe(transaction)
        })
      })
      await withConcurrentStatements(handle.db, async (db) => {
        expect(db).toBe(handle.db)
      })
    } finally {
      await handle.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
