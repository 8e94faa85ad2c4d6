// "Column contains this text" on both databases: LIKE with an explicit ESCAPE (SQLite has no
// default escape character), so a name with % or _ matches only itself, ignoring case as each
// database can: PostgreSQL's LIKE is case-sensitive, so both sides are lower-cased there (its
// lower() knows every letter); SQLite's LIKE already ignores the case of ASCII letters, as far as
// its lower() would fold them, so the column is compared as it is (lower-casing each column's
// text once per term had made an erasure's search of a large request log ~2.5 times slower).
// SQLite folds ASCII only, so callers also search the upper-cased spelling ("HELOÍSA"). This is a
// pre-filter: the caller decides in JS (with boundaries, accents, ties to the subject) what matched.
import { type Expression, type RawBuilder, sql, type SqlBool } from 'kysely'
import type { Db } from '../../platform/db/connect.js'
import { isPostgres } from '../../platform/db/dialect-of.js'
import { likeEscaped } from '../../platform/db/folded-search.js'

function containsText(postgres: boolean, column: string, text: string): RawBuilder<SqlBool> {
  const pattern = `%${likeEscaped(text)}%`
  return postgres ? sql<SqlBool>`lower(${sql.ref(column)}) like lower(${pattern}) escape '\\'` : sql<SqlBool>`${sql.ref(column)} like ${pattern} escape '\\'`
}

/** True when any of the columns contains any of the texts (false for no texts), on the database of `db`. */
export function containsAny(db: Db, columns: readonly string[], texts: readonly string[]): Expression<SqlBool> {
  if (texts.length === 0) return sql<SqlBool>`1 = 0`
  const postgres = isPostgres(db)
  return sql<SqlBool>`(${sql.join(columns.flatMap((column) => texts.map((text) => containsText(postgres, column, text))), sql` or `)})`
}

/**
 * Conditions per statement: SQLite parses an OR chain as a tree at most 1,000 deep, and every
 * term is a bound parameter (SQLite takes 32,766, PostgreSQL 65,535). A subject whose documents
 * have thousands of distinct signers has thousands of terms.
 */
const CONDITIONS_PER_STATEMENT = 400

/**
 * The rows `find` returns for "any of the columns contains any of the texts", one statement per
 * slice of the texts, merged by id (ordered by id when there was more than one statement). One
 * statement, as `containsAny` alone, for the few terms of a usual subject.
 */
export async function findContainingAny<Row extends { id: number | string }>(
  db: Db,
  columns: readonly string[],
  texts: readonly string[],
  find: (condition: Expression<SqlBool>) => Promise<Row[]>,
): Promise<Row[]> {
  const perStatement = Math.max(1, Math.floor(CONDITIONS_PER_STATEMENT / columns.length))
  if (texts.length <= perStatement) return find(containsAny(db, columns, texts))
  const byId = new Map<string, Row>()
  for (let first = 0; first < texts.length; first += perStatement) {
    for (const row of await find(containsAny(db, columns, texts.slice(first, first + perStatement)))) byId.set(String(row.id), row)
  }
  return [...byId.values()].sort((a, b) => Number(a.id) - Number(b.id))
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}]/u.test(char)
}

/**
 * Whether `text` contains `term` as a whole token, ignoring case: "CLI-1" is not in "CLI-10",
 * "/proposals/12" not in "/proposals/123". The pre-filter's LIKE cannot tell them apart.
 */
export function mentionsToken(text: string | null, term: string): boolean {
  if (text === null || term === '') return false
  const haystack = text.toLowerCase()
  const needle = term.toLowerCase()
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    const before = haystack[at - 1]
    const after = haystack[at + needle.length]
    if ((!isWordChar(needle[0]) || !isWordChar(before)) && (!isWordChar(needle[needle.length - 1]) || !isWordChar(after))) return true
  }
  return false
}

/** The document ids a path names as whole tokens (as mentionsToken reads them): "/api/v1/proposals/123/pdf" → ["123"]. */
export function documentIdsInPath(path: string): string[] {
  return [...path.matchAll(/\/proposals\/(\d+)(?![\p{L}\p{N}])/giu)].map((match) => match[1]!)
}
