// The people of an account as its admins manage them (Cadastros › Usuários e vendedores).
// Rules kept here, whatever screen or API calls them:
// - at most one default seller: choosing one clears the previous one in the same transaction;
// - the default seller must be an active seller;
// - an admin cannot demote or deactivate themselves, and the account keeps at least one active admin;
// - deactivating a user deletes their web sessions (findWebSession would refuse them anyway).
// Users are never deleted: documents name them as sellers.
// Every write first takes a lock on the account row (a no-op update), so two admins saving at
// once are serialised and cannot end up with two default sellers or no admin at all.
import type { Db } from '../../platform/db/connect.js'
import { type Clock, isoNow } from '../../platform/clock.js'
import { accountRows } from '../catalog/catalog-text.js'
import { lockAccount } from './accounts.js'
import { hashPassword } from './passwords.js'
import { type SignUpErrorCode, validateSignUp } from './sign-up.js'
import { DuplicateEmailError, createUser } from './users.js'
import { type Invitation, inviteUser } from './user-invitation.js'
import { queueSecurityNotice } from './security-notices.js'
import { endUserSessions, newSecret } from './web-sessions.js'
import { normalizeEmail } from '../../platform/contact-formats.js'
import { settleDiscountRequests } from '../lifecycle/discount-approval.js'
import { parseDiscountLimit } from '../lifecycle/discount-rule.js'
import { type ActivityActor, changedFields, recordActivity, recordChanges, userTarget } from './account-activity.js'
import { inTransaction } from '../../platform/db/in-transaction.js'

export type UserRole = 'admin' | 'member'

export interface AccountUserRow {
  id: number
  name: string
  email: string
  role: UserRole
  is_seller: boolean
  is_default_seller: boolean
  active: boolean
  /** Their drafts' own discount limit in hundredths of a percent; null follows the account's. */
  discount_approval_above_bp: number | null
}

export type UserField = 'name' | 'email' | 'role' | 'password' | 'is_seller' | 'is_default_seller' | 'active' | 'discount_approval_above'
/** Sign-up's codes (required, too_long, invalid_email, password_too_short, email_taken) and these. */
export type UserErrorCode =
  | SignUpErrorCode
  | 'invalid_choice'
  | 'cannot_demote_self'
  | 'cannot_deactivate_self'
  | 'last_admin'
  | 'default_needs_seller'
  | 'default_needs_active'
  | 'invalid_percentage'
export type UserErrors = Partial<Record<UserField, UserErrorCode>>
export type UserSaveResult = { ok: true; id: number } | { ok: false; errors: UserErrors } | { ok: false; notFound: true }

export interface NewAccountUser {
  name: string
  email: string
  role: string
  isSeller: boolean
  isDefaultSeller: boolean
  /** Their own discount limit as typed ("15", "12,5"); blank or absent follows the account's. */
  discountApprovalAbove?: string
  /** Ignored with an invitation: the user chooses their own through its link. */
  password: string
  /** Invite the user by e-mail (user-invitation.ts), in the same transaction as the creation. */
  invitation?: Omit<Invitation, 'accountId' | 'userId'>
}

export interface AccountUserChanges {
  name: string
  role: string
  isSeller: boolean
  isDefaultSeller: boolean
  active: boolean
  /** Their own discount limit as typed; blank follows the account's; absent keeps the current one. */
  discountApprovalAbove?: string
  /** Empty keeps the current password. */
  password: string
}

const COLUMNS = ['id', 'name', 'email', 'role', 'is_seller', 'is_default_seller', 'active', 'discount_approval_above_bp'] as const

function toRow(row: { id: number; name: string; email: string; role: UserRole; is_seller: unknown; is_default_seller: unknown; active: unknown; discount_approval_above_bp: number | null }): AccountUserRow {
  return { ...row, is_seller: Boolean(row.is_seller), is_default_seller: Boolean(row.is_default_seller), active: Boolean(row.active) }
}

export const { list: listAccountUsers, find: findAccountUser } = accountRows(
  (db, accountId) => db.selectFrom('users').select(COLUMNS).where('account_id', '=', accountId),
  toRow,
)

