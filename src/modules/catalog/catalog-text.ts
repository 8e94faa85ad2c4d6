// Small helpers shared by the registration-data editors (products, payment methods, signer roles,
// and the account's users): trimmed text checks, paging, and the list/find-by-id pair every editor
// reads its table with.
import type { Expression } from 'kysely'
import type { Db } from '../../platform/db/connect.js'
import { foldedName } from '../../platform/db/folded-search.js'

/** Field error codes of the editors; the web app turns them into words. */
export type CatalogErrorCode =
  | 'required'
  | 'too_long'
  | 'invalid_choice'
  | 'invalid_amount'
  | 'amount_too_large'
  | 'invalid_installments'
  | 'invalid_first_due_days'
  | 'invalid_interval_days'
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

/** 1-based page → offset; the lists show PER_PAGE rows a page. */
export const PER_PAGE = 50
export function pageOffset(page: number, perPage = PER_PAGE): number {
  return (Math.max(1, page) - 1) * perPage
}

/** What a save answers: the row's id, field errors, or notFound (a missing or foreign id: a 404). */
export type SaveResult<F extends string> = { ok: true; id: number } | { ok: false; errors: FieldErrors<F> } | { ok: false; notFound: true }

/** The part of an editor's select (its columns of one account's rows) that accountRows uses. */
interface AccountSelect<Raw> {
  where(column: 'id', operator: '=', value: number): AccountSelect<Raw>
  orderBy(column: 'id' | Expression<string>): AccountSelect<Raw>
  execute(): Promise<Raw[]>
  executeTakeFirst(): Promise<Raw | undefined>
}

/**
 * An editor's reads of its table: `list`, the account's rows by name (ignoring case and accents)
 * then id, and `find`, one row by id (scoped to the account, so a foreign id reads like a missing
 * one). `select` picks the columns of the account's rows; `toRow` shapes one (SQLite gives
 * booleans as 0/1).
 */
export function accountRows<Raw, Row>(select: (db: Db, accountId: number) => AccountSelect<Raw>, toRow: (raw: Raw) => Row) {
  return {
    async list(db: Db, accountId: number): Promise<Row[]> {
      const rows = await select(db, accountId).orderBy(foldedName(db)).orderBy('id').execute()
      return rows.map((raw) => toRow(raw))
    },
    async find(db: Db, accountId: number, id: number): Promise<Row | undefined> {
      const raw = await select(db, accountId).where('id', '=', id).executeTakeFirst()
      return raw === undefined ? undefined : toRow(raw)
    },
  }
}
