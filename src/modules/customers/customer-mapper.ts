// The one place where a customer row becomes the shape the API (and the pages) show.
import type { Selectable } from 'kysely'
import type { CustomersTable } from '../../platform/db/schema.js'
import type { CustomerSearchKeys } from './customer-search-keys.js'

export type CustomerRow = Selectable<CustomersTable>

export interface CustomerView {
  id: number
  code: string | null
  name: string
  trade_name: string | null
  document: string | null
  document_type: 'cnpj' | 'cpf' | null
  email: string | null
  phone: string | null
  address: {
    street: string | null
    number: string | null
    complement: string | null
    district: string | null
    city: string | null
    state: string | null
    postal_code: string | null
  }
  created_at: string
  updated_at: string
}

export function toCustomerView(row: Omit<CustomerRow, 'proposal_count' | keyof CustomerSearchKeys>): CustomerView {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    trade_name: row.trade_name,
    document: row.document,
    document_type: row.document_type,
    email: row.email,
    phone: row.phone,
    address: {
      street: row.address_street,
      number: row.address_number,
      complement: row.address_complement,
      district: row.address_district,
      city: row.address_city,
      state: row.address_state,
      postal_code: row.address_postal_code,
    },
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}

export function toCustomerSummary(row: Pick<CustomerRow, 'id' | 'code' | 'name' | 'document'>) {
  return { id: row.id, code: row.code, name: row.name, document: row.document }
}
