// Queries on the hot path (token lookup, document detail) are built with Kysely once per Kysely
// instance (the app's database; each transaction is one too) and then only run with new values. Building and compiling a query through the query builder
// costs more CPU than SQLite takes to answer it (docs/PERFORMANCE.md); the SQL text is the same
// every time, so the compiled form is kept and its parameters are swapped.
//
// The builder is called once with placeholder objects in place of the arguments; Kysely turns any
// value into a bound parameter, so each placeholder marks where an argument goes. A builder must
// therefore not branch on its arguments (make one prepared query per shape instead).
import { type Compilable, CompiledQuery, type InferResult } from 'kysely'
import type { Db } from './connect.js'

/** Marks a query to be sent as a named, server-side prepared statement on PostgreSQL (postgres-named-statements.ts). */
export const PREPARED_QUERY_MARK = '/* prepared */ '

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
export function preparedQuery<Args extends readonly unknown[], Query extends Compilable<any>>(arity: Args['length'], build: (db: Db, ...args: Args) => Query): PreparedQuery<Args, InferResult<Query>> {
  // Keyed by the Kysely instance: a transaction is another instance and gets its own entry.
  const compiled = new WeakMap<Db, Prepared>()
  return async (db, ...args) => {
    let prepared = compiled.get(db)
    if (prepared === undefined) {
      const placeholders = Array.from({ length: arity }, (_, slot) => new Placeholder(slot)) as unknown as Args
      const query = build(db, ...placeholders).compile()
      const slots = query.parameters.map((parameter) => (parameter instanceof Placeholder ? parameter.slot : -1))
      const used = new Set(slots.filter((slot) => slot >= 0))
      if (used.size !== arity) throw new Error(`a prepared query must use each of its ${arity} arguments (it used ${used.size})`)
      // The mark makes it a named, server-side prepared statement on PostgreSQL; SQLite ignores the comment.
      prepared = { query: CompiledQuery.raw(`${PREPARED_QUERY_MARK}${query.sql}`, [...query.parameters]), slots }
      compiled.set(db, prepared)
    }
    const { query, slots } = prepared
    const parameters = slots.map((slot, index) => (slot >= 0 ? args[slot] : query.parameters[index]))
    const result = await db.executeQuery(CompiledQuery.raw(query.sql, parameters))
    return result.rows as InferResult<Query>
  }
}
