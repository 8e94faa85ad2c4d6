// Kysely only. Every function takes the account id; a proposal of another account is simply
// not found, exactly like one that does not exist.
import { draftDiscountLimit } from '../lifecycle/discount-approval.js'
import { sql } from 'kysely'
import type { Db } from '../../platform/db/connect.js'
import { isPostgres } from '../../platform/db/dialect-of.js'
import { isoInstantOrNull, jsonArrayFrom, parseJsonArray } from '../../platform/db/json-array.js'
import { preparedJsonRows, preparedQuery, readJsonRows } from '../../platform/db/prepared-query.js'
import type { ProposalStatus } from '../../platform/db/schema.js'
import type { JsonText } from '../../platform/http/serialization.js'

export async function findProposalIdByExternalReference(db: Db, accountId: number, externalReference: string) {
  return db
    .selectFrom('proposals')
    .select(['id', 'number'])
    .where('account_id', '=', accountId)
    .where('external_reference', '=', externalReference)
    .executeTakeFirst()
}

/** The account's document with this number (the account's own sequence), if any. */
export async function findProposalIdByNumber(db: Db, accountId: number, number: number): Promise<{ id: number } | undefined> {
  return db.selectFrom('proposals').select('id').where('account_id', '=', accountId).where('number', '=', number).executeTakeFirst()
}

export type ProposalKey = { by: 'id'; id: number } | { by: 'external_uuid'; externalUuid: string } | { by: 'external_reference'; externalReference: string }

/** The proposal with everything joined that the detail shows in one row (filtered by the caller). */
function proposalHeaderQuery(db: Db) {
  return db
    .selectFrom('proposals as p')
    .innerJoin('templates as t', (join) => join.onRef('t.id', '=', 'p.template_id').onRef('t.account_id', '=', 'p.account_id'))
    .innerJoin('payment_methods as pm', (join) => join.onRef('pm.id', '=', 'p.payment_method_id').onRef('pm.account_id', '=', 'p.account_id'))
    .innerJoin('customers as c', (join) => join.onRef('c.id', '=', 'p.customer_id').onRef('c.account_id', '=', 'p.account_id'))
    .leftJoin('users as s', (join) => join.onRef('s.id', '=', 'p.seller_id').onRef('s.account_id', '=', 'p.account_id'))
    .leftJoin('api_tokens as tok', 'tok.id', 'p.api_token_id')
    .leftJoin('users as creator', 'creator.id', 'p.created_by_user_id')
    .selectAll('p')
    .select([
      't.name as template_name',
      'pm.name as payment_method_name',
      'pm.kind as payment_method_kind',
      's.name as seller_name',
      's.email as seller_email',
      'tok.name as token_name',
      'tok.prefix as token_prefix',
      'creator.name as creator_name',
      'c.id as c_id',
      'c.code as c_code',
      'c.name as c_name',
      'c.trade_name as c_trade_name',
      'c.document as c_document',
      'c.document_type as c_document_type',
      'c.email as c_email',
      'c.phone as c_phone',
      'c.address_street as c_address_street',
      'c.address_number as c_address_number',
      'c.address_complement as c_address_complement',
      'c.address_district as c_address_district',
      'c.address_city as c_address_city',
      'c.address_state as c_address_state',
      'c.address_postal_code as c_address_postal_code',
      'c.created_at as c_created_at',
      'c.updated_at as c_updated_at',
    ])
    // Only a draft waits for a discount's approval: the limit it answers to (its seller's own, else
    // the account's) is read for drafts alone.
    .select((eb) =>
      eb
        .case()
        .when('p.status', '=', 'draft')
        .then(draftDiscountLimit('s.discount_approval_above_bp', 'p.account_id'))
        .else(null)
        .end()
        .as('discount_limit_bp'),
    )
}

function whereKey<Q extends ReturnType<typeof proposalHeaderQuery>>(query: Q, accountId: number, key: ProposalKey): Q {
  const scoped = query.where('p.account_id', '=', accountId)
  if (key.by === 'id') return scoped.where('p.id', '=', key.id) as Q
  if (key.by === 'external_uuid') return scoped.where('p.external_uuid', '=', key.externalUuid) as Q
  return scoped.where('p.external_reference', '=', key.externalReference) as Q
}

