// A list of values bound as ONE parameter, for `column in (…)`. Kysely binds each value of an IN
// list as a parameter of its own, and SQLite takes at most 32,766 in a statement, PostgreSQL
// 65,535: a data subject's 40,000 documents made the LGPD export and erasure fail with "too many
// SQL variables". SQLite reads the list from a JSON array (json_each), PostgreSQL from an array
// (unnest); both still look each value up in the column's index, and one statement text serves
// every length.
import { type RawBuilder, sql } from 'kysely'
import type { Db } from './connect.js'
import { isPostgres } from './dialect-of.js'

export function idList(db: Db, ids: readonly number[]): RawBuilder<number> {
  return isPostgres(db) ? sql<number>`(select unnest(${ids}::bigint[]))` : jsonList<number>(ids)
}

export function textList(db: Db, texts: readonly string[]): RawBuilder<string> {
  return isPostgres(db) ? sql<string>`(select unnest(${texts}::text[]))` : jsonList<string>(texts)
}

function jsonList<T>(values: readonly T[]): RawBuilder<T> {
  return sql<T>`(select value from json_each(${JSON.stringify(values)}))`
}
