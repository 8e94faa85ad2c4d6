// The web app: server-rendered pages in Brazilian Portuguese. An encapsulated plugin, so its form
// parser, hooks (session, CSRF, security headers) and HTML error pages never reach the API.
import formbody from '@fastify/formbody'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../../config.js'
import type { Clock } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import { FixedWindowLimiter } from '../../platform/fixed-window-limiter.js'
import { APP_CSS } from './assets/app-css.js'
import { sendForbidden } from './guards.js'
import { t } from './i18n/pt-BR.js'
import { ErrorPage } from './pages/error-page.js'
import { applyPageHeaders, sendPage } from './render.js'
import { registerAppRoutes } from './routes/app-routes.js'
import { registerAuthRoutes } from './routes/auth-routes.js'
import { csrfTokenMatches, loadWebSession, type WebSessionOptions } from './web-session.js'

export interface WebAppOptions {
  db: Db
  clock: Clock
  config: Config
}

/** Failed logins allowed per e-mail and client address in LOGIN_FAILURE_WINDOW_MS. */
export const LOGIN_FAILURE_LIMIT = 10
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60 * 1000

export function webSessionOptions(options: WebAppOptions): WebSessionOptions {
  return { db: options.db, clock: options.clock, secureCookies: options.config.publicUrl.startsWith('https:') }
}

const ASSET_PREFIX = '/assets/'

export async function webApp(app: FastifyInstance, options: WebAppOptions): Promise<void> {
  const sessions = webSessionOptions(options)
  // Pages are not part of the API's OpenAPI document.
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true }
  })
  await app.register(formbody, { bodyLimit: 64 * 1024 })
  app.decorateRequest('webSession', null)
  app.decorateRequest('csrfToken', '')

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith(ASSET_PREFIX)) await loadWebSession(request, reply, sessions)
  })
  // Every POST of the web app is a form: without this session's token it is refused before any work.
  app.addHook('preHandler', async (request, reply) => {
    if (request.method === 'POST' && !csrfTokenMatches(request)) return sendForbidden(request, reply, t.errors.csrfTitle, t.errors.csrfText)
  })
  app.addHook('onSend', async (_request, reply, payload) => {
    applyPageHeaders(reply)
    return payload
  })
  app.setErrorHandler((error: FastifyError, request, reply) => sendErrorPage(error, request, reply))

  app.get('/assets/app.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(APP_CSS),
  )
  registerAuthRoutes(app, {
    ...sessions,
    loginFailures: new FixedWindowLimiter({ limit: LOGIN_FAILURE_LIMIT, windowMs: LOGIN_FAILURE_WINDOW_MS, clock: options.clock }),
  })
  registerAppRoutes(app, { db: options.db })
}

function sendErrorPage(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const clientError = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500
  if (!clientError) request.log.error({ err: error }, 'unhandled error')
  const status = clientError ? error.statusCode! : 500
  const [title, text] = clientError ? [t.errors.badRequestTitle, t.errors.badRequestText] : [t.errors.serverErrorTitle, t.errors.serverErrorText(request.id)]
  return sendPage(reply, <ErrorPage status={status} title={title} text={text} session={request.webSession} csrfToken={request.csrfToken} />, status)
}

/** The 404 of a web path no route answers, with the app shell when the visitor is signed in. */
export function webNotFoundHandler(options: WebAppOptions) {
  const sessions = webSessionOptions(options)
  return async (request: FastifyRequest, reply: FastifyReply) => {
    // The root context has no decorations of the web plugin; these are plain properties here.
    await loadWebSession(request, reply, sessions)
    return sendPage(
      reply,
      <ErrorPage status={404} title={t.errors.notFoundTitle} text={t.errors.notFoundText} session={request.webSession} csrfToken={request.csrfToken} />,
      404,
    )
  }
}
