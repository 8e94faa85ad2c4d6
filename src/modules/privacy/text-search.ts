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
