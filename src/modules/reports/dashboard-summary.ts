// The figures of the dashboard ("Painel"): documents by status, this month's documents and value,
// the documents signed this month (whenever they were created) and their value, documents and
// value per month over the last twelve months, the latest documents, and the documents waiting for
// signatures whose validity ends within EXPIRING_DAYS (soonest first). Months are calendar
// months in the account's time zone. The counts and the months are ranges of the
// (account_id, status, created_at, id, total_cents) index (migration 014), read without the table:
// one count per status, and per month one range per status. They still grow with the account (every
// index entry of the account is stepped over once): with 100,000 documents the page's figures cost
// ~33 ms of SQLite and ~62 of PostgreSQL, against ~268 and ~149 when the counts sorted the
// customer-page index's entries and the months read every row of the year (docs/PERFORMANCE.md,
// sessions 34 and 35).
import { sql } from 'kysely'
import type { Db } from '../../platform/db/connect.js'
import type { Clock } from '../../platform/clock.js'
import { PROPOSAL_STATUSES, type ProposalStatus } from '../../platform/db/schema.js'
import { addCalendarDays, calendarDaysBetween, localDate, zonedMidnight } from '../../platform/time-zones.js'
import { isOpenStatus } from '../lifecycle/open-status-term.js'

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

/** How far ahead the dashboard looks for documents about to expire, in days after today. */
export const EXPIRING_DAYS = 7
/** At most this many of them are listed. */
export const EXPIRING_SHOWN = 10

export interface ExpiringProposal {
  id: number
  number: number
  title: string
  customerName: string
  sellerName: string | null
  totalCents: number
  /** The last valid day (YYYY-MM-DD) and how many days after today it is (0: today). */
  validUntil: string
  daysLeft: number
}

