// Loads the catalogue rows a document refers to, scoped to the account and to active rows.
// A missing entry in the returned maps means "unknown, foreign or inactive": the caller reports
// all three the same way, so a foreign id never reveals that it exists elsewhere.
import type { Db } from '../../platform/db/connect.js'
import { preparedIdList, preparedQuery } from '../../platform/db/prepared-query.js'

export interface CatalogueProduct {
  id: number
  code: string
  name: string
  unit: string
  price_cents: number
  description: string | null
}

// Every creation runs both: one prepared shape per number of distinct ids (prepared-query.ts).
const activeProducts = preparedIdList((db, accountId, ids) =>
  db.selectFrom('products').select(['id', 'code', 'name', 'unit', 'price_cents', 'description']).where('account_id', '=', accountId).where('active', '=', true).where('id', 'in', ids),
)
const activeRoles = preparedIdList((db, accountId, ids) =>
  db.selectFrom('signer_roles').select(['id', 'name']).where('account_id', '=', accountId).where('active', '=', true).where('id', 'in', ids),
)

export async function activeProductsById(db: Db, accountId: number, ids: number[]): Promise<Map<number, CatalogueProduct>> {
  const rows = await activeProducts(db, accountId, ids)
  return new Map(rows.map((row) => [row.id, row]))
}

export async function activeSignerRolesById(db: Db, accountId: number, ids: number[]): Promise<Map<number, { id: number; name: string }>> {
  const rows = await activeRoles(db, accountId, ids)
  return new Map(rows.map((row) => [row.id, row]))
}

// Every creation runs these: built once (prepared-query.ts).
const activeTemplate = preparedQuery(2, (db, accountId: number, id: number) =>
  db.selectFrom('templates').select(['id', 'name', 'body']).where('account_id', '=', accountId).where('active', '=', true).where('id', '=', id),
)
const activePaymentMethod = preparedQuery(2, (db, accountId: number, id: number) =>
  db.selectFrom('payment_methods').select(['id', 'name', 'kind', 'max_installments']).where('account_id', '=', accountId).where('active', '=', true).where('id', '=', id),
)
const activeSellers = (db: Db, accountId: number) =>
  db.selectFrom('users').select(['id', 'name', 'email']).where('account_id', '=', accountId).where('active', '=', true).where('is_seller', '=', true)
const namedSeller = preparedQuery(2, (db, accountId: number, id: number) => activeSellers(db, accountId).where('id', '=', id))
const defaultSeller = preparedQuery(1, (db, accountId: number) => activeSellers(db, accountId).where('is_default_seller', '=', true).orderBy('id').limit(1))

export async function findActiveTemplate(db: Db, accountId: number, id: number) {
  return (await activeTemplate(db, accountId, id))[0]
}

export async function findActivePaymentMethod(db: Db, accountId: number, id: number) {
  return (await activePaymentMethod(db, accountId, id))[0]
}

/** The named seller, or the account's default seller when none is named. */
export async function findActiveSeller(db: Db, accountId: number, id: number | undefined) {
  return (await (id === undefined ? defaultSeller(db, accountId) : namedSeller(db, accountId, id)))[0]
}
