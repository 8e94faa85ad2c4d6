// Kysely's SQLite dialect with our own driver on better-sqlite3. Six changes from the stock
// dialect, measured in docs/PERFORMANCE.md:
// - prepared statements are cached by SQL text (the stock connection prepares every query anew);
// - the one connection is shared through a FIFO lock (the stock lock wakes every waiter on each
//   release). A transaction holds it from BEGIN to COMMIT, so nothing slips in between its awaits;
// - when another connection holds the write lock (SQLITE_BUSY), the query is retried after a
//   timer instead of SQLite's busy timeout, which sleeps on the event loop and stalled every
//   request while the request log's worker committed a batch. Transactions begin IMMEDIATE, taking
//   the write lock up front: a deferred one could get SQLITE_BUSY half-way, when it first writes;
// - optionally (the server's default), reads outside a transaction go to a read-only connection in
//   a thread of its own (sqlite-read-thread.ts says why); they need no lock, and wait for no
//   transaction: they see what was committed before them, as any other connection would. Outside
//   a transaction, Kysely's `db.connection()` then no longer gives exclusive use of the connection
//   (nothing here uses it; Kysely's SQLite migrator does, and migrations run before serving);
// - with the read thread, transactions that queue for the connection while one runs commit
//   together with it (sqlite-group-commit.ts);
// - its query compiler writes a bound LIMIT so that SQLite prepares a statement once, not at every
//   run (sqlite-query-compiler.ts).
import type BetterSqlite3 from 'better-sqlite3'
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryCompiler, type QueryResult, SqliteDialect } from 'kysely'
import { FifoLock } from './fifo-lock.js'
import { GroupCommit, type MemberConnection } from './sqlite-group-commit.js'
import { hasMark, JSON_ROWS_MARK, POINT_READ_MARK } from './prepared-query.js'
import { type JsonRowsWriter, jsonRowsWriter } from './row-literal.js'
import { isSqliteBusy, SQLITE_LOCK_WAIT_MS, sqliteBindable } from './sqlite-database.js'
import { SqliteCompilerPreparingOnce } from './sqlite-query-compiler.js'
import { SqliteReadThread } from './sqlite-read-thread.js'

const STATEMENT_CACHE_SIZE = 500

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Runs `attempt` until it succeeds, retrying SQLITE_BUSY after a short timer while `canRetry()` and
 * for at most SQLITE_LOCK_WAIT_MS. Short waits: the request log's worker pauses ~2 ms between its
 * batches, and a retry must land in such a gap to get the lock while batches keep coming.
 */
async function retryWhileBusy<R>(attempt: () => R | Promise<R>, canRetry: () => boolean): Promise<R> {
  const started = Date.now()
  for (let wait = 1; ; wait = Math.min(wait * 2, 4)) {
    try {
      return await attempt()
    } catch (error) {
      if (!isSqliteBusy(error) || !canRetry() || Date.now() - started > SQLITE_LOCK_WAIT_MS) throw error
      await pause(wait)
    }
  }
}

// A read the read thread may answer: a SELECT (or WITH … SELECT, our prepared queries' comments
// allowed first) that SQLite itself says changes nothing. What reads the connection's own state
// stays on the main connection: PRAGMAs and their table-valued forms, changes(), total_changes()
// and last_insert_rowid() would answer for the other connection.
const SELECT_TEXT = /^\s*(?:\/\*[^*]*\*\/\s*)*(?:select|with)\b/i
const CONNECTION_STATE = /\b(?:changes|total_changes|last_insert_rowid)\s*\(|\bpragma_/i

function answerableByReadThread(sql: string, statement: BetterSqlite3.Statement): boolean {
  return statement.reader && statement.readonly && SELECT_TEXT.test(sql) && !CONNECTION_STATE.test(sql)
}

function bindable(parameters: ReadonlyArray<unknown>): unknown[] {
  const values = new Array<unknown>(parameters.length)
  for (let index = 0; index < parameters.length; index += 1) values[index] = sqliteBindable(parameters[index])
  return values
}

interface CachedStatement {
  statement: BetterSqlite3.Statement
  readThreadMay: boolean
  /** Marked JSON_ROWS_MARK: answered as one row, `{ json }`, the JSON text's UTF-8 bytes as a Buffer. */
  jsonRows: boolean
  /** Its writer, for the statement's columns when it was made. */
  jsonWriter: { columns: string; write: JsonRowsWriter } | null
}

/** The writer of a JSON rows statement's current columns (a schema change can change them). */
function jsonWriterOf(cached: CachedStatement): JsonRowsWriter {
  const columns = cached.statement.columns().map((column) => column.name)
  const key = columns.join('\u0000')
  if (cached.jsonWriter === null || cached.jsonWriter.columns !== key) cached.jsonWriter = { columns: key, write: jsonRowsWriter(columns) }
  return cached.jsonWriter.write
}

class SqliteConnection implements DatabaseConnection {
  readonly #cache = new Map<string, CachedStatement>()

  constructor(private readonly raw: BetterSqlite3.Database) {}

  #cached(sql: string): CachedStatement {
    let cached = this.#cache.get(sql)
    if (cached === undefined) {
      const statement = this.raw.prepare(sql)
      const jsonRows = statement.reader && hasMark(sql, JSON_ROWS_MARK)
      // Rows as arrays of values, as the writer takes them (this statement's text is marked, so no other query shares it).
      if (jsonRows) statement.raw(true)
      cached = { statement, readThreadMay: answerableByReadThread(sql, statement), jsonRows, jsonWriter: null }
      if (this.#cache.size >= STATEMENT_CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value!)
      this.#cache.set(sql, cached)
    }
    return cached
  }

  /**
   * Whether the read thread may answer this query in place of this connection. A statement that
   * cannot be prepared here now (SQLITE_BUSY while another process changes the schema) is left to
   * this connection, whose retries cover it.
   */
  readThreadMayAnswer(sql: string): boolean {
    try {
      return this.#cached(sql).readThreadMay
    } catch (error) {
      if (isSqliteBusy(error)) return false
      throw error
    }
  }

  #run<R>(compiledQuery: CompiledQuery): QueryResult<R> {
    const cached = this.#cached(compiledQuery.sql)
    const { statement } = cached
    const parameters = bindable(compiledQuery.parameters)
    if (statement.reader) {
      const rows = statement.all(...parameters)
      if (cached.jsonRows) {
        const bytes = jsonWriterOf(cached)(rows as unknown[][])
        return { rows: [{ json: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }] as R[] }
      }
      return { rows: rows as R[] }
    }
    const { changes, lastInsertRowid } = statement.run(...parameters)
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] }
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    // Inside a transaction (begun IMMEDIATE, so holding the write lock) a retry cannot help.
    return retryWhileBusy(() => this.#run<R>(compiledQuery), () => !this.raw.inTransaction)
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported on SQLite here')
  }
}

