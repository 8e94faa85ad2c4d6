// customers.name_key, trade_name_key and code_key: the name, trade name and code folded for
// searches and ordering (modules/customers/customer-search-keys.ts), computed by the application
// when it writes them, and the Clientes list's order as one index range: (account_id, name_key,
// id) replaces (account_id, name), carrying the other two keys and the CPF/CNPJ after them so that
// a search, which matches those too, reads the index alone (100,000 customers on SQLite: ~10 ms a
// search, ~240–400 ms reading every row for them). The columns and their filling:
// search-key-columns.ts. "if not exists" throughout, so an interrupted run can be repeated.
import { type Kysely, sql } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { addSearchKeys } from './search-key-columns.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await addSearchKeys(db, dialect, 'customers', [
    { key: 'name_key', source: 'name', ordered: true },
    { key: 'trade_name_key', source: 'trade_name' },
    { key: 'code_key', source: 'code' },
  ])
  await sql`create index if not exists customers_account_name_key_idx on customers (account_id, name_key, id, trade_name_key, code_key, document)`.execute(db)
  await sql`drop index if exists customers_account_id_name_idx`.execute(db)
}
