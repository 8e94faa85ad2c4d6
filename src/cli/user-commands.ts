// `vendoc users create|list|set-password|reset-two-factor|end-sessions`: support's tools for an
// account's people: add one, see who can sign in, hand a person a new password (the way back in for
// an account whose only admin forgot theirs: the app sends no password e-mails), turn off the
// two-step verification of one who lost their phone and recovery codes, and sign one out everywhere
// (a lost laptop). An admin can do the last two in the app, for others.
import { randomBytes } from 'node:crypto'
import { listAccountUsers } from '../modules/accounts/manage-users.js'
import { hashPassword } from '../modules/accounts/passwords.js'
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../modules/accounts/sign-up.js'
import { createUser, DuplicateEmailError } from '../modules/accounts/users.js'
import { queueSecurityNotice } from '../modules/accounts/security-notices.js'
import { turnOffTwoFactor } from '../modules/accounts/two-factor.js'
import { endSessions } from '../modules/accounts/own-sessions.js'
import { endUserSessions } from '../modules/accounts/web-sessions.js'
import { isoNow } from '../platform/clock.js'
import { CommandFailure, type CommandContext, requireAccount, formatTable, type ParsedArgs, parseId, printJson, requiredString, stringOption, UsageError } from './cli-io.js'
import { normalizeEmail } from '../platform/contact-formats.js'
import { recordActivity, SUPPORT_ACTOR, userTarget } from '../modules/accounts/account-activity.js'

/** Who the user's security notices name when support made the change. */
const SUPPORT_NAME = 'O suporte do Vendoc'

export async function createUserCommand(ctx: CommandContext, args: ParsedArgs): Promise<void> {
  const accountId = parseId(stringOption(args, 'account'), '--account')
  const email = normalizeEmail(requiredString(args, 'email'))
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new UsageError(`--email must be an e-mail address, got "${email}"`)
  const name = requiredString(args, 'name')
  const password = stringOption(args, 'password')
  if (password !== undefined && password.length < MIN_PASSWORD_LENGTH) throw new UsageError(`--password must have at least ${MIN_PASSWORD_LENGTH} characters`)
  const isSeller = args.values.seller === true
  const role = args.values.admin === true ? 'admin' : 'member'

  const account = await requireAccount(ctx, accountId)
  // The account's first seller becomes its default seller, so API creations without seller_id get one.
  const defaultSeller = isSeller
    ? await ctx.db.selectFrom('users').select('id').where('account_id', '=', accountId).where('is_default_seller', '=', true).executeTakeFirst()
    : undefined
  const isDefaultSeller = isSeller && defaultSeller === undefined
  let user
  try {
    user = await ctx.db.transaction().execute(async (trx) => {
      const created = await createUser(trx, ctx.clock, { accountId, email, name, role, isSeller, isDefaultSeller, ...(password === undefined ? {} : { password }) })
      const data = { role, is_seller: isSeller, is_default_seller: isDefaultSeller, invited: false }
      await recordActivity(trx, ctx.clock, accountId, SUPPORT_ACTOR, { action: 'user.created', target: await userTarget(trx, accountId, created.id), data })
      return created
    })
  } catch (error) {
    if (error instanceof DuplicateEmailError) throw new CommandFailure(error.message, 'E-mails are unique across all accounts.')
    throw error
  }
  const result = { ...user, is_default_seller: isDefaultSeller, account_id: accountId, can_log_in: password !== undefined }
  if (ctx.json) return printJson(ctx.io, result)
  const traits = [role, ...(isSeller ? [isDefaultSeller ? 'default seller' : 'seller'] : [])].join(', ')
  ctx.io.stdout(
    `Created user ${user.id} ${user.name} <${user.email}> (${traits}) in account ${accountId} "${account.name}".\n` +
      (password === undefined ? 'No password was given, so this user cannot log in yet (use --password).\n' : ''),
  )
}

export async function listUsersCommand(ctx: CommandContext, args: ParsedArgs): Promise<void> {
  const accountId = parseId(stringOption(args, 'account'), '--account')
  const account = await requireAccount(ctx, accountId)
  const users = await listAccountUsers(ctx.db, accountId)
  if (ctx.json) return printJson(ctx.io, users)
  ctx.io.stdout(formatTable(
    ['ID', 'NAME', 'EMAIL', 'ROLE', 'SELLER', 'ACTIVE'],
    users.map((user) => [String(user.id), user.name, user.email, user.role, user.is_default_seller ? 'default' : user.is_seller ? 'yes' : 'no', user.active ? 'yes' : 'no']),
  ))
}

