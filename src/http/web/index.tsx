// The web app: server-rendered pages in Brazilian Portuguese. An encapsulated plugin, so its form
// parser, hooks (session, CSRF, security headers) and HTML error pages never reach the API.
import formbody from '@fastify/formbody'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../../config.js'
import type { Clock } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import { AppError, retryAfterSeconds } from '../../platform/errors.js'
import { FixedWindowLimiter } from '../../platform/fixed-window-limiter.js'
import { APP_CSS } from './assets/app-css.js'
import { SCRIPTS } from './assets/scripts/index.js'
import { takeFlash } from './flash.js'
import { fieldsHoldNul } from './form-data.js'
import { heldForTwoFactorSetup, sendForbidden, sendNotFound } from './guards.js'
import { t } from './i18n/pt-BR.js'
import { errorPageContext } from './page-context.js'
import { ErrorPage } from './pages/error-page.js'
import { applyPageHeaders, sendPage } from './render.js'
import { registerAccountRoutes } from './routes/account-routes.js'
import { registerAppRoutes } from './routes/app-routes.js'
import { registerPasswordResetRoutes } from './routes/password-reset-routes.js'
import { registerAuthRoutes } from './routes/auth-routes.js'
import { relyingPartyOf } from '../../modules/accounts/security-keys.js'
import { registerCustomerRoutes } from './routes/customer-routes.js'
import { registerIntegrationRoutes } from './routes/integration-routes.js'
import { registerProposalRoutes } from './routes/proposal-routes.js'
import { registerRegistrationDataRoutes } from './routes/registration-data-routes.js'
import type { WebRoutesOptions } from './routes/route-options.js'
import { registerTemplateRoutes } from './routes/template-routes.js'
import { registerTemplateVersionRoutes } from './routes/template-version-routes.js'
import { registerEmailRoutes } from './routes/email-routes.js'
import { registerActivityRoutes } from './routes/activity-routes.js'
import { registerProposalActionRoutes } from './routes/proposal-action-routes.js'
import { registerProposalFileRoutes } from './routes/proposal-file-routes.js'
import { registerSigningRoutes } from './routes/signing-routes.js'
import { registerWebhookRoutes } from './routes/webhook-routes.js'
import { registerMultipartForms } from './multipart-form.js'
import { registerVerificationRoutes } from './routes/verification-routes.js'
import { csrfTokenMatches, loadWebSession, type WebSessionOptions } from './web-session.js'

export interface WebAppOptions {
  db: Db
  clock: Clock
  config: Config
}

/** Failed logins allowed per e-mail and client address in LOGIN_FAILURE_WINDOW_MS. */
export const LOGIN_FAILURE_LIMIT = 10
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60 * 1000
/**
 * Wrong two-step verification codes allowed per user in LOGIN_FAILURE_WINDOW_MS, from every
 * address together: someone who knows the password cannot spread guesses over many addresses.
 */
export const SECOND_FACTOR_FAILURE_LIMIT = 10
/** Sign-up attempts allowed per client address in SIGN_UP_WINDOW_MS. */
export const SIGN_UP_LIMIT = 20
export const SIGN_UP_WINDOW_MS = 60 * 60 * 1000
/** Password reset links one client address may ask for, and one inbox be sent, in RESET_REQUEST_WINDOW_MS. */
export const RESET_REQUEST_LIMIT = 5
export const RESET_REQUEST_WINDOW_MS = 60 * 60 * 1000
/** Document verifications (by file or hash) one client address may make in VERIFICATION_WINDOW_MS. */
export const VERIFICATION_LIMIT = 30
export const VERIFICATION_WINDOW_MS = 15 * 60 * 1000

export function webSessionOptions(options: WebAppOptions): WebSessionOptions {
  return { db: options.db, clock: options.clock, secureCookies: options.config.publicUrl.startsWith('https:') }
}

const ASSET_PREFIX = '/assets/'
/** A form without a file; a route taking one sets its own `bodyLimit` (multipart-form.ts). */
const PLAIN_FORM_BODY_LIMIT = 64 * 1024

