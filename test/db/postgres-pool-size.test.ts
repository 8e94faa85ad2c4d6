// The PostgreSQL pool opens at most the configured number of connections (DATABASE_POOL_SIZE, whose
// default follows the cores: config.ts), however many queries wait: the rest queue in the pool.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { connectDatabase, type DatabaseHandle } from '../../src/platform/db/connect.js'
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

  /** The distinct server processes that answered `queries` concurrent slow queries through a pool of `poolSize`. */
  async function backendsServing(poolSize: number, queries: number): Promise<number> {
    const handle = connectDatabase({ dialect: 'postgres', url: database.url }, { poolSize })
    handles.push(handle)
    const pids = await Promise.all(
      Array.from({ length: queries }, async () => (await sql<{ pid: number }>`select pg_backend_pid() as pid, pg_sleep(0.05)`.execute(handle.db)).rows[0]!.pid),
    )
    return new Set(pids).size
  }

  it('opens no more connections than its size, and uses them all under load', async () => {
    expect(await backendsServing(3, 12)).toBe(3)
    expect(await backendsServing(6, 12)).toBe(6)
  })
})
