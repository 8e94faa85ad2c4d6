// Idempotency-Key for every POST of the API (DESIGN.md §5). Runs after authentication and body
// validation (a request that fails validation is never remembered), claims the key before the
// handler, and stores the exact bytes of a successful response in onSend; a failed response
// releases the key so the client can retry with it.
import type { FastifyReply, FastifyRequest, onSendHookHandler, preHandlerHookHandler } from 'fastify'
import { AppError, validationError } from '../../platform/errors.js'
import type { Clock } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey } from '../../modules/integrations/idempotency.js'
import { principalOf } from './authenticate.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The idempotency claim this request owns, if it sent an Idempotency-Key. */
    idempotencyClaim: number | null
  }
  interface FastifyContextConfig {
    /** Rebuilds the response of a creation whose process died before storing it. */
    recoverIdempotentResponse?: (request: FastifyRequest, reply: FastifyReply, resourceId: number) => Promise<unknown>
  }
}

const KEY_PATTERN = /^[\x21-\x7E]{1,255}$/
const REPLAYED_HEADERS = ['content-type', 'location']

export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const raw = request.headers['idempotency-key']
  if (raw === undefined) return undefined
  const key = Array.isArray(raw) ? raw.join(',') : raw
  if (!KEY_PATTERN.test(key)) {
    throw validationError([{ in: 'header', path: '/Idempotency-Key', message: 'must be 1 to 255 printable ASCII characters without spaces' }])
  }
  return key
}

export function idempotencyHooks(db: Db, clock: Clock): { preHandler: preHandlerHookHandler; onSend: onSendHookHandler } {
  return {
    preHandler: async function claim(request, reply) {
      const key = idempotencyKeyOf(request)
      if (key === undefined) return
      const principal = principalOf(request)
      const claim = await claimIdempotencyKey(db, clock, {
        accountId: principal.accountId,
        key,
        method: request.method,
        // The concrete path (with its query), not the route pattern: the same key sent to
        // /proposals/1/send and /proposals/2/send is two different requests, never a replay.
        path: request.url,
        body: request.body,
      })
      if (claim.kind === 'replay') {
        reply.code(claim.response.status).headers(claim.response.headers).header('idempotent-replayed', 'true')
        return reply.send(claim.response.body)
      }
      request.idempotencyClaim = claim.claimId
      if (claim.kind === 'recover') {
        const recover = request.routeOptions.config.recoverIdempotentResponse
        if (!recover) throw new AppError('idempotency_key_in_progress', `A request with Idempotency-Key "${key}" did not finish; retry with a new key.`)
        return reply.send(await recover(request, reply, claim.resourceId))
      }
    },
    onSend: async function store(request, reply, payload) {
      const claimId = request.idempotencyClaim
      if (claimId === null) return payload
      request.idempotencyClaim = null
      if (reply.statusCode >= 200 && reply.statusCode < 300 && typeof payload === 'string') {
        const headers: Record<string, string> = {}
        for (const name of REPLAYED_HEADERS) {
          const value = reply.getHeader(name)
          if (value !== undefined) headers[name] = String(value)
        }
        // Not caught: a 2xx goes out only once a retry would get it again. If storing it fails, the
        // answer becomes a 500 (outcome unknown to the client), and a retry after the claim's lock
        // recovers the document bound to it (DECISIONS.md, "Idempotency").
        await completeIdempotencyKey(db, claimId, { status: reply.statusCode, headers, body: payload })
      } else {
        // The error answer is decided: failing to release the key must not change it. Thrown from
        // here, the error would go to Fastify's own last-resort handler (ours already ran), which
        // answers in its own format with the database's message in it.
        try {
          await releaseIdempotencyKey(db, claimId)
        } catch (error) {
          request.log.error({ err: error, claimId }, 'idempotency: could not release the key; the error answer goes out unchanged')
        }
      }
      return payload
    },
  }
}
