// `vendoc tokens create`: issues an API token for an account. The secret exists only in this
// command's output; the database keeps its SHA-256.
import { findAccount } from '../modules/accounts/accounts.js'
import { createApiToken } from '../modules/integrations/api-tokens.js'
import { CommandFailure, type CommandContext, type ParsedArgs, parseId, printJson, stringOption, UsageError } from './cli-io.js'

export async function createTokenCommand(ctx: CommandContext, args: ParsedArgs): Promise<void> {
  const accountId = parseId(stringOption(args, 'account'), '--account')
  const name = stringOption(args, 'name')?.trim() ?? 'API'
  if (name === '') throw new UsageError('--name must not be empty')
  const account = await findAccount(ctx.db, accountId)
  if (!account) throw new CommandFailure(`Account ${accountId} does not exist`, 'Run `vendoc accounts list` to see the accounts.')
  const issued = await createApiToken(ctx.db, ctx.clock, accountId, name)
  const planWarning = account.api_access
    ? ''
    : `Warning: plan ${account.plan} does not include the API; calls with this token get 403 plan_without_api until \`vendoc accounts set-plan ${accountId} profissional\`.\n`
  if (ctx.json) {
    ctx.io.stderr(planWarning)
    return printJson(ctx.io, { id: issued.id, name: issued.name, prefix: issued.prefix, token: issued.token })
  }
  ctx.io.stdout(
    `Created API token ${issued.id} "${issued.name}" for account ${accountId} "${account.name}":\n\n` +
      `  ${issued.token}\n\n` +
      `This is the only time the token is shown: store it now (Vendoc keeps only its hash; it appears as ${issued.prefix}… in the app).\n` +
      'Send it in every API call as the header  Authorization: Bearer <token>\n' +
      planWarning,
  )
}
