// The front door and the dashboard.
import type { FastifyInstance } from 'fastify'
import { findAccount } from '../../../modules/accounts/accounts.js'
import { monthlyUsage } from '../../../modules/integrations/monthly-quota.js'
import { dashboardSummary } from '../../../modules/reports/dashboard-summary.js'
import { requireSession, sendNotFound } from '../guards.js'
import { pageContext } from '../page-context.js'
import { DashboardPage } from '../pages/dashboard-page.js'
import { sendPage } from '../render.js'
import type { WebRoutesOptions } from './route-options.js'

export function registerAppRoutes(app: FastifyInstance, options: WebRoutesOptions): void {
  const { db, clock } = options
  app.get('/', async (request, reply) => reply.redirect(request.webSession ? '/dashboard' : '/login', 303))

  app.get('/dashboard', { preHandler: requireSession }, async (request, reply) => {
    const ctx = pageContext(request)
    const scope = { id: ctx.session.accountId, timeZone: ctx.session.timeZone }
    const [account, summary, usage] = await Promise.all([findAccount(db, scope.id), dashboardSummary(db, clock, scope), monthlyUsage(db, clock, scope)])
    if (!account) return sendNotFound(request, reply)
    return sendPage(reply, <DashboardPage ctx={ctx} account={account} summary={summary} usage={usage} />)
  })
}
