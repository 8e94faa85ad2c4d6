// The signed-in pages of this foundation: the front door, the dashboard and the (admin only)
// integrations settings placeholder.
import type { FastifyInstance } from 'fastify'
import { findAccount } from '../../../modules/accounts/accounts.js'
import type { Db } from '../../../platform/db/connect.js'
import { requireRole, requireSession, sessionOf } from '../guards.js'
import { t } from '../i18n/pt-BR.js'
import { DashboardPage } from '../pages/dashboard-page.js'
import { IntegrationsPage } from '../pages/integrations-page.js'
import { sendPage } from '../render.js'

export function registerAppRoutes(app: FastifyInstance, options: { db: Db }): void {
  app.get('/', async (request, reply) => reply.redirect(request.webSession ? '/dashboard' : '/login', 303))

  app.get('/dashboard', { preHandler: requireSession }, async (request, reply) => {
    const session = sessionOf(request)
    const account = await findAccount(options.db, session.accountId)
    const planName = account ? (t.plans[account.plan] ?? account.plan) : ''
    return sendPage(reply, <DashboardPage session={session} csrfToken={request.csrfToken} planName={planName} />)
  })

  app.get('/settings/integrations', { preHandler: requireRole('admin') }, async (request, reply) => {
    return sendPage(reply, <IntegrationsPage session={sessionOf(request)} csrfToken={request.csrfToken} />)
  })
}
