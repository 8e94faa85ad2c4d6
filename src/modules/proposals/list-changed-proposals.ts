// Every document of an account in the order they last changed (GET /api/v1/proposals): how a CRM
// or ERP keeps its copy in step, alongside webhooks or instead of them. Pages follow a keyset on
// (updated_at, id), not an offset: a document that changes while the integrator walks the pages
// moves to the end, where it is read again, instead of shifting every later row back by one and
// making the next page skip a document it never saw.
import type { Db } from '../../platform/db/connect.js'
import type { ProposalStatus } from '../../platform/db/schema.js'
import { validationError } from '../../platform/errors.js'
import { comparableInstant } from '../../platform/time-zones.js'
import { proposalIdentity, proposalLinks } from './proposal-mapper.js'

export interface ChangedProposalsQuery {
  status?: ProposalStatus
  /** ISO instant: only documents changed at or after it. */
  updatedSince?: string
  /** The cursor of the previous page's last document (`meta.next_cursor`). */
  after?: string
  perPage: number
}

interface CursorPosition {
  updatedAt: string
  id: number
}

/** An opaque cursor: the position of the last document of a page, base64url. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(`${position.updatedAt}|${position.id}`).toString('base64url')
}

function isWrittenInstant(text: string | undefined): text is string {
  if (text === undefined || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(text) || text.startsWith('0000')) return false
  const instant = new Date(text)
  return !Number.isNaN(instant.getTime()) && instant.toISOString() === text
}

/** The position a cursor holds, or a 422 naming `after` for anything this list did not write. */
export function decodeCursor(cursor: string): CursorPosition {
  const [updatedAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|')
  const number = Number(id)
  // Exactly as this list writes instants: a day that does not exist (2026-02-30) or the year 0
  // would read as another instant here and be refused by PostgreSQL there.
  if (rest.length > 0 || !isWrittenInstant(updatedAt) || !/^[1-9]\d{0,15}$/.test(id ?? '') || !Number.isSafeInteger(number)) {
    throw validationError([{ in: 'query', path: '/after', message: 'is not a cursor this list gave (use meta.next_cursor as it is)' }])
  }
  return { updatedAt: updatedAt!, id: number }
}

export interface ChangedProposalItem {
  id: number
  number: number
  external_uuid: string
  external_reference: string | null
  title: string
  status: ProposalStatus
  total_cents: number
  created_at: string
  updated_at: string
  links: { self: string; web: string }
  customer: { id: number; code: string | null; name: string }
}

/** The page's query, one more row than a page (that row tells whether another page follows, without counting the rest). */
export function changedProposalsQuery(db: Db, accountId: number, query: ChangedProposalsQuery) {
  const position = query.after === undefined ? undefined : decodeCursor(query.after)
  let select = db
    .selectFrom('proposals as p')
    .innerJoin('customers as c', (join) => join.onRef('c.account_id', '=', 'p.account_id').onRef('c.id', '=', 'p.customer_id'))
    .select(['p.id', 'p.number', 'p.external_uuid', 'p.external_reference', 'p.title', 'p.status', 'p.total_cents', 'p.created_at', 'p.updated_at', 'c.id as customer_id', 'c.code as customer_code', 'c.name as customer_name'])
    .where('p.account_id', '=', accountId)
  if (query.status) select = select.where('p.status', '=', query.status)
  if (query.updatedSince) select = select.where('p.updated_at', '>=', comparableInstant(new Date(query.updatedSince)))
  if (position) select = select.where((eb) => eb(eb.refTuple('p.updated_at', 'p.id'), '>', eb.tuple(position.updatedAt, position.id)))
  return select.orderBy('p.updated_at').orderBy('p.id').limit(query.perPage + 1)
}

export async function listChangedProposals(db: Db, accountId: number, query: ChangedProposalsQuery, baseUrl: string) {
  const rows = await changedProposalsQuery(db, accountId, query).execute()
  const page = rows.slice(0, query.perPage)
  const data: ChangedProposalItem[] = page.map((row) => ({
    ...proposalIdentity(row),
    total_cents: row.total_cents,
    created_at: row.created_at,
    updated_at: row.updated_at,
    links: proposalLinks(baseUrl, row.id),
    customer: { id: row.customer_id, code: row.customer_code, name: row.customer_name },
  }))
  const last = page.at(-1)
  const nextCursor = rows.length > query.perPage && last ? encodeCursor({ updatedAt: last.updated_at, id: last.id }) : null
  return { data, meta: { per_page: query.perPage, next_cursor: nextCursor } }
}
