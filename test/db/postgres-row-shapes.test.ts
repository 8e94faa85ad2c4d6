// postgres-row-shapes.ts: the rows of a named (hot) statement, built by its compiled shape, are
// the rows pg builds itself for the same text sent unnamed: the same keys in the same order, the
// same parsed values (the app's type parsers included), duplicates and nulls alike; a description
// that changes compiles anew; each client's own parsers are used; a failing statement or parser
// rejects and leaves its connection usable.
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { NamedStatementClient } from '../../src/platform/db/postgres-named-statements.js'
import { openPostgresPool } from '../../src/platform/db/postgres-pool.js'
import { ShapedRowsQuery } from '../../src/platform/db/postgres-row-shapes.js'
import { PREPARED_QUERY_MARK } from '../../src/platform/db/prepared-query.js'
import { createTestDatabase, dropTestDatabase } from '../support/postgres.js'

const probe = inject('postgres')
const unavailable = !probe.available

// Every type the app reads, with a parameter, a duplicate name and nulls.
const WIDE_ROW = `select $1::int8 as id, 12.50::numeric as total, '2026-03-04'::date as day,
  '2026-03-04 05:06:07.89+00'::timestamptz as at, '2026-03-04 05:06:07'::timestamp as local_at,
  'texto ção'::text as name, null::text as missing, null::int8 as missing_number,
  '{"items":[{"a":1}]}'::json as items, true as flag, 7::int4 as small, 'first' as dup, 'second' as dup,
  'x'::varchar(3) as code, 2.5::float8 as ratio
  from generate_series(1, $2::int) as serie`

/** pg's Result keeps the parsers it looked up for this execution; the shaped path leaves them unset. */
function perExecutionParsers(result: pg.QueryResult): unknown[] | undefined {
  return (result as unknown as { _parsers?: unknown[] })._parsers
}

