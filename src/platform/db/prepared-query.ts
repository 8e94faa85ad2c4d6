// Queries on the hot path (token lookup, document detail, creation) are built with Kysely once per
// database (its transactions included) and then only run with new values. Building and compiling a query through the query builder
// costs more CPU than SQLite takes to answer it (docs/PERFORMANCE.md); the SQL text is the same
// every time, so the compiled form is kept and its parameters are swapped.
//
// The builder is called once with placeholder objects in place of the arguments; Kysely turns any
// value into a bound parameter, so each placeholder marks where an argument goes. A builder must
// therefore not branch on its arguments (make one prepared query per shape instead).
import { type Compilable, CompiledQuery, type InferResult } from 'kysely'
import type { Db } from './connect.js'
import { isPostgres } from './dialect-of.js'
import type { Database } from './schema.js'

/** Marks a query to be sent as a named, server-side prepared statement on PostgreSQL (postgres-named-statements.ts). */
export const PREPARED_QUERY_MARK = '/* prepared */ '

/**
 * Marks (after PREPARED_QUERY_MARK) a read of a row or a few by key. On SQLite it runs on the main
 * connection whenever that is free rather than on the read thread: the thread's round trip (a
 * message each way, waking each thread, its read transaction) costs more CPU than such a read
 * (docs/PERFORMANCE.md, session 18). PostgreSQL ignores the comment.
 */
export const POINT_READ_MARK = '/* point read */ '

/**
 * Marks (after PREPARED_QUERY_MARK) a SQLite read whose rows the caller wants as one JSON text: the
 * driver answers one row, `{ json }`, the text's UTF-8 bytes as a Buffer, written where the
 * statement ran (row-literal.ts's jsonRowsWriter). A page of 50 rows then crosses from the read
 * thread as one buffer, moved rather than copied, and the event loop neither rebuilds nor
 * serializes them nor holds them as a string (docs/PERFORMANCE.md, sessions 19 and 31).
 */
export const JSON_ROWS_MARK = '/* json rows */ '

export type Mark = '' | typeof POINT_READ_MARK | typeof JSON_ROWS_MARK

class Placeholder {
  constructor(readonly slot: number) {}
}

interface Prepared {
  query: CompiledQuery
  /** For each bound parameter: the argument index it takes, or -1 to keep the built-in value. */
  slots: number[]
}

export type PreparedQuery<Args extends readonly unknown[], Rows> = (db: Db, ...args: Args) => Promise<Rows>

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function preparedQuery<Args extends readonly unknown[], Query extends Compilable<any>>(
  arity: Args['length'],
  build: (db: Db, ...args: Args) => Query,
  /** False: not a named statement on PostgreSQL (a shape used once must not stay on every connection). */
  serverSide = true,
  /** POINT_READ_MARK or JSON_ROWS_MARK, put before the SQL (after the prepared mark). */
  mark: Mark = '',
): PreparedQuery<Args, InferResult<Query>> {
  // Keyed by the dialect adapter, which a database's Kysely instance shares with every transaction
  // begun on it: the SQL is the same for both, so a query run inside transactions (the creation
  // path) is built once too, not once per transaction. (No Kysely plugin is used here; one that
  // rewrote queries would have to be part of the key.)
  const compiled = new WeakMap<object, Prepared>()
  return async (db, ...args) => {
    const key = db.getExecutor().adapter
    let prepared = compiled.get(key)
    if (prepared === undefined) {
      const placeholders = Array.from({ length: arity }, (_, slot) => new Placeholder(slot)) as unknown as Args
      const query = build(db, ...placeholders).compile()
      const slots = query.parameters.map((parameter) => (parameter instanceof Placeholder ? parameter.slot : -1))
      const used = new Set(slots.filter((slot) => slot >= 0))
      if (used.size !== arity) throw new Error(`a prepared query must use each of its ${arity} arguments (it used ${used.size})`)
      // The prepared mark makes it a named statement on PostgreSQL; the others are read by the SQLite driver.
      const sql = `${mark}${query.sql}`
      prepared = { query: CompiledQuery.raw(serverSide ? `${PREPARED_QUERY_MARK}${sql}` : sql, [...query.parameters]), slots }
      compiled.set(key, prepared)
    }
    const { query, slots } = prepared
    const parameters = slots.map((slot, index) => (slot >= 0 ? args[slot] : query.parameters[index]))
    const result = await db.executeQuery(CompiledQuery.raw(query.sql, parameters))
    return result.rows as InferResult<Query>
  }
}

/** A prepared query reading a row or a few by key (POINT_READ_MARK). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function preparedPointRead<Args extends readonly unknown[], Query extends Compilable<any>>(arity: Args['length'], build: (db: Db, ...args: Args) => Query) {
  return preparedQuery(arity, build, true, POINT_READ_MARK)
}

/** Whether `sql` carries `mark` (first, or after the prepared mark). */
export function hasMark(sql: string, mark: Exclude<Mark, ''>): boolean {
  return sql.startsWith(mark) || (sql.startsWith(PREPARED_QUERY_MARK) && sql.startsWith(mark, PREPARED_QUERY_MARK.length))
}