export async function webApp(app: FastifyInstance, options: WebAppOptions): Promise<void> {
  const sessions = webSessionOptions(options)
  // Pages are not part of the API's OpenAPI document.
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true }
  })
  await app.register(formbody, { bodyLimit: PLAIN_FORM_BODY_LIMIT })
  registerMultipartForms(app, { bodyLimit: PLAIN_FORM_BODY_LIMIT })
  app.decorateRequest('webSession', null)
  app.decorateRequest('csrfToken', '')
  app.decorateRequest('flash', null)

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith(ASSET_PREFIX)) return
    await loadWebSession(request, reply, sessions)
    // Only a page view consumes the flash; a POST that redirects leaves it for the next page, and
    // so does a page that sends a user held for two-step verification to its setup.
    if (request.method === 'GET' && !heldForTwoFactorSetup(request)) request.flash = takeFlash(request, reply, sessions.secureCookies)
  })
  // PostgreSQL's text cannot hold U+0000 (SQLite keeps it): a form or a query string holding one is
  // refused with the bad-request page before any work, the same on both databases, as the API
  // refuses it in bodies and query strings (platform/http/validation.ts). Left to the handlers, a
  // signer's refusal failed with a 500 there.
  app.addHook('preValidation', async (request) => {
    if (fieldsHoldNul(request.query) || (request.method === 'POST' && fieldsHoldNul(request.body))) {
      throw Object.assign(new Error('the form or query string holds U+0000'), { statusCode: 400 })
    }
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

  // Asset URLs carry a content hash (render.ts), so they can be cached for good.
  const IMMUTABLE = 'public, max-age=31536000, immutable'
  app.get('/assets/app.css', async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', IMMUTABLE).send(APP_CSS))
  for (const [name, body] of Object.entries(SCRIPTS)) {
    app.get(`/assets/${name}.js`, async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', IMMUTABLE).send(body))
  }
  // Security keys answer PUBLIC_URL only: one relying party for the login and Minha conta.
  const relyingParty = relyingPartyOf(options.config.publicUrl)
  registerAuthRoutes(app, {
    ...sessions,
    relyingParty,
    loginFailures: new FixedWindowLimiter({ limit: LOGIN_FAILURE_LIMIT, windowMs: LOGIN_FAILURE_WINDOW_MS, clock: options.clock }),
    secondFactorFailures: new FixedWindowLimiter<number>({ limit: SECOND_FACTOR_FAILURE_LIMIT, windowMs: LOGIN_FAILURE_WINDOW_MS, clock: options.clock }),
    signUpAttempts: new FixedWindowLimiter({ limit: SIGN_UP_LIMIT, windowMs: SIGN_UP_WINDOW_MS, clock: options.clock }),
  })
  const routes: WebRoutesOptions = { ...options, secureCookies: sessions.secureCookies }
  registerAppRoutes(app, routes)
  registerCustomerRoutes(app, routes)
  registerProposalRoutes(app, routes)
  registerRegistrationDataRoutes(app, routes)
  registerTemplateRoutes(app, routes)
  registerTemplateVersionRoutes(app, routes)
  registerIntegrationRoutes(app, routes)
  registerProposalActionRoutes(app, routes)
  registerProposalFileRoutes(app, routes)
  registerSigningRoutes(app, routes)
  registerWebhookRoutes(app, routes)
  registerEmailRoutes(app, routes)
  registerActivityRoutes(app, routes)
  registerPasswordResetRoutes(app, { ...routes, resetRequests: new FixedWindowLimiter({ limit: RESET_REQUEST_LIMIT, windowMs: RESET_REQUEST_WINDOW_MS, clock: options.clock }) })
  registerVerificationRoutes(app, { ...routes, verifications: new FixedWindowLimiter({ limit: VERIFICATION_LIMIT, windowMs: VERIFICATION_WINDOW_MS, clock: options.clock }) })
  registerAccountRoutes(app, { ...routes, relyingParty, passwordChecks: new FixedWindowLimiter<number>({ limit: LOGIN_FAILURE_LIMIT, windowMs: LOGIN_FAILURE_WINDOW_MS, clock: options.clock }) })
}

function sendErrorPage(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  // A page whose document could not be rendered yet (a PDF, a preview): the account's turn will come.
  if (error instanceof AppError && error.code === 'documents_busy') {
    const seconds = retryAfterSeconds(error)
    reply.header('retry-after', String(seconds))
    return sendPage(reply, <ErrorPage status={error.status} title={t.errors.busyTitle} text={t.errors.busyText(seconds)} ctx={errorPageContext(request)} />, error.status)
  }
  // Any other AppError reaching here comes from an app-wide hook (request-body.ts's guard), not a page.
  const errorStatus = error instanceof AppError ? error.status : error.statusCode
  const clientError = errorStatus !== undefined && errorStatus >= 400 && errorStatus < 500
  if (!clientError) request.log.error({ err: error }, 'unhandled error')
  const status = clientError ? errorStatus : 500
  const [title, text] = status === 413 ? [t.errors.tooLargeTitle, t.errors.tooLargeText] : clientError ? [t.errors.badRequestTitle, t.errors.badRequestText] : [t.errors.serverErrorTitle, t.errors.serverErrorText(request.id)]
  return sendPage(reply, <ErrorPage status={status} title={title} text={text} ctx={errorPageContext(request)} />, status)
}

/** The 404 of a web path no route answers, with the app shell when the visitor is signed in. */
export function webNotFoundHandler(options: WebAppOptions) {
  const sessions = webSessionOptions(options)
  return async (request: FastifyRequest, reply: FastifyReply) => {
    // The root context has no decorations of the web plugin; these are plain properties here.
    await loadWebSession(request, reply, sessions)
    return sendNotFound(request, reply)
  }
}
