// Configurações → Atividade (/settings/activity): the account's record of who changed its
// governance. Admin only, as every page it records is.
import type { FastifyInstance } from 'fastify'
import { isActivitySubject, listActivity } from '../../../modules/accounts/account-activity.js'
import { pageNumber } from '../components/pagination.js'
import { requireRole } from '../guards.js'
import { pageContext, sessionOf } from '../page-context.js'
import { ACTIVITY_PATH, ACTIVITY_PER_PAGE, ActivityPage } from '../pages/activity-page.js'
import { sendPage } from '../render.js'
import type { WebRoutesOptions } from './route-options.js'

export function registerActivityRoutes(app: FastifyInstance, options: WebRoutesOptions): void {
  const { db } = options
  const adminOnly = { preHandler: requireRole('admin') }

  app.get(ACTIVITY_PATH, adminOnly, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>
    // An unknown subject is ignored (everything), like any other stale link.
    const subject = isActivitySubject(query.subject) ? query.subject : undefined
    const page = pageNumber(query.page)
    const { data, total } = await listActivity(db, sessionOf(request).accountId, { subject }, { page, perPage: ACTIVITY_PER_PAGE })
    return sendPage(reply, <ActivityPage ctx={pageContext(request)} subject={subject ?? ''} entries={data} page={page} total={total} />)
  })
}