export async function findProposalHeader(db: Db, accountId: number, key: ProposalKey) {
  return whereKey(proposalHeaderQuery(db), accountId, key).executeTakeFirst()
}

export type ProposalHeaderRow = NonNullable<Awaited<ReturnType<typeof findProposalHeader>>>

/**
 * The header and its items, signers and history as JSON arrays: the whole document in one query.
 * Only the columns the detail shows are read (a signer's drawn signature, for one, is not).
 */
function proposalDetailQuery(db: Db) {
  return proposalHeaderQuery(db).select((eb) => [
    jsonArrayFrom(
      db,
      eb
        .selectFrom('proposal_items as i')
        .select(['i.id', 'i.position', 'i.product_id', 'i.code', 'i.name', 'i.description', 'i.unit', 'i.quantity_milli', 'i.unit_price_cents', 'i.discount_cents', 'i.total_cents'])
        .whereRef('i.account_id', '=', 'p.account_id')
        .whereRef('i.proposal_id', '=', 'p.id')
        .orderBy('i.position'),
      ['position'],
    ).as('items_json'),
    jsonArrayFrom(
      db,
      eb
        .selectFrom('proposal_signers as ps')
        .innerJoin('signer_roles as r', (join) => join.onRef('r.id', '=', 'ps.role_id').onRef('r.account_id', '=', 'ps.account_id'))
        .select(['ps.id', 'ps.name', 'ps.email', 'ps.cpf', 'ps.phone', 'ps.role_id', 'r.name as role_name', 'ps.signing_order', 'ps.authentication', 'ps.signed_authentication', 'ps.signature_kind', 'ps.status', 'ps.signed_at', 'ps.sent_at', 'ps.viewed_at', 'ps.open_count', 'ps.last_opened_at', 'ps.rejected_at', 'ps.sign_token'])
        .whereRef('ps.account_id', '=', 'p.account_id')
        .whereRef('ps.proposal_id', '=', 'p.id')
        .orderBy('ps.signing_order')
        .orderBy('ps.id'),
      ['signing_order', 'id'],
    ).as('signers_json'),
    jsonArrayFrom(
      db,
      eb
        .selectFrom('proposal_events as e')
        .select(['e.id', 'e.type', 'e.actor_type', 'e.actor_id', 'e.actor_name', 'e.data_json', 'e.created_at'])
        .whereRef('e.account_id', '=', 'p.account_id')
        .whereRef('e.proposal_id', '=', 'p.id')
        .orderBy('e.id'),
      ['id'],
    ).as('events_json'),
  ])
}

// One prepared query per way of naming a document (a prepared query cannot branch on its values).
const detailById = preparedQuery(2, (db, accountId: number, id: number) => whereKey(proposalDetailQuery(db), accountId, { by: 'id', id }))
const detailByUuid = preparedQuery(2, (db, accountId: number, externalUuid: string) => whereKey(proposalDetailQuery(db), accountId, { by: 'external_uuid', externalUuid }))
const detailByReference = preparedQuery(2, (db, accountId: number, externalReference: string) =>
  whereKey(proposalDetailQuery(db), accountId, { by: 'external_reference', externalReference }),
)

type DetailRow = Awaited<ReturnType<typeof detailById>>[number]
type Item = DetailRow['items_json'][number]
type Signer = DetailRow['signers_json'][number]
type Event = DetailRow['events_json'][number]

export interface ProposalChildren {
  items: Item[]
  signers: Signer[]
  events: Event[]
}

export async function findProposalWithChildren(db: Db, accountId: number, key: ProposalKey): Promise<{ header: ProposalHeaderRow; children: ProposalChildren } | undefined> {
  const rows =
    key.by === 'id' ? await detailById(db, accountId, key.id) : key.by === 'external_uuid' ? await detailByUuid(db, accountId, key.externalUuid) : await detailByReference(db, accountId, key.externalReference)
  const row = rows[0]
  if (row === undefined) return undefined
  // The row is the header as it is (its three JSON columns unused there): copying 60 columns
  // without them cost more than the JSON parsing in the profile.
  const children = {
    items: parseJsonArray<Item>(row.items_json),
    signers: parseJsonArray<Signer>(row.signers_json).map((signer) => ({
      ...signer,
      signed_at: isoInstantOrNull(signer.signed_at),
      sent_at: isoInstantOrNull(signer.sent_at),
      viewed_at: isoInstantOrNull(signer.viewed_at),
      last_opened_at: isoInstantOrNull(signer.last_opened_at),
      rejected_at: isoInstantOrNull(signer.rejected_at),
    })),
    events: parseJsonArray<Event>(row.events_json).map((event) => ({ ...event, created_at: isoInstantOrNull(event.created_at)! })),
  }
  return { header: row, children }
}

