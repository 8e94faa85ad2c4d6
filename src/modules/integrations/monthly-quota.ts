// The monthly quota of document creations through the API (DESIGN.md §5). The counter row of
// (account, month) is incremented, unless it has reached the limit, by one conditional upsert
// inside the creating transaction: atomic on its own, so concurrent creations can never take one
// past the limit, on PostgreSQL across any number of processes; and a creation that fails rolls
// its increment back with everything else.
import type { ExpressionBuilder } from 'kysely'
import type { Db } from '../../platform/db/connect.js'
import type { Database } from '../../platform/db/schema.js'
import type { Clock } from '../../platform/clock.js'
import { AppError } from '../../platform/errors.js'
import { calendarMonth } from '../../platform/time-zones.js'
import { preparedPointRead, preparedQuery } from '../../platform/db/prepared-query.js'

export interface QuotaState {
  /** Calendar month in the account's time zone, YYYY-MM. */
  period: string
  used: number
  limit: number
  remaining: number
  /** When the next month starts in the account's time zone (ISO 8601 UTC). */
  resets_at: string
}

export function quotaPeriod(instant: Date, timeZone: string): { period: string; resetsAt: Date } {
  const { period, end } = calendarMonth(instant, timeZone)
  return { period, resetsAt: end }
}

/**
 * The account's monthly limit of API creations, its override else its plan's, as an expression on
 * a query of `accounts`: the creation reads it in the statement that takes its number
 * (proposal-number.ts), GET /usage below.
 */
export function creationLimitOfAccount(eb: ExpressionBuilder<Database, 'accounts'>) {
  return eb.fn
    .coalesce('accounts.creation_limit_override', eb.selectFrom('plans').select('plans.monthly_creation_limit').whereRef('plans.id', '=', 'accounts.plan_id'))
    .$notNull()
    .as('creation_limit')
}

/** The account's count of API creations in `period` (no row before the month's first). */
function monthCounter(db: Db, accountId: number, period: string) {
  return db.selectFrom('api_usage_counters').select('api_usage_counters.creations').where('api_usage_counters.account_id', '=', accountId).where('api_usage_counters.period', '=', period)
}

// Every GET /usage runs this: the limit and the month's count in one statement, so both come from
// one snapshot, and a point read (prepared-query.ts): on SQLite it runs on the main connection when
// that is free, where the read thread's hop would cost more than the two index lookups.
const usageRow = preparedPointRead(2, (db, accountId: number, period: string) =>
  db
    .selectFrom('accounts')
    .select(creationLimitOfAccount)
    .select(() => monthCounter(db, accountId, period).as('creations'))
    .where('accounts.id', '=', accountId),
)
const counterRow = preparedQuery(2, monthCounter)
// One statement under the account's lock: counts the creation unless the month's count has
// reached the limit already (then no row comes back).
const countOneCreationWithin = preparedQuery(3, (db, accountId: number, period: string, limit: number) =>
  db
    .insertInto('api_usage_counters')
    .values({ account_id: accountId, period, creations: 1 })
    .onConflict((conflict) =>
      conflict
        .columns(['account_id', 'period'])
        .doUpdateSet((eb) => ({ creations: eb('api_usage_counters.creations', '+', 1) }))
        .where('api_usage_counters.creations', '<', limit),
    )
    .returning('creations'),
)

async function creationsIn(db: Db, accountId: number, period: string): Promise<number> {
  const [row] = await counterRow(db, accountId, period)
  return row?.creations ?? 0
}

function stateOf(period: string, used: number, limit: number, resetsAt: Date): QuotaState {
  return { period, used, limit, remaining: Math.max(0, limit - used), resets_at: resetsAt.toISOString() }
}

export async function monthlyUsage(db: Db, clock: Clock, account: { id: number; timeZone: string }): Promise<QuotaState> {
  const { period, resetsAt } = quotaPeriod(clock.now(), account.timeZone)
  const [row] = await usageRow(db, account.id, period)
  if (row === undefined) throw new Error(`account ${account.id} does not exist`)
  return stateOf(period, row.creations ?? 0, row.creation_limit, resetsAt)
}

export function quotaHeaders(state: QuotaState): Record<string, string> {
  return { 'x-quota-limit': String(state.limit), 'x-quota-remaining': String(state.remaining), 'x-quota-reset': state.resets_at }
}

/**
 * Counts one creation against this month's quota, or throws 429 `quota_exceeded`. Runs inside the
 * creating transaction, so a failed creation rolls the count back; it needs no lock to be exact.
 * `limit` is creationLimitOfAccount's, read by the statement that takes the account's row lock.
 */
export async function consumeCreationQuota(trx: Db, clock: Clock, account: { id: number; timeZone: string }, limit: number): Promise<QuotaState> {
  const now = clock.now()
  const { period, resetsAt } = quotaPeriod(now, account.timeZone)
  // A limit of 0 refuses the first creation too (the statement would insert a first count of 1).
  const [counted] = limit > 0 ? await countOneCreationWithin(trx, account.id, period, limit) : []
  if (counted !== undefined) return stateOf(period, counted.creations, limit, resetsAt)
  const used = await creationsIn(trx, account.id, period)
  const state = stateOf(period, used, limit, resetsAt)
  const retryAfter = Math.max(1, Math.ceil((resetsAt.getTime() - now.getTime()) / 1000))
  throw new AppError(
    'quota_exceeded',
    `This account created ${used} of its ${limit} documents through the API in ${period}; the quota renews at ${state.resets_at}. To raise the limit, contact support (or upgrade the plan).`,
    { headers: { 'retry-after': String(retryAfter), ...quotaHeaders(state) }, quota: state },
  )
}
