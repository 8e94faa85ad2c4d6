// Route guards for pages: requireSession sends visitors to the login page (coming back here
// afterwards), and a user whose account requires two-step verification they lack to its setup;
// requireRole answers 403 to a signed-in user whose role does not reach the page.
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import { h } from 'preact'
import type { WebSession } from '../../modules/accounts/web-sessions.js'
import { t } from './i18n/pt-BR.js'
import { errorPageContext } from './page-context.js'
import { ErrorPage } from './pages/error-page.js'
import { sendPage } from './render.js'

export type Role = WebSession['role']

/**
 * A path of this site to return to after login; anything else (other hosts, `//x`) is dropped, and
 * so is one with characters outside printable ASCII, which a Location header cannot carry (a
 * browser sends them percent-encoded; `/日` typed into a link would make the redirect fail).
 */
export function safeNextPath(value: unknown): string | undefined {
  return typeof value === 'string' && /^\/(?![/\\])[!-~]*$/.test(value) && value.length <= 500 ? value : undefined
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Open to a user whom the account's requirement holds until they set up two-step verification. */
    openDuringTwoFactorSetup?: boolean
  }
}

/**
 * The account requires two-step verification, this user has none yet, and the route is not one
 * they still need (its options say so: `openDuringTwoFactorSetup`, given by `duringTwoFactorSetup`):
 * held.
 */
export function heldForTwoFactorSetup(request: FastifyRequest): boolean {
  return request.webSession?.mustSetUpTwoFactor === true && request.routeOptions.config?.openDuringTwoFactorSetup !== true
}

export const requireSession: preHandlerAsyncHookHandler = async function (request: FastifyRequest, reply: FastifyReply) {
  if (request.webSession) {
    if (heldForTwoFactorSetup(request)) return reply.redirect('/account/password#duas-etapas', 303)
    return
  }
  const next = safeNextPath(request.url)
  return reply.redirect(next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login', 303)
}

/**
 * A route's options for what a user held for two-step verification may still do: Minha conta
 * (the page, a new password) and the setup, and end their other sessions, a password alone
 * being all it takes to open one.
 */
export const duringTwoFactorSetup = { preHandler: requireSession, config: { openDuringTwoFactorSetup: true } }

export function sendForbidden(request: FastifyRequest, reply: FastifyReply, title: string = t.errors.forbiddenTitle, text: string = t.errors.forbiddenText) {
  return sendPage(reply, h(ErrorPage, { status: 403, title, text, ctx: errorPageContext(request) }), 403)
}

/**
 * The 404 page. Pages with an ID in their URL answer this both for a missing row and for another
 * account's, so a foreign ID is indistinguishable from one that never existed.
 */
export function sendNotFound(request: FastifyRequest, reply: FastifyReply) {
  return sendPage(reply, h(ErrorPage, { status: 404, title: t.errors.notFoundTitle, text: t.errors.notFoundText, ctx: errorPageContext(request) }), 404)
}

/** Session required, and a role in `roles` (admin pages: requireRole('admin')). */
export function requireRole(...roles: Role[]): preHandlerAsyncHookHandler[] {
  const checkRole: preHandlerAsyncHookHandler = async function (request, reply) {
    if (!roles.includes(request.webSession!.role)) return sendForbidden(request, reply)
  }
  return [requireSession, checkRole]
}
