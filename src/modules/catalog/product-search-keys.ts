// A product's name and code as the Produtos list's search and order, and the registration data's
// order, compare them: folded (lower case, no accents; folded-search.ts) once, when written, and
// stored beside them (migration 012), as customers' are (customer-search-keys.ts). Folding them in
// SQL on every read cost a list page of an account with 100,000 products ~350 ms of SQLite and a
// search ~1 s. Every write of a product goes through here: the registration screen's save, the
// demo's and tests' createProduct and the benchmark's bulk rows.
import { searchKeysOf } from '../../platform/db/folded-search.js'

export interface ProductSearchKeys {
  name_key: string
  code_key: string
}

const KEY_OF = { name: 'name_key', code: 'code_key' } as const

/** Both keys of a product's name and code. */
export function productSearchKeys(product: { name: string; code: string }): ProductSearchKeys {
  return searchKeysOf(KEY_OF, product) as ProductSearchKeys
}
