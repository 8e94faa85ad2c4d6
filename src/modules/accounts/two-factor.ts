// Two-step verification of a user's sign-in (Minha conta → Verificação em duas etapas): after the
// password, a code from an authenticator app (totp.ts) or one of ten single-use recovery codes.
// Setting it up takes the app's first code, so nobody turns it on with a secret their phone does
// not hold; turning it off takes the password and a code, so an open session cannot do it alone.
// An admin (or support, with the CLI) turns it off for a user who lost their phone. Each change
// e-mails the user (security-notices.ts).
// The app's secret is stored as it is: each check needs it (a hash cannot give a code), as the
// webhooks' signing secrets are. Recovery codes are stored as SHA-256 only (~50 random bits each,
// used once).
import { createHash, randomBytes } from 'node:crypto'
import type { Db } from '../../platform/db/connect.js'
import { type Clock, isoNow } from '../../platform/clock.js'
import { normalizeSixDigitCode } from '../../platform/one-time-code.js'
import { base32Encode, matchTotp, newTotpSecret } from './totp.js'
import { currentPasswordProblem } from './own-password.js'
import { queueSecurityNotice } from './security-notices.js'
import { endUserSessions } from './web-sessions.js'
import type { SecurityNoticeEvent } from '../notifications/email-messages.js'
import { type ActivityActor, recordActivity, userTarget } from './account-activity.js'
import { inTransaction } from '../../platform/db/in-transaction.js'

const RECOVERY_CODE_COUNT = 10

/** A recovery code as typed: upper case, without spaces or hyphens (shown as XXXXX-XXXXX). */
function normalizeRecoveryCode(typed: string): string {
  return typed.replace(/[\s-]/g, '').toUpperCase()
}

function recoveryCodeId(userId: number, code: string): string {
  return createHash('sha256').update(`${userId}:${normalizeRecoveryCode(code)}`).digest('hex')
}

function newRecoveryCode(): string {
  const text = base32Encode(randomBytes(7)).slice(0, 10)
  return `${text.slice(0, 5)}-${text.slice(5)}`
}

export interface TwoFactorState {
  enabled: boolean
  /** The account requires it of everyone (two-factor-policy.ts): it cannot be turned off by its user. */
  requiredByAccount: boolean
  enabledAt: string | null
  /** Recovery codes not used yet. */
  recoveryCodesLeft: number
}

async function recoveryCodesLeft(db: Db, accountId: number, userId: number): Promise<number> {
  const codes = await db.selectFrom('recovery_codes').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).where('user_id', '=', userId).executeTakeFirstOrThrow()
  return Number(codes.n)
}

/** The user's two-step verification as Minha conta shows it, in one query. */
export async function findTwoFactorState(db: Db, accountId: number, userId: number): Promise<TwoFactorState> {
  const row = await db
    .selectFrom('accounts')
    .leftJoin('user_authenticators as a', (join) => join.onRef('a.account_id', '=', 'accounts.id').on('a.user_id', '=', userId))
    .select((eb) => [
      'accounts.require_two_factor',
      'a.secret',
      'a.enabled_at',
      eb.selectFrom('recovery_codes').select((inner) => inner.fn.countAll<number | string>().as('n')).where('account_id', '=', accountId).where('user_id', '=', userId).as('codes_left'),
    ])
    .where('accounts.id', '=', accountId)
    .executeTakeFirst()
  return { enabled: Boolean(row?.secret), requiredByAccount: Boolean(row?.require_two_factor), enabledAt: row?.enabled_at ?? null, recoveryCodesLeft: Number(row?.codes_left ?? 0) }
}

async function requiredByAccount(db: Db, accountId: number): Promise<boolean> {
  const account = await db.selectFrom('accounts').select('require_two_factor').where('id', '=', accountId).executeTakeFirst()
  return Boolean(account?.require_two_factor)
}

/** A new secret for the app to scan, kept as pending until its first code is typed; null if verification is already on. */
export async function startTwoFactorSetup(db: Db, accountId: number, userId: number): Promise<string | null> {
  const secret = newTotpSecret()
  const result = await db
    .insertInto('user_authenticators')
    .values({ user_id: userId, account_id: accountId, secret: null, pending_secret: secret, enabled_at: null, last_step: null })
    .onConflict((conflict) => conflict.column('user_id').doUpdateSet({ pending_secret: secret }).where('user_authenticators.secret', 'is', null).where('user_authenticators.account_id', '=', accountId))
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1 ? secret : null
}

