// The SQLite read thread (src/platform/db/sqlite-read-thread.ts, routed by sqlite-driver.ts): reads
// outside a transaction are answered by a read-only connection in a thread of its own; they wait
// for no transaction and see exactly what was committed before them; everything else stays on the
// main connection.
import { CompiledQuery, sql } from 'kysely'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { connectDatabase, type DatabaseHandle, SQLITE_WRITER_CACHE_KIB } from '../../src/platform/db/connect.js'
import { JSON_ROWS_MARK, POINT_READ_MARK, PREPARED_QUERY_MARK } from '../../src/platform/db/prepared-query.js'
import { SqliteReadThread } from '../../src/platform/db/sqlite-read-thread.js'
import { migrateToLatest } from '../../src/platform/migrations/index.js'

describe('SQLite read thread', () => {
  const opened: DatabaseHandle[] = []
  let dir: string

  async function open(sqliteReadThread: boolean): Promise<DatabaseHandle> {
    dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'vendoc-read-thread-'))
    const database = connectDatabase({ dialect: 'sqlite', file: path.join(dir, 'db.sqlite') }, { sqliteReadThread })
    opened.push(database)
    await migrateToLatest(database.db, 'sqlite')
    return database
  }

  afterEach(async () => {
    for (const database of opened.splice(0)) await database.close()
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true })
    dir = undefined as never
  })

  /** Holds a transaction open (one plan inserted, not committed) until the returned release is called. */
  function openTransaction(database: DatabaseHandle, code: string) {
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    let inserted!: () => void
    const insertedNow = new Promise<void>((resolve) => (inserted = resolve))
    const done = database.db.transaction().execute(async (trx) => {
      await trx.insertInto('plans').values({ code, name: code, api_access: true, monthly_creation_limit: 1 }).execute()
      // Inside the transaction its own write is visible: those reads stay on the main connection.
      const own = await trx.selectFrom('plans').select('code').where('code', '=', code).execute()
      expect(own).toEqual([{ code }])
      inserted()
      await gate
    })
    return { insertedNow, release, done }
  }

  /**
   * Runs `reads` while a transaction holds the main connection: what completes meanwhile was
   * answered by the read thread (on the main connection it would wait for the transaction).
   */
  async function onTheReadThread<T>(database: DatabaseHandle, reads: () => Promise<T>): Promise<T> {
    const transaction = openTransaction(database, `held-${Math.random()}`)
    await transaction.insertedNow
    try {
      return await reads()
    } finally {
      transaction.release()
      await transaction.done
    }
  }

  const plansNamed = (database: DatabaseHandle, code: string) => database.db.selectFrom('plans').select('code').where('code', '=', code).execute()

  it('keeps a small page cache on the main connection when the thread takes the reads, and SQLite\'s usual one without', async () => {
    // Read inside a transaction: on the main connection.
    const cacheSize = (database: DatabaseHandle) => database.db.transaction().execute(async (trx) => Number(Object.values((await sql.raw('pragma cache_size').execute(trx)).rows[0] as object)[0]))
    expect(await cacheSize(await open(true))).toBe(-SQLITE_WRITER_CACHE_KIB)
    const withoutThread = await cacheSize(await open(false))
    expect(withoutThread).toBeLessThan(-SQLITE_WRITER_CACHE_KIB)
  })

  it('answers a read while a transaction holds the main connection, with only what was committed', async () => {
    const database = await open(true)
    const transaction = openTransaction(database, 'pending')
    await transaction.insertedNow
    // Without the thread this read would queue behind the transaction (the next test); here it is
    // answered at once, and the uncommitted plan is not in it.
    expect(await plansNamed(database, 'pending')).toEqual([])
    transaction.release()
    await transaction.done
    // Committed before the read was sent: the read sees it (a request reads its own writes).
    expect(await plansNamed(database, 'pending')).toEqual([{ code: 'pending' }])
  })

  it('without the thread, the same read waits for the transaction to finish', async () => {
    const database = await open(false)
    const transaction = openTransaction(database, 'pending')
    await transaction.insertedNow
    let answered: unknown = null
    const read = plansNamed(database, 'pending').then((rows) => (answered = rows))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(answered).toBeNull()
    transaction.release()
    await Promise.all([transaction.done, read])
    expect(answered).toEqual([{ code: 'pending' }])
  })

  it('sees a write made outside any transaction as soon as it returns', async () => {
    const database = await open(true)
    for (let n = 0; n < 20; n += 1) {
      const code = `plan-${n}`
      await database.db.insertInto('plans').values({ code, name: code, api_access: false, monthly_creation_limit: n }).execute()
      // Read on the thread (the main connection is held meanwhile): the other connection sees it.
      const read = await onTheReadThread(database, () => database.db.selectFrom('plans').select('monthly_creation_limit').where('code', '=', code).executeTakeFirst())
      expect(read).toEqual({ monthly_creation_limit: n })
    }
  })

  it('returns blobs as Buffers, and binds Buffers as blobs', async () => {
    const database = await open(true)
    const { rows } = await onTheReadThread(database, () => sql<{ bytes: Buffer; size: number; kind: string }>`select cast(x'00ff10' as blob) as bytes, length(${Buffer.from([1, 2, 3, 4])}) as size, typeof(${Buffer.from([9])}) as kind`.execute(database.db))
    expect(Buffer.isBuffer(rows[0]!.bytes)).toBe(true)
    expect([...rows[0]!.bytes]).toEqual([0, 255, 16])
    expect(rows[0]).toMatchObject({ size: 4, kind: 'blob' })
  })

  it('rejects a read that fails in the thread with SQLite’s message and code, and keeps answering', async () => {
    const database = await open(true)
    await onTheReadThread(database, async () => {
      const failing = sql`select json_extract(${'not json'}, '$.a') as value`.execute(database.db)
      await expect(failing).rejects.toMatchObject({ message: expect.stringMatching(/malformed JSON/i), code: 'SQLITE_ERROR' })
      expect((await sql<{ one: number }>`select 1 as one`.execute(database.db)).rows).toEqual([{ one: 1 }])
    })
  })

  it('after a read that fails in the thread, the next read sees what was committed since', async () => {
    const database = await open(true)
    await database.db.insertInto('plans').values({ code: 'not-json', name: 'Not JSON', api_access: true, monthly_creation_limit: 1 }).execute()
    // It reads the table (its read transaction has begun) before it fails.
    const failing = () => sql`select json_extract(name, '$.a') as value from plans where code = 'not-json'`.execute(database.db)
    await onTheReadThread(database, () => expect(failing()).rejects.toThrow(/malformed JSON/i))
    // A failed read must not leave its read transaction open: the thread would keep its old snapshot.
    await database.db.insertInto('plans').values({ code: 'after-failure', name: 'After', api_access: true, monthly_creation_limit: 1 }).execute()
    expect(await onTheReadThread(database, () => plansNamed(database, 'after-failure'))).toEqual([{ code: 'after-failure' }])
  })

  it('prepares again a statement the thread could not prepare, once it can', async () => {
    const database = await open(true)
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    let created!: () => void
    const createdNow = new Promise<void>((resolve) => (created = resolve))
    // The table exists only in a transaction of the main connection: the query prepares there (the
    // driver asks it whether the statement only reads) but the thread, answering while that
    // transaction holds the connection, cannot prepare it yet.
    const transaction = database.db.transaction().execute(async (trx) => {
      await sql`create table created_later (x integer)`.execute(trx)
      await sql`insert into created_later values (1), (2)`.execute(trx)
      created()
      await gate
    })
    await createdNow
    const readLater = () => sql<{ n: number }>`select count(*) as n from created_later`.execute(database.db)
    await expect(readLater()).rejects.toThrow(/no such table/)
    release()
    await transaction
    expect((await onTheReadThread(database, readLater)).rows).toEqual([{ n: 2 }])
  })

  it('answers a point read on the main connection while it is free, on the thread while a transaction holds it', async () => {
    const database = await open(true)
    // A temporary table exists only for the connection that made it: the main one.
    await sql`create temp table only_on_main (x integer)`.execute(database.db)
    await sql`insert into only_on_main values (7)`.execute(database.db)
    const read = (marks: string) => database.db.executeQuery(CompiledQuery.raw(`${marks}select x from only_on_main`, []))
    expect((await read(`${PREPARED_QUERY_MARK}${POINT_READ_MARK}`)).rows).toEqual([{ x: 7 }])
    // Marked without the prepared mark (not a named statement on PostgreSQL): the same route.
    expect((await read(POINT_READ_MARK)).rows).toEqual([{ x: 7 }])
    // Unmarked, the same read goes to the thread, which has no such table.
    await expect(read(PREPARED_QUERY_MARK)).rejects.toThrow(/no such table/)
    // Marked but with the main connection held: the thread answers rather than the read waiting.
    await onTheReadThread(database, () => expect(read(`${PREPARED_QUERY_MARK}${POINT_READ_MARK}`)).rejects.toThrow(/no such table/))
  })

  describe('JSON rows (JSON_ROWS_MARK)', () => {
    // The answer's one row carries the JSON's UTF-8 bytes as a Buffer (what the reply sends); read here as text.
    const asText = (rows: Array<{ json: Buffer }>) =>
      rows.map(({ json }) => {
        expect(Buffer.isBuffer(json)).toBe(true)
        return { json: json.toString('utf8') }
      })
    const jsonRead = (database: DatabaseHandle, query: string, marks = `${PREPARED_QUERY_MARK}${JSON_ROWS_MARK}`) =>
      database.db.executeQuery<{ json: Buffer }>(CompiledQuery.raw(`${marks}${query}`, [])).then((result) => asText(result.rows))
    const jsonReadOnMain = (database: DatabaseHandle, query: string) =>
      database.db.transaction().execute((trx) => trx.executeQuery<{ json: Buffer }>(CompiledQuery.raw(`${JSON_ROWS_MARK}${query}`, []))).then((result) => asText(result.rows))
    // Awkward text for the escaping, numbers of both kinds, a null, repeated and nested names.
    const ODD = `select 1 as id, 'a "quoted" \\ back
slash' || char(1) || ' é ✓ 😀' || char(8232) as title, 2.5 as half, null as absent, 'x' as "links.self", 'y' as "links.web", 3 as id`

    it('answers one row whose JSON is what JSON.stringify makes of the rows, on the thread and on the main connection', async () => {
      const database = await open(true)
      const plain = (await sql.raw<Record<string, unknown>>(ODD).execute(database.db)).rows
      const expected = JSON.stringify(plain.map(({ 'links.self': self, 'links.web': web, ...row }) => ({ ...row, links: { self, web } })))
      expect(expected).toContain('"links":{"self":"x","web":"y"}')
      // A later column of the same name wins in the first one's place, as in the objects.
      expect(expected.startsWith('{"id":3,', 1)).toBe(true)
      const onThread = await onTheReadThread(database, () => jsonRead(database, ODD))
      expect(onThread).toEqual([{ json: expected }])
      expect(await jsonReadOnMain(database, ODD)).toEqual([{ json: expected }])
      // No row: an empty array, still one answer row.
      expect(await onTheReadThread(database, () => jsonRead(database, 'select 1 as a where 0'))).toEqual([{ json: '[]' }])
    })

    it('without the read thread, the main connection writes the same text', async () => {
      const withThread = await open(true)
      const expected = await onTheReadThread(withThread, () => jsonRead(withThread, ODD))
      await withThread.close()
      const without = await open(false)
      expect(await jsonRead(without, ODD, JSON_ROWS_MARK)).toEqual(expected)
    })

    it('follows a schema change: a "select *" gains the new column in its JSON', async () => {
      const database = await open(true)
      await database.db.insertInto('plans').values({ code: 'json', name: 'Json', api_access: true, monthly_creation_limit: 1 }).execute()
      const read = () => jsonRead(database, `select * from plans where code = 'json'`)
      expect(JSON.parse((await onTheReadThread(database, read))[0]!.json)[0]).not.toHaveProperty('added_later')
      expect(JSON.parse((await read())[0]!.json)[0]).not.toHaveProperty('added_later')
      await sql`alter table plans add column added_later text default 'yes'`.execute(database.db)
      expect(JSON.parse((await onTheReadThread(database, read))[0]!.json)[0]).toMatchObject({ code: 'json', added_later: 'yes' })
      expect(JSON.parse((await jsonReadOnMain(database, `select * from plans where code = 'json'`))[0]!.json)[0]).toMatchObject({ code: 'json', added_later: 'yes' })
    })

    it('refuses a blob and a column named __proto__, on both connections, and keeps answering', async () => {
      const database = await open(true)
      for (const [query, message] of [
        [`select x'00ff' as data`, /cannot return a blob/],
        [`select 1 as "__proto__"`, /cannot be named __proto__/],
      ] as const) {
        await onTheReadThread(database, () => expect(jsonRead(database, query)).rejects.toThrow(message))
        await expect(database.db.transaction().execute((trx) => trx.executeQuery(CompiledQuery.raw(`${JSON_ROWS_MARK}${query}`, [])))).rejects.toThrow(message)
      }
      expect(await onTheReadThread(database, () => jsonRead(database, 'select 1 as a'))).toEqual([{ json: '[{"a":1}]' }])
    })
  })

  it('answers many concurrent reads, each with its own rows', async () => {
    const database = await open(true)
    const answers = await onTheReadThread(database, () => Promise.all(Array.from({ length: 200 }, (_, n) => sql<{ n: number }>`select ${n} * 2 as n`.execute(database.db))))
    expect(answers.map((answer) => answer.rows[0]!.n)).toEqual(Array.from({ length: 200 }, (_, n) => n * 2))
  })

  it('sends the reads of one turn of the event loop as one message; a read that fails among them fails alone', async () => {
    await open(true)
    const thread = new SqliteReadThread(path.join(dir, 'db.sqlite'), 10)
    const sent = vi.spyOn(Worker.prototype, 'postMessage')
    try {
      const reads = [
        thread.all('select 1 as a', []),
        thread.all(`select json_extract('not json', '$.a') as broken`, []),
        thread.all('select * from no_such_table', []),
        thread.all('select ? as b', [2]),
      ]
      const settled = await Promise.allSettled(reads)
      expect(sent).toHaveBeenCalledTimes(1)
      expect(sent.mock.calls[0]![0]).toHaveLength(4)
      expect(settled[0]).toEqual({ status: 'fulfilled', value: [{ a: 1 }] })
      expect(settled[1]).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/malformed JSON/i), code: 'SQLITE_ERROR' } })
      expect(settled[2]).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/no such table/) } })
      expect(settled[3]).toEqual({ status: 'fulfilled', value: [{ b: 2 }] })
      // A read of the next turn is a message of its own.
      expect(await thread.all('select 3 as c', [])).toEqual([{ c: 3 }])
      expect(sent).toHaveBeenCalledTimes(2)
    } finally {
      sent.mockRestore()
      await thread.close()
    }
  })

  it('answers a batch of slow reads as they finish, not all at once at the end', async () => {
    await open(true)
    const thread = new SqliteReadThread(path.join(dir, 'db.sqlite'), 10)
    try {
      // Each read counts for some milliseconds: far past the thread's answer interval (0.3 ms).
      const slow = 'with recursive n(x) as (select 1 union all select x + 1 from n where x < ?) select count(*) as c from n'
      await thread.all(slow, [10])
      const resolvedAt: number[] = []
      const reads = [200_000, 200_000, 200_000].map((count, index) => thread.all(slow, [count]).then((rows) => ((resolvedAt[index] = performance.now()), rows)))
      expect(await Promise.all(reads)).toEqual([[{ c: 200_000 }], [{ c: 200_000 }], [{ c: 200_000 }]])
      // One answer for the batch would settle all three in the same turn, microseconds apart.
      expect(resolvedAt[2]! - resolvedAt[0]!).toBeGreaterThan(1)
    } finally {
      await thread.close()
    }
  })

  it('fails every read of a batch whose read transaction cannot start (SQLITE_BUSY), and begins afresh for the next batch', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vendoc-read-thread-busy-')), 'db.sqlite')
    const setup = new Database(file)
    setup.pragma('journal_mode = wal')
    setup.exec('create table t (x integer); insert into t values (1)')
    setup.close()
    // Another connection in exclusive locking mode keeps the file locked after its first write:
    // the thread's BEGIN succeeds, but its first read (the schema version) gets SQLITE_BUSY.
    const holder = new Database(file)
    holder.pragma('locking_mode = exclusive')
    holder.exec('insert into t values (2)')
    const thread = new SqliteReadThread(file, 10)
    try {
      const settled = await Promise.allSettled([thread.all('select count(*) as n from t', []), thread.all('select 1 as a', [])])
      for (const result of settled) expect(result).toMatchObject({ status: 'rejected', reason: { code: 'SQLITE_BUSY' } })
      holder.close()
      // The thread is still serving, and its next batch sees the holder's committed write.
      expect(await Promise.all([thread.all('select count(*) as n from t', []), thread.all('select 1 as a', [])])).toEqual([[{ n: 2 }], [{ a: 1 }]])
    } finally {
      if (holder.open) holder.close()
      await thread.close()
      fs.rmSync(path.dirname(file), { recursive: true, force: true })
    }
  })

  it('fails alone a read whose parameters cannot be cloned, even when it was the first to carry its statement', async () => {
    await open(true)
    const thread = new SqliteReadThread(path.join(dir, 'db.sqlite'), 10)
    try {
      const uncloneable = () => 1
      // One turn: the batch cannot be cloned, so each read goes alone; the first read of
      // "select ? as v" fails, and the next read of it in the batch carries its SQL instead.
      const settled = await Promise.allSettled([thread.all('select ? as v', [uncloneable]), thread.all('select ? as v', [2]), thread.all('select 3 as c', [])])
      expect(settled[0]).toMatchObject({ status: 'rejected', reason: { name: 'DataCloneError' } })
      expect(settled.slice(1)).toEqual([
        { status: 'fulfilled', value: [{ v: 2 }] },
        { status: 'fulfilled', value: [{ c: 3 }] },
      ])
      // A statement whose only read could not be sent is forgotten here too: its next read sends the SQL again.
      await expect(thread.all('select ? as w', [uncloneable])).rejects.toMatchObject({ name: 'DataCloneError' })
      expect(await thread.all('select ? as w', [4])).toEqual([{ w: 4 }])
      expect(await thread.all('select ? as v', [5])).toEqual([{ v: 5 }])
    } finally {
      await thread.close()
    }
  })

  it('rebuilds rows exactly as the main connection returns them: key order, repeated names, "__proto__"', async () => {
    const database = await open(true)
    // Two "__proto__" columns would be a syntax error in the compiled literal: the fallback builds these rows.
    for (const odd of [
      sql<Record<string, unknown>>`select 1 as b, 2 as a, 3 as b, null as "quoted ""name"""`,
      sql<Record<string, unknown>>`select 1 as b, 'x' as "__proto__", 2 as a, 'y' as "__proto__"`,
    ]) {
      const onMain = (await database.db.transaction().execute((trx) => odd.execute(trx))).rows
      const onThread = await onTheReadThread(database, async () => (await odd.execute(database.db)).rows)
      expect(onThread).toEqual(onMain)
      expect(Object.keys(onThread[0]!)).toEqual(Object.keys(onMain[0]!))
      expect(Object.getPrototypeOf(onThread[0])).toBe(Object.prototype)
    }
  })

  it('answers each statement with its own columns while both sides evict statements and builders with reads pending', async () => {
    await open(true)
    const thread = new SqliteReadThread(path.join(dir, 'db.sqlite'), 3)
    try {
      const first = 'select 1 as a, 2 as b'
      expect(await thread.all(first, [])).toEqual([{ a: 1, b: 2 }])
      // Sent at once: three new statements evict the first one's statement and builder (3 kept)
      // before its answers arrive; it is prepared again and its columns are sent again.
      const answers = await Promise.all([
        thread.all('select 3 as c', []),
        thread.all('select 4 as d', []),
        thread.all('select 5 as e', []),
        thread.all(first, []),
        thread.all(first, []),
      ])
      expect(answers).toEqual([[{ c: 3 }], [{ d: 4 }], [{ e: 5 }], [{ a: 1, b: 2 }], [{ a: 1, b: 2 }]])
    } finally {
      await thread.close()
    }
  })

  it('follows a schema change made by another connection: a "select *" gains the new column', async () => {
    const database = await open(true)
    await database.db.insertInto('plans').values({ code: 'widened', name: 'Widened', api_access: true, monthly_creation_limit: 1 }).execute()
    const readPlan = () => sql<Record<string, unknown>>`select * from plans where code = 'widened'`.execute(database.db)
    const before = await onTheReadThread(database, readPlan)
    expect(before.rows[0]).not.toHaveProperty('added_later')
    await sql`alter table plans add column added_later text default 'yes'`.execute(database.db)
    const after = await onTheReadThread(database, readPlan)
    const onMain = await database.db.transaction().execute((trx) => sql<Record<string, unknown>>`select * from plans where code = 'widened'`.execute(trx))
    expect(after.rows).toEqual(onMain.rows)
    expect(after.rows[0]).toMatchObject({ code: 'widened', added_later: 'yes' })
  })

  it('leaves what reads the connection’s own state to the main connection', async () => {
    const database = await open(true)
    await database.db.insertInto('plans').values({ code: 'counted', name: 'Counted', api_access: true, monthly_creation_limit: 1 }).execute()
    // The read-only connection has changed nothing and never turned foreign keys on.
    expect((await sql<{ n: number }>`select total_changes() as n`.execute(database.db)).rows[0]!.n).toBeGreaterThan(0)
    expect((await sql<{ foreign_keys: number }>`select * from pragma_foreign_keys`.execute(database.db)).rows).toEqual([{ foreign_keys: 1 }])
    expect((await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(database.db)).rows).toEqual([{ foreign_keys: 1 }])
  })

  it('fails a read still pending when the database closes', async () => {
    const database = await open(true)
    const slow = sql`with recursive n(x) as (select 1 union all select x + 1 from n where x < 5000000) select count(*) as c from n`.execute(database.db)
    await new Promise((resolve) => setTimeout(resolve, 20))
    await database.close()
    opened.splice(opened.indexOf(database), 1)
    await expect(slow).rejects.toThrow(/the database is closed/)
  })

  it('a thread that cannot open its database stops and says so, leaving nothing pending', async () => {
    const thread = new SqliteReadThread(path.join(os.tmpdir(), 'vendoc-no-such-dir', 'missing.sqlite'), 10)
    await expect(thread.all('select 1', [])).rejects.toThrow(/unable to open|does not exist|directory/i)
    expect(thread.alive).toBe(false)
    expect(thread.closed).toBe(false)
    await expect(thread.all('select 1', [])).rejects.toThrow(/has stopped/)
    await thread.close()
  })
})
