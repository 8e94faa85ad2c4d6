// A query's plan as the database reports it, one line per step: SQLite's `explain query plan`
// details, PostgreSQL's `explain` lines after an `analyze` of the table it reads (so the planner
// sees the rows the test wrote, as autovacuum would have by then).
import { CompiledQuery, sql, type Compilable } from 'kysely'
import type { Db, Dialect } from '../../src/platform/db/connect.js'

export async function planOf(db: Db, dialect: Dialect, query: Compilable, table: string): Promise<string[]> {
  const compiled = query.compile()
  if (dialect === 'sqlite') {
    const result = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]))
    return result.rows.map((row) => row.detail)
  }
  await sql`analyze ${sql.table(table)}`.execute(db)
  const result = await db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]))
  return result.rows.map((row) => row['QUERY PLAN'])
}