/** Name and password checked with sign-up's rules; the e-mail too when `email` is given. */
function checkPerson(input: { name: string; email?: string; password: string }, passwordRequired: boolean): UserErrors {
  const signUpErrors = validateSignUp({ accountName: 'x', name: input.name, email: input.email ?? '', password: input.password })
  const errors: UserErrors = {}
  if (signUpErrors.name) errors.name = signUpErrors.name
  if (input.email !== undefined && signUpErrors.email) errors.email = signUpErrors.email
  // On an edit an empty password keeps the current one.
  if (signUpErrors.password && (passwordRequired || input.password !== '')) errors.password = signUpErrors.password
  return errors
}

function checkFlags(input: { role: string; isSeller: boolean; isDefaultSeller: boolean; active: boolean }, errors: UserErrors): void {
  if (input.role !== 'admin' && input.role !== 'member') errors.role = input.role === '' ? 'required' : 'invalid_choice'
  if (input.isDefaultSeller && !input.isSeller) errors.is_default_seller = 'default_needs_seller'
  else if (input.isDefaultSeller && !input.active) errors.is_default_seller = 'default_needs_active'
}

/** The seller's own discount limit as typed: blank follows the account's (null); undefined when it was not given; an error when it is not a percentage. */
function checkDiscountLimit(typed: string | undefined, errors: UserErrors): number | null | undefined {
  if (typed === undefined) return undefined
  const limit = parseDiscountLimit(typed)
  if (limit !== 'invalid') return limit
  errors.discount_approval_above = 'invalid_percentage'
  return undefined
}

/** The account's default seller stops being it (another becomes it); the activity records that user's change too. */
async function clearDefaultSeller(trx: Db, clock: Clock, accountId: number, by: ActivityActor | undefined, exceptId?: number): Promise<void> {
  let query = trx.updateTable('users').set({ is_default_seller: false, updated_at: isoNow(clock) }).where('account_id', '=', accountId).where('is_default_seller', '=', true)
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId)
  const cleared = await query.returning('id').execute()
  for (const user of cleared) {
    await recordChanges(trx, clock, accountId, by, { action: 'user.updated', target: await userTarget(trx, accountId, user.id), changes: { is_default_seller: { from: true, to: false } } })
  }
}

async function emailTaken(db: Db, email: string): Promise<boolean> {
  return (await db.selectFrom('users').select('id').where('email', '=', normalizeEmail(email)).executeTakeFirst()) !== undefined
}

export async function createAccountUser(db: Db, clock: Clock, accountId: number, input: NewAccountUser, by?: ActivityActor): Promise<UserSaveResult> {
  const { invitation } = input
  const errors = checkPerson(invitation ? { ...input, password: '' } : input, !invitation)
  checkFlags({ ...input, active: true }, errors)
  const discountLimitBp = checkDiscountLimit(input.discountApprovalAbove, errors) ?? null
  if (!errors.email && (await emailTaken(db, input.email))) errors.email = 'email_taken'
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  try {
    return await inTransaction(db, async (trx) => {
      await lockAccount(trx, accountId)
      if (input.isDefaultSeller) await clearDefaultSeller(trx, clock, accountId, by)
      const user = await createUser(trx, clock, {
        accountId,
        name: input.name.trim(),
        email: input.email,
        role: input.role as UserRole,
        isSeller: input.isSeller,
        isDefaultSeller: input.isDefaultSeller,
        // An invited user's password is a secret nobody is told, until they choose theirs.
        password: invitation ? newSecret() : input.password,
      })
      if (discountLimitBp !== null) await trx.updateTable('users').set({ discount_approval_above_bp: discountLimitBp }).where('account_id', '=', accountId).where('id', '=', user.id).execute()
      if (invitation) await inviteUser(trx, clock, { ...invitation, accountId, userId: user.id })
      if (by) {
        const data = { role: input.role, is_seller: input.isSeller, is_default_seller: input.isDefaultSeller, invited: invitation !== undefined, ...(discountLimitBp !== null ? { seller_discount_limit_bp: discountLimitBp } : {}) }
        await recordActivity(trx, clock, accountId, by, { action: 'user.created', target: await userTarget(trx, accountId, user.id), data })
      }
      return { ok: true as const, id: user.id }
    })
  } catch (error) {
    // Two creations racing for one e-mail: the unique index decides.
    if (error instanceof DuplicateEmailError || (await emailTaken(db, input.email))) return { ok: false, errors: { email: 'email_taken' } }
    throw error
  }
}

async function userName(db: Db, accountId: number, id: number): Promise<string> {
  const row = await db.selectFrom('users').select('name').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst()
  return row?.name ?? 'Um administrador da conta'
}

