// The public REST API v1: authentication first, CORS for bearer-token callers, then one file per resource.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { AppError } from '../../platform/errors.js'
import { sendRouteNotFound } from '../../platform/http/error-handler.js'
import { apiAuthentication } from './authenticate.js'
import type { ApiContext } from './context.js'
import { customerChangeRoutes } from './customer-changes.js'
import { customerRoutes } from './customers.js'
import { proposalActionRoutes } from './proposal-actions.js'
import { proposalAttachmentRoutes } from './proposal-attachments.js'
import { proposalPdfRoutes } from './proposal-pdf.js'
import { proposalRoutes } from './proposals.js'
import { proposalListRoutes } from './proposal-list.js'
import { RATE_LIMIT_HEADERS } from './rate-limits.js'
import { idempotencyHooks } from './idempotency.js'
import { BODY_MAY_BE_OMITTED, emptyBodyIsObject, IdempotencyHeaders } from './schemas/common.js'
import { registrationDataRoutes } from './registration-data.js'
import { requestLogRoutes } from './request-logs.js'
import { accountActivityRoutes } from './account-activity.js'
import { usageRoutes } from './usage.js'
import { webhookRoutes } from './webhooks.js'

// Bearer tokens only, never cookies, so any origin may call the API (browser integrations, Swagger UI).
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': `X-Request-Id, Location, Link, ${RATE_LIMIT_HEADERS.join(', ')}, WWW-Authenticate, Allow, Idempotent-Replayed, X-Quota-Limit, X-Quota-Remaining, X-Quota-Reset`,
}

export async function apiV1(app: FastifyInstance, context: ApiContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  api.decorateRequest('principal', null)
  api.decorateRequest('attribution', null)
  // One per app (rate-limit windows, last-used memory); its writes settle before the database closes.
  const authentication = apiAuthentication(context, api.log)
  api.addHook('onClose', authentication.settle)
  api.decorateRequest('idempotencyClaim', null)
  const idempotency = idempotencyHooks(context.db, context.clock)
  // JSON only: without this, Fastify's built-in text/plain parser would hand the validator a
  // string and a text/plain body would get a confusing 422 instead of 415.
  api.removeContentTypeParser('text/plain')
  // Fastify's own JSON parser decodes bodies leniently (invalid UTF-8 bytes silently become U+FFFD
  // and would be stored so); a body that is not valid UTF-8 is malformed, as the error code says.
  const parseJson = api.getDefaultJsonParser('error', 'error')
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
  api.removeContentTypeParser('application/json')
  api.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    // Many clients send `Content-Type: application/json` and an empty body when they have nothing
    // to send: where no body is a valid request, that is no body, not malformed JSON.
    if ((body as Buffer).length === 0 && request.routeOptions.schema?.[BODY_MAY_BE_OMITTED]) return done(null, undefined)
    let text: string
    try {
      text = utf8.decode(body as Buffer)
    } catch {
      return done(new AppError('malformed_json', 'The body is not valid UTF-8.'), undefined)
    }
    return parseJson(request, text, done)
  })
  api.addHook('onSend', (_request, reply, payload, done) => {
    reply.headers(CORS_HEADERS)
    done(null, payload)
  })
  // Preflight answers before authentication: browsers send it without the Authorization header.
  api.options('/*', { schema: { hide: true } }, (_request, reply) =>
    reply
      .code(204)
      .headers({ 'access-control-allow-methods': 'GET, POST, PATCH, DELETE, OPTIONS', 'access-control-allow-headers': 'Authorization, Content-Type, Idempotency-Key', 'access-control-max-age': '600' })
      .send(),
  )
  // Unknown paths under /api/v1 answer from inside this plugin so they get the CORS headers too:
  // a browser integration must be able to read the 404.
  api.setNotFoundHandler(sendRouteNotFound)
  api.addHook('onRoute', (route) => {
    if (route.method === 'OPTIONS') return
    route.onRequest = [authentication.authenticate]
    route.schema = { ...route.schema, security: [{ bearerAuth: [] }] }
    // The routes whose body may be omitted are those that turn no body into `{}`.
    if ([route.preValidation ?? []].flat().includes(emptyBodyIsObject)) route.schema[BODY_MAY_BE_OMITTED] = true
    if (route.method === 'POST') {
      // After validation, before the handler: a body that fails validation never claims its key.
      route.preHandler = [idempotency.preHandler, ...[route.preHandler ?? []].flat()]
      route.onSend = [...[route.onSend ?? []].flat(), idempotency.onSend]
      route.schema = { ...route.schema, headers: route.schema?.headers ?? IdempotencyHeaders }
    }
  })
  registrationDataRoutes(api, context)
  customerRoutes(api, context)
  customerChangeRoutes(api, context)
  proposalRoutes(api, context)
  proposalListRoutes(api, context)
  proposalActionRoutes(api, context)
  proposalPdfRoutes(api, context)
  proposalAttachmentRoutes(api, context)
  requestLogRoutes(api, context)
  accountActivityRoutes(api, context)
  usageRoutes(api, context)
  webhookRoutes(api, context)
}
