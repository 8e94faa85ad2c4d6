// The account's documents for the "Documentos" list: newest first, filtered by status, seller,
// customer (free text on name/code/CPF-CNPJ ignoring case and accents, or one customer id) and
// creation period read as calendar days in the account's time zone; or, for the documents about to
// expire (the Painel's card links here), soonest validity first. Every query starts from the
// account id, so no other tenant's row can match, and an index that starts with it serves the order:
// (account_id, created_at, id, seller_id, customer_id), or with a status (account_id, status,
// created_at, id, total_cents, seller_id); both hold the seller, so a list by seller is decided and
// counted in the index (migration 020). The ones about to expire are one range of the open
// documents' (account_id, valid_until, id) partial index (migration 047).
import { sql } from 'kysely'
import type { Db } from '../../platform/db/connect.js'
import type { ProposalStatus } from '../../platform/db/schema.js'
import { keyLike, likeEscaped } from '../../platform/db/folded-search.js'
import { idList } from '../../platform/db/value-list.js'
import { comparableInstant, dayBounds } from '../../platform/time-zones.js'
import { normalizeDocument } from '../customers/brazilian-documents.js'
import { isOpenStatus } from '../lifecycle/open-status-term.js'

export interface ProposalListFilters {
  /** The document's number, exactly. */
  number?: number
  status?: ProposalStatus
  sellerId?: number
  customerId?: number
  /** Part of the customer's name, or the start of its code or CPF/CNPJ (punctuation ignored). */
  customerText?: string
  /** Calendar dates (YYYY-MM-DD), both inclusive, in the account's time zone. */
  createdFrom?: string
  createdTo?: string
  /**
   * Only documents still waiting for signatures whose last valid day is in this range (calendar
   * dates, both inclusive; the caller's `from` is the account's today): listed soonest first.
   */
  expiring?: { from: string; to: string }
}

export interface ProposalListRow {
  id: number
  number: number
  title: string
  status: ProposalStatus
  total_cents: number
  created_at: string
  customer_id: number
  customer_name: string
  customer_document: string | null
  seller_id: number | null
  seller_name: string | null
  /** For the CSV export, which carries more than the list shows. */
  external_reference: string | null
  valid_until: string | null
  sent_at: string | null
  signed_at: string | null
}

/** The ids of the account's customers a free text names: part of the name, start of the code or CPF/CNPJ. */
function customersNamed(db: Db, accountId: number, text: string) {
  const document = likeEscaped(normalizeDocument(text))
  return db
    .selectFrom('customers as c')
    .select('c.id')
    .where('c.account_id', '=', accountId)
    .where((eb) =>
      eb.or([
        keyLike('c.name_key', text),
        keyLike('c.code_key', text, 'prefix'),
        ...(document.length >= 3 ? [sql<boolean>`${sql.ref('c.document')} like ${`${document}%`} escape '\\'`] : []),
      ]),
    )
}

/**
 * The account's documents passing the filters, on the documents table alone: the count needs no
 * join, and a customer text is matched on the customers' search keys first (one index), its
 * documents then found by customer (migration 008's index) instead of joining every document
 * of the account to its customer to test it (~0.4–0.6 s for 100,000 documents).
 */
function matching(db: Db, accountId: number, timeZone: string, filters: ProposalListFilters) {
  const text = filters.customerText?.trim()
  let query = db.selectFrom('proposals as p').where('p.account_id', '=', accountId)
  if (filters.number !== undefined) query = query.where('p.number', '=', filters.number)
  if (filters.status) query = query.where('p.status', '=', filters.status)
  if (filters.sellerId !== undefined) query = query.where('p.seller_id', '=', filters.sellerId)
  if (filters.customerId !== undefined) query = query.where('p.customer_id', '=', filters.customerId)
  if (text) query = query.where('p.customer_id', 'in', customersNamed(db, accountId, text))
  if (filters.createdFrom) query = query.where('p.created_at', '>=', comparableInstant(dayBounds(filters.createdFrom, timeZone).start))
  if (filters.createdTo) query = query.where('p.created_at', '<', comparableInstant(dayBounds(filters.createdTo, timeZone).end))
  if (filters.expiring) {
    // The same range as the Painel's card (expiringProposalsQuery): migration 047's partial index.
    query = query.where(isOpenStatus('p.status')).where('p.valid_until', '>=', filters.expiring.from).where('p.valid_until', '<=', filters.expiring.to)
  }
  return query
}

export async function listProposals(
  db: Db,
  account: { id: number; timeZone: string },
  filters: ProposalListFilters,
  page: { page: number; perPage: number },
): Promise<{ rows: ProposalListRow[]; total: number }> {
  const [rows, count] = await Promise.all([proposalListPageQuery(db, account, filters, page).execute(), proposalListCountQuery(db, account, filters).executeTakeFirstOrThrow()])
  return { rows, total: Number(count.total) }
}

