// Server-side prepared statements for the hot queries on PostgreSQL. node-postgres sends every
// query as an unnamed statement, which PostgreSQL parses and plans anew each time; for the
// document detail (a header with six joins and three JSON subqueries) planning took ~2.6 ms
// against ~0.5 ms of execution. A query whose text starts with PREPARED_QUERY_MARK (set by
// prepared-query.ts) is sent as a named statement instead: parsed and planned once per connection.
// Only those are named, so the statements each connection keeps are bounded: one per hot query,
// and at most 20 shapes (row or id counts) per count-dependent one (prepared-query.ts).
// Loaded only when a PostgreSQL database is opened (connect.ts), so a SQLite server never loads pg.
import { createHash } from 'node:crypto'
import pg from 'pg'
import { PREPARED_QUERY_MARK } from './prepared-query.js'
import { ShapedRowsQuery } from './postgres-row-shapes.js'

const names = new Map<string, string>()

function statementName(text: string): string {
  let name = names.get(text)
  if (name === undefined) {
    name = `vdc_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`
    names.set(text, name)
  }
  return name
}

export class NamedStatementClient extends pg.Client {
  // pg.Client.query has many overloads; this only adds a name to marked text queries.
  override query(...args: unknown[]): never {
    const [text, values, callback] = args
    const query = super.query as (...rest: unknown[]) => never
    if (typeof text === 'string' && text.startsWith(PREPARED_QUERY_MARK)) {
      // Kysely awaits the promise form; its rows are built by the statement's compiled shape.
      if (callback === undefined && (values === undefined || Array.isArray(values))) {
        const shaped = new ShapedRowsQuery({ name: statementName(text), text, values: values ?? [] })
        query.call(this, shaped)
        return shaped.promise as never
      }
      return query.call(this, { name: statementName(text), text, values }, callback)
    }
    return query.apply(this, args)
  }
}
