// Bearer-token authentication for every /api/v1 route, run before the body is even parsed so an
// unauthenticated caller learns nothing about validation. Tokens are only accepted in the
// Authorization header (never in the query string, where they would leak into logs).
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify'
import type { Clock } from '../../platform/clock.js'
import { AppError } from '../../platform/errors.js'
import { type AccountDay, localDate } from '../../platform/time-zones.js'
import type { TokenAttribution } from '../../modules/integrations/api-tokens.js'
import { ApiTokenCache } from '../../modules/integrations/api-token-cache.js'
import { lastUsedWriter, TokenUseRecorder } from '../../modules/integrations/record-token-use.js'
import { tokenInAuthorization } from '../../modules/integrations/token-format.js'
import type { ApiContext } from './context.js'
import { ApiRateLimits } from './rate-limits.js'
import type { ActivityActor } from '../../modules/accounts/account-activity.js'

export interface ApiPrincipal {
  accountId: number
  timeZone: string
  tokenId: number
  tokenName: string
  tokenPrefix: string
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: ApiPrincipal | null
    /** The account and token a request is logged under; set even when authentication fails (revoked token). */
    attribution: TokenAttribution | null
  }
}

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="vendoc-api"' }

export function principalOf(request: FastifyRequest): ApiPrincipal {
  if (!request.principal) throw new Error('route is missing authentication')
  return request.principal
}

/** The calling integration as the author of a change to the account's governance (its activity). */
export function apiActivityActor(request: FastifyRequest): ActivityActor {
  const principal = principalOf(request)
  return { type: 'api_token', id: principal.tokenId, name: principal.tokenName, ip: request.ip }
}

/** Today's date in the calling account's time zone (the day its documents' validity is read on), and that zone. */
export function accountDay(request: FastifyRequest, clock: Clock): AccountDay {
  const { timeZone } = principalOf(request)
  return { today: localDate(clock.now(), timeZone), timeZone }
}

export interface ApiAuthentication {
  /** The onRequest hook of every /api/v1 route. */
  authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void>
  /** Stops the token cache and waits for last-used writes in flight (call on close, before the database closes). */
  settle(): Promise<void>
}

/**
 * One per app: the rate-limit windows and the last-used memory live here, shared by every route.
 * Order matters: a throttled address is refused before any database lookup; a token's request
 * budget is counted once it authenticates, so even a 403 or a 404 carries the RateLimit-* headers.
 */
export function apiAuthentication({ db, clock, config }: ApiContext, log: FastifyBaseLogger): ApiAuthentication {
  const limits = new ApiRateLimits({ requestsPerMinute: config.apiRateLimitPerMinute, failedAuthPerMinute: config.apiFailedAuthPerMinute, clock })
  const tokenUse = new TokenUseRecorder(lastUsedWriter(db), clock, (error) => log.warn({ err: error }, 'could not record when an API token was last used'))
  const tokens = new ApiTokenCache(db, (error) => log.warn({ err: error }, 'could not read api_auth_version; API tokens are looked up on every request until it can'))

  function refuse(request: FastifyRequest, detail: string): never {
    limits.recordFailedAuthentication(request.ip)
    throw new AppError('invalid_token', detail, { headers: CHALLENGE })
  }

  async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    limits.checkAddress(request.ip)
    const header = request.headers.authorization
    // No credential is not a guess: it costs no lookup and does not count as a failed authentication.
    if (header === undefined || header === '') {
      throw new AppError('missing_token', 'Send the API token as `Authorization: Bearer <token>` (Configurações → Integrações).', { headers: CHALLENGE })
    }
    const credential = tokenInAuthorization(header)
    if (credential === null) refuse(request, 'The Authorization header must be `Bearer <token>`.')
    const check = await tokens.authenticate(credential.token)
    if (!credential.bearer) {
      // Refused whatever the token: the scheme is part of the contract. Its account still sees the call.
      if (check.ok) request.attribution = { accountId: check.token.accountId, tokenId: check.token.tokenId, tokenPrefix: check.token.tokenPrefix }
      else request.attribution = check.attribution
      refuse(request, 'The Authorization header must be `Bearer <token>`: this one carries a Vendoc token without the `Bearer ` scheme.')
    }
    if (!check.ok) {
      request.attribution = check.attribution
      refuse(
        request,
        check.reason === 'revoked'
          ? 'This token was revoked or regenerated; use the current token from Configurações → Integrações.'
          : check.reason === 'malformed'
            ? 'This is not a Vendoc API token (they start with vdc_ and carry a checksum); check it was copied whole.'
            : 'Unknown token.',
      )
    }
    const { token } = check
    request.attribution = { accountId: token.accountId, tokenId: token.tokenId, tokenPrefix: token.tokenPrefix }
    tokenUse.record(token.tokenId)
    limits.consumeTokenRequest(token.tokenId, reply)
    if (!token.apiAccess) {
      throw new AppError('plan_without_api', "The account's plan does not include API access; upgrade the plan or contact support.")
    }
    // Least privilege: a read-only token reads; anything else is refused before its body is read.
    if (token.readOnly && request.method !== 'GET' && request.method !== 'HEAD') {
      throw new AppError('token_read_only', `This token is read-only: it may only GET. Nothing was changed; use a token with read and write access for ${request.method}.`)
    }
    request.principal = { accountId: token.accountId, timeZone: token.timeZone, tokenId: token.tokenId, tokenName: token.tokenName, tokenPrefix: token.tokenPrefix }
  }

  return { authenticate, settle: async () => void (await Promise.all([tokens.close(), tokenUse.settle()])) }
}
