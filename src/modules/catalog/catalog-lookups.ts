// Loads the catalogue rows a document refers to, scoped to the account and to active rows.
// A missing entry in the returned maps means "unknown, foreign or inactive": the caller reports
// all three the same way, so a foreign id never reveals that it exists elsewhere.
import { CompiledQuery } from 'kysely'
import type { Db } from '../../platform/db/connect.js'
import { isPostgres } from '../../platform/db/dialect-of.js'
import { PREPARED_QUERY_MARK, preparedIdList, preparedQuery } from '../../platform/db/prepared-query.js'

export interface CatalogueProduct {
  id: number
  code: string
  name: string
  unit: string
  price_cents: number
  description: string | null
}

// SQLite's creations run these four (PostgreSQL's read the same rows in one statement, below): one
// prepared shape per number of distinct ids (prepared-query.ts).
const activeProducts = preparedIdList((db, accountId, ids) =>
  db.selectFrom('products').select(['id', 'code', 'name', 'unit', 'price_cents', 'description']).where('account_id', '=', accountId).where('active', '=', true).where('id', 'in', ids),
)
const activeRoles = preparedIdList((db, accountId, ids) =>
  db.selectFrom('signer_roles').select(['id', 'name']).where('account_id', '=', accountId).where('active', '=', true).where('id', 'in', ids),
)

// Built once (prepared-query.ts). The template's body is not read: a document keeps only its id,
// and its name for a default title.
const activeTemplate = preparedQuery(2, (db, accountId: number, id: number) =>
  db.selectFrom('templates').select(['id', 'name']).where('account_id', '=', accountId).where('active', '=', true).where('id', '=', id),
)
/** What a document takes from its payment method: the installments it allows and its terms (payment-schedule.ts). */
const PAYMENT_METHOD_COLUMNS = ['id', 'name', 'kind', 'max_installments', 'first_due_days', 'installment_interval_days', 'due_on_business_days'] as const
const activePaymentMethod = preparedQuery(2, (db, accountId: number, id: number) =>
  db.selectFrom('payment_methods').select(PAYMENT_METHOD_COLUMNS).where('account_id', '=', accountId).where('active', '=', true).where('id', '=', id),
)
const activeSellers = (db: Db, accountId: number) =>
  db.selectFrom('users').select(['id', 'name', 'email']).where('account_id', '=', accountId).where('active', '=', true).where('is_seller', '=', true)
const namedSeller = preparedQuery(2, (db, accountId: number, id: number) => activeSellers(db, accountId).where('id', '=', id))
const defaultSeller = preparedQuery(1, (db, accountId: number) => activeSellers(db, accountId).where('is_default_seller', '=', true).orderBy('id').limit(1))

export interface CatalogueTemplate {
  id: number
  name: string
}

export interface CataloguePaymentMethod {
  id: number
  name: string
  kind: string
  max_installments: number
  first_due_days: number
  installment_interval_days: number
  due_on_business_days: boolean
}

/** The active rows a document names; a missing one is unknown, foreign or inactive. */
export interface ActiveCatalogueRows {
  template: CatalogueTemplate | undefined
  paymentMethod: CataloguePaymentMethod | undefined
  products: Map<number, CatalogueProduct>
  roles: Map<number, { id: number; name: string }>
}

export interface CatalogueReferences {
  templateId: number
  paymentMethodId: number
  productIds: number[]
  roleIds: number[]
}

/**
 * The active template, payment method, products and signer roles a document names. SQLite: up to
 * four statements, in-process (none for an empty list). PostgreSQL: one (each statement there
 * costs a round trip and, on a machine short of CPU, the kernel's send and the database's own
 * work: docs/PERFORMANCE.md).
 */
export async function activeCatalogueRows(db: Db, accountId: number, refs: CatalogueReferences): Promise<ActiveCatalogueRows> {
  if (isPostgres(db)) return activeCatalogueRowsAtOnce(db, accountId, refs)
  const [[template], [paymentMethod], products, roles] = await Promise.all([
    activeTemplate(db, accountId, refs.templateId),
    activePaymentMethod(db, accountId, refs.paymentMethodId),
    activeProducts(db, accountId, refs.productIds),
    activeRoles(db, accountId, refs.roleIds),
  ])
  // SQLite reads a boolean back as 0 or 1 (PostgreSQL's JSON below has true or false).
  const method = paymentMethod && { ...paymentMethod, due_on_business_days: Boolean(paymentMethod.due_on_business_days) }
  return { template, paymentMethod: method, products: byId(products), roles: byId(roles) }
}

function byId<Row extends { id: number }>(rows: readonly Row[]): Map<number, Row> {
  return new Map(rows.map((row) => [row.id, row]))
}

// PostgreSQL: each part as JSON, the lists matched with = any(array) so one statement text serves
// any number of ids (a named statement: postgres-named-statements.ts). json_build_object keeps
// bigint ids and cents as JSON numbers, as the row path's type parsers do.
const CATALOGUE_AT_ONCE = `${PREPARED_QUERY_MARK}select
  (select json_build_object('id', id, 'name', name) from templates where account_id = $1 and active and id = $2) as template,
  (select json_build_object('id', id, 'name', name, 'kind', kind, 'max_installments', max_installments,
    'first_due_days', first_due_days, 'installment_interval_days', installment_interval_days, 'due_on_business_days', due_on_business_days) from payment_methods where account_id = $1 and active and id = $3) as payment_method,
  (select coalesce(json_agg(json_build_object('id', id, 'code', code, 'name', name, 'unit', unit, 'price_cents', price_cents, 'description', description)), '[]')
     from products where account_id = $1 and active and id = any($4::bigint[])) as products,
  (select coalesce(json_agg(json_build_object('id', id, 'name', name)), '[]') from signer_roles where account_id = $1 and active and id = any($5::bigint[])) as roles`

interface CatalogueJson {
  template: CatalogueTemplate | null
  payment_method: CataloguePaymentMethod | null
  products: CatalogueProduct[]
  roles: Array<{ id: number; name: string }>
}

async function activeCatalogueRowsAtOnce(db: Db, accountId: number, refs: CatalogueReferences): Promise<ActiveCatalogueRows> {
  const parameters = [accountId, refs.templateId, refs.paymentMethodId, refs.productIds, refs.roleIds]
  const { rows } = await db.executeQuery<CatalogueJson>(CompiledQuery.raw(CATALOGUE_AT_ONCE, parameters))
  const row = rows[0]!
  return { template: row.template ?? undefined, paymentMethod: row.payment_method ?? undefined, products: byId(row.products), roles: byId(row.roles) }
}

/** The named seller, or the account's default seller when none is named. */
export async function findActiveSeller(db: Db, accountId: number, id: number | undefined) {
  return (await (id === undefined ? defaultSeller(db, accountId) : namedSeller(db, accountId, id)))[0]
}
