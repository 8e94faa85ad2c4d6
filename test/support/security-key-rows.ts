// A security key row for tests that need one to exist (route walks, tenant isolation, escaping),
// written directly: its credential is random bytes no authenticator holds, so it never signs in.
import { randomBytes } from 'node:crypto'
import type { Db } from '../../src/platform/db/connect.js'

export async function storeSecurityKey(db: Db, user: { accountId: number; userId: number }, name = 'Chave de teste'): Promise<number> {
  const row = await db
    .insertInto('security_keys')
    .values({ account_id: user.accountId, user_id: user.userId, credential_id: randomBytes(16).toString('base64url'), public_key: randomBytes(77).toString('base64url'), sign_count: 0, transports: '["usb"]', name, created_at: new Date().toISOString(), last_used_at: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(row.id)
}
