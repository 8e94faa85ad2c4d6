// Kysely's SQLite dialect with our own driver on better-sqlite3. Three changes from the stock
// driver, measured in docs/PERFORMANCE.md:
// - prepared statements are cached by SQL text (the stock connection prepares every query anew);
// - the one connection is shared through a FIFO lock (the stock lock wakes every waiter on each
//   release). A transaction holds it from BEGIN to COMMIT, so nothing slips in between its awaits;
// - when another connection holds the write lock (SQLITE_BUSY), the query is retried after a
//   timer instead of SQLite's busy timeout, which sleeps on the event loop and stalled every
//   request while the request log's worker committed a batch. Transactions begin IMMEDIATE, taking
//   the write lock up front: a deferred one could get SQLITE_BUSY half-way, when it first writes.
import type BetterSqlite3 from 'better-sqlite3'
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, SqliteDialect } from 'kysely'
import { FifoLock } from './fifo-lock.js'
import { isSqliteBusy, SQLITE_LOCK_WAIT_MS } from './sqlite-database.js'

const STATEMENT_CACHE_SIZE = 500

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** SQLite has no boolean type and better-sqlite3 refuses JS booleans: bind them as 0/1. */
function bindable(parameters: ReadonlyArray<unknown>): unknown[] {
  const values = new Array<unknown>(parameters.length)
  for (let index = 0; index < parameters.length; index += 1) {
    const value = parameters[index]
    values[index] = typeof value === 'boolean' ? (value ? 1 : 0) : value
  }
  return values
}

class SqliteConnection implements DatabaseConnection {
  readonly #cache = new Map<string, BetterSqlite3.Statement>()

  constructor(private readonly raw: BetterSqlite3.Database) {}

  #statement(sql: string): BetterSqlite3.Statement {
    let statement = this.#cache.get(sql)
    if (statement === undefined) {
      statement = this.raw.prepare(sql)
      if (this.#cache.size >= STATEMENT_CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value!)
      this.#cache.set(sql, statement)
    }
    return statement
  }

  #run<R>(compiledQuery: CompiledQuery): QueryResult<R> {
    const statement = this.#statement(compiledQuery.sql)
    const parameters = bindable(compiledQuery.parameters)
    if (statement.reader) return { rows: statement.all(...parameters) as R[] }
    const { changes, lastInsertRowid } = statement.run(...parameters)
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] }
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const started = Date.now()
    // Short waits: the request log's worker pauses ~2 ms between its batches, and a retry must
    // land in such a gap to get the lock while batches keep coming.
    for (let wait = 1; ; wait = Math.min(wait * 2, 4)) {
      try {
        return this.#run<R>(compiledQuery)
      } catch (error) {
        // Inside a transaction (begun IMMEDIATE, so holding the write lock) a retry cannot help.
        if (!isSqliteBusy(error) || this.raw.inTransaction || Date.now() - started > SQLITE_LOCK_WAIT_MS) throw error
        await pause(wait)
      }
    }
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported on SQLite here')
  }
}

class FifoSqliteDriver implements Driver {
  readonly #lock = new FifoLock()
  readonly #connection: SqliteConnection

  constructor(private readonly raw: BetterSqlite3.Database) {
    this.#connection = new SqliteConnection(raw)
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#lock.acquire()
    return this.#connection
  }

  async releaseConnection(): Promise<void> {
    this.#lock.release()
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'))
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'))
  }

  async destroy(): Promise<void> {
    this.raw.close()
  }
}

export class FifoSqliteDialect extends SqliteDialect {
  constructor(private readonly raw: BetterSqlite3.Database) {
    // The stock config wants a database; ours never reaches the stock driver.
    super({ database: raw as never })
  }

  override createDriver(): Driver {
    return new FifoSqliteDriver(this.raw)
  }
}
