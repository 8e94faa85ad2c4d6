// The front door and the dashboard.
import type { FastifyInstance } from 'fastify'
import { findAccount } from '../../../modules/accounts/accounts.js'
import { requireSession } from '../guards.js'
import { t } from '../i18n/pt-BR.js'
import { pageContext } from '../page-context.js'
import { DashboardPage } from '../pages/dashboard-page.js'
import { sendPage } from '../render.js'
import type { WebRoutesOptions } from './route-options.js'

export function registerAppRoutes(app: FastifyInstance, options: WebRoutesOptions): void {
  app.get('/', async (request, reply) => reply.redirect(request.webSession ? '/dashboard' : '/login', 303))

  app.get('/dashboard', { preHandler: requireSession }, async (request, reply) => {
    const ctx = pageContext(request)
    const account = await findAccount(options.db, ctx.session.accountId)
    const planName = account ? (t.plans[account.plan] ?? account.plan) : ''
    return sendPage(reply, <DashboardPage ctx={ctx} planName={planName} />)
  })
}