// PostgreSQL's driver ignores the mark and would answer rows: refused before anything is sent.
function sqliteOnly(db: Db): void {
  if (isPostgres(db)) throw new Error('JSON rows are read from SQLite only')
}

/** A prepared SQLite read answering its rows as one JSON text (JSON_ROWS_MARK). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function preparedJsonRows<Args extends readonly unknown[], Query extends Compilable<any>>(arity: Args['length'], build: (db: Db, ...args: Args) => Query) {
  const read = preparedQuery(arity, build, true, JSON_ROWS_MARK)
  return async (db: Db, ...args: Args): Promise<Buffer> => {
    sqliteOnly(db)
    const [row] = (await read(db, ...args)) as unknown as [{ json: Buffer }]
    return row.json
  }
}

/** A SQLite read built for this call, answering its rows as one JSON text (JSON_ROWS_MARK). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function readJsonRows(db: Db, query: Compilable<any>): Promise<Buffer> {
  sqliteOnly(db)
  const compiled = query.compile()
  const result = await db.executeQuery<{ json: Buffer }>(CompiledQuery.raw(`${JSON_ROWS_MARK}${compiled.sql}`, [...compiled.parameters]))
  return result.rows[0]!.json
}

/**
 * Past this many rows or values, a query is built for each call and is not a named statement on
 * PostgreSQL: each count-dependent query keeps at most this many shapes on a connection.
 */
const MAX_PREPARED_COUNT = 20

/**
 * For queries whose shape depends on a count (rows in a multi-row insert, ids in an IN list): one
 * prepared query per count, made on first use; past MAX_PREPARED_COUNT, made for each call
 * (`serverSide` false: not kept by PostgreSQL either).
 */
export function preparedPerCount<Q>(make: (count: number, serverSide: boolean) => Q): (count: number) => Q {
  const byCount = new Map<number, Q>()
  return (count) => {
    let query = byCount.get(count)
    if (query === undefined) {
      const kept = count <= MAX_PREPARED_COUNT
      query = make(count, kept)
      if (kept) byCount.set(count, query)
    }
    return query
  }
}

/**
 * A prepared query over one account's rows whose ids are in a list: one shape per number of
 * distinct ids (preparedPerCount). An empty list answers no rows without a query.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function preparedIdList<Query extends Compilable<any>>(build: (db: Db, accountId: number, ids: number[]) => Query) {
  const byCount = preparedPerCount((count, serverSide) => preparedQuery(count + 1, (db, accountId: number, ...ids: number[]) => build(db, accountId, ids), serverSide))
  return async (db: Db, accountId: number, ids: readonly number[]): Promise<InferResult<Query>> => {
    const distinct = [...new Set(ids)]
    if (distinct.length === 0) return [] as unknown as InferResult<Query>
    return byCount(distinct.length)(db, accountId, ...distinct)
  }
}

/**
 * Prepared INSERTs into `table` of exactly `columns`: one row (optionally returning the new id),
 * or several rows in one statement (one prepared shape per row count). A row must carry every
 * listed column and nothing else (checked on each call: a column missed here would otherwise be
 * silently left out of the insert).
 */
export function preparedInsert<Row extends Record<string, unknown>>(table: keyof Database & string, columns: readonly (keyof Row & string)[]) {
  const rowsOf = (values: unknown[]) =>
    Array.from({ length: values.length / columns.length }, (_, row) => Object.fromEntries(columns.map((column, index) => [column, values[row * columns.length + index]])))
  const insertRows = preparedPerCount((count, serverSide) =>
    preparedQuery(count * columns.length, (db, ...values: unknown[]) => db.insertInto(table).values(rowsOf(values) as never), serverSide),
  )
  const insertReturningId = preparedQuery(columns.length, (db, ...values: unknown[]) =>
    db
      .insertInto(table)
      .values(rowsOf(values)[0] as never)
      .returning('id' as never),
  )
  const valuesOf = (row: Row) => {
    const keys = Object.keys(row)
    if (keys.length !== columns.length || keys.some((key) => !columns.includes(key))) {
      throw new Error(`an insert into ${table} must set exactly ${columns.join(', ')}; got ${keys.join(', ')}`)
    }
    return columns.map((column) => row[column])
  }
  const run = async (db: Db, rows: readonly Row[]): Promise<void> => {
    if (rows.length === 0) return
    await insertRows(rows.length)(db, ...rows.flatMap(valuesOf))
  }
  return {
    run: (db: Db, row: Row): Promise<void> => run(db, [row]),
    /** Every row in one INSERT statement (none: nothing is sent). */
    runMany: run,
    returningId: async (db: Db, row: Row): Promise<number> => {
      const [inserted] = (await insertReturningId(db, ...valuesOf(row))) as Array<{ id: number }>
      return inserted!.id
    },
  }
}
