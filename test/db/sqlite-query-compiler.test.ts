// The SQLite dialect's compiler (src/platform/db/sqlite-query-compiler.ts) writes a bound LIMIT as
// `? + 0`, which SQLite's planner does not read, so a cached statement is not prepared anew at
// every run (what that saves is measured in docs/PERFORMANCE.md, not here). The pages it reads
// must be the same: checked on the main connection and through the read thread.
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { openSqlitePair, type SqlitePair } from '../support/sqlite-pair.js'

let pair: SqlitePair | undefined

afterEach(async () => {
  await pair?.close()
  pair = undefined
})

// A type alias, not an interface: withTables wants an index signature.
type Scratch = {
  scratch: { id: number; label: string }
}

async function scratchTable(readThread: boolean) {
  pair = await openSqlitePair(readThread)
  const db = pair.database.db.withTables<Scratch>()
  await sql`create table scratch (id integer primary key, label text not null)`.execute(db)
  await db
    .insertInto('scratch')
    .values([1, 2, 3, 4, 5].map((id) => ({ id, label: `row ${id}` })))
    .execute()
  return db
}

describe('the SQLite query compiler', () => {
  it('writes a bound LIMIT as an expression and leaves OFFSET a bare parameter', async () => {
    const db = await scratchTable(false)
    const compiled = db.selectFrom('scratch').select('id').orderBy('id').limit(2).offset(1).compile()
    expect(compiled.sql).toBe('select "id" from "scratch" order by "id" limit ? + 0 offset ?')
    expect(compiled.parameters).toEqual([2, 1])
  })

  it('leaves a LIMIT written as SQL as it is', async () => {
    const db = await scratchTable(false)
    expect(db.selectFrom('scratch').select('id').limit(sql<number>`3`).compile().sql).toBe('select "id" from "scratch" limit 3')
  })

  for (const readThread of [false, true]) {
    it(`reads the same pages as before${readThread ? ' through the read thread' : ''}`, async () => {
      const db = await scratchTable(readThread)
      const page = (limit: number, offset: number) => db.selectFrom('scratch').select('id').orderBy('id').limit(limit).offset(offset).execute()
      expect(await page(2, 0)).toEqual([{ id: 1 }, { id: 2 }])
      expect(await page(2, 2)).toEqual([{ id: 3 }, { id: 4 }])
      expect(await page(2, 4)).toEqual([{ id: 5 }])
      expect(await page(10, 1)).toEqual([{ id: 2 }, { id: 3 }, { id: 4 }, { id: 5 }])
      expect(await page(2, 5)).toEqual([])
      // The same cached statement with a LIMIT bound to another value each time.
      expect(await db.selectFrom('scratch').select('id').orderBy('id', 'desc').limit(1).execute()).toEqual([{ id: 5 }])
      expect(await db.selectFrom('scratch').select('id').orderBy('id', 'desc').limit(3).execute()).toEqual([{ id: 5 }, { id: 4 }, { id: 3 }])
    })
  }
})
