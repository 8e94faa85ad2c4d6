// Group commit on the SQLite connection (src/platform/db/sqlite-group-commit.ts): transactions that
// queue while one runs commit together with it, none is acknowledged before that COMMIT, one
// rolling back undoes only itself, a failed COMMIT fails every member, and nothing else runs inside
// a group. `other` is a second connection on the same file: what it sees is what was committed.
import type BetterSqlite3 from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import type { DatabaseHandle, Db } from '../../src/platform/db/connect.js'
import { MAX_GROUP } from '../../src/platform/db/sqlite-group-commit.js'
import { openSqlitePair, type SqlitePair } from '../support/sqlite-pair.js'

// Group commit needs the read thread (the server's default).
let pair: SqlitePair | undefined
let database: DatabaseHandle
let other: BetterSqlite3.Database

async function open(): Promise<void> {
  pair = await openSqlitePair(true)
  ;({ database, other } = pair)
}

afterEach(async () => {
  await pair?.close()
  pair = undefined
})

/** A promise to await inside a transaction, and the function that lets it go on. */
function gate(): { passed: Promise<void>; open: () => void } {
  let open!: () => void
  const passed = new Promise<void>((resolve) => (open = resolve))
  return { passed, open }
}

function insertPlan(trx: Db, code: string) {
  return trx.insertInto('plans').values({ code, name: code, api_access: true, monthly_creation_limit: 1 }).execute()
}

/** The plans another connection sees committed, among `codes`. */
function committed(...codes: string[]): string[] {
  const rows = other.prepare(`select code from plans where code in (${codes.map(() => '?').join(', ')}) order by code`).all(...codes) as Array<{ code: string }>
  return rows.map((row) => row.code)
}

/** Whether `promise` has settled, after letting pending callbacks run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false
  void promise.then(
    () => (done = true),
    () => (done = true),
  )
  await new Promise((resolve) => setTimeout(resolve, 20))
  return done
}

describe('SQLite group commit', () => {
  it('commits a transaction that queued behind a running one with it, and acknowledges neither before', async () => {
    await open()
    const second = gate()
    let secondStarted!: () => void
    const secondRunning = new Promise<void>((resolve) => (secondStarted = resolve))
    const first = database.db.transaction().execute((trx) => insertPlan(trx, 'first'))
    const later = database.db.transaction().execute(async (trx) => {
      await insertPlan(trx, 'second')
      secondStarted()
      await second.passed
    })
    await secondRunning
    // The first one's work is done, but it shares the second one's commit: not acknowledged, not visible.
    expect(await settled(first)).toBe(false)
    expect(committed('first', 'second')).toEqual([])
    second.open()
    await Promise.all([first, later])
    expect(committed('first', 'second')).toEqual(['first', 'second'])
  })

  it('a member that fails is undone alone; the others of its group commit', async () => {
    await open()
    const results = await Promise.allSettled([
      database.db.transaction().execute((trx) => insertPlan(trx, 'kept-1')),
      database.db.transaction().execute(async (trx) => {
        await insertPlan(trx, 'undone')
        throw new Error('this one fails')
      }),
      database.db.transaction().execute((trx) => insertPlan(trx, 'kept-2')),
    ])
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(committed('kept-1', 'undone', 'kept-2')).toEqual(['kept-1', 'kept-2'])
  })

  it('a COMMIT that fails fails every member of the group and keeps none of their work', async () => {
    await open()
    // A deferred foreign key is checked at COMMIT: the one way a well-formed COMMIT fails on demand.
    other.exec('create table parents (id integer primary key); create table children (id integer primary key, parent_id integer not null references parents (id) deferrable initially deferred)')
    const results = await Promise.allSettled([
      database.db.transaction().execute((trx) => insertPlan(trx, 'innocent')),
      database.db.transaction().execute(async (trx) => {
        await insertPlan(trx, 'guilty')
        await trx.insertInto('children' as never).values({ id: 1, parent_id: 999 } as never).execute()
      }),
    ])
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected'])
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/)
    expect(committed('innocent', 'guilty')).toEqual([])
    // The connection is usable again, in a transaction of its own.
    await database.db.transaction().execute((trx) => insertPlan(trx, 'after'))
    expect(committed('after')).toEqual(['after'])
  })

  it('a statement outside a transaction that queued between two members closes the group first', async () => {
    await open()
    const firstGate = gate()
    const secondGate = gate()
    let firstStarted!: () => void
    const firstRunning = new Promise<void>((resolve) => (firstStarted = resolve))
    const first = database.db.transaction().execute(async (trx) => {
      await insertPlan(trx, 'first')
      firstStarted()
      await firstGate.passed
    })
    await firstRunning
    const statement = database.db.insertInto('plans').values({ code: 'statement', name: 'statement', api_access: true, monthly_creation_limit: 1 }).execute()
    const second = database.db.transaction().execute(async (trx) => {
      await insertPlan(trx, 'second')
      await secondGate.passed
    })
    firstGate.open()
    await first
    await statement
    // Committed on its own before the next transaction began: visible while that one still runs.
    expect(committed('first', 'statement', 'second')).toEqual(['first', 'statement'])
    expect(await settled(second)).toBe(false)
    secondGate.open()
    await second
    expect(committed('first', 'statement', 'second')).toEqual(['first', 'second', 'statement'])
  })

  it(`commits at ${MAX_GROUP} members even while more transactions queue`, async () => {
    await open()
    const last = gate()
    const codes = Array.from({ length: MAX_GROUP }, (_, index) => `member-${String(index).padStart(2, '0')}`)
    const members = codes.map((code) => database.db.transaction().execute((trx) => insertPlan(trx, code)))
    const beyond = database.db.transaction().execute(async (trx) => {
      await insertPlan(trx, 'beyond')
      await last.passed
    })
    // The first MAX_GROUP commit while the one beyond them still runs.
    await Promise.all(members)
    expect(committed(...codes, 'beyond')).toEqual(codes)
    last.open()
    await beyond
    expect(committed('beyond')).toEqual(['beyond'])
  })

  it('many concurrent transactions each commit exactly once, in a consistent order', async () => {
    await open()
    // Each reads the count so far and writes it next to its own row: any member lost, repeated or
    // interleaved with another would break the sequence 0, 1, 2, …
    const count = 60
    await Promise.all(
      Array.from({ length: count }, (_, index) =>
        database.db.transaction().execute(async (trx) => {
          const { seen } = await trx.selectFrom('plans').select((eb) => eb.fn.countAll<number>().as('seen')).where('code', 'like', 'seq-%').executeTakeFirstOrThrow()
          await new Promise((resolve) => setImmediate(resolve))
          await trx.insertInto('plans').values({ code: `seq-${index}`, name: String(seen), api_access: true, monthly_creation_limit: 1 }).execute()
        }),
      ),
    )
    const seen = (other.prepare("select name from plans where code like 'seq-%'").all() as Array<{ name: string }>).map((row) => Number(row.name)).sort((a, b) => a - b)
    expect(seen).toEqual(Array.from({ length: count }, (_, index) => index))
  })
})
