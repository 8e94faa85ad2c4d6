// Kysely only: every function takes the account id, so no query can reach another tenant's rows.
import type { Insertable, Updateable } from 'kysely'
import type { Db } from '../../platform/db/connect.js'
import type { CustomersTable } from '../../platform/db/schema.js'
import type { CustomerRow } from './customer-mapper.js'
import { preparedQuery } from '../../platform/db/prepared-query.js'
import { allCustomerSearchKeys, customerSearchKeys, type CustomerSearchKeys } from './customer-search-keys.js'

export interface CustomerKeys {
  id?: number
  code?: string
  document?: string
}

// One statement for every combination of keys: an absent key is bound as null, which `=` never
// matches. Built once (prepared-query.ts): every GET /customers/{id}/proposals runs it.
const customersByAnyKey = preparedQuery(4, (db, accountId: number, id: number | null, code: string | null, document: string | null) =>
  db
    .selectFrom('customers')
    .selectAll()
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('id', '=', id), eb('code', '=', code), eb('document', '=', document)]))
    .orderBy('id'),
)

/** Every customer of the account that matches any of the given keys (at most three rows). */
export async function findCustomersByAnyKey(db: Db, accountId: number, keys: CustomerKeys): Promise<CustomerRow[]> {
  if (keys.id === undefined && keys.code === undefined && keys.document === undefined) return []
  return customersByAnyKey(db, accountId, keys.id ?? null, keys.code ?? null, keys.document ?? null)
}

export function findCustomerById(db: Db, accountId: number, id: number): Promise<CustomerRow | undefined> {
  return db.selectFrom('customers').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst()
}

/** A new customer as its writers give it: the search keys are made here. */
export type NewCustomer = Omit<Insertable<CustomersTable>, keyof CustomerSearchKeys>

export async function insertCustomer(db: Db, row: NewCustomer): Promise<CustomerRow> {
  const keyed = { ...row, ...allCustomerSearchKeys({ name: row.name, trade_name: row.trade_name ?? null, code: row.code ?? null }) }
  return db.insertInto('customers').values(keyed).returningAll().executeTakeFirstOrThrow()
}

/**
 * The customer's row as it is now, locked until the transaction ends (a write that changes
 * nothing takes the lock on PostgreSQL; SQLite's transactions hold the whole database), so what a
 * write then changes is measured against it.
 */
export async function lockCustomer(db: Db, accountId: number, id: number): Promise<CustomerRow> {
  return db
    .updateTable('customers')
    .set((eb) => ({ name: eb.ref('name') }))
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/**
 * Writes the given data columns (the search keys of a name, trade name or code with them), moving
 * `updated_at` to `now` only when one of them differs from what is stored at the moment of the
 * write: the comparison is the statement's own, so a row changed since the caller read it is
 * judged as it is now, and the last writer's values win whole. GET /customer-changes reads
 * updated_at, so the same data sent again must not move it.
 */
export async function writeCustomerData(db: Db, accountId: number, id: number, columns: Omit<Updateable<CustomersTable>, keyof CustomerSearchKeys | 'updated_at'>, now: string): Promise<CustomerRow> {
  const entries = Object.entries(columns) as Array<[keyof typeof columns & string, string | null]>
  const keyed = { ...columns, ...customerSearchKeys(columns) }
  return db
    .updateTable('customers')
    .set((eb) => ({
      ...keyed,
      updated_at:
        entries.length === 0
          ? eb.ref('updated_at')
          : eb.case().when(eb.or(entries.map(([column, value]) => eb(column, 'is distinct from', value)))).then(now).else(eb.ref('updated_at')).end(),
    }))
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}
