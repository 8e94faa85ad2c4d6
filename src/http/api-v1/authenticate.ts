// Bearer-token authentication for every /api/v1 route, run before the body is even parsed so an
// unauthenticated caller learns nothing about validation. Tokens are only accepted in the
// Authorization header (never in the query string, where they would leak into logs).
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../platform/db/connect.js'
import { AppError } from '../../platform/errors.js'
import { authenticateApiToken, type TokenAttribution } from '../../modules/integrations/api-tokens.js'

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

const BEARER = /^Bearer\s+(\S+)\s*$/i
const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="vendoc-api"' }

export function principalOf(request: FastifyRequest): ApiPrincipal {
  if (!request.principal) throw new Error('route is missing authentication')
  return request.principal
}

export function authenticateWith(db: Db) {
  return async function authenticate(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const header = request.headers.authorization
    if (header === undefined || header === '') {
      throw new AppError('missing_token', 'Send the API token as `Authorization: Bearer <token>` (Configurações → Integrações).', { headers: CHALLENGE })
    }
    const match = BEARER.exec(header)
    if (!match) throw new AppError('invalid_token', 'The Authorization header must be `Bearer <token>`.', { headers: CHALLENGE })
    const check = await authenticateApiToken(db, match[1]!)
    if (!check.ok) {
      request.attribution = check.attribution
      const detail =
        check.reason === 'revoked'
          ? 'This token was revoked or regenerated; use the current token from Configurações → Integrações.'
          : check.reason === 'malformed'
            ? 'This is not a Vendoc API token (they start with vdc_ and carry a checksum); check it was copied whole.'
            : 'Unknown token.'
      throw new AppError('invalid_token', detail, { headers: CHALLENGE })
    }
    const { token } = check
    request.attribution = { accountId: token.accountId, tokenId: token.tokenId, tokenPrefix: token.tokenPrefix }
    if (!token.apiAccess) {
      throw new AppError('plan_without_api', "The account's plan does not include API access; upgrade the plan or contact support.")
    }
    request.principal = { accountId: token.accountId, timeZone: token.timeZone, tokenId: token.tokenId, tokenName: token.tokenName, tokenPrefix: token.tokenPrefix }
  }
}
