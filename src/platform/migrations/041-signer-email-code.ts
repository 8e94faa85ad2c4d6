// A signer may be asked to confirm their e-mail with a code before signing (lifecycle/
// signer-email-code.ts):
// - proposal_signers.authentication: 'link' (the private link alone signs) or 'email_code' (the
//   link and a six-digit code e-mailed to the signer on request); chosen per signer while the
//   document is a draft.
// - proposal_signers.signed_authentication: how the signature was confirmed, kept as evidence
//   ('email_code' when a code was typed; null for the link alone or a signature before 041).
// - signer_email_codes: the signer's current code, one at most, stored as SHA-256 with its expiry,
//   wrong attempts and how many were sent (capped, so a link cannot flood an inbox).
import type { Kysely } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { columnTypes } from './column-types.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect)
  await db.schema.alterTable('proposal_signers').addColumn('authentication', 'text', (c) => c.notNull().defaultTo('link')).execute()
  await db.schema.alterTable('proposal_signers').addColumn('signed_authentication', 'text').execute()
  await db.schema
    .createTable('signer_email_codes')
    .addColumn('signer_id', t.ref, (c) => c.primaryKey().references('proposal_signers.id').onDelete('cascade'))
    .addColumn('account_id', t.ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', t.instant, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sends', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('last_sent_at', t.instant, (c) => c.notNull())
    .execute()
}
