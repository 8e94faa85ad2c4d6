// What the document form offers to choose from: the active catalogue (getRegistrationData) and
// the account's customers. A select of customers stays usable up to CUSTOMER_PICKER_LIMIT rows;
// beyond that the form asks for the customer's code or CPF/CNPJ instead, resolved on saving.
import type { Db } from '../../platform/db/connect.js'
import { getRegistrationData, type RegistrationData } from '../catalog/registration-data.js'
import { parseDocument } from '../customers/brazilian-documents.js'
import type { CustomerInput } from '../customers/customer-input.js'

export const CUSTOMER_PICKER_LIMIT = 500

export interface CustomerChoice {
  id: number
  name: string
  code: string | null
  document: string | null
}

export interface ProposalFormOptions extends RegistrationData {
  /** Every customer by name, or null when there are more than CUSTOMER_PICKER_LIMIT. */
  customers: CustomerChoice[] | null
}

export async function getProposalFormOptions(db: Db, accountId: number): Promise<ProposalFormOptions> {
  const [registration, customers] = await Promise.all([
    getRegistrationData(db, accountId),
    // One row more than the limit tells "too many" apart without counting the whole table; read
    // in the order of the folded names, through their index (customer-search-keys.ts).
    db
      .selectFrom('customers')
      .select(['id', 'name', 'code', 'document'])
      .where('account_id', '=', accountId)
      .orderBy('name_key')
      .orderBy('id')
      .limit(CUSTOMER_PICKER_LIMIT + 1)
      .execute(),
  ])
  return { ...registration, customers: customers.length > CUSTOMER_PICKER_LIMIT ? null : customers }
}

/** The customer one typed reference names: a valid CPF/CNPJ is read as a document, anything else as a code. */
export function customerReferenceInput(text: string): CustomerInput {
  const trimmed = text.trim()
  return parseDocument(trimmed) ? { document: trimmed } : { code: trimmed }
}

/** A customer of the account by id, for the form's summary of a document whose customer is typed. */
export function findCustomerChoice(db: Db, accountId: number, id: number): Promise<CustomerChoice | undefined> {
  return db.selectFrom('customers').select(['id', 'name', 'code', 'document']).where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst()
}
