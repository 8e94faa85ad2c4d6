// "Esqueci minha senha": a user who cannot sign in asks for a link by e-mail, and the link sets a
// new password. The request answers the same whether the e-mail has a user or not (the page says
// "if it is registered…"), so it tells nothing about who has an account; the link's secret is
// stored only as its SHA-256, lasts an hour, works once, and using it ends every session of the
// user. The message goes through the outbox like every e-mail (kind PASSWORD_RESET_EMAIL_KIND,
// whose body the account's outbox never shows: the link would let another admin in). A new user's
// invitation (user-invitation.ts) is the same kind of link, issued here with its own purpose and
// validity; using either is resetPassword.
import { secretDigest } from '../../platform/token-digest.js'
import type { Db } from '../../platform/db/connect.js'
import type { PasswordLinkPurpose } from '../../platform/db/schema.js'
import { type Clock, isoNow } from '../../platform/clock.js'
import { passwordResetEmail } from '../notifications/email-messages.js'
import { PASSWORD_RESET_EMAIL_KIND, queueEmail } from '../notifications/queue-email.js'
import { hashPassword } from './passwords.js'
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './sign-up.js'
import { normalizeEmail } from '../../platform/contact-formats.js'
import { queueSecurityNotice } from './security-notices.js'
import { endUserSessions, newSecret } from './web-sessions.js'

export const PASSWORD_RESET_VALID_MS = 60 * 60 * 1000

function resetId(token: string): string {
  return secretDigest(token)
}

/**
 * Stores a new link for the user (only the SHA-256 of its secret) and returns the secret for the
 * message; in the caller's transaction, with the e-mail that carries it.
 */
export async function issuePasswordLink(trx: Db, clock: Clock, link: { accountId: number; userId: number; purpose: PasswordLinkPurpose; validMs: number }): Promise<string> {
  const token = newSecret()
  const now = clock.now()
  await trx
    .insertInto('password_resets')
    .values({ id: resetId(token), account_id: link.accountId, user_id: link.userId, purpose: link.purpose, created_at: now.toISOString(), expires_at: new Date(now.getTime() + link.validMs).toISOString() })
    .execute()
  return token
}

/** Queues the reset link for the active user with this e-mail, if there is one; says nothing either way. */
export async function requestPasswordReset(db: Db, clock: Clock, publicUrl: string, email: string): Promise<void> {
  const user = await db.selectFrom('users').select(['id', 'account_id', 'name', 'email', 'active']).where('email', '=', normalizeEmail(email)).executeTakeFirst()
  const now = clock.now()
  // Expired links of everyone go first: the table holds only live ones.
  await db.deleteFrom('password_resets').where('expires_at', '<=', now.toISOString()).execute()
  if (!user || !user.active) return
  await db.transaction().execute(async (trx) => {
    const token = await issuePasswordLink(trx, clock, { accountId: user.account_id, userId: user.id, purpose: 'reset', validMs: PASSWORD_RESET_VALID_MS })
    const message = passwordResetEmail({ userName: user.name, resetUrl: `${publicUrl}/reset-password/${token}`, validMinutes: PASSWORD_RESET_VALID_MS / 60_000 })
    await queueEmail(trx, clock, { accountId: user.account_id, kind: PASSWORD_RESET_EMAIL_KIND, to: user.email, ...message })
  })
}

/** The live link of a secret: its user and purpose, or undefined (unknown, used, expired, user deactivated). */
export async function findPasswordReset(db: Db, clock: Clock, token: string): Promise<{ userId: number; accountId: number; purpose: PasswordLinkPurpose } | undefined> {
  const row = await db
    .selectFrom('password_resets')
    .innerJoin('users', (join) => join.onRef('users.id', '=', 'password_resets.user_id').onRef('users.account_id', '=', 'password_resets.account_id'))
    .select(['password_resets.user_id', 'password_resets.account_id', 'password_resets.purpose', 'users.active'])
    .where('password_resets.id', '=', resetId(token))
    .where('password_resets.expires_at', '>', clock.now().toISOString())
    .executeTakeFirst()
  return row && Boolean(row.active) ? { userId: row.user_id, accountId: row.account_id, purpose: row.purpose } : undefined
}

export type PasswordResetErrors = Partial<Record<'password' | 'confirmation', 'required' | 'password_too_short' | 'too_long' | 'mismatch'>>

export type PasswordResetResult = { ok: true; userId: number; accountId: number; purpose: PasswordLinkPurpose } | { ok: false; invalidLink: true } | { ok: false; errors: PasswordResetErrors; purpose: PasswordLinkPurpose }

/** Sets the new password through a live link, which then no longer works; the user's sessions end. */
export async function resetPassword(db: Db, clock: Clock, token: string, input: { password: string; confirmation: string }): Promise<PasswordResetResult> {
  const reset = await findPasswordReset(db, clock, token)
  if (!reset) return { ok: false, invalidLink: true }
  const errors: PasswordResetErrors = {}
  if (input.password === '') errors.password = 'required'
  else if (input.password.length < MIN_PASSWORD_LENGTH) errors.password = 'password_too_short'
  else if (input.password.length > MAX_PASSWORD_LENGTH) errors.password = 'too_long'
  else if (input.confirmation !== input.password) errors.confirmation = 'mismatch'
  if (Object.keys(errors).length > 0) return { ok: false, errors, purpose: reset.purpose }
  const passwordHash = await hashPassword(input.password)
  const used = await db.transaction().execute(async (trx) => {
    // Deleting the link is what makes it single-use: of two submissions at once, one deletes it.
    const deleted = await trx.deleteFrom('password_resets').where('id', '=', resetId(token)).where('expires_at', '>', clock.now().toISOString()).executeTakeFirst()
    if (Number(deleted.numDeletedRows) === 0) return false
    await trx.deleteFrom('password_resets').where('user_id', '=', reset.userId).execute()
    const before = await trx.selectFrom('users').select('password_hash').where('account_id', '=', reset.accountId).where('id', '=', reset.userId).executeTakeFirst()
    await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: isoNow(clock) }).where('account_id', '=', reset.accountId).where('id', '=', reset.userId).execute()
    await endUserSessions(trx, reset.accountId, reset.userId)
    // A first password (a new user's invitation) is no change to tell of; any other is, whichever link set it.
    if (before?.password_hash) await queueSecurityNotice(trx, clock, reset, { kind: 'password_reset' })
    return true
  })
  return used ? { ok: true, ...reset } : { ok: false, invalidLink: true }
}
