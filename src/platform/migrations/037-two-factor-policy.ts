// accounts.require_two_factor: the account's admins require two-step verification of every user
// (Configurações → Conta → Segurança); a user without it is taken to set it up before any other
// page (http/web/guards.ts). Off by default.
import type { Kysely } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { columnTypes } from './column-types.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('require_two_factor', columnTypes(dialect).bool, (c) => c.notNull().defaultTo(false)).execute()
}
