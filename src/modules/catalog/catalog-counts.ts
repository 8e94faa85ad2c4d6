// How many rows of each kind of registration data the account has (active and inactive), for the
// cards of the Cadastros hub.
import type { Db } from '../../platform/db/connect.js'

export interface CatalogCounts {
  products: number
  paymentMethods: number
  templates: number
  signerRoles: number
  users: number
}

export async function countCatalog(db: Db, accountId: number): Promise<CatalogCounts> {
  const count = (table: 'products' | 'payment_methods' | 'templates' | 'signer_roles' | 'users') =>
    db.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('total')).where('account_id', '=', accountId).executeTakeFirstOrThrow().then((row) => Number(row.total))
  const [products, paymentMethods, templates, signerRoles, users] = await Promise.all([
    count('products'),
    count('payment_methods'),
    count('templates'),
    count('signer_roles'),
    count('users'),
  ])
  return { products, paymentMethods, templates, signerRoles, users }
}
