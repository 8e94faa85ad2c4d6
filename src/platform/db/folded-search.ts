// Searching and ordering text as people type it in Brazil: without regard to case or accents
// ("joao" and "JOÃO" find "João", "sao paulo" finds "SÃO PAULO"), alike on both databases. The
// term is folded here; the column in SQL, with the same table of accented Latin letters:
// PostgreSQL through translate(lower(…)), SQLite through a function registered on each of its
// connections (sqlite-database.ts, and the read thread's own in sqlite-read-thread.ts), since
// SQLite's lower() folds ASCII only and it has no translate(). LIKE's own % and _ in a term are
// escaped, so "50%" finds only itself.
import { type Expression, type RawBuilder, sql, type SqlBool } from 'kysely'
import type { Db } from './connect.js'
import { isPostgres } from './dialect-of.js'

/** Each plain letter and the accented ones, both cases, that fold to it. */
const ACCENTED: Readonly<Record<string, string>> = {
  a: 'ÀÁÂÃÄÅàáâãäå',
  c: 'Çç',
  e: 'ÈÉÊËèéêë',
  i: 'ÌÍÎÏìíîï',
  n: 'Ññ',
  o: 'ÒÓÔÕÖØòóôõöø',
  u: 'ÙÚÛÜùúûü',
  y: 'ÝŸýÿ',
}

/** translate()'s two arguments: FOLD_FROM[i] becomes FOLD_TO[i]. */
export const FOLD_FROM = Object.values(ACCENTED).join('')
export const FOLD_TO = Object.entries(ACCENTED).map(([plain, accented]) => plain.repeat(accented.length)).join('')

/** The SQLite function folding a column; registered on every connection the app opens. */
export const SQLITE_FOLD_FUNCTION = 'vendoc_fold'

const FOLDS = new Map([...FOLD_FROM].map((char, index) => [char, FOLD_TO[index]!]))

/**
 * Lower case without accents on Latin letters; every other character kept. Composed first (NFC),
 * so a letter typed with a combining accent folds like the composed one.
 */
export function foldForSearch(text: string): string {
  let folded = ''
  for (const char of text.normalize('NFC').toLowerCase()) folded += FOLDS.get(char) ?? char
  return folded
}

/**
 * Stored search keys (columns holding a field as foldForSearch folds it, written with the field) of
 * the fields present in `fields`: `keyOf` names each field's key. An absent field keeps its key
 * (not in the result); null folds to ''.
 */
export function searchKeysOf<Field extends string, Key extends string>(keyOf: Readonly<Record<Field, Key>>, fields: Partial<Record<Field, string | null>>): Partial<Record<Key, string>> {
  const keys: Partial<Record<Key, string>> = {}
  for (const field of Object.keys(keyOf) as Field[]) {
    const value = fields[field]
    if (value !== undefined) keys[keyOf[field]] = foldForSearch(value ?? '')
  }
  return keys
}

/**
 * The column's text folded as foldForSearch folds a term. PostgreSQL compares it byte by byte
 * (`collate "C"`), as SQLite does, so an ORDER BY on it sorts alike on both whatever the
 * database's locale.
 */
export function foldedColumn(db: Db, column: Expression<unknown>): RawBuilder<string> {
  return isPostgres(db) ? sql<string>`(translate(lower(${column}), ${FOLD_FROM}, ${FOLD_TO}) collate "C")` : sql<string>`${sql.raw(SQLITE_FOLD_FUNCTION)}(${column})`
}

/** The `name` column folded: what every list of names is ordered by. */
export function foldedName(db: Db): RawBuilder<string> {
  return foldedColumn(db, sql.ref('name'))
}

/** The term with LIKE's wildcards escaped (every LIKE here names `\` as its escape character). */
export function likeEscaped(term: string): string {
  return term.replace(/[\\%_]/g, (char) => `\\${char}`)
}

type LikeMatch = 'contains' | 'prefix'

/** LIKE's pattern for the folded term. */
function foldedPattern(term: string, match: LikeMatch): string {
  const escaped = likeEscaped(foldForSearch(term))
  return match === 'contains' ? `%${escaped}%` : `${escaped}%`
}

/** The folded column contains the folded term (or starts with it). Folds every row it reads: for short lists. */
export function foldedLike(db: Db, column: Expression<unknown>, term: string, match: LikeMatch = 'contains'): RawBuilder<SqlBool> {
  return sql<SqlBool>`${foldedColumn(db, column)} like ${foldedPattern(term, match)} escape '\\'`
}

/**
 * A stored key (a column holding its field as foldForSearch folds it, written with the field:
 * customers' name_key, trade_name_key and code_key) contains the folded term, or starts with it.
 */
export function keyLike(key: string, term: string, match: LikeMatch = 'contains'): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(key)} like ${foldedPattern(term, match)} escape '\\'`
}
