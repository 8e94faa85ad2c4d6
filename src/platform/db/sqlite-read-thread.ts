// A second, read-only connection to a SQLite file, in a thread of its own, answering the reads that
// run outside a transaction (sqlite-driver.ts decides which). Why: under load the event loop's own
// work (HTTP parsing, serialising, the kernel's socket calls, V8's young generation) runs between
// two queries and evicts SQLite's code and pages from the CPU caches, and the same statement then
// costs about twice what it costs back to back (docs/PERFORMANCE.md, session 11: a document's
// detail ~90 µs in a loop, ~115 µs of it in SQLite inside the server). Here SQLite runs on its own
// thread with its caches warm, and the event loop only sends the statement and gets the rows.
//
// WAL mode lets this connection read while the main one writes. The reads asked for in one turn
// of the event loop cross as one message and run in one read transaction begun when it arrives,
// so each sees every transaction committed before it was sent (a request reads its own writes)
// and nothing uncommitted.
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import { FOLD_FROM, FOLD_TO, SQLITE_FOLD_FUNCTION } from './folded-search.js'
import { JSON_ROWS_MARK, PREPARED_QUERY_MARK } from './prepared-query.js'
import { compileRowLiteral, JSON_ROWS_WRITER_SOURCE, literalCanHold } from './row-literal.js'

