// Small helpers shared by the registration-data editors (products, payment methods, signer roles):
// trimmed text checks and the account-scoped "contains" search used by their lists.
import { type Expression, type SqlBool, sql } from 'kysely'

/** Field error codes of the editors; the web app turns them into words. */
export type CatalogErrorCode =
  | 'required'
  | 'too_long'
  | 'invalid_choice'
  | 'invalid_amount'
  | 'amount_too_large'
  | 'invalid_installments'
  | 'code_taken'
  | 'name_taken'

export type FieldErrors<F extends string> = Partial<Record<F, CatalogErrorCode>>

/** Trimmed text, or the error it has (empty when required, longer than `max`). */
export function checkText(value: string, max: number, required = true): { value: string; error?: CatalogErrorCode } {
  const trimmed = value.trim()
  if (required && trimmed === '') return { value: trimmed, error: 'required' }
  if (trimmed.length > max) return { value: trimmed, error: 'too_long' }
  return { value: trimmed }
}

/**
 * `column LIKE %term%` ignoring ASCII case on both databases, with the term's own % and _ taken
 * literally (escaped), so a search for "50%" does not match everything.
 */
export function containsIgnoringCase(column: Expression<unknown>, term: string): Expression<SqlBool> {
  const escaped = term.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)
  return sql<SqlBool>`lower(${column}) like ${`%${escaped}%`} escape '\\'`
}

/** 1-based page → offset; the lists show PER_PAGE rows a page. */
export const PER_PAGE = 50
export function pageOffset(page: number, perPage = PER_PAGE): number {
  return (Math.max(1, page) - 1) * perPage
}

/** What a save answers: the row's id, field errors, or notFound (a missing or foreign id: a 404). */
export type SaveResult<F extends string> = { ok: true; id: number } | { ok: false; errors: FieldErrors<F> } | { ok: false; notFound: true }
