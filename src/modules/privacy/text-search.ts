// "Column contains this text" on both databases: LIKE with an explicit ESCAPE (SQLite has no
// default escape character), so a name with % or _ matches only itself. Case is compared as
// stored; callers search for the spellings they know (the redaction then ignores case).
import { type Expression, type RawBuilder, sql, type SqlBool } from 'kysely'

function likeEscaped(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`)
}

export function containsText(column: string, text: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} like ${`%${likeEscaped(text)}%`} escape '\\'`
}

/** True when any of the columns contains any of the texts (false for no texts). */
export function containsAny(columns: readonly string[], texts: readonly string[]): Expression<SqlBool> {
  if (texts.length === 0) return sql<SqlBool>`1 = 0`
  return sql<SqlBool>`(${sql.join(columns.flatMap((column) => texts.map((text) => containsText(column, text))), sql` or `)})`
}
