// connect.ts, sqliteCheckpointsElsewhere: with the request log's worker committing on a connection of
// its own, the app's connection leaves the WAL's checkpoints to it (they copy the WAL into the file
// and fsync it, which on the event loop stalled every request) and checkpoints only as a backstop.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { connectDatabase, type DatabaseHandle, SQLITE_BACKSTOP_CHECKPOINT_PAGES } from '../../src/platform/db/connect.js'
import { openSqliteDatabase, removeSqliteFiles } from '../../src/platform/db/sqlite-database.js'

const PAGE = 4096
const files: string[] = []
const handles: DatabaseHandle[] = []

afterEach(async () => {
  for (const handle of handles.splice(0)) await handle.close()
  for (const file of files.splice(0)) removeSqliteFiles(file)
})

function open(checkpointsElsewhere: boolean): { database: DatabaseHandle; file: string } {
  const file = path.join(os.tmpdir(), `vendoc-checkpoints-${randomBytes(6).toString('hex')}.sqlite`)
  files.push(file)
  const database = connectDatabase({ dialect: 'sqlite', file }, { sqliteCheckpointsElsewhere: checkpointsElsewhere })
  handles.push(database)
  return { database, file }
}

/** ~1,500 pages written by the app's connection, in 300 commits of 5 pages each. */
async function writePages(database: DatabaseHandle): Promise<void> {
  await sql`create table filler (id integer primary key, data blob not null)`.execute(database.db)
  for (let commit = 0; commit < 300; commit += 1) {
    await database.db.transaction().execute(async (trx) => {
      for (let row = 0; row < 5; row += 1) await sql`insert into filler (data) values (${randomBytes(PAGE - 200)})`.execute(trx)
    })
  }
}

const sizeOf = (file: string) => fs.statSync(file).size

describe('WAL checkpoints of the app\'s SQLite connection', () => {
  it('run in its own commits by default, every ~1,000 pages', async () => {
    const { database, file } = open(false)
    const autocheckpoint = await database.db.transaction().execute((trx) => sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(trx))
    expect(autocheckpoint.rows[0]?.wal_autocheckpoint).toBe(1000)
    await writePages(database)
    // Checkpointed into the file, and the WAL restarted instead of growing past ~1,000 pages.
    expect(sizeOf(file)).toBeGreaterThan(1000 * PAGE)
    expect(sizeOf(`${file}-wal`)).toBeLessThan(1200 * PAGE)
  })

  it('are left to another connection\'s commits when it checkpoints elsewhere, with a backstop', async () => {
    const { database, file } = open(true)
    const autocheckpoint = await database.db.transaction().execute((trx) => sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(trx))
    expect(autocheckpoint.rows[0]?.wal_autocheckpoint).toBe(SQLITE_BACKSTOP_CHECKPOINT_PAGES)
    await writePages(database)
    // Nothing copied into the file: every page is still in the WAL.
    expect(sizeOf(file)).toBeLessThan(100 * PAGE)
    expect(sizeOf(`${file}-wal`)).toBeGreaterThan(1400 * PAGE)

    // The worker's connection (SQLite's default threshold) checkpoints after its own commit.
    const worker = openSqliteDatabase(file)
    try {
      worker.exec('create table if not exists touched (id integer primary key)')
      expect(sizeOf(file)).toBeGreaterThan(1400 * PAGE)
    } finally {
      worker.close()
    }
  })
})
