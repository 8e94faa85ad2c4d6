// postgres-pipelined-statements.ts and postgres-routed-pool.ts: outside a transaction the hot named
// statements run on the pipelined connections, everything else and every statement of a
// transaction on a pooled one; one turn's statements leave in one write; a failing statement
// fails alone; a connection that dies is replaced; closing waits for the statements sent.
import pg from 'pg'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { connectDatabase, type DatabaseHandle } from '../../src/platform/db/connect.js'
import { NamedStatementClient } from '../../src/platform/db/postgres-named-statements.js'
import { PipelinedStatements } from '../../src/platform/db/postgres-pipelined-statements.js'
import { pipelinedConnections } from '../../src/platform/db/postgres-pool.js'
import { PREPARED_QUERY_MARK } from '../../src/platform/db/prepared-query.js'
import { createTestDatabase, dropTestDatabase } from '../support/postgres.js'

const probe = inject('postgres')
const unavailable = !probe.available

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe.skipIf(unavailable && !process.env.CI)('pipelined PostgreSQL statements', () => {
  let database: { name: string; url: string }
  let admin: pg.Client

  beforeAll(async () => {
    if (unavailable) throw new Error(`PostgreSQL is unreachable at ${probe.url} (${probe.reason}); under CI the PostgreSQL suites must run`)
    database = await createTestDatabase()
    admin = new pg.Client({ connectionString: database.url })
    await admin.connect()
  })

  afterAll(async () => {
    await admin?.end()
    if (database) await dropTestDatabase(database.name)
  })

  /** A pipeline over `connections` clients, with every socket write of theirs counted. */
  function countedPipeline(connections: number) {
    const counter = { writes: 0 }
    const pipeline = new PipelinedStatements({
      connections,
      createClient: () => {
        const client = new NamedStatementClient({ connectionString: database.url, pipeline: true })
        const socket = (client as unknown as { connection: { stream: { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void } } }).connection.stream
        for (const method of ['_write', '_writev'] as const) {
          const original = socket[method].bind(socket)
          socket[method] = (...args: unknown[]) => {
            counter.writes += 1
            original(...args)
          }
        }
        return client
      },
    })
    return { pipeline, counter }
  }

  const pidQuery = `${PREPARED_QUERY_MARK}select pg_backend_pid() as pid`

  it('takes two of a pool of four or more for the pipeline, none of a smaller one', () => {
    expect([1, 2, 3, 4, 5, 10].map(pipelinedConnections)).toEqual([0, 0, 0, 2, 2, 2])
  })

  describe('through the app’s database handle', () => {
    let handle: DatabaseHandle

    beforeAll(() => {
      // Four: two pooled connections and two pipelined ones (postgres-pool.ts, pipelinedConnections).
      handle = connectDatabase({ dialect: 'postgres', url: database.url }, { poolSize: 4 })
    })

    afterAll(async () => {
      await handle?.close()
    })

    const pidOf = async (db: DatabaseHandle['db'], text: string) => (await sql<{ pid: number }>`${sql.raw(text)}`.execute(db)).rows[0]!.pid

    it('runs the named statements outside a transaction on the pipelined connections, anything else and a whole transaction on a pooled one', async () => {
      const pipelined = new Set<number>()
      // Concurrently, so both pipelined connections open and turns spread over them.
      for (let round = 0; round < 5; round += 1) {
        for (const pid of await Promise.all(Array.from({ length: 4 }, () => pidOf(handle.db, pidQuery)))) pipelined.add(pid)
        await sleep(1)
      }
      expect(pipelined.size).toBe(2)

      const pooled = await pidOf(handle.db, 'select pg_backend_pid() as pid')
      expect(pipelined.has(pooled)).toBe(false)

      const inTransaction = await handle.db.transaction().execute(async (trx) => [await pidOf(trx, pidQuery), await pidOf(trx, 'select pg_backend_pid() as pid'), await pidOf(trx, pidQuery)])
      expect(new Set(inTransaction).size).toBe(1)
      expect(pipelined.has(inTransaction[0]!)).toBe(false)
    })

    it('a named statement inside a transaction sees the transaction’s own uncommitted write; outside, only committed ones', async () => {
      await sql`create table pipelined_probe (id int primary key)`.execute(handle.db)
      const count = `${PREPARED_QUERY_MARK}select count(*)::int as n from pipelined_probe`
      const seen = await handle.db.transaction().execute(async (trx) => {
        await sql`insert into pipelined_probe values (1)`.execute(trx)
        const inside = (await sql<{ n: number }>`${sql.raw(count)}`.execute(trx)).rows[0]!.n
        const outside = (await sql<{ n: number }>`${sql.raw(count)}`.execute(handle.db)).rows[0]!.n
        return { inside, outside }
      })
      expect(seen).toEqual({ inside: 1, outside: 0 })
      expect((await sql<{ n: number }>`${sql.raw(count)}`.execute(handle.db)).rows[0]!.n).toBe(1)
    })
  })

  it('sends one turn’s statements in one write, and statements of separate turns in one write each', async () => {
    const { pipeline, counter } = countedPipeline(1)
    try {
      await pipeline.query(pidQuery, []) // connects and prepares the statement
      counter.writes = 0
      const rows = await Promise.all(Array.from({ length: 10 }, (_, index) => pipeline.query<{ n: number }>(`${PREPARED_QUERY_MARK}select $1::int as n`, [index])))
      expect(rows.map((result) => result.rows[0]!.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
      // The first of these statements was new to the connection: its Parse went in the same write.
      expect(counter.writes).toBe(1)

      counter.writes = 0
      for (let index = 0; index < 3; index += 1) await pipeline.query(`${PREPARED_QUERY_MARK}select $1::int as n`, [index])
      expect(counter.writes).toBe(3)
    } finally {
      await pipeline.end()
    }
  })

  it('fails a failing statement alone among its turn’s, and the connection carries on', async () => {
    const { pipeline } = countedPipeline(1)
    try {
      await pipeline.query(pidQuery, [])
      const settled = await Promise.allSettled([
        pipeline.query<{ n: number }>(`${PREPARED_QUERY_MARK}select 1 as n`, []),
        pipeline.query(`${PREPARED_QUERY_MARK}select 1 / $1::int as n`, [0]),
        pipeline.query<{ n: number }>(`${PREPARED_QUERY_MARK}select 3 as n`, []),
      ])
      expect(settled.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
      expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({ code: '22012' }) // division_by_zero
      expect((settled[2] as PromiseFulfilledResult<pg.QueryResult<{ n: number }>>).value.rows).toEqual([{ n: 3 }])
      expect((await pipeline.query<{ n: number }>(`${PREPARED_QUERY_MARK}select 1 / $1::int as n`, [1])).rows).toEqual([{ n: 1 }])
    } finally {
      await pipeline.end()
    }
  })

  it('replaces a connection the database ended, and closing waits for the statements already sent', async () => {
    const { pipeline } = countedPipeline(2)
    try {
      const before = new Set((await Promise.all([pipeline.query<{ pid: number }>(pidQuery, []), pipeline.query<{ pid: number }>(pidQuery, [])])).map((r) => r.rows[0]!.pid))
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where pid = any($1::int[])', [[...before]])
      let after: number | null = null
      for (let attempt = 0; attempt < 50 && after === null; attempt += 1) {
        after = await pipeline.query<{ pid: number }>(pidQuery, []).then(
          (result) => result.rows[0]!.pid,
          () => null,
        )
        if (after === null) await sleep(20)
      }
      expect(after).not.toBeNull()
      expect(before.has(after!)).toBe(false)

      const slow = pipeline.query<{ n: number }>(`${PREPARED_QUERY_MARK}select 7 as n from pg_sleep(0.2)`, [])
      await sleep(20)
      await pipeline.end()
      expect((await slow).rows).toEqual([{ n: 7 }])
      await expect(pipeline.query(pidQuery, [])).rejects.toThrow(/closed/)
    } finally {
      await pipeline.end()
    }
  })
})
