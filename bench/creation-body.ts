// The body of POST /api/v1/proposals the creation scenarios send: 5 items and 2 signers, valid for
// the generated account. The ids come from that account's own catalogue, read after generating,
// so the body never depends on how the generator numbers rows.
import type { Db } from '../src/platform/db/connect.js'

export interface CreationRefs {
  template_id: number
  payment_method_id: number
  product_ids: number[]
  role_ids: number[]
}

const ITEMS = 5

export async function readCreationRefs(db: Db, accountId: number): Promise<CreationRefs> {
  const template = await db.selectFrom('templates').select('id').where('account_id', '=', accountId).where('active', '=', true).orderBy('id').executeTakeFirst()
  const method = await db.selectFrom('payment_methods').select('id').where('account_id', '=', accountId).where('active', '=', true).orderBy('id').executeTakeFirst()
  const products = await db.selectFrom('products').select('id').where('account_id', '=', accountId).where('active', '=', true).orderBy('id').limit(ITEMS).execute()
  const roles = await db.selectFrom('signer_roles').select('id').where('account_id', '=', accountId).where('active', '=', true).orderBy('id').limit(2).execute()
  if (template === undefined || method === undefined || products.length === 0 || roles.length === 0) {
    throw new Error(`account ${accountId} lacks an active template, payment method, product or signer role: the creation scenarios cannot build a valid body`)
  }
  return { template_id: template.id, payment_method_id: method.id, product_ids: products.map((p) => p.id), role_ids: roles.map((r) => r.id) }
}

let sequence = 0

/** A fresh body: the customer by document (one of the generated ones) and distinct signer e-mails. */
export function creationBody(refs: CreationRefs, customerDocument: string): string {
  sequence += 1
  return JSON.stringify({
    template_id: refs.template_id,
    signature_type: 'digital',
    payment_method_id: refs.payment_method_id,
    customer: { document: customerDocument },
    items: Array.from({ length: ITEMS }, (_, index) => ({ product_id: refs.product_ids[index % refs.product_ids.length]!, quantity: index + 1 })),
    signers: [
      { name: 'Maria Souza', email: `maria.${sequence}@cliente.test`, role_id: refs.role_ids[0]! },
      { name: 'João Lima', email: `joao.${sequence}@cliente.test`, role_id: refs.role_ids[1 % refs.role_ids.length]! },
    ],
  })
}
