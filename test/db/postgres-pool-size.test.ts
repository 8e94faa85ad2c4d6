// The PostgreSQL pool opens at most the configured number of connections (DATABASE_POOL_SIZE, whose
// default follows the cores: config.ts), however many queries wait: the rest queue in the pool.
// From four up, two of them are the pipelined connections of the hot named statements
// (postgres-pool.ts, pipelinedConnections), and the pool proper has the rest.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { connectDatabase, type DatabaseHandle } from '../../src/platform/db/connect.js'
import { PREPARED_QUERY_MARK } from '../../src/platform/db/prepared-query.js'
import { createTestDatabase, dropTestDatabase } from '../support/postgres.js'

const probe = inject('postgres')

describe.skipIf(!probe.available && !process.env.CI)('the PostgreSQL pool size', () => {
  let database: { name: string; url: string }
  const handles: DatabaseHandle[] = []

  beforeAll(async () => {
    if (!probe.available) throw new Error(`PostgreSQL is unreachable at ${probe.url} (${probe.reason}); under CI the PostgreSQL suites must run`)
    database = await createTestDatabase()
  })
  afterAll(async () => {
    for (const handle of handles) await handle.close()
    if (database) await dropTestDatabase(database.name)
  })

  /** The server processes that answered `queries` concurrent slow queries (named, or plain) through a pool of `poolSize`. */
  async function backendsServing(poolSize: number, queries: { plain: number; named: number }): Promise<{ plain: Set<number>; named: Set<number> }> {
    const handle = connectDatabase({ dialect: 'postgres', url: database.url }, { poolSize })
    handles.push(handle)
    const text = 'select pg_backend_pid() as pid, pg_sleep(0.05)'
    const pidOf = async (query: string) => (await sql<{ pid: number }>`${sql.raw(query)}`.execute(handle.db)).rows[0]!.pid
    const [plain, named] = await Promise.all([
      Promise.all(Array.from({ length: queries.plain }, () => pidOf(text))),
      Promise.all(Array.from({ length: queries.named }, () => pidOf(`${PREPARED_QUERY_MARK}${text}`))),
    ])
    return { plain: new Set(plain), named: new Set(named) }
  }

  it('opens no more connections than its size, and uses them all under load', async () => {
    // Below four, no pipelined connections: named statements queue in the pool like the rest.
    const three = await backendsServing(3, { plain: 12, named: 12 })
    expect(new Set([...three.plain, ...three.named]).size).toBe(3)

    const six = await backendsServing(6, { plain: 12, named: 12 })
    expect(six.plain.size).toBe(4)
    expect(six.named.size).toBeGreaterThanOrEqual(1)
    expect(six.named.size).toBeLessThanOrEqual(2)
    expect([...six.named].filter((pid) => six.plain.has(pid))).toEqual([])
  })
})