describe.skipIf(unavailable && !process.env.CI)('rows of named PostgreSQL statements', () => {
  let database: { name: string; url: string }
  let pool: pg.Pool

  beforeAll(async () => {
    if (unavailable) throw new Error(`PostgreSQL is unreachable at ${probe.url} (${probe.reason}); under CI the PostgreSQL suites must run`)
    database = await createTestDatabase()
    pool = openPostgresPool(database.url, {})
  })

  afterAll(async () => {
    await pool?.end()
    if (database) await dropTestDatabase(database.name)
  })

  /** Both ways on one connection, as Kysely sends them: the promise form, the text with and without the mark. */
  async function bothWays(sql: string, values: unknown[]): Promise<{ named: pg.QueryResult; unnamed: pg.QueryResult }> {
    const client = await pool.connect()
    try {
      const named = await client.query(`${PREPARED_QUERY_MARK}${sql}`, values)
      const unnamed = await client.query(sql, values)
      return { named, unnamed }
    } finally {
      client.release()
    }
  }

  describe('happy', () => {
    it('builds the rows pg builds, keys in the same order, for one row, many and none, run after run', async () => {
      for (const count of [1, 3, 0, 50]) {
        const { named, unnamed } = await bothWays(WIDE_ROW, [42, count])
        expect(named.rows).toHaveLength(count)
        expect(named.rows).toEqual(unnamed.rows)
        for (const [index, row] of named.rows.entries()) expect(Object.keys(row)).toEqual(Object.keys(unnamed.rows[index]))
        expect(named.rowCount).toBe(count)
        expect(named.command).toBe('SELECT')
        expect(named.fields.map((field) => field.name)).toEqual(unnamed.fields.map((field) => field.name))
        // The compiled shape built them: pg's per-execution parsers (Result.addFields) were never set up.
        if (count > 0) expect(perExecutionParsers(named)).toBeUndefined()
        if (count > 0) expect(perExecutionParsers(unnamed)).toHaveLength(15)
      }
      const { named } = await bothWays(WIDE_ROW, [42, 1])
      // The app's parsers ran: int8 and numeric as numbers, dates as text, instants in ISO form.
      expect(named.rows[0]).toEqual({
        id: 42,
        total: 12.5,
        day: '2026-03-04',
        at: '2026-03-04T05:06:07.890Z',
        local_at: expect.any(String),
        name: 'texto ção',
        missing: null,
        missing_number: null,
        items: { items: [{ a: 1 }] },
        flag: true,
        small: 7,
        dup: 'second',
        code: 'x',
        ratio: 2.5,
      })
      expect(Object.keys(named.rows[0]).indexOf('dup')).toBe(11)
    })

    it('named statements go through the shaped rows, unnamed ones through pg alone', async () => {
      const rows = vi.spyOn(ShapedRowsQuery.prototype, 'handleDataRow')
      try {
        await bothWays(WIDE_ROW, [1, 4])
        // Only the named run's four rows: the unnamed run's never reach the subclass.
        expect(rows).toHaveBeenCalledTimes(4)
      } finally {
        rows.mockRestore()
      }
    })

    it('compiles anew when a statement of the same text returns other columns (a migration run meanwhile)', async () => {
      const setup = await pool.connect()
      try {
        await setup.query('create table shaped (a int8 not null)')
        await setup.query('insert into shaped (a) values (1)')
        const before = await setup.query(`${PREPARED_QUERY_MARK}select * from shaped`)
        expect(before.rows).toEqual([{ a: 1 }])
        await setup.query(`alter table shaped add column b text not null default 'novo'`)
        // A connection opened after the change prepares the text anew and gets the new description.
        const fresh = await pool.connect()
        try {
          const after = await fresh.query(`${PREPARED_QUERY_MARK}select * from shaped`)
          expect(after.rows).toEqual([{ a: 1, b: 'novo' }])
        } finally {
          fresh.release()
        }
      } finally {
        setup.release()
      }
    })

    it('a column named __proto__ is an own property, as pg makes it', async () => {
      const sql = `select 1 as "__proto__", 2 as other`
      const { named, unnamed } = await bothWays(sql, [])
      expect(Object.getOwnPropertyNames(named.rows[0])).toEqual(Object.getOwnPropertyNames(unnamed.rows[0]))
      expect(Object.getPrototypeOf(named.rows[0])).toBe(Object.prototype)
      expect(named.rows[0].other).toBe(2)
      // pg's own path built this one.
      expect(perExecutionParsers(named)).toHaveLength(2)
    })
  })

  describe('sad', () => {
    it('a statement failing halfway through its rows rejects, and its connection still answers', async () => {
      const client = await pool.connect()
      try {
        const failing = `select 10 / (serie - 3) as ratio from generate_series(1, 5) as serie`
        await expect(client.query(`${PREPARED_QUERY_MARK}${failing}`, [])).rejects.toThrow(/division by zero/)
        const next = await client.query(`${PREPARED_QUERY_MARK}select $1::int8 as id`, [5])
        expect(next.rows).toEqual([{ id: 5 }])
      } finally {
        client.release()
      }
    })

    it("a parser that throws rejects the query as pg does, and another client's parsers are never borrowed", async () => {
      const sql = `select 7::int4 as small, 'x'::text as name`
      // The app's pool compiles the statement's shape first, with its parsers (int4 as a number).
      const { named } = await bothWays(sql, [])
      expect(named.rows).toEqual([{ small: 7, name: 'x' }])
      // A pool whose int4 parser refuses every value: the same text must use that parser, not the shape above.
      const refusing = new pg.Pool({
        connectionString: database.url,
        max: 1,
        Client: NamedStatementClient,
        types: {
          getTypeParser: ((oid: number, format: 'text') =>
            oid === 23
              ? (value: string) => {
                  throw new Error(`int4 refused: ${value}`)
                }
              : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
        },
      })
      const client = await refusing.connect()
      try {
        const unnamed = await client.query(sql).then(
          () => 'resolved',
          (error: Error) => error.message,
        )
        const shaped = await client.query(`${PREPARED_QUERY_MARK}${sql}`).then(
          () => 'resolved',
          (error: Error) => error.message,
        )
        expect(unnamed).toBe('int4 refused: 7')
        expect(shaped).toBe(unnamed)
        const next = await client.query(`${PREPARED_QUERY_MARK}select 'ok'::text as status`)
        expect(next.rows).toEqual([{ status: 'ok' }])
      } finally {
        client.release()
        await refusing.end()
      }
    })
  })
})
