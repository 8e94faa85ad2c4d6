// A migrated SQLite file opened twice: through the app's driver, and as a plain second connection
// (`other`) that sees what the driver committed, or holds the write lock against it.
import BetterSqlite3 from 'better-sqlite3'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { connectDatabase, type DatabaseHandle } from '../../src/platform/db/connect.js'
import { migrateToLatest } from '../../src/platform/migrations/index.js'

export interface SqlitePair {
  database: DatabaseHandle
  other: BetterSqlite3.Database
  close(): Promise<void>
}

export async function openSqlitePair(sqliteReadThread: boolean): Promise<SqlitePair> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vendoc-sqlite-pair-'))
  const database = connectDatabase({ dialect: 'sqlite', file: path.join(dir, 'db.sqlite') }, { sqliteReadThread })
  await migrateToLatest(database.db, 'sqlite')
  const other = new BetterSqlite3(path.join(dir, 'db.sqlite'))
  return {
    database,
    other,
    close: async () => {
      other.close()
      await database.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
