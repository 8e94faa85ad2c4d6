// The account's own company data, which its documents print and its templates read
// (`{{ account.document }}`…): a Brazilian proposal names the seller's CNPJ, address and contacts.
// All optional: an account fills them in Configurações → Conta.
import type { Kysely } from 'kysely'
import type { Dialect } from '../db/connect.js'

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  /** CNPJ or CPF, normalised as customers' are (digits, upper case). */
  await db.schema.alterTable('accounts').addColumn('document', 'text').execute()
  await db.schema.alterTable('accounts').addColumn('address', 'text').execute()
  await db.schema.alterTable('accounts').addColumn('phone', 'text').execute()
  await db.schema.alterTable('accounts').addColumn('email', 'text').execute()
}