/** The secret being set up, to show again beside a refused first code. */
export async function findPendingSecret(db: Db, accountId: number, userId: number): Promise<string | null> {
  const row = await db.selectFrom('user_authenticators').select(['pending_secret', 'secret']).where('account_id', '=', accountId).where('user_id', '=', userId).executeTakeFirst()
  return row && row.secret === null ? row.pending_secret : null
}

export type TwoFactorFieldErrors = Partial<Record<'password' | 'code', 'required' | 'wrong_password' | 'invalid_code'>>

type EnableResult = { ok: true; recoveryCodes: string[] } | { ok: false; errors: TwoFactorFieldErrors } | { ok: false; noSetup: true }

/**
 * Turns verification on with the user's password (a session left open must not tie the account to
 * someone else's phone) and the pending secret's current code; ends the user's other sessions,
 * opened without it; returns the recovery codes, shown once.
 */
export async function enableTwoFactor(
  db: Db,
  clock: Clock,
  user: { accountId: number; userId: number; sessionToken: string },
  input: { password: string; code: string },
): Promise<EnableResult> {
  const { accountId, userId } = user
  const secret = await findPendingSecret(db, accountId, userId)
  if (secret === null) return { ok: false, noSetup: true }
  const errors: TwoFactorFieldErrors = {}
  const wrongPassword = await currentPasswordProblem(db, accountId, userId, input.password)
  if (wrongPassword) errors.password = wrongPassword
  const step = matchTotp(secret, input.code, clock.now(), null)
  if (input.code.trim() === '') errors.code = 'required'
  else if (step === null) errors.code = 'invalid_code'
  if (Object.keys(errors).length > 0 || step === null) return { ok: false, errors }
  const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode)
  const enabled = await inTransaction(db, async (trx) => {
    const result = await trx
      .updateTable('user_authenticators')
      .set({ secret, pending_secret: null, enabled_at: isoNow(clock), last_step: step })
      .where('account_id', '=', accountId)
      .where('user_id', '=', userId)
      .where('secret', 'is', null)
      .where('pending_secret', '=', secret)
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) !== 1) return false
    await replaceRecoveryCodes(trx, clock, accountId, userId, recoveryCodes)
    await endUserSessions(trx, accountId, userId, user.sessionToken)
    await queueSecurityNotice(trx, clock, user, { kind: 'two_factor_on' })
    return true
  })
  return enabled ? { ok: true, recoveryCodes } : { ok: false, noSetup: true }
}

async function replaceRecoveryCodes(trx: Db, clock: Clock, accountId: number, userId: number, codes: string[]): Promise<void> {
  await trx.deleteFrom('recovery_codes').where('account_id', '=', accountId).where('user_id', '=', userId).execute()
  await trx.insertInto('recovery_codes').values(codes.map((code) => ({ id: recoveryCodeId(userId, code), account_id: accountId, user_id: userId, created_at: isoNow(clock) }))).execute()
}

/** The factor a code was: the app's, or a recovery code (with how many are left after it). */
type SecondFactor = { kind: 'app' } | { kind: 'recovery_code'; left: number }

/**
 * Whether `typed` is the user's current app code (one not used before) or one of their unused
 * recovery codes, which it then uses up. Each use is one conditional write, so two requests with
 * the same code cannot both pass.
 */
export async function checkSecondFactor(db: Db, clock: Clock, accountId: number, userId: number, typed: string, use: 'sign_in' | 'confirmation'): Promise<SecondFactor | null> {
  const row = await db.selectFrom('user_authenticators').select(['secret', 'last_step']).where('account_id', '=', accountId).where('user_id', '=', userId).executeTakeFirst()
  if (!row?.secret) return null
  if (normalizeSixDigitCode(typed) !== null) {
    const step = matchTotp(row.secret, typed, clock.now(), row.last_step === null ? null : Number(row.last_step))
    if (step === null) return null
    const result = await db
      .updateTable('user_authenticators')
      .set({ last_step: step })
      .where('account_id', '=', accountId)
      .where('user_id', '=', userId)
      .where('secret', '=', row.secret)
      .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
      .executeTakeFirst()
    return Number(result.numUpdatedRows) === 1 ? { kind: 'app' } : null
  }
  const normalized = normalizeRecoveryCode(typed)
  if (!/^[A-Z2-7]{10}$/.test(normalized)) return null
  return inTransaction(db, async (trx) => {
    const used = await trx.deleteFrom('recovery_codes').where('id', '=', recoveryCodeId(userId, normalized)).where('account_id', '=', accountId).where('user_id', '=', userId).executeTakeFirst()
    if (Number(used.numDeletedRows) !== 1) return null
    const left = await recoveryCodesLeft(trx, accountId, userId)
    // A sign-in with a recovery code is told; one confirming a change here is told by that change's notice.
    if (use === 'sign_in') await queueSecurityNotice(trx, clock, { accountId, userId }, { kind: 'recovery_code_used', left })
    return { kind: 'recovery_code', left }
  })
}