export interface CustomerProposalFilters {
  status?: ProposalStatus
  createdFrom?: string
  createdBefore?: string
}

function customerProposals(db: Db, accountId: number, customerId: number, filters: CustomerProposalFilters) {
  let query = db.selectFrom('proposals').where('account_id', '=', accountId).where('customer_id', '=', customerId)
  if (filters.status) query = query.where('status', '=', filters.status)
  if (filters.createdFrom) query = query.where('created_at', '>=', filters.createdFrom)
  if (filters.createdBefore) query = query.where('created_at', '<', filters.createdBefore)
  return query
}

/** What a page lists of each document, in the API's order (ProposalListItemSchema), before its links. */
const PAGE_COLUMNS = ['id', 'number', 'external_uuid', 'external_reference', 'title', 'status', 'total_cents', 'created_at', 'updated_at'] as const

/**
 * The listed columns of a page of a customer's documents, newest first. On SQLite every one of them
 * is in the covering index of migration 008, so the page never reads the proposals table.
 */
export function customerPageQuery(db: Db, accountId: number, customerId: number, filters: CustomerProposalFilters, limit: number, offset: number) {
  return customerProposals(db, accountId, customerId, filters)
    .select(PAGE_COLUMNS)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
}

/** A page row's links (proposalLinks in proposal-mapper.ts) as SQL, from the row's `id` column. */
function linksSql(baseUrl: string, id: string) {
  return {
    self: sql<string>`${baseUrl} || '/api/v1/proposals/' || ${sql.ref(id)}`,
    web: sql<string>`${baseUrl} || '/proposals/' || ${sql.ref(id)} || '/edit'`,
  }
}

/**
 * SQLite only: the same page with each document's links, read as the API's JSON array
 * (JSON_ROWS_MARK, `links.self` nesting as `"links":{"self":…}`). Its rows never become objects on
 * the event loop: carrying 50 of them from the read thread, rebuilding and serializing them was
 * most of a page's cost there (docs/PERFORMANCE.md, session 19).
 */
function customerPageJsonQuery(db: Db, accountId: number, customerId: number, filters: CustomerProposalFilters, limit: number, offset: number, baseUrl: string) {
  const links = linksSql(baseUrl, 'id')
  return customerPageQuery(db, accountId, customerId, filters, limit, offset).select([links.self.as('links.self'), links.web.as('links.web')])
}

/** An instant as the API writes it (ISO 8601 UTC, milliseconds truncated, Z), as postgres-timestamps.ts does for the driver. */
function isoUtcSql(column: string) {
  return sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
}

const PAGE_INSTANTS: ReadonlySet<string> = new Set(['created_at', 'updated_at'])

/**
 * PostgreSQL only: the same page as the API's JSON array, one text written by the database. Parsing
 * 50 rows, adding their links and serializing them was ~13 µs a row of the event loop's time, which
 * PostgreSQL's backends, on the other core, do instead (docs/PERFORMANCE.md, session 25).
 * row_to_json writes what JSON.stringify writes for the same values (compact, the same escapes;
 * tested byte for byte); the lateral row gives it the API's keys in the API's order, with the
 * instants formatted and the links as a nested record, while the aggregate still sorts by the
 * stored columns (json_agg would put a line break between elements).
 */
export function postgresCustomerPageJsonQuery(db: Db, accountId: number, customerId: number, filters: CustomerProposalFilters, limit: number, offset: number, baseUrl: string) {
  const links = linksSql(baseUrl, 'p.id')
  const columns = PAGE_COLUMNS.map((column) => (PAGE_INSTANTS.has(column) ? isoUtcSql(`p.${column}`) : sql.ref(`p.${column}`)).as(column))
  const linksRecord = sql`(select l from (select ${links.self} as self, ${links.web} as web) as l)`.as('links')
  return db
    .selectFrom(customerPageQuery(db, accountId, customerId, filters, limit, offset).as('p'))
    .innerJoinLateral(() => db.selectNoFrom([...columns, linksRecord]).as('j'), (join) => join.onTrue())
    .select(sql<string>`'[' || coalesce(string_agg(row_to_json(j)::text, ',' order by p.created_at desc, p.id desc), '') || ']'`.as('json'))
}

