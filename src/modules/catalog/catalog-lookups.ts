// Loads the catalogue rows a document refers to, scoped to the account and to active rows.
// A missing entry in the returned maps means "unknown, foreign or inactive": the caller reports
// all three the same way, so a foreign id never reveals that it exists elsewhere.
import type { Db } from '../../platform/db/connect.js'

function unique(ids: number[]): number[] {
  return [...new Set(ids)]
}

export interface CatalogueProduct {
  id: number
  code: string
  name: string
  unit: string
  price_cents: number
  description: string | null
}

export async function activeProductsById(db: Db, accountId: number, ids: number[]): Promise<Map<number, CatalogueProduct>> {
  if (ids.length === 0) return new Map()
  const rows = await db.selectFrom('products').select(['id', 'code', 'name', 'unit', 'price_cents', 'description'])
    .where('account_id', '=', accountId).where('active', '=', true).where('id', 'in', unique(ids)).execute()
  return new Map(rows.map((row) => [row.id, row]))
}

export async function activeSignerRolesById(db: Db, accountId: number, ids: number[]) {
  if (ids.length === 0) return new Map<number, { id: number; name: string }>()
  const rows = await db.selectFrom('signer_roles').select(['id', 'name'])
    .where('account_id', '=', accountId).where('active', '=', true).where('id', 'in', unique(ids)).execute()
  return new Map(rows.map((row) => [row.id, row]))
}

export function findActiveTemplate(db: Db, accountId: number, id: number) {
  return db.selectFrom('templates').select(['id', 'name', 'body'])
    .where('account_id', '=', accountId).where('active', '=', true).where('id', '=', id).executeTakeFirst()
}

export function findActivePaymentMethod(db: Db, accountId: number, id: number) {
  return db.selectFrom('payment_methods').select(['id', 'name', 'kind', 'max_installments'])
    .where('account_id', '=', accountId).where('active', '=', true).where('id', '=', id).executeTakeFirst()
}

/** The named seller, or the account's default seller when none is named. */
export function findActiveSeller(db: Db, accountId: number, id: number | undefined) {
  let query = db.selectFrom('users').select(['id', 'name', 'email'])
    .where('account_id', '=', accountId).where('active', '=', true).where('is_seller', '=', true)
  query = id === undefined ? query.where('is_default_seller', '=', true) : query.where('id', '=', id)
  return query.orderBy('id').limit(1).executeTakeFirst()
}