/**
 * Saves an admin's changes to a user of the account. `actorId` is the admin saving: they may not
 * demote or deactivate themselves. A missing or foreign id is notFound. A new password logs the
 * user out everywhere (the usual answer to a stolen password), but for the admin's own session
 * (`actor.sessionToken`) when they change their own, and tells the user by e-mail unless it is
 * their first.
 */

export async function updateAccountUser(
  db: Db,
  clock: Clock,
  accountId: number,
  actor: { userId: number; sessionToken?: string },
  id: number,
  input: AccountUserChanges,
  by?: ActivityActor,
): Promise<UserSaveResult> {
  const actorId = actor.userId
  const errors = checkPerson({ name: input.name, password: input.password }, false)
  checkFlags(input, errors)
  const discountLimitBp = checkDiscountLimit(input.discountApprovalAbove, errors)
  if (id === actorId && input.role === 'member') errors.role = 'cannot_demote_self'
  if (id === actorId && !input.active) errors.active = 'cannot_deactivate_self'
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  const passwordHash = input.password === '' ? undefined : await hashPassword(input.password)

  return inTransaction(db, async (trx): Promise<UserSaveResult> => {
    await lockAccount(trx, accountId)
    const current = await trx.selectFrom('users').select(['id', 'name', 'role', 'is_seller', 'is_default_seller', 'active', 'discount_approval_above_bp', 'password_hash']).where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst()
    if (!current) return { ok: false, notFound: true }
    const losesAdmin = current.role === 'admin' && Boolean(current.active) && (input.role !== 'admin' || !input.active)
    if (losesAdmin) {
      const others = await trx.selectFrom('users').select((eb) => eb.fn.countAll<number | string>().as('total'))
        .where('account_id', '=', accountId).where('role', '=', 'admin').where('active', '=', true).where('id', '!=', id).executeTakeFirstOrThrow()
      if (Number(others.total) === 0) return { ok: false, errors: input.role !== 'admin' ? { role: 'last_admin' } : { active: 'last_admin' } }
    }
    if (input.isDefaultSeller) await clearDefaultSeller(trx, clock, accountId, by, id)
    await trx.updateTable('users')
      .set({
        name: input.name.trim(),
        role: input.role as UserRole,
        is_seller: input.isSeller,
        is_default_seller: input.isDefaultSeller,
        active: input.active,
        ...(discountLimitBp !== undefined ? { discount_approval_above_bp: discountLimitBp } : {}),
        ...(passwordHash ? { password_hash: passwordHash } : {}),
        updated_at: isoNow(clock),
      })
      .where('account_id', '=', accountId).where('id', '=', id).execute()
    // A deactivated user is logged out everywhere at once; one with a new password everywhere else.
    if (!input.active) await endUserSessions(trx, accountId, id)
    else if (passwordHash) await endUserSessions(trx, accountId, id, id === actorId ? actor.sessionToken : undefined)
    const limitAfter = discountLimitBp === undefined ? current.discount_approval_above_bp : discountLimitBp
    const logged = (user: { name: string; role: string; is_seller: unknown; is_default_seller: unknown; active: unknown; discount_approval_above_bp: number | null }, password: boolean) =>
      ({ name: user.name, role: user.role, is_seller: Boolean(user.is_seller), is_default_seller: Boolean(user.is_default_seller), active: Boolean(user.active), seller_discount_limit_bp: user.discount_approval_above_bp, password })
    const after = { name: input.name.trim(), role: input.role, is_seller: input.isSeller, is_default_seller: input.isDefaultSeller, active: input.active, discount_approval_above_bp: limitAfter }
    // Their drafts asked for that the new limit leaves under it wait no more on the Painel.
    if (limitAfter !== current.discount_approval_above_bp) await settleDiscountRequests(trx, accountId, { sellerId: id })
    // A new password says only that it changed.
    await recordChanges(trx, clock, accountId, by, { action: 'user.updated', target: await userTarget(trx, accountId, id), changes: changedFields(logged(current, false), logged(after, passwordHash !== undefined), ['password']) })
    if (passwordHash && current.password_hash) await queueSecurityNotice(trx, clock, { accountId, userId: id }, id === actorId ? { kind: 'password_changed' } : { kind: 'password_set', by: await userName(trx, accountId, actorId) })
    return { ok: true, id }
  })
}
