// Who is asking, for every web request: the session behind the cookie (or none), and the CSRF
// token their forms must carry — the session's own, or for a visitor the double-submit cookie.
import { timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { SESSION_ABSOLUTE_MS, findWebSession, newSecret, type WebSession } from '../../modules/accounts/web-sessions.js'
import type { Clock } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import { ANONYMOUS_CSRF_COOKIE, SESSION_COOKIE, clearCookie, readCookie, setCookie } from './cookies.js'

declare module 'fastify' {
  interface FastifyRequest {
    webSession: WebSession | null
    /** The token a form on this page must send back in `_csrf`. */
    csrfToken: string
  }
}

export interface WebSessionOptions {
  db: Db
  clock: Clock
  secureCookies: boolean
}

const ANONYMOUS_CSRF_MAX_AGE_S = 24 * 60 * 60

export async function loadWebSession(request: FastifyRequest, reply: FastifyReply, options: WebSessionOptions): Promise<void> {
  const token = readCookie(request, SESSION_COOKIE)
  request.webSession = token ? await findWebSession(options.db, options.clock, token) : null
  if (token && !request.webSession) clearCookie(reply, SESSION_COOKIE, options.secureCookies)
  if (request.webSession) {
    request.csrfToken = request.webSession.csrfToken
    return
  }
  const anonymous = readCookie(request, ANONYMOUS_CSRF_COOKIE)
  if (anonymous) {
    request.csrfToken = anonymous
  } else {
    request.csrfToken = newSecret()
    // Only GETs hand one out: a POST without the cookie is refused anyway.
    if (request.method === 'GET') setCookie(reply, ANONYMOUS_CSRF_COOKIE, request.csrfToken, { secure: options.secureCookies, maxAgeSeconds: ANONYMOUS_CSRF_MAX_AGE_S })
  }
}

/** Whether the form's `_csrf` field matches the token this request is bound to. */
export function csrfTokenMatches(request: FastifyRequest): boolean {
  const body = request.body as Record<string, unknown> | null | undefined
  const sent = body && typeof body === 'object' ? body._csrf : undefined
  if (typeof sent !== 'string') return false
  // A visitor's token only counts when it came from their cookie, not from a value made up now.
  if (!request.webSession && readCookie(request, ANONYMOUS_CSRF_COOKIE) === undefined) return false
  const expected = Buffer.from(request.csrfToken)
  const actual = Buffer.from(sent)
  return expected.length === actual.length && timingSafeEqual(expected, actual)
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  setCookie(reply, SESSION_COOKIE, token, { secure, maxAgeSeconds: SESSION_ABSOLUTE_MS / 1000 })
}
