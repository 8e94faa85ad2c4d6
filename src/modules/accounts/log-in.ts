// E-mail and password check for the web app. An unknown e-mail costs the same scrypt work as a
// wrong password, so response times do not tell which e-mails have accounts.
import type { Db } from '../../platform/db/connect.js'
import { hashPassword, verifyPassword } from './passwords.js'
import { normalizeEmail } from '../../platform/contact-formats.js'

export interface AuthenticatedUser {
  userId: number
  accountId: number
  /** Two-step verification is on: a code is due before the session (login-challenges.ts). */
  needsSecondFactor: boolean
}

let dummyHash: Promise<string> | undefined

export async function verifyLogin(db: Db, email: string, password: string): Promise<AuthenticatedUser | null> {
  const user = await db
    .selectFrom('users')
    .leftJoin('user_authenticators as a', (join) => join.onRef('a.user_id', '=', 'users.id').onRef('a.account_id', '=', 'users.account_id'))
    .select(['users.id', 'users.account_id', 'users.password_hash', 'users.active', 'a.secret'])
    .where('users.email', '=', normalizeEmail(email))
    .executeTakeFirst()
  if (!user || !user.password_hash || !Boolean(user.active)) {
    dummyHash ??= hashPassword('not a real password')
    await verifyPassword(password, await dummyHash)
    return null
  }
  if (!(await verifyPassword(password, user.password_hash))) return null
  return { userId: user.id, accountId: user.account_id, needsSecondFactor: user.secret !== null && user.secret !== undefined }
}