export interface DashboardSummary {
  byStatus: Record<ProposalStatus, number>
  total: number
  /** The current month's new documents, and the documents signed in it (by signed_at) with their value. */
  thisMonth: MonthFigures & { signedCount: number; signedValueCents: number }
  /** The last CHART_MONTHS months, oldest first, the current one last. */
  monthly: MonthFigures[]
  recent: RecentProposal[]
  expiring: ExpiringProposal[]
  /** More documents expire within EXPIRING_DAYS than the EXPIRING_SHOWN listed. */
  moreExpiring: boolean
  /** The card's last day (today plus EXPIRING_DAYS): Documentos lists every one up to it. */
  expiringBy: string
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

/** The account's documents in each status: one count of a range of the status index per status (exported for its plan test). */
export function statusCountsQuery(db: Db, accountId: number) {
  return db.selectNoFrom((eb) =>
    PROPOSAL_STATUSES.map((status) =>
      eb.selectFrom('proposals').select((counted) => counted.fn.countAll<number | string>().as('count')).where('account_id', '=', accountId).where('status', '=', status).as(status),
    ),
  )
}

async function countsByStatus(db: Db, accountId: number): Promise<Record<ProposalStatus, number>> {
  const row = (await statusCountsQuery(db, accountId).executeTakeFirstOrThrow()) as Record<ProposalStatus, unknown>
  return Object.fromEntries(PROPOSAL_STATUSES.map((status) => [status, toNumber(row[status])])) as Record<ProposalStatus, number>
}

interface Period {
  start: string
  end: string
  statuses: readonly ProposalStatus[]
}

/**
 * The count and value of the account's documents created in each period with one of its statuses:
 * one row per period, `slot` its index. Every status named makes the period one range of the
 * status index per status, read without the table. Values are summed as decimals (× 1.0: numeric
 * on PostgreSQL, a float on SQLite, exact to 2^53 cents): SQLite's sum() of integers fails past
 * 2^63 ("integer overflow"), which an account's documents at the line cap can reach. Exported for
 * its plan test.
 */
export function periodFiguresQuery(db: Db, accountId: number, periods: readonly Period[]) {
  const figures = (period: Period, slot: number) =>
    db
      .selectFrom('proposals')
      .select([sql.lit(slot).as('slot'), sql<number | string>`count(*)`.as('count'), sql<number | string | null>`sum(total_cents * 1.0)`.as('value')])
      .where('account_id', '=', accountId)
      .where('status', 'in', period.statuses)
      .where('created_at', '>=', period.start)
      .where('created_at', '<', period.end)
  return periods.slice(1).reduce((query, period, index) => query.unionAll(figures(period, index + 1)), figures(periods[0]!, 0))
}

function monthsOf(bounds: Array<{ period: string; start: Date }>) {
  return bounds.slice(0, -1).map((bound, index) => ({ period: bound.period, start: bound.start.toISOString(), end: bounds[index + 1]!.start.toISOString() }))
}

async function monthlyFigures(db: Db, accountId: number, months: ReturnType<typeof monthsOf>): Promise<MonthFigures[]> {
  const rows = await periodFiguresQuery(db, accountId, months.map((month) => ({ ...month, statuses: PROPOSAL_STATUSES }))).execute()
  const bySlot = new Map(rows.map((row) => [Number(row.slot), row]))
  return months.map((month, index) => ({ period: month.period, count: toNumber(bySlot.get(index)?.count), valueCents: toNumber(bySlot.get(index)?.value) }))
}

/**
 * The count and value of the account's documents signed in [start, end), whenever they were
 * created (a deal closed this month is this month's): one range of the signed-at index (migration
 * 024), read without the table. Only signed documents have a signed_at, and signed is final.
 * Exported for its plan test.
 */
export function signedFiguresQuery(db: Db, accountId: number, start: string, end: string) {
  return db
    .selectFrom('proposals')
    .select([sql<number | string>`count(*)`.as('count'), sql<number | string | null>`sum(total_cents * 1.0)`.as('value')])
    .where('account_id', '=', accountId)
    .where('signed_at', '>=', start)
    .where('signed_at', '<', end)
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

/**
 * The account's documents waiting for signatures whose last valid day is from `today` to `last`,
 * soonest first (exported for its plan test): one range of the account's entries in migration 047's
 * partial index on the open documents, in its order.
 */
export function expiringProposalsQuery(db: Db, accountId: number, today: string, last: string, limit: number) {
  return db
    .selectFrom('proposals as p')
    .innerJoin('customers as c', (join) => join.onRef('c.account_id', '=', 'p.account_id').onRef('c.id', '=', 'p.customer_id'))
    .leftJoin('users as u', (join) => join.onRef('u.account_id', '=', 'p.account_id').onRef('u.id', '=', 'p.seller_id'))
    .select(['p.id', 'p.number', 'p.title', 'p.total_cents', 'p.valid_until', 'c.name as customer_name', 'u.name as seller_name'])
    .where('p.account_id', '=', accountId)
    .where(isOpenStatus('p.status'))
    .where('p.valid_until', '>=', today)
    .where('p.valid_until', '<=', last)
    .orderBy('p.valid_until')
    .orderBy('p.id')
    .limit(limit)
}

/** The soonest EXPIRING_SHOWN, and whether there are more (one row more is read to know). */
async function expiringProposals(db: Db, accountId: number, today: string): Promise<{ shown: ExpiringProposal[]; more: boolean; by: string }> {
  const by = addCalendarDays(today, EXPIRING_DAYS)
  const rows = await expiringProposalsQuery(db, accountId, today, by, EXPIRING_SHOWN + 1).execute()
  const shown = rows.slice(0, EXPIRING_SHOWN).map((row) => ({
    id: row.id,
    number: row.number,
    title: row.title,
    customerName: row.customer_name,
    sellerName: row.seller_name,
    totalCents: row.total_cents,
    validUntil: row.valid_until!,
    daysLeft: calendarDaysBetween(today, row.valid_until!),
  }))
  return { shown, more: rows.length > EXPIRING_SHOWN, by }
}

export async function dashboardSummary(db: Db, clock: Clock, account: { id: number; timeZone: string }): Promise<DashboardSummary> {
  const months = monthsOf(monthStarts(clock.now(), account.timeZone, CHART_MONTHS))
  const current = months[months.length - 1]!
  const [byStatus, monthly, signed, recent, expiring] = await Promise.all([
    countsByStatus(db, account.id),
    monthlyFigures(db, account.id, months),
    signedFiguresQuery(db, account.id, current.start, current.end).executeTakeFirstOrThrow(),
    recentProposals(db, account.id, 5),
    expiringProposals(db, account.id, localDate(clock.now(), account.timeZone)),
  ])
  return {
    byStatus,
    total: Object.values(byStatus).reduce((sum, count) => sum + count, 0),
    thisMonth: { ...monthly[monthly.length - 1]!, signedCount: toNumber(signed.count), signedValueCents: toNumber(signed.value) },
    monthly,
    recent,
    expiring: expiring.shown,
    moreExpiring: expiring.more,
    expiringBy: expiring.by,
  }
}
