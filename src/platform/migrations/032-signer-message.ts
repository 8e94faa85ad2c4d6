// What the seller says to the signers when sending (send-proposal.ts): kept on the document, so the
// invitations of every turn, the reminders and a reinvitation after a corrected e-mail carry the
// same words. And the address a signer's reply goes to (the document's seller, else the
// company's e-mail), kept on each outbox message so a retry sends what was queued.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('proposals').addColumn('signer_message', 'text').execute()
  await db.schema.alterTable('outbox_emails').addColumn('reply_to', 'text').execute()
}
