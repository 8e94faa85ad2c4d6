// A signed-in user changing their own password (Minha conta): the current one first, so that a
// session left open on a shared computer cannot lock its owner out. The user's other sessions end
// (the usual reason to change a password is that it may be known); this browser's stays.
import type { Db } from '../../platform/db/connect.js'
import { type Clock, isoNow } from '../../platform/clock.js'
import { hashPassword, verifyPassword } from './passwords.js'
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './sign-up.js'
import { queueSecurityNotice } from './security-notices.js'
import { endUserSessions } from './web-sessions.js'

export interface OwnPasswordInput {
  current: string
  next: string
  confirmation: string
}

export type OwnPasswordErrors = Partial<Record<keyof OwnPasswordInput, 'required' | 'wrong_password' | 'password_too_short' | 'too_long' | 'same_password' | 'mismatch'>>

export type OwnPasswordResult = { ok: true } | { ok: false; errors: OwnPasswordErrors }

/** What is wrong with a signed-in user's typed current password (what confirms their own changes), if anything. */
export async function currentPasswordProblem(db: Db, accountId: number, userId: number, typed: string): Promise<'required' | 'wrong_password' | undefined> {
  if (typed === '') return 'required'
  const row = await db.selectFrom('users').select('password_hash').where('account_id', '=', accountId).where('id', '=', userId).executeTakeFirst()
  return row?.password_hash && (await verifyPassword(typed, row.password_hash)) ? undefined : 'wrong_password'
}

export async function changeOwnPassword(db: Db, clock: Clock, user: { accountId: number; userId: number; sessionToken: string }, input: OwnPasswordInput): Promise<OwnPasswordResult> {
  const errors: OwnPasswordErrors = {}
  if (input.next === '') errors.next = 'required'
  else if (input.next.length < MIN_PASSWORD_LENGTH) errors.next = 'password_too_short'
  else if (input.next.length > MAX_PASSWORD_LENGTH) errors.next = 'too_long'
  else if (input.next === input.current) errors.next = 'same_password'
  if (errors.next === undefined && input.confirmation !== input.next) errors.confirmation = 'mismatch'
  const current = await currentPasswordProblem(db, user.accountId, user.userId, input.current)
  if (current) errors.current = current
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  const passwordHash = await hashPassword(input.next)
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: isoNow(clock) }).where('account_id', '=', user.accountId).where('id', '=', user.userId).execute()
    await endUserSessions(trx, user.accountId, user.userId, user.sessionToken)
    await queueSecurityNotice(trx, clock, user, { kind: 'password_changed' })
  })
  return { ok: true }
}
