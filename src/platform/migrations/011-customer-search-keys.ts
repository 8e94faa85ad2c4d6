// customers.name_key, trade_name_key and code_key: the name, trade name and code folded for
// searches and ordering (modules/customers/customer-search-keys.ts), computed by the application
// when it writes them, and the Clientes list's order as one index range: (account_id, name_key,
// id) replaces (account_id, name), carrying the other two keys and the CPF/CNPJ after them so that
// a search, which matches those too, reads the index alone (100,000 customers on SQLite: ~10 ms a
// search, ~240–400 ms reading every row for them). On PostgreSQL name_key compares byte by byte
// (collate "C"), as SQLite compares, so both order alike whatever the database's locale.
//
// The existing rows are filled here, in batches, folded by the same function as the application's
// writes (customerSearchKeys).
// "if not exists" throughout: SQLite runs DDL outside a transaction, so an interrupted run can
// be repeated (a row already filled is filled again with the same keys).
import { type Kysely, sql } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { foldForSearch } from '../db/folded-search.js'

const BATCH = 500

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const collate = dialect === 'postgres' ? sql` collate "C"` : sql``
  for (const [column, columnCollate] of [['name_key', collate], ['trade_name_key', sql``], ['code_key', sql``]] as const) {
    if (!(await hasColumn(db, dialect, column))) await sql`alter table customers add column ${sql.ref(column)} text${columnCollate} not null default ''`.execute(db)
  }
  let after = 0
  for (;;) {
    const batch = await sql<{ id: number; name: string; trade_name: string | null; code: string | null }>`
      select id, name, trade_name, code from customers where id > ${after} order by id limit ${BATCH}`.execute(db)
    if (batch.rows.length === 0) break
    await fillKeys(db, dialect, batch.rows)
    after = Number(batch.rows.at(-1)!.id)
  }
  await sql`create index if not exists customers_account_name_key_idx on customers (account_id, name_key, id, trade_name_key, code_key, document)`.execute(db)
  await sql`drop index if exists customers_account_id_name_idx`.execute(db)
}

async function fillKeys(db: Kysely<unknown>, dialect: Dialect, rows: { id: number; name: string; trade_name: string | null; code: string | null }[]): Promise<void> {
  const keyed = rows.map((row) => ({ id: Number(row.id), name_key: foldForSearch(row.name), trade_name_key: foldForSearch(row.trade_name ?? ''), code_key: foldForSearch(row.code ?? '') }))
  if (dialect === 'postgres') {
    await sql`
      update customers as c set name_key = v.name_key, trade_name_key = v.trade_name_key, code_key = v.code_key
      from unnest(${keyed.map((row) => row.id)}::bigint[], ${keyed.map((row) => row.name_key)}::text[], ${keyed.map((row) => row.trade_name_key)}::text[], ${keyed.map((row) => row.code_key)}::text[])
        as v(id, name_key, trade_name_key, code_key)
      where c.id = v.id`.execute(db)
    return
  }
  const values = sql.join(keyed.map((row) => sql`(${row.id}, ${row.name_key}, ${row.trade_name_key}, ${row.code_key})`))
  await sql`
    with v(id, name_key, trade_name_key, code_key) as (values ${values})
    update customers set
      name_key = (select v.name_key from v where v.id = customers.id),
      trade_name_key = (select v.trade_name_key from v where v.id = customers.id),
      code_key = (select v.code_key from v where v.id = customers.id)
    where id in (select id from v)`.execute(db)
}

async function hasColumn(db: Kysely<unknown>, dialect: Dialect, column: string): Promise<boolean> {
  const found =
    dialect === 'postgres'
      ? await sql`select 1 from information_schema.columns where table_schema = current_schema() and table_name = 'customers' and column_name = ${column}`.execute(db)
      : await sql`select 1 from pragma_table_info('customers') where name = ${column}`.execute(db)
  return found.rows.length > 0
}
