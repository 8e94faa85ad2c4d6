// Minha conta → Sessões: end one of one's other sessions, or all of them but this browser's.
// Each calls one accounts function; the list itself is part of Minha conta (account-routes.tsx).
import type { FastifyInstance } from 'fastify'
import { endOwnSession } from '../../../modules/accounts/own-sessions.js'
import { endUserSessions } from '../../../modules/accounts/web-sessions.js'
import { requireSession, sendNotFound } from '../guards.js'
import { t } from '../i18n/pt-BR.js'
import { sessionUserOf } from '../page-context.js'
import { type WebRoutesOptions, redirectWithFlash } from './route-options.js'

const SESSIONS_CARD = '/account/password#sessoes'
const ts = t.ownPassword.sessions

export function registerOwnSessionRoutes(app: FastifyInstance, options: WebRoutesOptions): void {
  const { db, clock } = options
  const signedIn = { preHandler: requireSession }

  app.post('/account/sessions/:handle/end', signedIn, async (request, reply) => {
    const { handle } = request.params as { handle: string }
    const ended = await endOwnSession(db, clock, sessionUserOf(request), handle)
    if (!ended) return sendNotFound(request, reply)
    return redirectWithFlash(reply, options, SESSIONS_CARD, { kind: 'success', text: ts.ended })
  })

  app.post('/account/sessions/end-others', signedIn, async (request, reply) => {
    const user = sessionUserOf(request)
    const count = await endUserSessions(db, user.accountId, user.userId, user.sessionToken)
    return redirectWithFlash(reply, options, SESSIONS_CARD, { kind: 'success', text: ts.othersEnded(count) })
  })
}
