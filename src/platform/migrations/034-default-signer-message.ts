// The account's usual message to the signers (Configurações → Conta): the send form starts from
// it, and a send through the API without a `message` uses it (send-proposal.ts).
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('default_signer_message', 'text').execute()
}
