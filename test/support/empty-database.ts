// A database of its own, empty (not migrated), for tests that migrate step by step, with an
// account written in SQL; and the PostgreSQL probe those tests share with describeEachDialect's
// rule: unreachable, the suite is skipped, except under CI, where it must fail.
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, describe, inject } from 'vitest'
import { connectDatabase, type Db, type DatabaseHandle, type Dialect } from '../../src/platform/db/connect.js'
import { removeSqliteFiles } from '../../src/platform/db/sqlite-database.js'
import { DIALECTS } from './dialects.js'
import { createTestDatabase, dropTestDatabase } from './postgres.js'

export async function openEmptyDatabase(dialect: Dialect): Promise<{ database: DatabaseHandle; remove: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const file = path.join(os.tmpdir(), `vendoc-migration-${randomBytes(6).toString('hex')}.sqlite`)
    return { database: connectDatabase({ dialect, file }), remove: async () => removeSqliteFiles(file) }
  }
  const { name, url } = await createTestDatabase()
  return { database: connectDatabase({ dialect, url }), remove: () => dropTestDatabase(name) }
}

/** Whether the dialect's suite is skipped here, and the check its tests start with under CI. */
export function dialectAvailability(dialect: Dialect): { skip: boolean; requireDatabase: () => void } {
  const probe = dialect === 'postgres' ? inject('postgres') : undefined
  const unavailable = probe !== undefined && !probe.available
  return {
    skip: unavailable && !process.env.CI,
    requireDatabase: () => {
      if (unavailable) throw new Error(`PostgreSQL is unreachable at ${probe!.url}; under CI the PostgreSQL suites must run`)
    },
  }
}

/**
 * An account row written in SQL, for a database stopped at an earlier migration, where the
 * modules' code (written for the latest schema) cannot be used; on the first plan. Returns its id.
 */
export async function insertBareAccount(db: Db): Promise<number> {
  const plan = await sql<{ id: number }>`select id from plans order by id limit 1`.execute(db)
  const now = new Date().toISOString()
  const account = await sql<{ id: number }>`insert into accounts (name, plan_id, time_zone, created_at, updated_at) values ('Conta', ${plan.rows[0]!.id}, 'America/Sao_Paulo', ${now}, ${now}) returning id`.execute(db)
  return Number(account.rows[0]!.id)
}

/**
 * A suite per dialect whose tests each open a database of their own, empty and not migrated
 * (`openDatabase()`), closed and removed after the suite; skipped when PostgreSQL is unreachable,
 * except under CI, where its tests fail.
 */
export function describeEachEmptyDatabase(name: string, fn: (dialect: Dialect, openDatabase: () => Promise<DatabaseHandle>) => void): void {
  for (const dialect of DIALECTS) {
    const availability = dialectAvailability(dialect)
    describe.skipIf(availability.skip)(`${name} [${dialect}]`, () => {
      const cleanups: Array<() => Promise<void>> = []
      afterAll(async () => {
        for (const cleanup of cleanups.reverse()) await cleanup()
      })
      fn(dialect, async () => {
        availability.requireDatabase()
        const { database, remove } = await openEmptyDatabase(dialect)
        cleanups.push(remove, () => database.close())
        return database
      })
    })
  }
}
