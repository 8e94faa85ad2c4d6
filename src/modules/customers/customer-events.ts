// The customers' webhook events: `customer.created` when a customer is registered (the Clientes
// form, or a document's inline customer data), `customer.updated` when a write changed one of its
// fields (the same data sent again, as a CRM does with every document, is no event), with the
// names of the fields that changed. The events name the customer by id and carry no
// personal data: a receiver reads the customer with GET /api/v1/customers/{id}, and an erasure
// (privacy/erase-personal-data.ts, `customer.personal_data_erased`) has nothing to scrub in their
// bodies (it does clear what receivers answered, which may echo the customer).
import type { Clock } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import { recordDomainEvent } from '../events/record-domain-event.js'
import type { CustomerWrite } from './customer-input.js'
import type { CustomerRow } from './customer-mapper.js'

/** Each column a write may change, by the name the API's customer shape gives it. */
const FIELD_OF_COLUMN = {
  name: 'name', trade_name: 'trade_name', code: 'code', document: 'document', email: 'email', phone: 'phone',
  address_street: 'address.street', address_number: 'address.number', address_complement: 'address.complement', address_district: 'address.district',
  address_city: 'address.city', address_state: 'address.state', address_postal_code: 'address.postal_code',
} as const satisfies Partial<Record<keyof CustomerRow, string>>

/** The API's names of the fields that differ between the two rows. */
function changedCustomerFields(before: CustomerRow, after: CustomerRow): string[] {
  return (Object.keys(FIELD_OF_COLUMN) as Array<keyof typeof FIELD_OF_COLUMN>).filter((column) => before[column] !== after[column]).map((column) => FIELD_OF_COLUMN[column])
}

/**
 * Records `customer.created` for a customer registered, or `customer.updated` when a write changed
 * any field of the row as it was under the write's lock (applyCustomerInput), in the write's
 * transaction. A customer only named, or written with what it already had, tells nothing.
 */
export async function recordCustomerWrite(trx: Db, clock: Clock, accountId: number, write: CustomerWrite): Promise<void> {
  // A customer only named writes nothing (the benchmarked creation's case): nothing to tell.
  if (write.kind === 'referenced') return
  const customer = { id: write.row.id, updated_at: write.row.updated_at }
  if (write.kind === 'created') {
    await recordDomainEvent(trx, clock, { accountId, type: 'customer.created', proposalId: null, customerId: write.row.id, data: { customer } })
    return
  }
  const changed = changedCustomerFields(write.before, write.row)
  if (changed.length === 0) return
  await recordDomainEvent(trx, clock, { accountId, type: 'customer.updated', proposalId: null, customerId: write.row.id, data: { customer, changed } })
}
