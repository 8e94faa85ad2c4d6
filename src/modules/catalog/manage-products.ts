// The account's products and services as the registration screens edit them: a paged list with a
// code/name search ignoring case and accents, one row by id (scoped to the account, so a foreign id
// reads like a missing one), and create/update with validation. Rows are never deleted — documents reference them —
// they are deactivated, and inactive rows are left out of the API's catalogue and lookups.
import type { Db } from '../../platform/db/connect.js'
import { keyLike } from '../../platform/db/folded-search.js'
import { type Clock, isoNow } from '../../platform/clock.js'
import type { ActivityActor } from '../accounts/account-activity.js'
import { writeCatalogEntry } from './catalog-activity.js'
import { productSearchKeys } from './product-search-keys.js'
import { type CatalogErrorCode, type FieldErrors, PER_PAGE, type SaveResult, accountRows, checkText, pageOffset } from './catalog-text.js'

/** The API's ceiling for a unit price (unit_price_cents in POST /proposals). */
export const MAX_PRICE_CENTS = 100_000_000_000
export const PRODUCT_KINDS = ['product', 'service'] as const
export type ProductKind = (typeof PRODUCT_KINDS)[number]

export interface ProductRow {
  id: number
  code: string
  name: string
  kind: ProductKind
  unit: string
  price_cents: number
  description: string | null
  active: boolean
}

export interface ProductInput {
  code: string
  name: string
  kind: string
  unit: string
  /** Already parsed from the form; null when the field was empty or not an amount. */
  price_cents: number | null
  description: string
  active: boolean
}

export type ProductField = 'code' | 'name' | 'kind' | 'unit' | 'price' | 'description'

const COLUMNS = ['id', 'code', 'name', 'kind', 'unit', 'price_cents', 'description', 'active'] as const

function toRow(row: Omit<ProductRow, 'active'> & { active: unknown }): ProductRow {
  return { ...row, active: Boolean(row.active) }
}

type ListOptions = { q?: string; page?: number }

/**
 * The account's products whose code or name contains `q`, by their folded keys stored with them
 * (migration 012): one range of the (account_id, name_key, id, code_key) index, which a search
 * reads without the table.
 */
function productsMatching(db: Db, accountId: number, options: ListOptions) {
  const query = db.selectFrom('products').where('account_id', '=', accountId)
  const q = options.q?.trim() ?? ''
  return q === '' ? query : query.where((eb) => eb.or([keyLike('code_key', q), keyLike('name_key', q)]))
}

/** A page of the list, in the order of the folded names (exported for the query-plan test). */
export function productListPageQuery(db: Db, accountId: number, options: ListOptions) {
  return productsMatching(db, accountId, options).select(COLUMNS).orderBy('name_key').orderBy('id').limit(PER_PAGE).offset(pageOffset(options.page ?? 1))
}

export async function listProducts(db: Db, accountId: number, options: ListOptions = {}): Promise<{ rows: ProductRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    productListPageQuery(db, accountId, options).execute(),
    productsMatching(db, accountId, options).select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow(),
  ])
  return { rows: rows.map(toRow), total: Number(count.total) }
}

export const { find: findProduct } = accountRows((db, accountId) => db.selectFrom('products').select(COLUMNS).where('account_id', '=', accountId), toRow)

function validate(input: ProductInput) {
  const errors: FieldErrors<ProductField> = {}
  const code = checkText(input.code, 60)
  const name = checkText(input.name, 200)
  const unit = checkText(input.unit, 20)
  const description = checkText(input.description, 2000, false)
  if (code.error) errors.code = code.error
  if (name.error) errors.name = name.error
  if (unit.error) errors.unit = unit.error
  if (description.error) errors.description = description.error
  if (!(PRODUCT_KINDS as readonly string[]).includes(input.kind)) errors.kind = input.kind === '' ? 'required' : 'invalid_choice'
  if (input.price_cents === null || input.price_cents < 0) errors.price = 'invalid_amount'
  else if (input.price_cents > MAX_PRICE_CENTS) errors.price = 'amount_too_large'
  const values = {
    code: code.value,
    name: name.value,
    kind: input.kind as ProductKind,
    unit: unit.value,
    price_cents: input.price_cents ?? 0,
    description: description.value === '' ? null : description.value,
    active: input.active,
  }
  return { errors, values }
}

async function codeTaken(db: Db, accountId: number, code: string, exceptId?: number): Promise<boolean> {
  let query = db.selectFrom('products').select('id').where('account_id', '=', accountId).where('code', '=', code)
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId)
  return (await query.executeTakeFirst()) !== undefined
}

/**
 * Creates (id undefined) or updates the account's product; a missing or foreign id is notFound.
 * With `by`, the account's activity records the creation or what the update changed.
 */
export async function saveProduct(db: Db, clock: Clock, accountId: number, id: number | undefined, input: ProductInput, by?: ActivityActor): Promise<SaveResult<ProductField>> {
  const { errors, values } = validate(input)
  if (!errors.code && (await codeTaken(db, accountId, values.code, id))) errors.code = 'code_taken'
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  const now = isoNow(clock)
  try {
    return await writeCatalogEntry(db, clock, accountId, id, by, {
      kind: 'product',
      label: `${values.code} — ${values.name}`,
      values,
      recheck: async (trx) => ((await codeTaken(trx, accountId, values.code, id)) ? { code: 'code_taken' } : undefined),
      creationData: { price_cents: values.price_cents },
      insert: async (trx) => (await trx.insertInto('products').values({ account_id: accountId, ...values, ...productSearchKeys(values), created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow()).id,
      readBefore: async (trx, existing) => {
        const row = await trx.selectFrom('products').select(['code', 'name', 'kind', 'unit', 'price_cents', 'description', 'active']).where('account_id', '=', accountId).where('id', '=', existing).executeTakeFirst()
        return row && { ...row, active: Boolean(row.active) }
      },
      update: async (trx, existing) => {
        await trx.updateTable('products').set({ ...values, ...productSearchKeys(values), updated_at: now }).where('account_id', '=', accountId).where('id', '=', existing).execute()
      },
    })
  } catch (error) {
    // Two saves racing for one code: the (account_id, code) unique key decides.
    if (await codeTaken(db, accountId, values.code, id)) return { ok: false, errors: { code: 'code_taken' satisfies CatalogErrorCode } }
    throw error
  }
}
