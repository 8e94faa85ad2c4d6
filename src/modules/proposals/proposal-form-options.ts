// What the document form offers to choose from: the active catalogue and the account's customers.
// A select of customers stays usable up to CUSTOMER_PICKER_LIMIT rows; beyond that the form asks
// for the customer's code or CPF/CNPJ instead, resolved on saving. Products alike: each item row
// has a select of every active product up to PRODUCT_PICKER_LIMIT, and beyond it a field for the
// product's code (with 50,000 products the four selects of a blank form made a 23 MB page that
// took the event loop ~2.3 s to render, every other request waiting).
import type { Db } from '../../platform/db/connect.js'
import { textList } from '../../platform/db/value-list.js'
import { activeProductsQuery, getRegistrationLists, type ProductChoice, type RegistrationLists } from '../catalog/registration-data.js'
import { parseDocument } from '../customers/brazilian-documents.js'
import type { CustomerInput } from '../customers/customer-input.js'
import { storedBodyReview } from '../rendering/template-review.js'
import { findCustomersByAnyKey } from '../customers/customer-repository.js'

export const CUSTOMER_PICKER_LIMIT = 500
export const PRODUCT_PICKER_LIMIT = 500

export interface CustomerChoice {
  id: number
  name: string
  code: string | null
  document: string | null
}

export interface ProposalFormOptions extends RegistrationLists {
  /** Every customer by name, or null when there are more than CUSTOMER_PICKER_LIMIT. */
  customers: CustomerChoice[] | null
  /** Every active product by name, or null when there are more than PRODUCT_PICKER_LIMIT (items then name a code). */
  products: ProductChoice[] | null
  /** The products the typed codes of the form being shown name, for its first paint's totals. */
  typedProducts: ProductChoice[]
  /** The active templates that show the installments but not the down payment (template-review.ts): the form warns beside a down payment. */
  templatesOmittingDownPayment: number[]
}

export async function getProposalFormOptions(db: Db, accountId: number): Promise<ProposalFormOptions> {
  // One row more than a limit tells "too many" apart without counting the whole table; both read
  // in the order of the folded names, through their indexes (migrations 011 and 012).
  const [lists, products, customers, omittingDownPayment] = await Promise.all([
    getRegistrationLists(db, accountId),
    activeProductsQuery(db, accountId).limit(PRODUCT_PICKER_LIMIT + 1).execute(),
    db
      .selectFrom('customers')
      .select(['id', 'name', 'code', 'document'])
      .where('account_id', '=', accountId)
      .orderBy('name_key')
      .orderBy('id')
      .limit(CUSTOMER_PICKER_LIMIT + 1)
      .execute(),
    templatesOmittingDownPayment(db, accountId),
  ])
  return {
    ...lists,
    customers: customers.length > CUSTOMER_PICKER_LIMIT ? null : customers,
    products: products.length > PRODUCT_PICKER_LIMIT ? null : products,
    typedProducts: [],
    templatesOmittingDownPayment: omittingDownPayment,
  }
}

/** Whether a template's body omits the down payment, by `id@updated_at` (a save moves it): bounded, and emptied when full. */
const omitsByVersion = new Map<string, boolean>()
const OMITS_REMEMBERED = 4_096

/**
 * The account's active templates that show the installments but never the down payment. Their
 * answers are remembered by template and version, so a form's page reads the bodies (up to
 * 100,000 characters each) only of the templates saved since this process last looked.
 */
async function templatesOmittingDownPayment(db: Db, accountId: number): Promise<number[]> {
  const templates = await db.selectFrom('templates').select(['id', 'updated_at']).where('account_id', '=', accountId).where('active', '=', true).orderBy('id').execute()
  const versionOf = (template: { id: number; updated_at: unknown }) => `${template.id}@${String(template.updated_at)}`
  const unread = templates.filter((template) => !omitsByVersion.has(versionOf(template)))
  if (unread.length > 0) {
    const bodies = await db.selectFrom('templates').select(['id', 'updated_at', 'body']).where('account_id', '=', accountId).where('id', 'in', unread.map((template) => template.id)).execute()
    if (omitsByVersion.size + bodies.length > OMITS_REMEMBERED) omitsByVersion.clear()
    for (const template of bodies) omitsByVersion.set(versionOf(template), storedBodyReview(template.body).omitsDownPayment)
  }
  return templates.filter((template) => omitsByVersion.get(versionOf(template)) === true).map((template) => template.id)
}

/**
 * The account's products (active or not: the proposals module refuses an inactive one with its own
 * error) with these exact codes, by code; through the (account_id, code) unique index. The codes
 * are one parameter: a posted form may carry tens of thousands of rows before its check refuses them.
 */
export async function productsByCode(db: Db, accountId: number, codes: readonly string[]): Promise<Map<string, ProductChoice>> {
  const wanted = [...new Set(codes)]
  if (wanted.length === 0) return new Map()
  const rows = await db
    .selectFrom('products')
    .select(['id', 'code', 'name', 'kind', 'unit', 'price_cents', 'description'])
    .where('account_id', '=', accountId)
    .where('code', 'in', textList(db, wanted))
    .execute()
  return new Map(rows.map((row) => [row.code, row]))
}

/** The customer one typed reference names: a valid CPF/CNPJ is read as a document, anything else as a code. */
export function customerReferenceInput(text: string): CustomerInput {
  const trimmed = text.trim()
  return parseDocument(trimmed) ? { document: trimmed } : { code: trimmed }
}

/** The one customer of the account a typed reference names (as customerReferenceInput reads it), if any. */
export async function findCustomerIdByTypedReference(db: Db, accountId: number, text: string): Promise<number | undefined> {
  // No stored value holds U+0000, and PostgreSQL refuses it in a query: it names no one.
  if (text.trim() === '' || text.includes('\u0000')) return undefined
  const reference = customerReferenceInput(text)
  const keys = reference.document !== undefined ? { document: parseDocument(reference.document)!.document } : { code: reference.code! }
  const rows = await findCustomersByAnyKey(db, accountId, keys)
  return rows.length === 1 ? rows[0]!.id : undefined
}

/** A customer of the account by id, for the form's summary of a document whose customer is typed. */
export function findCustomerChoice(db: Db, accountId: number, id: number): Promise<CustomerChoice | undefined> {
  return db.selectFrom('customers').select(['id', 'name', 'code', 'document']).where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst()
}
