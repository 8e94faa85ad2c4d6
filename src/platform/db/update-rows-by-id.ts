// Many rows of one account's table updated by id, each with its own values, in a few statements:
// the rows travel as one JSON parameter (json_to_recordset on PostgreSQL, json_each on SQLite)
// joined to the table by its primary key. A statement per row cost PostgreSQL a round trip each:
// the LGPD erasure of a customer with 20,000 documents and 40,000 signers spent ~12 s updating
// rows one by one, and held the history table's exclusive lock (every account's document actions
// waiting) for as long; SQLite, whose write lock every writer of the instance waits on, ~1 s of
// Kysely building and running 77,000 statements.
import { sql } from 'kysely'
import type { Db } from './connect.js'
import type { Database } from './schema.js'
import { isPostgres } from './dialect-of.js'
import { storableJson } from '../storable-text.js'

/** A row's id (a number, or text as domain events' are) and the text columns to set on it. */
export interface RowUpdate {
  id: number | string
  changes: Record<string, string | null>
}

/** Rows per statement, and characters of JSON per statement: bounded so one parameter stays small. */
const ROWS_PER_STATEMENT = 1_000
const CHARACTERS_PER_STATEMENT = 4_000_000

/**
 * Sets each update's columns on the row of `table` with its id and `account_id` (a foreign id
 * matches nothing). Rows are grouped by the columns they change, so a column a row leaves alone
 * is not written back with the value read earlier. Only text columns: the values bind as text.
 */
export async function updateRowsById(db: Db, table: keyof Database & string, accountId: number, updates: readonly RowUpdate[]): Promise<void> {
  for (const [columnList, group] of groupByColumns(updates)) {
    const columns = columnList.split(',')
    for (const chunk of chunks(group)) await rowUpdateStatement(db, table, columns, accountId, chunk).execute(db)
  }
}

/** One statement setting `columns` on each row of `rows` (exported for the query-plan test). */
export function rowUpdateStatement(db: Db, table: string, columns: readonly string[], accountId: number, rows: readonly RowUpdate[]) {
  const json = storableJson(rows.map((update) => ({ ...update.changes, id: update.id })))
  return isPostgres(db) ? postgresUpdate(table, columns, accountId, json, typeof rows[0]?.id === 'string') : sqliteUpdate(table, columns, accountId, json)
}

function groupByColumns(updates: readonly RowUpdate[]): Map<string, RowUpdate[]> {
  const groups = new Map<string, RowUpdate[]>()
  for (const update of updates) {
    const columns = Object.keys(update.changes).sort()
    if (columns.length === 0) continue
    const key = columns.join(',')
    const group = groups.get(key)
    if (group) group.push(update)
    else groups.set(key, [update])
  }
  return groups
}

function* chunks(updates: RowUpdate[]): Generator<RowUpdate[]> {
  let chunk: RowUpdate[] = []
  let characters = 0
  for (const update of updates) {
    const size = Object.values(update.changes).reduce((sum, value) => sum + (value?.length ?? 0), 0)
    if (chunk.length > 0 && (chunk.length === ROWS_PER_STATEMENT || characters + size > CHARACTERS_PER_STATEMENT)) {
      yield chunk
      chunk = []
      characters = 0
    }
    chunk.push(update)
    characters += size
  }
  if (chunk.length > 0) yield chunk
}

function postgresUpdate(table: string, columns: readonly string[], accountId: number, json: string, textIds: boolean) {
  const assignments = sql.join(columns.map((column) => sql`${sql.id(column)} = v.${sql.id(column)}`))
  const recordType = sql.join(columns.map((column) => sql`${sql.id(column)} text`))
  return sql`update ${sql.table(table)} as t set ${assignments}
    from json_to_recordset(${json}::json) as v(id ${textIds ? sql`text` : sql`bigint`}, ${recordType})
    where t.account_id = ${accountId} and t.id = v.id`
}

// `+account_id`: the unary plus keeps SQLite from looking rows up through an (account_id, …) index,
// which it chose on tables without statistics, reading the whole JSON list again for each of the
// account's rows (quadratic: a 33,000-document erasure ran for minutes). So it walks the list and
// finds each row by its primary key; the account still has to match.
function sqliteUpdate(table: string, columns: readonly string[], accountId: number, json: string) {
  const assignments = sql.join(columns.map((column) => sql`${sql.id(column)} = v.${sql.id(column)}`))
  const fields = sql.join(columns.map((column) => sql`value ->> ${`$.${column}`} as ${sql.id(column)}`))
  return sql`update ${sql.table(table)} set ${assignments}
    from (select value ->> '$.id' as id, ${fields} from json_each(${json})) as v
    where +${sql.table(table)}.account_id = ${accountId} and ${sql.table(table)}.id = v.id`
}