/** The user with this (normalised) e-mail, in whichever account; a failure naming it when none has it. */
async function userByEmail(ctx: CommandContext, email: string) {
  const user = await ctx.db.selectFrom('users').select(['id', 'account_id', 'name', 'active', 'password_hash']).where('email', '=', email).executeTakeFirst()
  if (!user) throw new CommandFailure(`No user has the e-mail ${email}`, 'Run `vendoc users list --account ID` to see an account\'s users.')
  return user
}

/**
 * Sets a user's password (a random one, printed once, unless --password gives it) and ends their
 * sessions: whoever knew the old one is out.
 */
export async function setPasswordCommand(ctx: CommandContext, args: ParsedArgs): Promise<void> {
  const email = normalizeEmail(requiredString(args, 'email'))
  const given = stringOption(args, 'password')
  if (given !== undefined && (given.length < MIN_PASSWORD_LENGTH || given.length > MAX_PASSWORD_LENGTH)) {
    throw new UsageError(`--password must have ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`)
  }
  const user = await userByEmail(ctx, email)
  const password = given ?? randomBytes(12).toString('base64url')
  const passwordHash = await hashPassword(password)
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: isoNow(ctx.clock) }).where('id', '=', user.id).execute()
    await endUserSessions(trx, user.account_id, user.id)
    // A first password is no change to tell of.
    if (user.password_hash) await queueSecurityNotice(trx, ctx.clock, { accountId: user.account_id, userId: user.id }, { kind: 'password_set', by: SUPPORT_NAME })
    await recordActivity(trx, ctx.clock, user.account_id, SUPPORT_ACTOR, { action: 'user.updated', target: await userTarget(trx, user.account_id, user.id), data: { changes: { password: { hidden: true } } } })
  })
  const result = { id: user.id, email, account_id: user.account_id, active: Boolean(user.active), ...(given === undefined ? { password } : {}) }
  if (ctx.json) return printJson(ctx.io, result)
  ctx.io.stdout(
    `Set a new password for user ${user.id} ${user.name} <${email}> and ended their sessions.\n` +
      (given === undefined ? `Password (shown once): ${password}\n` : '') +
      (user.active ? '' : 'This user is deactivated: an admin must reactivate them before they can sign in.\n'),
  )
}

/** Turns off a user's two-step verification: they sign in with the password alone until they turn it on again. */
export async function resetTwoFactorCommand(ctx: CommandContext, args: ParsedArgs): Promise<void> {
  const email = normalizeEmail(requiredString(args, 'email'))
  const user = await userByEmail(ctx, email)
  const turnedOff = await turnOffTwoFactor(ctx.db, ctx.clock, { accountId: user.account_id, userId: user.id }, { kind: 'two_factor_reset', by: SUPPORT_NAME }, SUPPORT_ACTOR)
  if (ctx.json) return printJson(ctx.io, { id: user.id, email, account_id: user.account_id, two_factor_was_on: turnedOff })
  ctx.io.stdout(
    turnedOff
      ? `Turned off two-step verification for user ${user.id} ${user.name} <${email}>: they sign in with their password alone until they turn it on again (or, where the account requires it, are taken to set it up at once).\n`
      : `User ${user.id} ${user.name} <${email}> did not have two-step verification on; nothing changed.\n`,
  )
}

/** Signs a user out of every browser (and ends their sign-ins waiting for a code); their password stays. */
export async function endSessionsCommand(ctx: CommandContext, args: ParsedArgs): Promise<void> {
  const email = normalizeEmail(requiredString(args, 'email'))
  const user = await userByEmail(ctx, email)
  const ended = await endSessions(ctx.db, ctx.clock, { accountId: user.account_id, userId: user.id }, undefined, SUPPORT_ACTOR)
  if (ctx.json) return printJson(ctx.io, { id: user.id, email, account_id: user.account_id, sessions_ended: ended })
  ctx.io.stdout(`Ended ${ended === 1 ? '1 session' : `${ended} sessions`} of user ${user.id} ${user.name} <${email}>; their password is unchanged.\n`)
}
