// The front door, the dashboard and its report by seller (a page and a CSV).
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { findAccount } from '../../../modules/accounts/accounts.js'
import { monthlyUsage } from '../../../modules/integrations/monthly-quota.js'
import { pendingDiscountRequests } from '../../../modules/lifecycle/discount-requests.js'
import { dashboardSummary } from '../../../modules/reports/dashboard-summary.js'
import { recentCommentsFor } from '../../../modules/reports/recent-comments.js'
import { recentOpens } from '../../../modules/reports/recent-opens.js'
import { sellerSummary } from '../../../modules/reports/seller-summary.js'
import { localDate } from '../../../platform/time-zones.js'
import { dateRangeErrors } from '../date-range-filter.js'
import { formString, isCalendarDate } from '../form-data.js'
import { requireSession, sendNotFound } from '../guards.js'
import { pageContext } from '../page-context.js'
import { DashboardPage } from '../pages/dashboard-page.js'
import { t } from '../i18n/pt-BR.js'
import { SELLER_REPORT_EXPORT_PATH, SELLER_REPORT_PATH, SellerReportPage } from '../pages/seller-report-page.js'
import { sendPage } from '../render.js'
import { sendCsv } from '../send-csv.js'
import type { WebRoutesOptions } from './route-options.js'
import { sellerReportCsv } from '../seller-report-csv.js'

/**
 * The report's period with its empty ends filled: no dates is the current month; an end alone
 * starts on the first of its month; a start alone ends today, or on itself when it is later.
 */
export function reportPeriod(from: string, to: string, today: string): { from: string; to: string } {
  const firstOfMonth = (date: string) => `${date.slice(0, 8)}01`
  return {
    from: from !== '' ? from : firstOfMonth(isCalendarDate(to) ? to : today),
    to: to !== '' ? to : isCalendarDate(from) && from > today ? from : today,
  }
}

export function registerAppRoutes(app: FastifyInstance, options: WebRoutesOptions): void {
  const { db, clock } = options
  app.get('/', async (request, reply) => reply.redirect(request.webSession ? '/dashboard' : '/login', 303))

  app.get('/dashboard', { preHandler: requireSession }, async (request, reply) => {
    const ctx = pageContext(request)
    const scope = { id: ctx.session.accountId, timeZone: ctx.session.timeZone }
    const [account, summary, usage, discountRequests, comments, opens] = await Promise.all([
      findAccount(db, scope.id), dashboardSummary(db, clock, scope), monthlyUsage(db, clock, scope), pendingDiscountRequests(db, scope.id), recentCommentsFor(db, clock, scope.id, { id: ctx.session.userId }),
      recentOpens(db, clock, scope.id),
    ])
    if (!account) return sendNotFound(request, reply)
    return sendPage(reply, <DashboardPage ctx={ctx} account={account} summary={summary} usage={usage} discountRequests={discountRequests} comments={comments} opens={opens} />)
  })

  /** The report's period as typed, with the current month's days filled in for what was left empty, and its errors. */
  function typedPeriod(request: FastifyRequest, timeZone: string) {
    const typed = (name: string) => formString(request.query, name).trim().slice(0, 20)
    const query = reportPeriod(typed('from'), typed('to'), localDate(clock.now(), timeZone))
    return { query, errors: dateRangeErrors(query.from, query.to) }
  }

  // Desempenho por vendedor: the current month unless a period is given; a period that is not one
  // is its fields' errors and no figures (422, as the lists' filters).
  app.get(SELLER_REPORT_PATH, { preHandler: requireSession }, async (request, reply) => {
    const ctx = pageContext(request)
    const scope = { id: ctx.session.accountId, timeZone: ctx.session.timeZone }
    const { query, errors } = typedPeriod(request, scope.timeZone)
    const invalid = Object.keys(errors).length > 0
    const summary = invalid ? null : await sellerSummary(db, scope, query.from, query.to)
    return sendPage(reply, <SellerReportPage ctx={ctx} query={query} errors={errors} summary={summary} />, invalid ? 422 : 200)
  })

  // The same table as CSV (http/web/seller-report-csv.ts); a refused period answers the page's 422.
  app.get(SELLER_REPORT_EXPORT_PATH, { preHandler: requireSession }, async (request, reply) => {
    const ctx = pageContext(request)
    const scope = { id: ctx.session.accountId, timeZone: ctx.session.timeZone }
    const { query, errors } = typedPeriod(request, scope.timeZone)
    if (Object.keys(errors).length > 0) return sendPage(reply, <SellerReportPage ctx={ctx} query={query} errors={errors} summary={null} />, 422)
    const summary = await sellerSummary(db, scope, query.from, query.to)
    return sendCsv(reply, t.sellerReport.csv.fileName(query.from, query.to), sellerReportCsv(summary))
  })
}
