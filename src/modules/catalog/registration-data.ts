// The registration data an integrator needs to create a document (DESIGN.md §3.3): active
// entries only, each with the id that POST /proposals takes.
import type { Db } from '../../platform/db/connect.js'
import { foldedName } from '../../platform/db/folded-search.js'
import type { PaymentMethodKind, SignatureType } from '../../platform/db/schema.js'

export const SIGNATURE_TYPES: ReadonlyArray<{ id: SignatureType; name: string }> = [
  { id: 'paper', name: 'Papel' },
  { id: 'digital', name: 'Digital' },
]

export interface RegistrationData {
  signature_types: Array<{ id: SignatureType; name: string }>
  payment_methods: Array<{ id: number; name: string; kind: PaymentMethodKind; max_installments: number; first_due_days: number; installment_interval_days: number; due_on_business_days: boolean }>
  products: Array<{ id: number; code: string; name: string; kind: 'product' | 'service'; unit: string; price_cents: number; description: string | null }>
  templates: Array<{ id: number; name: string; description: string | null }>
  signer_roles: Array<{ id: number; name: string }>
  sellers: Array<{ id: number; name: string; email: string }>
}

/** Everything but the products: lists as long as what people type in by hand, a few dozen rows. */
export type RegistrationLists = Omit<RegistrationData, 'products'>

export type ProductChoice = RegistrationData['products'][number]

/** The account's active products by name (the index of migration 012 gives the order). */
export function activeProductsQuery(db: Db, accountId: number) {
  return db
    .selectFrom('products')
    .select(['id', 'code', 'name', 'kind', 'unit', 'price_cents', 'description'])
    .where('account_id', '=', accountId)
    .where('active', '=', true)
    .orderBy('name_key')
    .orderBy('id')
}

export async function getRegistrationLists(db: Db, accountId: number): Promise<RegistrationLists> {
  const [paymentMethods, templates, signerRoles, sellers] = await Promise.all([
    db.selectFrom('payment_methods').select(['id', 'name', 'kind', 'max_installments', 'first_due_days', 'installment_interval_days', 'due_on_business_days'])
      .where('account_id', '=', accountId).where('active', '=', true).orderBy(foldedName(db)).orderBy('id').execute(),
    db.selectFrom('templates').select(['id', 'name', 'description'])
      .where('account_id', '=', accountId).where('active', '=', true).orderBy(foldedName(db)).orderBy('id').execute(),
    db.selectFrom('signer_roles').select(['id', 'name'])
      .where('account_id', '=', accountId).where('active', '=', true).orderBy(foldedName(db)).orderBy('id').execute(),
    listSellers(db, accountId),
  ])
  return {
    signature_types: SIGNATURE_TYPES.map((type) => ({ ...type })),
    payment_methods: paymentMethods.map((method) => ({ ...method, due_on_business_days: Boolean(method.due_on_business_days) })),
    templates,
    signer_roles: signerRoles,
    sellers,
  }
}

/** The account's active sellers by name (the Documentos list's seller filter needs only these). */
export function listSellers(db: Db, accountId: number): Promise<RegistrationData['sellers']> {
  return db.selectFrom('users').select(['id', 'name', 'email'])
    .where('account_id', '=', accountId).where('active', '=', true).where('is_seller', '=', true).orderBy(foldedName(db)).orderBy('id').execute()
}

export async function getRegistrationData(db: Db, accountId: number): Promise<RegistrationData> {
  const [lists, products] = await Promise.all([getRegistrationLists(db, accountId), activeProductsQuery(db, accountId).execute()])
  // The answer's keys in the order of the API's schema.
  return {
    signature_types: lists.signature_types,
    payment_methods: lists.payment_methods,
    products,
    templates: lists.templates,
    signer_roles: lists.signer_roles,
    sellers: lists.sellers,
  }
}
