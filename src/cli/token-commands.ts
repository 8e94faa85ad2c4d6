// `vendoc tokens …`: issue, list, regenerate and revoke API tokens. A secret exists only in the
// output of the command that issues it; the database keeps its SHA-256. Support names a token by
// its id alone, so regenerate and revoke first look up the token's account.
import { ApiTokenNotFoundError, ApiTokenRevokedError, createApiToken, type IssuedToken } from '../modules/integrations/api-tokens.js'
import { findApiTokenAccountId } from '../modules/integrations/find-api-token-account.js'
import { listApiTokens } from '../modules/integrations/list-api-tokens.js'
import { regenerateApiToken } from '../modules/integrations/regenerate-api-token.js'
import { revokeApiToken } from '../modules/integrations/revoke-api-token.js'
import { CommandFailure, type CommandContext, requireAccount, formatTable, type ParsedArgs, parseId, printJson, stringOption, UsageError } from './cli-io.js'
import { SUPPORT_ACTOR } from '../modules/accounts/account-activity.js'
import type { TokenAccess } from '../platform/db/schema.js'

function issuedJson(issued: IssuedToken) {
  return { id: issued.id, name: issued.name, prefix: issued.prefix, access: issued.access, token: issued.token }
}

const SHOWN_ONCE = 'This is the only time the token is shown: store it now'

export async function createTokenCommand(ctx: CommandContext, args: ParsedArgs): Promise<void> {
  const accountId = parseId(stringOption(args, 'account'), '--account')
  const name = stringOption(args, 'name')?.trim() ?? 'API'
  if (name === '') throw new UsageError('--name must not be empty')
  const access: TokenAccess = args.values['read-only'] === true ? 'read' : 'full'
  const account = await requireAccount(ctx, accountId)
  const issued = await createApiToken(ctx.db, ctx.clock, accountId, name, SUPPORT_ACTOR, access)
  const planWarning = account.api_access
    ? ''
    : `Warning: plan ${account.plan} does not include the API; calls with this token get 403 plan_without_api until \`vendoc accounts set-plan ${accountId} profissional\`.\n`
  if (ctx.json) {
    ctx.io.stderr(planWarning)
    return printJson(ctx.io, issuedJson(issued))
  }
  ctx.io.stdout(
    `Created ${access === 'read' ? 'read-only ' : ''}API token ${issued.id} "${issued.name}" for account ${accountId} "${account.name}":\n\n` +
      `  ${issued.token}\n\n` +
      `${SHOWN_ONCE} (Vendoc keeps only its hash; it appears as ${issued.prefix}… in the app).\n` +
      'Send it in every API call as the header  Authorization: Bearer <token>\n' +
      planWarning,
  )
}

export async function listTokensCommand(ctx: CommandContext, args: ParsedArgs): Promise<void> {
  const accountId = parseId(stringOption(args, 'account'), '--account')
  const account = await requireAccount(ctx, accountId)
  const tokens = await listApiTokens(ctx.db, accountId)
  if (ctx.json) return printJson(ctx.io, tokens)
  if (tokens.length === 0) return ctx.io.stdout(`Account ${accountId} "${account.name}" has no API tokens. Issue one with \`vendoc tokens create --account ${accountId}\`.\n`)
  ctx.io.stdout(formatTable(
    ['ID', 'NAME', 'PREFIX', 'ACCESS', 'CREATED', 'LAST USED', 'STATUS'],
    tokens.map((token) => [
      String(token.id), token.name, `${token.prefix}…`, token.access === 'read' ? 'read-only' : 'read/write', token.created_at, token.last_used_at ?? 'never',
      token.revoked_at === null ? 'active' : `revoked ${token.revoked_at}`,
    ]),
  ))
}

/** The account of a token named by id; an unknown id is a failure a person can act on. */
async function accountOfToken(ctx: CommandContext, tokenId: number): Promise<number> {
  const accountId = await findApiTokenAccountId(ctx.db, tokenId)
  if (accountId === undefined) throw new CommandFailure(`API token ${tokenId} does not exist`, 'Run `vendoc tokens list --account ID` to see an account\'s tokens.')
  return accountId
}

function translatedFor(accountId: number) {
  return (error: unknown): never => {
    if (error instanceof ApiTokenRevokedError) throw new CommandFailure(error.message, `Issue a new one with \`vendoc tokens create --account ${accountId}\`.`)
    // Deleted between the lookup and the change.
    if (error instanceof ApiTokenNotFoundError) throw new CommandFailure(error.message)
    throw error
  }
}

export async function regenerateTokenCommand(ctx: CommandContext, args: ParsedArgs): Promise<void> {
  const tokenId = parseId(args.positionals[0], 'TOKEN_ID')
  const accountId = await accountOfToken(ctx, tokenId)
  const issued = await regenerateApiToken(ctx.db, ctx.clock, accountId, tokenId, SUPPORT_ACTOR).catch(translatedFor(accountId))
  if (ctx.json) return printJson(ctx.io, issuedJson(issued))
  ctx.io.stdout(
    `Regenerated API token ${issued.id} "${issued.name}" of account ${accountId}. The old secret stops working (running servers refuse it within a second); the new one is:\n\n` +
      `  ${issued.token}\n\n` +
      `${SHOWN_ONCE} and replace the old one wherever it is configured (it appears as ${issued.prefix}… in the app).\n`,
  )
}

export async function revokeTokenCommand(ctx: CommandContext, args: ParsedArgs): Promise<void> {
  const tokenId = parseId(args.positionals[0], 'TOKEN_ID')
  const accountId = await accountOfToken(ctx, tokenId)
  const { token: revoked, alreadyRevoked } = await revokeApiToken(ctx.db, ctx.clock, accountId, tokenId, SUPPORT_ACTOR).catch(translatedFor(accountId))
  if (ctx.json) return printJson(ctx.io, revoked)
  ctx.io.stdout(
    alreadyRevoked
      ? `API token ${revoked.id} "${revoked.name}" of account ${accountId} was already revoked (at ${revoked.revoked_at}); nothing changed.\n`
      : `Revoked API token ${revoked.id} "${revoked.name}" (${revoked.prefix}…) of account ${accountId}: calls with it get 401 invalid_token (running servers refuse it within a second).\n`,
  )
}