/** Turns verification off with the password and a code (app or recovery), unless the account requires it. */
export async function disableTwoFactor(
  db: Db,
  clock: Clock,
  accountId: number,
  userId: number,
  input: { password: string; code: string },
): Promise<{ ok: true } | { ok: false; errors: TwoFactorFieldErrors } | { ok: false; requiredByAccount: true }> {
  if (await requiredByAccount(db, accountId)) return { ok: false, requiredByAccount: true }
  const errors: TwoFactorFieldErrors = {}
  const wrongPassword = await currentPasswordProblem(db, accountId, userId, input.password)
  if (wrongPassword) errors.password = wrongPassword
  if (input.code.trim() === '') errors.code = 'required'
  // The code is checked (and used up) only with the right password: a wrong password costs no code.
  else if (errors.password === undefined && (await checkSecondFactor(db, clock, accountId, userId, input.code, 'confirmation')) === null) errors.code = 'invalid_code'
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  await turnOffTwoFactor(db, clock, { accountId, userId }, { kind: 'two_factor_off' })
  return { ok: true }
}

/**
 * Turns verification off without a code: the user's own confirmed request above, an admin's reset
 * for another user (`by` names the admin) or support's; the user is told by e-mail, with how many
 * security keys went with it.
 */
export async function turnOffTwoFactor(db: Db, clock: Clock, user: { accountId: number; userId: number }, notice: Extract<SecurityNoticeEvent, { kind: 'two_factor_off' | 'two_factor_reset' }>, by?: ActivityActor): Promise<boolean> {
  const { accountId, userId } = user
  return inTransaction(db, async (trx) => {
    const deleted = await trx.deleteFrom('user_authenticators').where('account_id', '=', accountId).where('user_id', '=', userId).returning('secret').execute()
    await trx.deleteFrom('recovery_codes').where('account_id', '=', accountId).where('user_id', '=', userId).execute()
    // Security keys are a way through two-step verification: off, there is nothing for them to pass.
    const keys = await trx.deleteFrom('security_keys').where('account_id', '=', accountId).where('user_id', '=', userId).executeTakeFirst()
    await trx.deleteFrom('login_challenges').where('account_id', '=', accountId).where('user_id', '=', userId).execute()
    // A setup never confirmed (a pending key alone) was not on: it goes, untold.
    const wasOn = deleted.some((row) => row.secret !== null)
    if (wasOn) await queueSecurityNotice(trx, clock, user, { ...notice, keysRemoved: Number(keys.numDeletedRows) })
    // `by`: an admin's or support's reset of another user's (turning one's own off is not the account's governance).
    if (wasOn && by) await recordActivity(trx, clock, accountId, by, { action: 'user.two_factor_reset', target: await userTarget(trx, accountId, userId), data: { keys_removed: Number(keys.numDeletedRows) } })
    return wasOn
  })
}

/** Ten new recovery codes in place of the old ones, confirmed by a code (app or recovery); shown once. */
export async function renewRecoveryCodes(db: Db, clock: Clock, accountId: number, userId: number, typed: string): Promise<{ ok: true; recoveryCodes: string[] } | { ok: false; error: 'required' | 'invalid_code' }> {
  if (typed.trim() === '') return { ok: false, error: 'required' }
  if ((await checkSecondFactor(db, clock, accountId, userId, typed, 'confirmation')) === null) return { ok: false, error: 'invalid_code' }
  const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode)
  await inTransaction(db, async (trx) => {
    await replaceRecoveryCodes(trx, clock, accountId, userId, recoveryCodes)
    await queueSecurityNotice(trx, clock, { accountId, userId }, { kind: 'recovery_codes_renewed' })
  })
  return { ok: true, recoveryCodes }
}