/** How many of a customer's documents pass the filters (the total of a filtered page). */
export function customerCountQuery(db: Db, accountId: number, customerId: number, filters: CustomerProposalFilters) {
  return customerProposals(db, accountId, customerId, filters).select((eb) => eb.fn.countAll<number>().as('total'))
}

const unfilteredPage = preparedQuery(4, (db, accountId: number, customerId: number, limit: number, offset: number) =>
  customerPageQuery(db, accountId, customerId, {}, limit, offset),
)
const unfilteredPageJson = preparedJsonRows(5, (db, accountId: number, customerId: number, limit: number, offset: number, baseUrl: string) =>
  customerPageJsonQuery(db, accountId, customerId, {}, limit, offset, baseUrl),
)
const unfilteredPostgresPageJson = preparedQuery(5, (db, accountId: number, customerId: number, limit: number, offset: number, baseUrl: string) =>
  postgresCustomerPageJsonQuery(db, accountId, customerId, {}, limit, offset, baseUrl),
)

function isUnfiltered(filters: CustomerProposalFilters): boolean {
  return !filters.status && !filters.createdFrom && !filters.createdBefore
}

/**
 * The total of a page: unfiltered, the customer's proposal_count (kept by triggers), since
 * counting would read every document of a big customer on every page.
 */
async function pageTotal(db: Db, accountId: number, customer: { id: number; proposal_count: number }, filters: CustomerProposalFilters): Promise<number> {
  if (isUnfiltered(filters)) return customer.proposal_count
  const count = await customerCountQuery(db, accountId, customer.id, filters).executeTakeFirstOrThrow()
  return Number(count.total)
}

/** Which page of which customer's documents: what both forms of a page below take. */
type CustomerPageArgs = [db: Db, accountId: number, customer: { id: number; proposal_count: number }, filters: CustomerProposalFilters, page: { limit: number; offset: number }]

/** A page of the customer's documents as rows (the web app's customer page), and their total. */
export async function listCustomerProposalRows(...[db, accountId, customer, filters, page]: CustomerPageArgs) {
  const [rows, total] = await Promise.all([
    isUnfiltered(filters) ? unfilteredPage(db, accountId, customer.id, page.limit, page.offset) : customerPageQuery(db, accountId, customer.id, filters, page.limit, page.offset).execute(),
    pageTotal(db, accountId, customer, filters),
  ])
  return { rows, total }
}

/**
 * The page as the API's JSON array, written by the database (the unfiltered page, a CRM syncing a
 * customer, is the common call: its query is built once): a string from PostgreSQL, UTF-8 bytes
 * from SQLite.
 */
async function customerPageJson(baseUrl: string, ...[db, accountId, customer, filters, page]: CustomerPageArgs): Promise<JsonText> {
  const unfiltered = isUnfiltered(filters)
  if (isPostgres(db)) {
    if (unfiltered) return (await unfilteredPostgresPageJson(db, accountId, customer.id, page.limit, page.offset, baseUrl))[0]!.json
    return (await postgresCustomerPageJsonQuery(db, accountId, customer.id, filters, page.limit, page.offset, baseUrl).executeTakeFirstOrThrow()).json
  }
  if (unfiltered) return unfilteredPageJson(db, accountId, customer.id, page.limit, page.offset, baseUrl)
  return readJsonRows(db, customerPageJsonQuery(db, accountId, customer.id, filters, page.limit, page.offset, baseUrl))
}

/** A page of the customer's documents as the API's JSON array, and their total. */
export async function listCustomerProposalJson(baseUrl: string, ...args: CustomerPageArgs) {
  const [db, accountId, customer, filters] = args
  const [json, total] = await Promise.all([customerPageJson(baseUrl, ...args), pageTotal(db, accountId, customer, filters)])
  return { json, total }
}
