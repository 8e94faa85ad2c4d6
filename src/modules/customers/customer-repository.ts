// Kysely only: every function takes the account id, so no query can reach another tenant's rows.
import type { Insertable, Updateable } from 'kysely'
import type { Db } from '../../platform/db/connect.js'
import type { CustomersTable } from '../../platform/db/schema.js'
import type { CustomerRow } from './customer-mapper.js'

export interface CustomerKeys {
  id?: number
  code?: string
  document?: string
}

/** Every customer of the account that matches any of the given keys (at most three rows). */
export async function findCustomersByAnyKey(db: Db, accountId: number, keys: CustomerKeys): Promise<CustomerRow[]> {
  if (keys.id === undefined && keys.code === undefined && keys.document === undefined) return []
  return db
    .selectFrom('customers')
    .selectAll()
    .where('account_id', '=', accountId)
    .where((eb) =>
      eb.or([
        ...(keys.id !== undefined ? [eb('id', '=', keys.id)] : []),
        ...(keys.code !== undefined ? [eb('code', '=', keys.code)] : []),
        ...(keys.document !== undefined ? [eb('document', '=', keys.document)] : []),
      ]),
    )
    .orderBy('id')
    .execute()
}

export function findCustomerById(db: Db, accountId: number, id: number): Promise<CustomerRow | undefined> {
  return db.selectFrom('customers').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst()
}

export async function insertCustomer(db: Db, row: Insertable<CustomersTable>): Promise<CustomerRow> {
  return db.insertInto('customers').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function updateCustomer(db: Db, accountId: number, id: number, changes: Updateable<CustomersTable>): Promise<CustomerRow> {
  return db.updateTable('customers').set(changes).where('account_id', '=', accountId).where('id', '=', id).returningAll().executeTakeFirstOrThrow()
}
