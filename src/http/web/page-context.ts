// What every signed-in page needs from its request besides its own data: who is signed in, the
// CSRF token for its forms and the pending flash message. Routes build it with pageContext().
import type { FastifyRequest } from 'fastify'
import type { ActivityActor } from '../../modules/accounts/account-activity.js'
import type { WebSession } from '../../modules/accounts/web-sessions.js'
import { SESSION_COOKIE, readCookie } from './cookies.js'
import type { Flash } from './flash.js'

export interface PageContext {
  session: WebSession
  csrfToken: string
  flash: Flash | null
}

export function pageContext(request: FastifyRequest): PageContext {
  return { session: sessionOf(request), csrfToken: request.csrfToken, flash: request.flash }
}

/** The session of a route behind requireSession. */
export function sessionOf(request: FastifyRequest): WebSession {
  if (!request.webSession) throw new Error('route is missing requireSession')
  return request.webSession
}

/**
 * The signed-in user and the cookie of the browser asking, for the forms that end the user's
 * other sessions (a new password, two-step verification, Sessões) and keep this one.
 */
export function sessionUserOf(request: FastifyRequest): { accountId: number; userId: number; sessionToken: string } {
  const session = sessionOf(request)
  return { accountId: session.accountId, userId: session.userId, sessionToken: readCookie(request, SESSION_COOKIE) ?? '' }
}

/** The context of an error page: the app shell for a signed-in user, none for a visitor. */
export function errorPageContext(request: FastifyRequest): PageContext | null {
  return request.webSession ? { session: request.webSession, csrfToken: request.csrfToken, flash: null } : null
}

/** The signed-in user as the author of a change to the account's governance (its activity). */
export function activityActorOf(request: FastifyRequest): ActivityActor {
  const session = sessionOf(request)
  return { type: 'user', id: session.userId, name: session.userName, ip: request.ip }
}
