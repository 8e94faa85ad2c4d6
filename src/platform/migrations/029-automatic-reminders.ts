// Automatic reminders (lifecycle/automatic-reminders.ts): an account may ask for the signing link
// to be sent again every N days to the signers who have not signed, invited since it asked. Each signer keeps when they
// were last reminded (by hand or automatically: either restarts the wait) and how many automatic
// reminders they got, which are capped.
import type { Kysely } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { columnTypes } from './column-types.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('auto_reminder_days', 'integer').execute()
  await db.schema.alterTable('accounts').addColumn('auto_reminders_since', columnTypes(dialect).instant).execute()
  await db.schema.alterTable('proposal_signers').addColumn('reminded_at', columnTypes(dialect).instant).execute()
  await db.schema.alterTable('proposal_signers').addColumn('auto_reminders', 'integer', (c) => c.notNull().defaultTo(0)).execute()
}
