// A subquery's rows as one JSON array column, so a parent row and its children come back in one
// query (SQLite: json_group_array; PostgreSQL: json_agg). SQLite hands the array over as text and
// PostgreSQL as parsed JSON; parseJsonArray reads either. The subquery must list its columns
// (SQLite's json_object needs their names). Order: PostgreSQL sorts inside json_agg by `orderBy`
// (columns the subquery selects), as it does not promise to keep a subquery's order; SQLite feeds
// the aggregate the subquery's rows in its ORDER BY order.
import { type InferResult, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely'
import { jsonArrayFrom as sqliteJsonArrayFrom } from 'kysely/helpers/sqlite'
import type { Db } from './connect.js'
import { isPostgres } from './dialect-of.js'

/** Typed as the rows themselves; columns keep their JS types except instants (see isoInstantOrNull). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any select query
export function jsonArrayFrom<Query extends SelectQueryBuilder<any, any, any>>(db: Db, subquery: Query, orderBy: readonly string[]): RawBuilder<InferResult<Query>> {
  const array = isPostgres(db)
    ? sql`(select coalesce(json_agg(agg order by ${sql.join(orderBy.map((column) => sql.ref(`agg.${column}`)))}), '[]') from ${subquery} as agg)`
    : sqliteJsonArrayFrom(subquery)
  return array as unknown as RawBuilder<InferResult<Query>>
}

export function parseJsonArray<Row>(value: unknown): Row[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value
  if (!Array.isArray(parsed)) throw new Error('expected a JSON array from the database')
  return parsed as Row[]
}

/**
 * Instants inside JSON skip the driver's type parsing: PostgreSQL writes them as
 * `2026-11-29T12:00:00.123+00:00`. Every instant the API returns is ISO 8601 UTC with a Z.
 */
export function isoInstantOrNull(value: string | null): string | null {
  return value === null || value.endsWith('Z') ? value : new Date(value).toISOString()
}
