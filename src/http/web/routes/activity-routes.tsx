// Configurações → Atividade (/settings/activity): the account's record of who changed its
// governance, and its CSV export. Admin only, as every page it records is.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { latestTargetLabel, listActivity } from '../../../modules/accounts/account-activity.js'
import { activityActors } from '../../../modules/accounts/activity-actors.js'
import { localDate } from '../../../platform/time-zones.js'
import { activityCsv } from '../activity-csv.js'
import { readActivityQuery } from '../activity-filters.js'
import { pageNumber } from '../components/pagination.js'
import { requireRole } from '../guards.js'
import { t } from '../i18n/pt-BR.js'
import { pageContext, sessionOf } from '../page-context.js'
import { ACTIVITY_EXPORT_PATH, ACTIVITY_PATH, ACTIVITY_PER_PAGE, ActivityPage } from '../pages/activity-page.js'
import { sendPage } from '../render.js'
import { sendCsv } from '../send-csv.js'
import type { WebRoutesOptions } from './route-options.js'

export function registerActivityRoutes(app: FastifyInstance, options: WebRoutesOptions): void {
  const { db, clock } = options
  const adminOnly = { preHandler: requireRole('admin') }

  /** The page: its entries, or none while the period is refused (422, its fields' errors shown). */
  async function sendActivityPage(request: FastifyRequest, reply: FastifyReply, read: ReturnType<typeof readActivityQuery>, page: number) {
    const { accountId } = sessionOf(request)
    const invalid = Object.keys(read.errors).length > 0
    const { target } = read.filters
    const [list, actors, itemLabel] = await Promise.all([
      invalid ? { data: [], total: 0 } : listActivity(db, accountId, read.filters, { page, perPage: ACTIVITY_PER_PAGE }),
      activityActors(db, accountId),
      target === undefined ? undefined : latestTargetLabel(db, accountId, target),
    ])
    const ctx = pageContext(request)
    return sendPage(reply, <ActivityPage ctx={ctx} query={read.query} errors={read.errors} actors={actors} itemLabel={itemLabel} entries={list.data} page={invalid ? 1 : page} total={list.total} />, invalid ? 422 : 200)
  }

  app.get(ACTIVITY_PATH, adminOnly, async (request, reply) => {
    const read = readActivityQuery(request.query, sessionOf(request).timeZone)
    return sendActivityPage(request, reply, read, pageNumber((request.query as Record<string, unknown>).page))
  })

  app.get(ACTIVITY_EXPORT_PATH, adminOnly, async (request, reply) => {
    const session = sessionOf(request)
    const read = readActivityQuery(request.query, session.timeZone)
    if (Object.keys(read.errors).length > 0) return sendActivityPage(request, reply, read, 1)
    return sendCsv(reply, t.activity.csv.fileName(localDate(clock.now(), session.timeZone)), activityCsv(db, { id: session.accountId, timeZone: session.timeZone }, read.filters))
  })
}
