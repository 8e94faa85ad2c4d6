// products.name_key and code_key: the name and code folded for searches and ordering
// (modules/catalog/product-search-keys.ts), written by the application with the fields, as
// migration 011 did for customers. Folding them in SQL on every read cost the Produtos list of an
// account with 100,000 products ~350 ms of SQLite a page and ~1 s a search (every row folded and
// sorted), and the API's registration data as much on every change of the catalogue. The index
// (account_id, name_key, id, code_key) is the list's order, and carries the code so a search reads
// the index alone. The columns and their filling: search-key-columns.ts.
import { type Kysely, sql } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { addSearchKeys } from './search-key-columns.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await addSearchKeys(db, dialect, 'products', [
    { key: 'name_key', source: 'name', ordered: true },
    { key: 'code_key', source: 'code' },
  ])
  await sql`create index if not exists products_account_name_key_idx on products (account_id, name_key, id, code_key)`.execute(db)
}
