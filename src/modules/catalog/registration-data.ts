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
  payment_methods: Array<{ id: number; name: string; kind: PaymentMethodKind; max_installments: number }>
  products: Array<{ id: number; code: string; name: string; kind: 'product' | 'service'; unit: string; price_cents: number; description: string | null }>
  templates: Array<{ id: number; name: string; description: string | null }>
  signer_roles: Array<{ id: number; name: string }>
  sellers: Array<{ id: number; name: string; email: string }>
}

export async function getRegistrationData(db: Db, accountId: number): Promise<RegistrationData> {
  const [paymentMethods, products, templates, signerRoles, sellers] = await Promise.all([
    db.selectFrom('payment_methods').select(['id', 'name', 'kind', 'max_installments'])
      .where('account_id', '=', accountId).where('active', '=', true).orderBy(foldedName(db)).orderBy('id').execute(),
    db.selectFrom('products').select(['id', 'code', 'name', 'kind', 'unit', 'price_cents', 'description'])
      .where('account_id', '=', accountId).where('active', '=', true).orderBy('name_key').orderBy('id').execute(),
    db.selectFrom('templates').select(['id', 'name', 'description'])
      .where('account_id', '=', accountId).where('active', '=', true).orderBy(foldedName(db)).orderBy('id').execute(),
    db.selectFrom('signer_roles').select(['id', 'name'])
      .where('account_id', '=', accountId).where('active', '=', true).orderBy(foldedName(db)).orderBy('id').execute(),
    db.selectFrom('users').select(['id', 'name', 'email'])
      .where('account_id', '=', accountId).where('active', '=', true).where('is_seller', '=', true).orderBy(foldedName(db)).orderBy('id').execute(),
  ])
  return {
    signature_types: SIGNATURE_TYPES.map((type) => ({ ...type })),
    payment_methods: paymentMethods,
    products,
    templates,
    signer_roles: signerRoles,
    sellers,
  }
}