// Plain CommonJS run with `eval`: no loader and none of our modules, so the thread starts in a few
// milliseconds from dist/ and from src/ alike. It keeps as many statements as the main connection,
// and answers one message at a time, in order (a message is one read or an array of them).
const READER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.betterSqlite3)
const raw = new Database(workerData.file, { readonly: true, fileMustExist: true })
// SQLITE_BUSY (rare for a WAL reader) comes back at once; the main thread retries on a timer.
raw.pragma('busy_timeout = 0')
// The search fold of folded-search.ts (foldForSearch), with its table: searches read here.
const folds = new Map([...workerData.fold.from].map((char, index) => [char, workerData.fold.to[index]]))
raw.function(workerData.fold.name, { deterministic: true }, (text) => {
  if (typeof text !== 'string') return text
  let folded = ''
  for (const char of text.normalize('NFC').toLowerCase()) folded += folds.get(char) ?? char
  return folded
})
// Statements by the number the main thread gave their SQL: the text crosses only with a
// statement's first read, and the main thread says when to forget one (it keeps the same count).
const statements = new Map()
// The schema version at which each statement's column names were last sent. A statement
// re-prepares itself when the schema changes (another process migrating, "select *" gaining a
// column), and the main thread's row builder must change with it.
const columnsSentAt = new Map()
const schemaVersion = raw.prepare('pragma schema_version').pluck()
// The statements and the schema version read in one read transaction (answerAll): all see the
// same snapshot, and a WAL read transaction's start (its shared-memory lock) costs more than a
// one-row query (~7 µs here), so one per batch instead of three per read (docs/PERFORMANCE.md).
const begin = raw.prepare('begin')
const commit = raw.prepare('commit')
// Statements marked JSON_ROWS_MARK answer one row, their rows as one JSON text in UTF-8 (row-literal.ts).
${JSON_ROWS_WRITER_SOURCE}
const jsonRowsMarks = workerData.jsonRowsMarks
function failed(id, error) {
  return { id, message: String(error && error.message), code: error && error.code }
}
// One read, inside the batch's read transaction at schema version \`version\` (or \`failure\`, the
// error that kept the transaction from starting): its answer, or null for a message that only
// says which statement to forget.
// A JSON rows answer's bytes are moved to the main thread, not copied: their ArrayBuffer goes in
// \`transfer\` (the encoder gives each text a buffer of its own; anything else is cloned).
function answer({ id, statementId, sql, forget, parameters, withColumns }, version, failure, transfer) {
  if (forget !== undefined) {
    statements.delete(forget)
    columnsSentAt.delete(forget)
  }
  if (statementId === undefined) return null
  if (sql !== undefined) statements.set(statementId, { sql, prepared: undefined })
  if (failure !== undefined) return failed(id, failure)
  try {
    const entry = statements.get(statementId)
    // Prepared on its first read; one that failed to prepare is tried again by the next read.
    if (entry.prepared === undefined) {
      entry.prepared = raw.prepare(entry.sql)
      // Rows as arrays of values: cheaper to build here and to clone than objects, whose keys
      // are cloned again with every row; the main thread rebuilds the objects (rowBuilder).
      if (entry.prepared.reader) entry.prepared.raw(true)
      entry.json = jsonRowsMarks.some((mark) => entry.sql.startsWith(mark))
    }
    const statement = entry.prepared
    let rows = statement.all(...parameters)
    if (entry.json) {
      // Its writer follows the statement's columns, which a schema change can change.
      if (entry.writtenAt !== version) {
        entry.write = jsonRowsWriter(statement.columns().map((column) => column.name))
        entry.writtenAt = version
      }
      const bytes = entry.write(rows)
      if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) transfer.push(bytes.buffer)
      rows = [[bytes]]
    }
    // A blob (or a JSON rows answer's bytes) arrives on the other side as a plain Uint8Array: say
    // so, and it is made a Buffer again.
    let binary = false
    for (const row of rows) for (const value of row) if (value !== null && typeof value === 'object') binary = true
    let columns
    if (withColumns || columnsSentAt.get(statementId) !== version) {
      // The names of the statement as it just ran (re-prepared or not), so they match the rows.
      columns = entry.json ? ['json'] : statement.columns().map((column) => column.name)
      columnsSentAt.set(statementId, version)
    }
    return { id, rows, binary, columns }
  } catch (error) {
    return failed(id, error)
  }
}
// The main thread sends the reads of one turn of its event loop as one array, answered by arrays
// in the same order (ANSWER_EVERY_MS): a message each way per turn, not per read. They share one read
// transaction, begun when the batch arrives: each sees every transaction committed before it was
// sent, and its statement and the schema version come from the same snapshot.
function answerAll(reads, post) {
  let answers = []
  let transfer = []
  let version
  let failure
  let since = performance.now()
  try {
    for (const read of reads) {
      // An error may have ended the transaction (SQLite rolls back on some of them), or kept it
      // from starting (SQLITE_BUSY): the next read begins another.
      if (!raw.inTransaction) {
        try {
          begin.run()
          version = schemaVersion.get()
          failure = undefined
        } catch (error) {
          failure = error
          if (raw.inTransaction) commit.run()
        }
      }
      const one = answer(read, version, failure, transfer)
      if (one !== null) answers.push(one)
      const now = performance.now()
      if (answers.length > 0 && now - since >= ANSWER_EVERY_MS) {
        post(answers, transfer)
        answers = []
        transfer = []
        since = now
      }
    }
  } finally {
    if (raw.inTransaction) commit.run()
  }
  if (answers.length > 0) post(answers, transfer)
}
// Answers leave at least this often (ms of the thread's time): a batch of heavy reads (a big
// customer's pages, ~250 µs each) answered all at once kept the event loop waiting for the last
// while it could have been sending the first (-24 % req/s on that page); cheap reads still go
// several to a message (docs/PERFORMANCE.md, session 26).
const ANSWER_EVERY_MS = 0.3
parentPort.on('message', (message) => {
  if (Array.isArray(message)) answerAll(message, (answers, transfer) => parentPort.postMessage(answers, transfer))
  else answerAll([message], (answers, transfer) => parentPort.postMessage(answers[0], transfer))
})
`

const READER_YOUNG_GENERATION_MB = 2

interface ReaderAnswer {
  id: number
  rows?: unknown[][]
  binary?: boolean
  /** The statement's column names: sent when the main thread asked (it had no row builder for the SQL) or the schema changed. */
  columns?: string[]
  message?: string
  code?: string
}

/** The row with its blobs as Buffers, as better-sqlite3 returns them on this thread. */
function withBuffers(row: Record<string, unknown>): Record<string, unknown> {
  for (const key in row) {
    const value = row[key]
    if (value instanceof Uint8Array && !Buffer.isBuffer(value)) row[key] = Buffer.from(value.buffer, value.byteOffset, value.byteLength)
  }
  return row
}

type RowBuilder = (values: unknown[]) => Record<string, unknown>

/** One read as the thread receives it (READER_SOURCE's `answer`). */
interface ReadMessage {
  id: number
  statementId: number
  parameters: unknown[]
  withColumns: boolean
  /** The statement's SQL, with its first read only. */
  sql?: string
  /** A statement the thread may forget (evicted here to make room for this one). */
  forget?: number
}

interface QueuedRead {
  message: ReadMessage
  sql: string
}

/**
 * A statement the thread knows, by its number. Only its first read sends the SQL text: a detail's
 * is ~3.5 KB, and cloning it into every message then hashing it there to find the statement cost
 * ~17 µs of CPU a read over both threads (docs/PERFORMANCE.md, session 18).
 */
interface KnownStatement {
  id: number
  /** Set once the thread has sent the statement's column names. */
  builder: RowBuilder | undefined
}

/**
 * Turns a statement's rows of values back into the objects better-sqlite3 returns: the same keys
 * in the same order, a later column of the same name winning. Compiled to one object literal per
 * statement, so every row gets its shape at once. Against cloned objects, a page of 50 rows cost
 * the thread ~137 instead of ~200 µs and the main thread ~77 instead of ~88 µs; one row, 21
 * instead of 32 µs on the thread, before the schema-version read that keeps builders right
 * across schema changes (docs/PERFORMANCE.md, sessions 12 and 18).
 * The names are SQLite's column names (row-literal.ts). With a column named "__proto__" the
 * literal cannot be used: those rows are built by plain assignment, which is what better-sqlite3 12 does on Node 20
 * (a string value is then ignored, as it is on the main connection).
 */
export function rowBuilder(columns: readonly string[]): RowBuilder {
  if (!literalCanHold(columns)) {
    return (values) => {
      const row: Record<string, unknown> = {}
      columns.forEach((column, index) => (row[column] = values[index]))
      return row
    }
  }
  return compileRowLiteral<RowBuilder>(columns, ['values'], (index) => `values[${index}]`)
}

export class SqliteReadThread {
  readonly #worker: Worker
  readonly #pending = new Map<number, { statement: KnownStatement; resolve: (rows: unknown[]) => void; reject: (error: Error) => void }>()
  /** The statements the thread holds, by SQL text, oldest first; the thread forgets one when told. */
  readonly #statements = new Map<string, KnownStatement>()
  readonly #cacheSize: number
  /** Reads asked for in this turn of the event loop, in order, until #send sends them. */
  #queue: QueuedRead[] = []
  #nextId = 1
  #nextStatementId = 1
  #stopped = false
  #closed = false

  constructor(file: string, statementCacheSize: number) {
    this.#cacheSize = statementCacheSize
    const betterSqlite3 = createRequire(import.meta.url).resolve('better-sqlite3')
    this.#worker = new Worker(READER_SOURCE, {
      eval: true,
      workerData: { file, betterSqlite3, jsonRowsMarks: [JSON_ROWS_MARK, `${PREPARED_QUERY_MARK}${JSON_ROWS_MARK}`], fold: { name: SQLITE_FOLD_FUNCTION, from: FOLD_FROM, to: FOLD_TO } },
      // Its objects (one message's rows) die young: a small young generation keeps the thread's
      // memory and cache footprint small (~5–15 MB less resident memory under load than V8's
      // default, at the same CPU; docs/PERFORMANCE.md).
      resourceLimits: { maxYoungGenerationSizeMb: READER_YOUNG_GENERATION_MB },
    })
    // Referenced only while a read is pending: an idle reader must not keep a finished process
    // alive, and a pending one must (a CLI command awaiting its read would otherwise just exit).
    this.#worker.unref()
    this.#worker.on('message', (message: ReaderAnswer | ReaderAnswer[]) => {
      if (Array.isArray(message)) for (const answer of message) this.#settle(answer)
      else this.#settle(message)
      if (this.#pending.size === 0) this.#worker.unref()
    })
    const stop = (error: Error) => {
      this.#stopped = true
      for (const waiter of this.#pending.values()) waiter.reject(error)
      this.#pending.clear()
      // Rejected with the pending reads above; nothing more is sent.
      this.#queue = []
    }
    this.#worker.on('error', stop)
    this.#worker.on('exit', (code) => stop(new Error(this.#closed ? 'the database is closed' : `the SQLite read thread exited with code ${code}`)))
  }

  /** False once the thread has stopped: it failed (its reads then go to the main connection) or was closed. */
  get alive(): boolean {
    return !this.#stopped
  }

  /** True once close() was called: the database is closing, and no read goes anywhere. */
  get closed(): boolean {
    return this.#closed
  }

  all(sql: string, parameters: unknown[]): Promise<unknown[]> {
    if (this.#stopped) return Promise.reject(new Error(this.#closed ? 'the database is closed' : 'the SQLite read thread has stopped'))
    const id = this.#nextId++
    let statement = this.#statements.get(sql)
    let message: ReadMessage
    if (statement !== undefined) message = { id, statementId: statement.id, parameters, withColumns: statement.builder === undefined }
    else {
      statement = { id: this.#nextStatementId++, builder: undefined }
      message = { id, statementId: statement.id, parameters, withColumns: true, sql }
      if (this.#statements.size >= this.#cacheSize) {
        const [oldestSql, oldest] = this.#statements.entries().next().value!
        this.#statements.delete(oldestSql)
        message.forget = oldest.id
      }
      this.#statements.set(sql, statement)
    }
    return new Promise((resolve, reject) => {
      if (this.#pending.size === 0) this.#worker.ref()
      this.#pending.set(id, { statement: statement!, resolve, reject })
      this.#queue.push({ message, sql })
      if (this.#queue.length === 1) setImmediate(this.#send)
    })
  }

  /**
   * Sends the reads asked for in this turn of the event loop as one message, after the turn's I/O
   * callbacks (setImmediate): under load every request read from the sockets in the turn has
   * queued its read by then. A message each way per turn instead of per read, and one read
   * transaction for them all, took ~4–26 % off the server CPU of a detail and of a random
   * customer's page (docs/PERFORMANCE.md, session 26).
   */
  readonly #send = (): void => {
    const queued = this.#queue
    this.#queue = []
    // Stopped meanwhile: the queued reads were rejected with the pending ones.
    if (queued.length === 0) return
    try {
      // Throws for a value that cannot be cloned (a function, a symbol): then each read goes alone.
      this.#worker.postMessage(queued.length === 1 ? queued[0]!.message : queued.map((read) => read.message))
    } catch {
      this.#sendOneByOne(queued)
    }
  }

  /**
   * The reads of a batch that could not be cloned, sent each on its own so only the one at fault
   * fails. A failed read that carried its statement's SQL hands the text to the next read of the
   * statement in the batch; with none, the statement is forgotten here (the next read sends it
   * again), and a statement it evicted is forgotten there by a message of its own.
   */
  #sendOneByOne(queued: QueuedRead[]): void {
    const unsent = new Map<number, string>()
    for (const { message, sql } of queued) {
      if (message.sql === undefined && unsent.has(message.statementId)) message.sql = unsent.get(message.statementId)
      try {
        this.#worker.postMessage(message)
        unsent.delete(message.statementId)
      } catch (error) {
        if (message.sql !== undefined) unsent.set(message.statementId, sql)
        if (message.forget !== undefined) this.#worker.postMessage({ forget: message.forget })
        this.#settle({ id: message.id, failure: error as Error })
      }
    }
    for (const [statementId, sql] of unsent) {
      if (this.#statements.get(sql)?.id === statementId) this.#statements.delete(sql)
    }
    if (this.#pending.size === 0) this.#worker.unref()
  }

  #settle(answer: ReaderAnswer | { id: number; failure: Error }): void {
    const waiter = this.#pending.get(answer.id)
    this.#pending.delete(answer.id)
    if (waiter === undefined) return
    if ('failure' in answer) return waiter.reject(answer.failure)
    if (answer.rows !== undefined) {
      try {
        // Names sent with the answer are the statement's as it ran (new, or after a schema change).
        if (answer.columns !== undefined) waiter.statement.builder = rowBuilder(answer.columns)
        const rows = answer.rows.map(waiter.statement.builder!)
        waiter.resolve(answer.binary ? rows.map(withBuffers) : rows)
      } catch (error) {
        waiter.reject(error as Error)
      }
    }
    // The same shape as the main connection's errors: SQLITE_BUSY keeps its code, so the retry
    // and every error mapping treat both connections alike.
    else waiter.reject(Object.assign(new Error(answer.message), { code: answer.code }))
  }

  async close(): Promise<void> {
    this.#closed = true
    this.#stopped = true
    await this.#worker.terminate()
  }
}
