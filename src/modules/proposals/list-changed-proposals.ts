// Every document of an account in the order they last changed (GET /api/v1/proposals): how a CRM
// or ERP keeps its copy in step, alongside webhooks or instead of them. Pages follow a keyset on
// (updated_at, id) (platform/change-cursor.ts).
import type { Db } from '../../platform/db/connect.js'
import type { ProposalStatus } from '../../platform/db/schema.js'
import { decodeCursor, feedPage } from '../../platform/change-cursor.js'
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
  const position = query.after === undefined ? undefined : decodeCursor('proposals', query.after)
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
  const { rows, nextCursor } = feedPage('proposals', await changedProposalsQuery(db, accountId, query).execute(), query.perPage)
  const data: ChangedProposalItem[] = rows.map((row) => ({
    ...proposalIdentity(row),
    total_cents: row.total_cents,
    created_at: row.created_at,
    updated_at: row.updated_at,
    links: proposalLinks(baseUrl, row.id),
    customer: { id: row.customer_id, code: row.customer_code, name: row.customer_name },
  }))
  return { data, meta: { per_page: query.perPage, next_cursor: nextCursor } }
}
