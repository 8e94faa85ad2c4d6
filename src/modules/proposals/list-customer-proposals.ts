// Every document of one customer (DESIGN.md §3.1), newest first, with the date filters read as
// calendar days in the account's time zone.
import type { Db } from '../../platform/db/connect.js'
import type { ProposalStatus } from '../../platform/db/schema.js'
import { spliceJsonText } from '../../platform/http/serialization.js'
import { comparableInstant, dayBounds } from '../../platform/time-zones.js'
import { toCustomerSummary } from '../customers/customer-mapper.js'
import { type CustomerLookup, resolveCustomerReference } from '../customers/resolve-customer-reference.js'
import { listCustomerProposalJson } from './proposal-repository.js'

export interface CustomerProposalsQuery {
  reference: string
  lookup?: CustomerLookup
  status?: ProposalStatus
  created_from?: string
  created_to?: string
  page: number
  per_page: number
}

/**
 * The answer as JSON text and its pagination (for the Link header). The page's rows arrive as JSON
 * written by the database (customerPageJson in proposal-repository.ts) and are spliced in as they are.
 */
export async function listCustomerProposals(db: Db, account: { id: number; timeZone: string }, query: CustomerProposalsQuery, baseUrl: string) {
  const customer = await resolveCustomerReference(db, account.id, query.reference, query.lookup)
  const filters = {
    status: query.status,
    createdFrom: query.created_from ? comparableInstant(dayBounds(query.created_from, account.timeZone).start) : undefined,
    createdBefore: query.created_to ? comparableInstant(dayBounds(query.created_to, account.timeZone).end) : undefined,
  }
  const page = { limit: query.per_page, offset: (query.page - 1) * query.per_page }
  const { json, total } = await listCustomerProposalJson(baseUrl, db, account.id, customer, filters, page)
  const meta = { page: query.page, per_page: query.per_page, total, total_pages: Math.max(1, Math.ceil(total / query.per_page)) }
  return { meta, json: spliceJsonText(`{"customer":${JSON.stringify(toCustomerSummary(customer))},"data":`, json, `,"meta":${JSON.stringify(meta)}}`) }
}
