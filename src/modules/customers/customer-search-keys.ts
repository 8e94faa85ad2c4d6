// A customer's name, trade name and code as searches and the Clientes list compare them: folded
// (lower case, no accents; folded-search.ts) once, when they are written, and stored beside them.
// Folding them in SQL for every row of every list (session 33) cost a page of an account with
// 100,000 customers ~107 ms of SQLite (a function call per row and a sort of them all) instead of
// one range of an index, and a search ~1 s. Every write of these fields goes through here: the
// repository's insert and update, the LGPD erasure and the benchmark's bulk rows (migration 011
// folds the rows it fills with the same foldForSearch).
import { searchKeysOf } from '../../platform/db/folded-search.js'

export interface CustomerSearchKeys {
  name_key: string
  trade_name_key: string
  code_key: string
}

const KEY_OF = { name: 'name_key', trade_name: 'trade_name_key', code: 'code_key' } as const

/** The keys of the fields present in `fields` (an absent field keeps its key; null folds to ''). */
export function customerSearchKeys(fields: { name?: string; trade_name?: string | null; code?: string | null }): Partial<CustomerSearchKeys> {
  return searchKeysOf(KEY_OF, fields)
}

/** All three keys of a whole customer. */
export function allCustomerSearchKeys(customer: { name: string; trade_name: string | null; code: string | null }): CustomerSearchKeys {
  return customerSearchKeys(customer) as CustomerSearchKeys
}
