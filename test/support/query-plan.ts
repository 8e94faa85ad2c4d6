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

/** The names of a table's indexes (SQLite's automatic ones left out), sorted. */
export async function indexesOf(db: Db, dialect: Dialect, table: string): Promise<string[]> {
  const rows =
    dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = ${table} and name not like 'sqlite_%'`.execute(db)
      : await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = ${table}`.execute(db)
  return rows.rows.map((row) => row.name).sort()
}
