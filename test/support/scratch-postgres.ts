// A PostgreSQL database of its own for one describe block of the platform's tests: created with
// `schema` before the block's tests, with a plain client for the test's own checks and a Vendoc
// connection of `poolSize`; dropped after them. Under CI an unreachable server fails the block.
import pg from 'pg'
import { afterAll, beforeAll, inject } from 'vitest'
import { connectDatabase, type DatabaseHandle } from '../../src/platform/db/connect.js'
import { createTestDatabase, dropTestDatabase } from './postgres.js'

export interface ScratchPostgres {
  admin: pg.Client
  handle: DatabaseHandle
}

export function useScratchPostgres(schema: string, poolSize: number): ScratchPostgres {
  const probe = inject('postgres')
  const scratch = {} as ScratchPostgres
  let name: string | undefined
  beforeAll(async () => {
    if (!probe.available) throw new Error(`PostgreSQL is unreachable at ${probe.url} (${probe.reason}); under CI the PostgreSQL suites must run`)
    const database = await createTestDatabase()
    name = database.name
    scratch.admin = new pg.Client({ connectionString: database.url })
    await scratch.admin.connect()
    await scratch.admin.query(schema)
    scratch.handle = connectDatabase({ dialect: 'postgres', url: database.url }, { poolSize })
  })
  afterAll(async () => {
    await scratch.handle?.close()
    await scratch.admin?.end()
    if (name !== undefined) await dropTestDatabase(name)
  })
  return scratch
}
