// Security keys (WebAuthn: a USB/NFC key, Windows Hello, Touch ID, a phone's passkey) as a second
// way through two-step verification, beside the authenticator app (accounts/security-keys.ts):
// - security_keys, one row per key a user registered: the credential's id and public key (COSE,
//   base64url) as the browser gave them, the authenticator's signature counter (a lower one means
//   a cloned key and is refused), the name the user gave it, when it was added and last used.
//   A credential id is unique across the installation, as browsers treat it.
// - user_authenticators.key_challenge / key_challenge_expires_at: the random challenge of a key
//   being registered (five minutes), used once.
// - login_challenges.key_challenge: the challenge the code page offered the user's keys, used once.
import type { Kysely } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { columnTypes, withId } from './column-types.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect)
  await withId(db.schema.createTable('security_keys'), dialect)
    .addColumn('account_id', t.ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('user_id', t.ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('credential_id', 'text', (c) => c.notNull().unique())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('sign_count', t.ref, (c) => c.notNull().defaultTo(0))
    .addColumn('transports', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('last_used_at', t.instant)
    .execute()
  await db.schema.createIndex('security_keys_user_idx').on('security_keys').columns(['account_id', 'user_id']).execute()
  await db.schema.alterTable('user_authenticators').addColumn('key_challenge', 'text').execute()
  await db.schema.alterTable('user_authenticators').addColumn('key_challenge_expires_at', t.instant).execute()
  await db.schema.alterTable('login_challenges').addColumn('key_challenge', 'text').execute()
}
