// The public REST API v1: authentication first, CORS for bearer-token callers, then one file per resource.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { sendRouteNotFound } from '../../platform/http/error-handler.js'
import { authenticateWith } from './authenticate.js'
import type { ApiContext } from './context.js'
import { customerRoutes } from './customers.js'
import { proposalRoutes } from './proposals.js'
import { registrationDataRoutes } from './registration-data.js'

// Bearer tokens only, never cookies, so any origin may call the API (browser integrations, Swagger UI).
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'X-Request-Id, Location, Link, Retry-After, WWW-Authenticate',
}

export async function apiV1(app: FastifyInstance, context: ApiContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  api.decorateRequest('principal', null)
  api.decorateRequest('attribution', null)
  // JSON only: without this, Fastify's built-in text/plain parser would hand the validator a
  // string and a text/plain body would get a confusing 422 instead of 415.
  api.removeContentTypeParser('text/plain')
  api.addHook('onSend', async (_request, reply) => {
    reply.headers(CORS_HEADERS)
  })
  // Preflight answers before authentication: browsers send it without the Authorization header.
  api.options('/*', { schema: { hide: true } }, (_request, reply) =>
    reply
      .code(204)
      .headers({ 'access-control-allow-methods': 'GET, POST, PATCH, OPTIONS', 'access-control-allow-headers': 'Authorization, Content-Type, Idempotency-Key', 'access-control-max-age': '600' })
      .send(),
  )
  // Unknown paths under /api/v1 answer from inside this plugin so they get the CORS headers too:
  // a browser integration must be able to read the 404.
  api.setNotFoundHandler(sendRouteNotFound)
  api.addHook('onRoute', (route) => {
    if (route.method === 'OPTIONS') return
    route.onRequest = [authenticateWith(context.db)]
    route.schema = { ...route.schema, security: [{ bearerAuth: [] }] }
  })
  registrationDataRoutes(api, context)
  customerRoutes(api, context)
  proposalRoutes(api, context)
}
