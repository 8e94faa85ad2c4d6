// Adapts better-sqlite3 to the interface Kysely's SqliteDialect expects, with two changes:
// prepared statements are cached by SQL text (the stock adapter prepares every query anew),
// and booleans are bound as 0/1 because SQLite has no boolean type and better-sqlite3 refuses them.
import BetterSqlite3 from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import type { SqliteDatabase, SqliteStatement } from 'kysely'

const STATEMENT_CACHE_SIZE = 500

function bindable(parameters: ReadonlyArray<unknown>): unknown[] {
  return parameters.map((value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value))
}

export function openSqliteDatabase(file: string): SqliteDatabase & { raw: BetterSqlite3.Database } {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true })
  const raw = new BetterSqlite3(file)
  raw.pragma('journal_mode = WAL')
  raw.pragma('synchronous = NORMAL')
  raw.pragma('foreign_keys = ON')
  raw.pragma('busy_timeout = 5000')
  const cache = new Map<string, BetterSqlite3.Statement>()

  function statementFor(sql: string): BetterSqlite3.Statement {
    let statement = cache.get(sql)
    if (statement === undefined) {
      statement = raw.prepare(sql)
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!)
      cache.set(sql, statement)
    }
    return statement
  }

  return {
    raw,
    close: () => raw.close(),
    prepare(sql: string): SqliteStatement {
      const statement = statementFor(sql)
      return {
        reader: statement.reader,
        all: (parameters) => statement.all(...bindable(parameters)),
        run: (parameters) => statement.run(...bindable(parameters)),
        iterate: (parameters) => statement.iterate(...bindable(parameters)) as IterableIterator<unknown>,
      }
    },
  }
}