/**
 * What Kysely gets when a read thread runs: one per acquisition, taking the lock only for what the
 * main connection must run (writes, reads the thread may not answer) and, in a transaction, from
 * BEGIN until the connection is released.
 */
class RoutedConnection implements MemberConnection {
  #holdsLock = false

  constructor(
    private readonly main: SqliteConnection,
    private readonly lock: FifoLock,
    private readonly reader: SqliteReadThread,
  ) {}

  /** For a transaction, from BEGIN until the connection is released (or handed on by a group commit). */
  async holdLock(): Promise<void> {
    await this.lock.acquire('transaction')
    this.#holdsLock = true
  }

  release(): void {
    if (!this.#holdsLock) return
    this.#holdsLock = false
    this.lock.release()
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#holdsLock) return this.main.executeQuery(compiledQuery)
    // A read of a row or a few by key costs less here than the thread's round trip, unless it
    // would wait for the connection.
    if (hasMark(compiledQuery.sql, POINT_READ_MARK) && this.lock.tryAcquire()) {
      try {
        return await this.main.executeQuery(compiledQuery)
      } finally {
        this.lock.release()
      }
    }
    if (this.reader.alive && this.main.readThreadMayAnswer(compiledQuery.sql)) {
      try {
        return { rows: (await retryWhileBusy(() => this.reader.all(compiledQuery.sql, bindable(compiledQuery.parameters)), () => true)) as R[] }
      } catch (error) {
        // A thread that stopped (it crashed) leaves its reads to the main connection; a closed
        // one means the database is closing, and the main connection with it.
        if (this.reader.alive || this.reader.closed) throw error
      }
    }
    await this.lock.acquire()
    try {
      return await this.main.executeQuery(compiledQuery)
    } finally {
      this.lock.release()
    }
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported on SQLite here')
  }
}

class FifoSqliteDriver implements Driver {
  readonly #lock = new FifoLock()
  readonly #connection: SqliteConnection
  readonly #group: GroupCommit
  private reader: SqliteReadThread | null = null

  constructor(
    private readonly raw: BetterSqlite3.Database,
    private readonly readThread: boolean,
  ) {
    this.#connection = new SqliteConnection(raw)
    // Group commit's savepoints journal the pages they change: in memory, not in a temporary file.
    raw.pragma('temp_store = MEMORY')
    this.#group = new GroupCommit(
      () => raw.inTransaction,
      () => this.#lock.nextPurpose() === 'transaction',
    )
  }

  // Kysely calls init() before the first query and destroy() only after it: the thread starts here
  // so that a handle closed unused leaves no thread behind.
  async init(): Promise<void> {
    if (this.readThread && !this.raw.memory) this.reader = new SqliteReadThread(this.raw.name, STATEMENT_CACHE_SIZE)
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.reader !== null) return new RoutedConnection(this.#connection, this.#lock, this.reader)
    await this.#lock.acquire()
    return this.#connection
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    if (connection instanceof RoutedConnection) connection.release()
    else this.#lock.release()
  }

  // With the read thread (the server's default), transactions commit in groups
  // (sqlite-group-commit.ts); without it Kysely holds the connection from its acquisition, before
  // it is known to be for a transaction, so they begin and commit one by one.
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    if (connection instanceof RoutedConnection) {
      await connection.holdLock()
      return this.#group.begin(connection)
    }
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    if (connection instanceof RoutedConnection) return this.#group.commit(connection)
    await connection.executeQuery(CompiledQuery.raw('commit'))
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (connection instanceof RoutedConnection) return this.#group.rollback(connection)
    await connection.executeQuery(CompiledQuery.raw('rollback'))
  }

  async destroy(): Promise<void> {
    await this.reader?.close()
    this.raw.close()
  }
}

export class FifoSqliteDialect extends SqliteDialect {
  constructor(
    private readonly raw: BetterSqlite3.Database,
    /** Answer reads outside transactions from a read-only connection in its own thread (a file only). */
    private readonly readThread = false,
  ) {
    // The stock config wants a database; ours never reaches the stock driver.
    super({ database: raw as never })
  }

  override createDriver(): Driver {
    return new FifoSqliteDriver(this.raw, this.readThread)
  }

  override createQueryCompiler(): QueryCompiler {
    return new SqliteCompilerPreparingOnce()
  }
}
