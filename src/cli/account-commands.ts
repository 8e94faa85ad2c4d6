// `vendoc accounts …`: what support does for a customer company — create it, list accounts,
// change its plan and override its monthly API creation limit.
import {
  type AccountSummary, AccountNotFoundError, createAccount, listAccounts, setAccountCreationLimit, setAccountPlan, UnknownPlanError,
} from '../modules/accounts/accounts.js'
import { CommandFailure, type CommandContext, formatTable, type ParsedArgs, parseId, printJson, requiredString, stringOption, UsageError } from './cli-io.js'
import { SUPPORT_ACTOR } from '../modules/accounts/account-activity.js'
import { MAX_INTEGER_COLUMN } from '../platform/db/integer-column.js'

/** The integer column's range; a larger "limit" is surely a typo. */
const MAX_LIMIT = MAX_INTEGER_COLUMN

function effectiveLimit(account: AccountSummary): number {
  return account.creation_limit_override ?? account.monthly_creation_limit
}

function describe(account: AccountSummary): string {
  const limit = account.creation_limit_override === null
    ? `${account.monthly_creation_limit}/month (plan default)`
    : `${account.creation_limit_override}/month (override; plan default ${account.monthly_creation_limit})`
  return `account ${account.id} "${account.name}": plan ${account.plan}, API ${account.api_access ? 'enabled' : 'not included'}, creation limit ${limit}`
}

/** Unknown plans and accounts come from the database but read as argument errors to a person. */
async function translated<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof UnknownPlanError) throw new UsageError(error.message)
    if (error instanceof AccountNotFoundError) throw new CommandFailure(error.message, 'Run `vendoc accounts list` to see the accounts.')
    throw error
  }
}

export async function createAccountCommand(ctx: CommandContext, args: ParsedArgs): Promise<void> {
  const name = requiredString(args, 'name')
  const planCode = stringOption(args, 'plan')
  const account = await translated(() => createAccount(ctx.db, ctx.clock, { name, ...(planCode === undefined ? {} : { planCode }) }))
  if (ctx.json) return printJson(ctx.io, { id: account.id, name: account.name, plan: account.plan })
  ctx.io.stdout(`Created ${describe(account)}.\nNext: vendoc tokens create --account ${account.id}   (API token)\n      vendoc users create --account ${account.id} --email E --name N --admin --password P\n`)
}

export async function listAccountsCommand(ctx: CommandContext): Promise<void> {
  const accounts = await listAccounts(ctx.db)
  if (ctx.json) return printJson(ctx.io, accounts)
  if (accounts.length === 0) return ctx.io.stdout('No accounts yet. Create one with `vendoc accounts create --name NAME` (or `vendoc demo`).\n')
  ctx.io.stdout(formatTable(
    ['ID', 'NAME', 'PLAN', 'API', 'LIMIT/MONTH', 'TIME ZONE'],
    accounts.map((account) => [
      String(account.id), account.name, account.plan, account.api_access ? 'yes' : 'no',
      `${effectiveLimit(account)}${account.creation_limit_override === null ? '' : ' (override)'}`, account.time_zone,
    ]),
  ))
}

export async function setPlanCommand(ctx: CommandContext, args: ParsedArgs): Promise<void> {
  const id = parseId(args.positionals[0], 'ID')
  const plan = args.positionals[1]!
  const account = await translated(() => setAccountPlan(ctx.db, ctx.clock, id, plan, SUPPORT_ACTOR))
  if (ctx.json) return printJson(ctx.io, account)
  ctx.io.stdout(`Updated ${describe(account)}.\n`)
}

export async function setLimitCommand(ctx: CommandContext, args: ParsedArgs): Promise<void> {
  const id = parseId(args.positionals[0], 'ID')
  const raw = args.positionals[1]!
  let limit: number | null
  if (raw === 'default') limit = null
  else if (/^\d+$/.test(raw) && Number(raw) <= MAX_LIMIT) limit = Number(raw)
  else throw new UsageError(`the limit must be an integer from 0 to ${MAX_LIMIT}, or "default" to use the plan's, got "${raw}"`)
  const account = await translated(() => setAccountCreationLimit(ctx.db, ctx.clock, id, limit, SUPPORT_ACTOR))
  if (ctx.json) return printJson(ctx.io, account)
  ctx.io.stdout(`Updated ${describe(account)}.\n`)
}
