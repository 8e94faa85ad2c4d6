// The figures of the dashboard ("Painel"): documents by status, this month's documents and value,
// documents and value per month over the last twelve months, and the latest documents. Months are
// calendar months in the account's time zone. Every figure is one aggregate query over the
// account's rows, bounded by the (account_id, created_at) index where a period applies; the
// counts by status read every document of the account (through an index, without their rows)
// and the chart every document of its twelve months, so the page grows with the account: ~0.1 s
// of SQLite for 100,000 documents (docs/PERFORMANCE.md, session 34).
import { sql } from 'kysely'
import type { Db } from '../../platform/db/connect.js'
import type { Clock } from '../../platform/clock.js'
import type { ProposalStatus } from '../../platform/db/schema.js'
import { localDate, zonedMidnight } from '../../platform/time-zones.js'

export const PROPOSAL_STATUSES: readonly ProposalStatus[] = ['draft', 'sent', 'viewed', 'signed', 'rejected', 'cancelled', 'expired']
export const CHART_MONTHS = 12

export interface MonthFigures {
  /** YYYY-MM in the account's time zone. */
  period: string
  count: number
  valueCents: number
}

export interface RecentProposal {
  id: number
  number: number
  title: string
  customerName: string
  status: ProposalStatus
  totalCents: number
  createdAt: string
}

export interface DashboardSummary {
  byStatus: Record<ProposalStatus, number>
  total: number
  /** The current month, with how many of its documents are signed and their value. */
  thisMonth: MonthFigures & { signedCount: number; signedValueCents: number }
  /** The last CHART_MONTHS months, oldest first, the current one last. */
  monthly: MonthFigures[]
  recent: RecentProposal[]
}

/** The first instant of each of the `count` local months ending with the one holding `now`, plus the end of the current one. */
export function monthStarts(now: Date, timeZone: string, count: number): Array<{ period: string; start: Date }> {
  const [year, month] = localDate(now, timeZone).split('-').map(Number) as [number, number]
  const starts: Array<{ period: string; start: Date }> = []
  for (let offset = count - 1; offset >= -1; offset--) {
    const first = new Date(Date.UTC(year, month - 1 - offset, 1))
    const y = first.getUTCFullYear()
    const m = first.getUTCMonth() + 1
    starts.push({ period: `${y}-${String(m).padStart(2, '0')}`, start: zonedMidnight(y, m, 1, timeZone) })
  }
  return starts
}

function toNumber(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value)
}

async function countsByStatus(db: Db, accountId: number): Promise<Record<ProposalStatus, number>> {
  const rows = await db.selectFrom('proposals').select(['status', (eb) => eb.fn.countAll().as('count')]).where('account_id', '=', accountId).groupBy('status').execute()
  const byStatus = Object.fromEntries(PROPOSAL_STATUSES.map((status) => [status, 0])) as Record<ProposalStatus, number>
  for (const row of rows) byStatus[row.status] = toNumber(row.count)
  return byStatus
}

async function monthlyFigures(db: Db, accountId: number, bounds: Array<{ period: string; start: Date }>) {
  const months = bounds.slice(0, -1).map((bound, index) => ({ period: bound.period, start: bound.start.toISOString(), end: bounds[index + 1]!.start.toISOString() }))
  // One pass over the twelve months' rows: a pair of conditional sums per month. Values are summed
  // as decimals (× 1.0: numeric on PostgreSQL, a float on SQLite, exact to 2^53 cents): SQLite's
  // sum() of integers fails past 2^63 ("integer overflow"), which an account's documents at the
  // line cap can reach.
  const columns = months.flatMap((month, index) => [
    sql<number>`sum(case when created_at >= ${month.start} and created_at < ${month.end} then 1 else 0 end)`.as(`c${index}`),
    sql<number>`sum(case when created_at >= ${month.start} and created_at < ${month.end} then total_cents * 1.0 else 0 end)`.as(`v${index}`),
  ])
  const current = months[months.length - 1]!
  const row = (await db
    .selectFrom('proposals')
    .select([
      ...columns,
      sql<number>`sum(case when created_at >= ${current.start} and status = 'signed' then 1 else 0 end)`.as('signed_count'),
      sql<number>`sum(case when created_at >= ${current.start} and status = 'signed' then total_cents * 1.0 else 0 end)`.as('signed_value'),
    ])
    .where('account_id', '=', accountId)
    .where('created_at', '>=', months[0]!.start)
    .where('created_at', '<', current.end)
    .executeTakeFirst()) as Record<string, unknown> | undefined
  const monthly = months.map((month, index) => ({ period: month.period, count: toNumber(row?.[`c${index}`]), valueCents: toNumber(row?.[`v${index}`]) }))
  return { monthly, signedCount: toNumber(row?.signed_count), signedValueCents: toNumber(row?.signed_value) }
}

/** The account's newest documents with their customer's name (exported for its plan test). */
export function recentProposalsQuery(db: Db, accountId: number, limit: number) {
  return (
    db
      .selectFrom('proposals')
      // CROSS JOIN, not an inner join: SQLite then keeps proposals as the outer table, read newest
      // first from (account_id, created_at) and stopped at the limit. Free to choose, its planner
      // can prefer the customers outside and a sort of every document of the account through the
      // covering customer-page index (migration 008). PostgreSQL plans it as the inner join it is.
      .crossJoin('customers')
      .whereRef('customers.id', '=', 'proposals.customer_id')
      .whereRef('customers.account_id', '=', 'proposals.account_id')
      .select(['proposals.id', 'proposals.number', 'proposals.title', 'proposals.status', 'proposals.total_cents', 'proposals.created_at', 'customers.name as customer_name'])
      .where('proposals.account_id', '=', accountId)
      .orderBy('proposals.created_at', 'desc')
      .orderBy('proposals.id', 'desc')
      .limit(limit)
  )
}

async function recentProposals(db: Db, accountId: number, limit: number): Promise<RecentProposal[]> {
  const rows = await recentProposalsQuery(db, accountId, limit).execute()
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    title: row.title,
    customerName: row.customer_name,
    status: row.status,
    totalCents: row.total_cents,
    createdAt: new Date(row.created_at).toISOString(),
  }))
}

export async function dashboardSummary(db: Db, clock: Clock, account: { id: number; timeZone: string }): Promise<DashboardSummary> {
  const bounds = monthStarts(clock.now(), account.timeZone, CHART_MONTHS)
  const [byStatus, figures, recent] = await Promise.all([countsByStatus(db, account.id), monthlyFigures(db, account.id, bounds), recentProposals(db, account.id, 5)])
  const current = figures.monthly[figures.monthly.length - 1]!
  return {
    byStatus,
    total: Object.values(byStatus).reduce((sum, count) => sum + count, 0),
    thisMonth: { ...current, signedCount: figures.signedCount, signedValueCents: figures.signedValueCents },
    monthly: figures.monthly,
    recent,
  }
}
