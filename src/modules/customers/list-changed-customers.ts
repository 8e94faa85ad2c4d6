// Every customer of an account in the order they last changed (GET /api/v1/customer-changes): how
// a CRM or ERP keeps its copy of the customers in step, as GET /api/v1/proposals does for the
// documents. `updated_at` moves only when a customer's data changes (an inline customer sent again
// as it is writes nothing: customer-input.ts), so a customer with many documents is not read again
// after each one. Pages follow a keyset on (updated_at, id) (platform/change-cursor.ts), one range
// of the index (account_id, updated_at, id) (migration 035). Customers are never deleted, so the
// feed needs no tombstones; an erasure of personal data is a change like any other.
import type { Db } from '../../platform/db/connect.js'
import { decodeCursor, feedPage } from '../../platform/change-cursor.js'
import { comparableInstant } from '../../platform/time-zones.js'
import { toCustomerView, type CustomerView } from './customer-mapper.js'

export interface ChangedCustomersQuery {
  /** ISO instant: only customers changed at or after it. */
  updatedSince?: string
  /** The cursor of the previous page's last customer (`meta.next_cursor`). */
  after?: string
  perPage: number
}

/** The page's query, one more row than a page (feedPage). */
export function changedCustomersQuery(db: Db, accountId: number, query: ChangedCustomersQuery) {
  const position = query.after === undefined ? undefined : decodeCursor('customers', query.after)
  let select = db.selectFrom('customers').selectAll().where('account_id', '=', accountId)
  if (query.updatedSince) select = select.where('updated_at', '>=', comparableInstant(new Date(query.updatedSince)))
  if (position) select = select.where((eb) => eb(eb.refTuple('updated_at', 'id'), '>', eb.tuple(position.updatedAt, position.id)))
  return select.orderBy('updated_at').orderBy('id').limit(query.perPage + 1)
}

export async function listChangedCustomers(db: Db, accountId: number, query: ChangedCustomersQuery): Promise<{ data: CustomerView[]; meta: { per_page: number; next_cursor: string | null } }> {
  const { rows, nextCursor } = feedPage('customers', await changedCustomersQuery(db, accountId, query).execute(), query.perPage)
  return { data: rows.map(toCustomerView), meta: { per_page: query.perPage, next_cursor: nextCursor } }
}
