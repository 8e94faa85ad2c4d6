// Route guards for pages: requireSession sends visitors to the login page (coming back here
// afterwards); requireRole answers 403 to a signed-in user whose role does not reach the page.
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import type { WebSession } from '../../modules/accounts/web-sessions.js'
import { t } from './i18n/pt-BR.js'
import { h } from 'preact'
import { ErrorPage } from './pages/error-page.js'
import { sendPage } from './render.js'

export type Role = WebSession['role']

/** A path of this site to return to after login; anything else (other hosts, `//x`) is dropped. */
export function safeNextPath(value: unknown): string | undefined {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) && value.length <= 500 ? value : undefined
}

export const requireSession: preHandlerAsyncHookHandler = async function (request: FastifyRequest, reply: FastifyReply) {
  if (request.webSession) return
  const next = safeNextPath(request.url)
  return reply.redirect(next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login', 303)
}

export function sendForbidden(request: FastifyRequest, reply: FastifyReply, title: string = t.errors.forbiddenTitle, text: string = t.errors.forbiddenText) {
  return sendPage(reply, h(ErrorPage, { status: 403, title, text, session: request.webSession, csrfToken: request.csrfToken }), 403)
}

/** Session required, and a role in `roles` (admin pages: requireRole('admin')). */
export function requireRole(...roles: Role[]): preHandlerAsyncHookHandler[] {
  const checkRole: preHandlerAsyncHookHandler = async function (request, reply) {
    if (!roles.includes(request.webSession!.role)) return sendForbidden(request, reply)
  }
  return [requireSession, checkRole]
}

/** The session of a route behind requireSession. */
export function sessionOf(request: FastifyRequest): WebSession {
  if (!request.webSession) throw new Error('route is missing requireSession')
  return request.webSession
}
