// postgres-group-commit.ts: work under one key queues and commits in groups, each member in a
// savepoint. A member's result comes only after its group committed; a failing member is undone
// alone; a failed COMMIT fails every member; groups hold at most MAX_MEMBERS; keys do not mix.
import { sql } from 'kysely'
import { beforeEach, describe, expect, inject, it } from 'vitest'
import type { Db } from '../../src/platform/db/connect.js'
import { inGroupCommit, MAX_MEMBERS } from '../../src/platform/db/postgres-group-commit.js'
import { useScratchPostgres } from '../support/scratch-postgres.js'

const probe = inject('postgres')
const unavailable = !probe.available

describe.skipIf(unavailable && !process.env.CI)('group commit on PostgreSQL', () => {
  const scratch = useScratchPostgres('create table items (value int primary key, deferred int unique deferrable initially deferred)', 4)

  beforeEach(async () => {
    await scratch.admin.query('delete from items')
  })

  /** Inserts `value` (and `deferred`); answers its transaction's id. */
  function insertItem(value: number, deferred: number | null = null) {
    return async (trx: Db) => {
      await sql`insert into items (value, deferred) values (${value}, ${deferred})`.execute(trx)
      const { rows } = await sql<{ txid: string }>`select txid_current()::text as txid`.execute(trx)
      return rows[0]!.txid
    }
  }

  const storedValues = async () => (await scratch.admin.query<{ value: number }>('select value from items order by value')).rows.map((row) => row.value)

  it('commits the work queued behind a running group together, and hands results out only once committed', async () => {
    const values = Array.from({ length: 10 }, (_, index) => index + 1)
    const results = values.map((value) =>
      inGroupCommit(scratch.handle.db, 1, insertItem(value)).then(async (txid) => ({ txid, visible: (await scratch.admin.query('select 1 from items where value = $1', [value])).rowCount === 1 })),
    )
    const settled = await Promise.all(results)
    // The first found nobody running and went alone; the nine queued behind it went together.
    expect(settled.map((result) => result.txid).filter((txid, index, all) => all.indexOf(txid) === index)).toHaveLength(2)
    expect(new Set(settled.slice(1).map((result) => result.txid)).size).toBe(1)
    expect(settled.every((result) => result.visible)).toBe(true)
    expect(await storedValues()).toEqual(values)
  })

  it('undoes a failing member alone, whether its SQL or its code failed, and commits the others', async () => {
    const outcomes = await Promise.allSettled([
      inGroupCommit(scratch.handle.db, 1, insertItem(1)),
      inGroupCommit(scratch.handle.db, 1, insertItem(2)),
      inGroupCommit(scratch.handle.db, 1, insertItem(2)), // a duplicate key: PostgreSQL refuses it
      inGroupCommit(scratch.handle.db, 1, async (trx) => {
        await insertItem(3)(trx)
        throw new Error('refused after writing')
      }),
      inGroupCommit(scratch.handle.db, 1, insertItem(4)),
    ])
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected', 'fulfilled'])
    expect(String((outcomes[2] as PromiseRejectedResult).reason)).toMatch(/duplicate key/)
    expect(String((outcomes[3] as PromiseRejectedResult).reason)).toMatch(/refused after writing/)
    expect(await storedValues()).toEqual([1, 2, 4])
  })

  it('fails every member when the COMMIT fails, and commits nothing', async () => {
    // The first runs alone; the next three share a group whose COMMIT meets a deferred unique check.
    const first = inGroupCommit(scratch.handle.db, 1, insertItem(1))
    const group = [inGroupCommit(scratch.handle.db, 1, insertItem(2, 7)), inGroupCommit(scratch.handle.db, 1, insertItem(3)), inGroupCommit(scratch.handle.db, 1, insertItem(4, 7))]
    await expect(first).resolves.toBeDefined()
    const outcomes = await Promise.allSettled(group)
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected')
      expect(String((outcome as PromiseRejectedResult).reason)).toMatch(/duplicate key/)
    }
    expect(await storedValues()).toEqual([1])
  })

  it(`holds at most ${MAX_MEMBERS} members in a group, and never mixes keys`, async () => {
    const count = 2 * MAX_MEMBERS + 2
    const sameKey = await Promise.all(Array.from({ length: count }, (_, index) => inGroupCommit(scratch.handle.db, 1, insertItem(index + 1))))
    const sizes = [...new Set(sameKey)].map((txid) => sameKey.filter((other) => other === txid).length)
    expect(Math.max(...sizes)).toBe(MAX_MEMBERS)
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(count)

    await scratch.admin.query('delete from items')
    const [one, two] = await Promise.all([inGroupCommit(scratch.handle.db, 1, insertItem(1)), inGroupCommit(scratch.handle.db, 2, insertItem(2))])
    expect(one).not.toBe(two)
  })
})