/** How many documents pass the filters (exported for its plan test): the documents table alone. */
export function proposalListCountQuery(db: Db, account: { id: number; timeZone: string }, filters: ProposalListFilters) {
  return matching(db, account.id, account.timeZone, filters).select((eb) => eb.fn.countAll<number>().as('total'))
}

/**
 * Where a page starts: its number (the list's links), or the last row of the page before (an
 * export's walk through every row, which an OFFSET would make re-read all the rows before it).
 */
export type ProposalListPosition = { page: number; perPage: number } | { after: ListedRowKey | null; perPage: number }

/** What orders a row in either order: newest first, or soonest validity first. */
type ListedRowKey = Pick<ProposalListRow, 'created_at' | 'id' | 'valid_until'>

/** One page of the list (exported for its plan test). */
export function proposalListPageQuery(db: Db, account: { id: number; timeZone: string }, filters: ProposalListFilters, page: ProposalListPosition) {
  // A CROSS JOIN keeps proposals the outer table on SQLite (PostgreSQL plans it as the inner join
  // it is): read newest first through an index and stopped at the page, never a loop over the
  // account's customers and a sort of all its documents (see recentProposalsQuery in the dashboard).
  let query = matching(db, account.id, account.timeZone, filters)
  const bySoonestValidity = filters.expiring !== undefined
  if ('after' in page && page.after !== null) {
    const { created_at: createdAt, id, valid_until: validUntil } = page.after
    // A row value, which both databases read as one range of the (account_id, created_at, id)
    // index; the same test written with OR made SQLite walk the index from the newest row each time.
    if (bySoonestValidity && validUntil === null) throw new Error('an expiring row without a validity: the filter admits none')
    query = bySoonestValidity
      ? query.where((eb) => eb(eb.refTuple('p.valid_until', 'p.id'), '>', eb.tuple(validUntil!, id)))
      : query.where((eb) => eb(eb.refTuple('p.created_at', 'p.id'), '<', eb.tuple(createdAt, id)))
  }
  const ordered = bySoonestValidity ? query.orderBy('p.valid_until', 'asc').orderBy('p.id', 'asc') : query.orderBy('p.created_at', 'desc').orderBy('p.id', 'desc')
  return (
    ordered
      .crossJoin('customers as c')
      .whereRef('c.id', '=', 'p.customer_id')
      .whereRef('c.account_id', '=', 'p.account_id')
      .leftJoin('users as s', (join) => join.onRef('s.id', '=', 'p.seller_id').onRef('s.account_id', '=', 'p.account_id'))
      .select([
        'p.id',
        'p.number',
        'p.title',
        'p.status',
        'p.total_cents',
        'p.created_at',
        'c.id as customer_id',
        'c.name as customer_name',
        'c.document as customer_document',
        'p.seller_id',
        's.name as seller_name',
        'p.external_reference',
        'p.valid_until',
        'p.sent_at',
        'p.signed_at',
      ])
      .limit(page.perPage)
      .offset('page' in page ? (page.page - 1) * page.perPage : 0)
  )
}

/**
 * Every document passing the filters, in the list's order, in batches read one after another from where
 * the last ended (an export: memory bounded by one batch, whatever the account's size).
 */
export async function* allListedProposals(db: Db, account: { id: number; timeZone: string }, filters: ProposalListFilters, batchSize = 500): AsyncGenerator<ProposalListRow[]> {
  let after: ListedRowKey | null = null
  for (;;) {
    const rows: ProposalListRow[] = await proposalListPageQuery(db, account, filters, { after, perPage: batchSize }).execute()
    if (rows.length > 0) yield rows
    if (rows.length < batchSize) return
    const last: ProposalListRow = rows[rows.length - 1]!
    after = { created_at: last.created_at, id: last.id, valid_until: last.valid_until }
  }
}

/** How a listed document is paid, for the export (the list itself never shows it). */
export interface ListedPaymentTerms {
  method_name: string
  installments: number
  /** 0: no down payment. */
  down_payment_cents: number
  /** Days after the signature it falls due (0: on signing, and without one). */
  down_payment_due_days: number
}

/**
 * The payment terms of a batch of the account's listed documents, by id: one query per batch of
 * the export, so the list's own query (and its plans) stays what it was.
 */
export async function listedPaymentTerms(db: Db, accountId: number, proposalIds: readonly number[]): Promise<Map<number, ListedPaymentTerms>> {
  if (proposalIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('proposals as p')
    .innerJoin('payment_methods as m', (join) => join.onRef('m.id', '=', 'p.payment_method_id').onRef('m.account_id', '=', 'p.account_id'))
    .select(['p.id', 'm.name as method_name', 'p.installments', 'p.down_payment_cents', 'p.down_payment_due_days'])
    .where('p.account_id', '=', accountId)
    .where('p.id', 'in', idList(db, proposalIds))
    .execute()
  return new Map(rows.map((row) => [row.id, { method_name: row.method_name, installments: Number(row.installments), down_payment_cents: Number(row.down_payment_cents), down_payment_due_days: Number(row.down_payment_due_days) }]))
}
