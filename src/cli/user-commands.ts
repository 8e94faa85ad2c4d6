// `vendoc users create`: adds a person to an account (admin or member, optionally a seller).
import { findAccount } from '../modules/accounts/accounts.js'
import { createUser, DuplicateEmailError, normalizeEmail } from '../modules/accounts/users.js'
import { CommandFailure, type CommandContext, type ParsedArgs, parseId, printJson, requiredString, stringOption, UsageError } from './cli-io.js'

const MIN_PASSWORD_LENGTH = 8

export async function createUserCommand(ctx: CommandContext, args: ParsedArgs): Promise<void> {
  const accountId = parseId(stringOption(args, 'account'), '--account')
  const email = normalizeEmail(requiredString(args, 'email'))
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new UsageError(`--email must be an e-mail address, got "${email}"`)
  const name = requiredString(args, 'name')
  const password = stringOption(args, 'password')
  if (password !== undefined && password.length < MIN_PASSWORD_LENGTH) throw new UsageError(`--password must have at least ${MIN_PASSWORD_LENGTH} characters`)
  const isSeller = args.values.seller === true
  const role = args.values.admin === true ? 'admin' : 'member'

  const account = await findAccount(ctx.db, accountId)
  if (!account) throw new CommandFailure(`Account ${accountId} does not exist`, 'Run `vendoc accounts list` to see the accounts.')
  // The account's first seller becomes its default seller, so API creations without seller_id get one.
  const defaultSeller = isSeller
    ? await ctx.db.selectFrom('users').select('id').where('account_id', '=', accountId).where('is_default_seller', '=', true).executeTakeFirst()
    : undefined
  const isDefaultSeller = isSeller && defaultSeller === undefined
  let user
  try {
    user = await createUser(ctx.db, ctx.clock, { accountId, email, name, role, isSeller, isDefaultSeller, ...(password === undefined ? {} : { password }) })
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
