// Minha conta → Sessões: end one of one's other sessions, or all of them but this browser's.
// Each calls one accounts function; the list itself is part of Minha conta (account-routes.tsx).
import type { FastifyInstance } from 'fastify'
import { endOwnSession, endSessions } from '../../../modules/accounts/own-sessions.js'
import { duringTwoFactorSetup, sendNotFound } from '../guards.js'
import { t } from '../i18n/pt-BR.js'
import { sessionUserOf } from '../page-context.js'
import { deviceName } from '../user-agent-summary.js'
import { type WebRoutesOptions, redirectWithFlash } from './route-options.js'

const SESSIONS_CARD = '/account/password#sessoes'
const ts = t.ownPassword.sessions

export function registerOwnSessionRoutes(app: FastifyInstance, options: WebRoutesOptions): void {
  const { db, clock } = options

  app.post('/account/sessions/:handle/end', duringTwoFactorSetup, async (request, reply) => {
    const { handle } = request.params as { handle: string }
    const ended = await endOwnSession(db, clock, sessionUserOf(request), handle)
    if (!ended) return sendNotFound(request, reply)
    return redirectWithFlash(reply, options, SESSIONS_CARD, { kind: 'success', text: ts.ended(deviceName(ended.userAgent)) })
  })

  app.post('/account/sessions/end-others', duringTwoFactorSetup, async (request, reply) => {
    const user = sessionUserOf(request)
    const count = await endSessions(db, clock, user, user.sessionToken)
    return redirectWithFlash(reply, options, SESSIONS_CARD, { kind: 'success', text: ts.othersEnded(count) })
  })
}
