// Search keys added to a table that already has rows: for each key a column holding its source
// column's text as foldForSearch folds it (lower case, no accents; db/folded-search.ts), which the
// application writes with the field from then on. The rows already there are filled here, in
// batches, folded by the same function as the application's writes. A key the lists order by is
// compared byte by byte on PostgreSQL (collate "C"), as SQLite compares, so both order alike
// whatever the database's locale. Used by migrations 011 (customers) and 012 (products).
//
// Columns are added only when missing and every row is filled again: SQLite runs DDL outside a
// transaction, so an interrupted run can be repeated (a row filled already gets the same keys).
import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { foldForSearch } from '../db/folded-search.js'

export interface SearchKey {
  /** The key's column, e.g. name_key. */
  readonly key: string
  /** The column it folds, e.g. name (null folds to ''). */
  readonly source: string
  /** Lists order by it: on PostgreSQL it compares byte by byte. */
  readonly ordered?: boolean
}

const BATCH = 500

type SourceRow = Record<string, string | number | null>

export async function addSearchKeys(db: Kysely<unknown>, dialect: Dialect, table: string, keys: readonly SearchKey[]): Promise<void> {
  for (const { key, ordered } of keys) {
    const collate = ordered && dialect === 'postgres' ? sql` collate "C"` : sql``
    if (!(await hasColumn(db, dialect, table, key))) await sql`alter table ${sql.table(table)} add column ${sql.ref(key)} text${collate} not null default ''`.execute(db)
  }
  const sources = sql.join(keys.map(({ source }) => sql.ref(source)))
  let after = 0
  for (;;) {
    const batch = await sql<SourceRow>`select id, ${sources} from ${sql.table(table)} where id > ${after} order by id limit ${BATCH}`.execute(db)
    if (batch.rows.length === 0) break
    const ids = batch.rows.map((row) => Number(row.id))
    const folded = keys.map(({ source }) => batch.rows.map((row) => foldForSearch(String(row[source] ?? ''))))
    await fillKeys(db, dialect, table, keys, ids, folded)
    after = ids.at(-1)!
  }
}

/** Sets each key of the rows `ids` to its folded values (`folded[k][i]`: key k of row i). */
async function fillKeys(db: Kysely<unknown>, dialect: Dialect, table: string, keys: readonly SearchKey[], ids: number[], folded: string[][]): Promise<void> {
  const names = sql.join([sql.ref('id'), ...keys.map(({ key }) => sql.ref(key))])
  if (dialect === 'postgres') {
    const sets = sql.join(keys.map(({ key }) => sql`${sql.ref(key)} = v.${sql.ref(key)}`))
    const arrays = sql.join([sql`${ids}::bigint[]`, ...folded.map((values) => sql`${values}::text[]`)])
    await sql`update ${sql.table(table)} as t set ${sets} from unnest(${arrays}) as v(${names}) where t.id = v.id`.execute(db)
    return
  }
  const values = sql.join(ids.map((id, row) => sql`(${sql.join([id, ...folded.map((column) => column[row]!)])})`))
  const sets = sql.join(keys.map(({ key }): RawBuilder<unknown> => sql`${sql.ref(key)} = (select v.${sql.ref(key)} from v where v.id = ${sql.table(table)}.id)`))
  await sql`with v(${names}) as (values ${values}) update ${sql.table(table)} set ${sets} where id in (select id from v)`.execute(db)
}

async function hasColumn(db: Kysely<unknown>, dialect: Dialect, table: string, column: string): Promise<boolean> {
  const found =
    dialect === 'postgres'
      ? await sql`select 1 from information_schema.columns where table_schema = current_schema() and table_name = ${table} and column_name = ${column}`.execute(db)
      : await sql`select 1 from pragma_table_info(${table}) where name = ${column}`.execute(db)
  return found.rows.length > 0
}
