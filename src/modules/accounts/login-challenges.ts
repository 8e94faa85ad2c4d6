// The step between the password and the session for a user with two-step verification: the
// password was right, a code is still due. The browser holds a random token in a cookie; the row's
// id is its SHA-256, as for sessions, so the table opens nothing. A challenge lasts ten minutes,
// takes five wrong codes before it ends (the password is then asked again, and counted by the
// login's throttle), and is used once.
import type { Db } from '../../platform/db/connect.js'
import { type Clock, isoNow } from '../../platform/clock.js'
import { secretDigest as challengeId } from '../../platform/token-digest.js'
import { newSecret } from './web-sessions.js'

export const LOGIN_CHALLENGE_VALID_MS = 10 * 60 * 1000
export const LOGIN_CHALLENGE_MAX_FAILURES = 5

export interface LoginChallenge {
  userId: number
  accountId: number
  email: string
  nextPath: string | null
  /** The challenge the code page last offered the user's security keys (security-keys.ts). */
  keyChallenge: string | null
}

/** Starts a challenge for a user whose password was right; returns the token for the cookie. */
export async function createLoginChallenge(db: Db, clock: Clock, user: { userId: number; accountId: number; nextPath: string | null }): Promise<string> {
  const token = newSecret()
  const now = clock.now()
  // Expired challenges of everyone go first: the table holds only live ones.
  await db.deleteFrom('login_challenges').where('expires_at', '<=', now.toISOString()).execute()
  await db
    .insertInto('login_challenges')
    .values({ id: challengeId(token), account_id: user.accountId, user_id: user.userId, next_path: user.nextPath, created_at: now.toISOString(), expires_at: new Date(now.getTime() + LOGIN_CHALLENGE_VALID_MS).toISOString() })
    .execute()
  return token
}

/** The live challenge of a token, or undefined (unknown, used, expired, too many failures, user deactivated). */
export async function findLoginChallenge(db: Db, clock: Clock, token: string): Promise<LoginChallenge | undefined> {
  const row = await db
    .selectFrom('login_challenges as c')
    .innerJoin('users as u', (join) => join.onRef('u.id', '=', 'c.user_id').onRef('u.account_id', '=', 'c.account_id'))
    .select(['c.user_id', 'c.account_id', 'c.next_path', 'c.key_challenge', 'u.email', 'u.active'])
    .where('c.id', '=', challengeId(token))
    .where('c.expires_at', '>', isoNow(clock))
    .where('c.failures', '<', LOGIN_CHALLENGE_MAX_FAILURES)
    .executeTakeFirst()
  return row && Boolean(row.active) ? { userId: row.user_id, accountId: row.account_id, email: row.email, nextPath: row.next_path, keyChallenge: row.key_challenge } : undefined
}

/** Stores the challenge offered the user's security keys, in place of any offered before; false once the challenge ended. */
export async function offerKeyChallenge(db: Db, token: string, keyChallenge: string): Promise<boolean> {
  const stored = await db.updateTable('login_challenges').set({ key_challenge: keyChallenge }).where('id', '=', challengeId(token)).executeTakeFirst()
  return Number(stored.numUpdatedRows) === 1
}

/** Uses the offered key challenge up; true for the one request that did. */
export async function useKeyChallenge(db: Db, token: string, keyChallenge: string): Promise<boolean> {
  const used = await db.updateTable('login_challenges').set({ key_challenge: null }).where('id', '=', challengeId(token)).where('key_challenge', '=', keyChallenge).executeTakeFirst()
  return Number(used.numUpdatedRows) === 1
}

/** Counts a wrong code; true while the challenge may take another. */
export async function recordChallengeFailure(db: Db, token: string): Promise<boolean> {
  const id = challengeId(token)
  const row = await db.updateTable('login_challenges').set((eb) => ({ failures: eb('failures', '+', 1) })).where('id', '=', id).returning('failures').executeTakeFirst()
  if (row && row.failures < LOGIN_CHALLENGE_MAX_FAILURES) return true
  await db.deleteFrom('login_challenges').where('id', '=', id).execute()
  return false
}

/** Ends the challenge; true for the one request that ended it (a code accepted twice starts one session). */
export async function consumeLoginChallenge(db: Db, token: string): Promise<boolean> {
  const result = await db.deleteFrom('login_challenges').where('id', '=', challengeId(token)).executeTakeFirst()
  return Number(result.numDeletedRows) === 1
}
