// Accounts and their plans: what support manages from the CLI.
import type { Db } from '../../platform/db/connect.js'
import { type Clock, isoNow } from '../../platform/clock.js'
import { DEFAULT_TIME_ZONE } from '../../platform/time-zones.js'
import { announceApiTokenChange } from '../integrations/api-token-cache.js'
import { type ActivityActor, changedFields, inActivityTransaction, recordChanges } from './account-activity.js'

export { DEFAULT_TIME_ZONE }
export const DEFAULT_PLAN_CODE = 'profissional'

export interface AccountSummary {
  id: number
  name: string
  plan: string
  time_zone: string
  api_access: boolean
  monthly_creation_limit: number
  creation_limit_override: number | null
  /** The company's own data for its documents (Configurações → Conta); null until filled in. */
  document: string | null
  address: string | null
  phone: string | null
  email: string | null
}

/**
 * Serialises, until the transaction ends, the writes of one account that check a rule over several
 * rows (the last admin, the most webhook endpoints): a no-op update takes the account row's lock.
 */
export async function lockAccount(trx: Db, accountId: number): Promise<void> {
  await trx.updateTable('accounts').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('id', '=', accountId).execute()
}

export class UnknownPlanError extends Error {}
export class AccountNotFoundError extends Error {}

async function planFor(db: Db, planCode: string) {
  const plan = await db.selectFrom('plans').select(['id', 'code', 'api_access', 'monthly_creation_limit']).where('code', '=', planCode).executeTakeFirst()
  if (!plan) {
    const codes = await db.selectFrom('plans').select('code').orderBy('id').execute()
    throw new UnknownPlanError(`Unknown plan "${planCode}"; plans: ${codes.map((row) => row.code).join(', ')}`)
  }
  return plan
}

export async function createAccount(db: Db, clock: Clock, input: { name: string; planCode?: string; timeZone?: string }): Promise<AccountSummary> {
  const now = isoNow(clock)
  const plan = await planFor(db, input.planCode ?? DEFAULT_PLAN_CODE)
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE
  const { id } = await db
    .insertInto('accounts')
    .values({ name: input.name, plan_id: plan.id, time_zone: timeZone, creation_limit_override: null, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
  // Built from what was written rather than read back: the benchmark generator also runs this on
  // databases migrated only part of the way (migration tests), without the later columns.
  return {
    id: Number(id),
    name: input.name,
    plan: plan.code,
    time_zone: timeZone,
    api_access: Boolean(plan.api_access),
    monthly_creation_limit: plan.monthly_creation_limit,
    creation_limit_override: null,
    document: null,
    address: null,
    phone: null,
    email: null,
  }
}

function accountSummaries(db: Db) {
  return db
    .selectFrom('accounts')
    .innerJoin('plans', 'plans.id', 'accounts.plan_id')
    .select([
      'accounts.id',
      'accounts.name',
      'plans.code as plan',
      'accounts.time_zone',
      'plans.api_access',
      'plans.monthly_creation_limit',
      'accounts.creation_limit_override',
      'accounts.document',
      'accounts.address',
      'accounts.phone',
      'accounts.email',
    ])
}

function toSummary(row: Omit<AccountSummary, 'api_access'> & { api_access: boolean | number }): AccountSummary {
  return { ...row, api_access: Boolean(row.api_access) }
}

export async function findAccount(db: Db, accountId: number): Promise<AccountSummary | undefined> {
  const row = await accountSummaries(db).where('accounts.id', '=', accountId).executeTakeFirst()
  return row && toSummary(row)
}

export async function listAccounts(db: Db): Promise<AccountSummary[]> {
  return (await accountSummaries(db).orderBy('accounts.id').execute()).map(toSummary)
}

/** `by`: who changes it (support, from the CLI), for the account's activity. */
export async function setAccountPlan(db: Db, clock: Clock, accountId: number, planCode: string, by?: ActivityActor): Promise<AccountSummary> {
  const planId = (await planFor(db, planCode)).id
  await inActivityTransaction(db, by, async (trx) => {
    if (by) await lockAccount(trx, accountId)
    const before = await trx.selectFrom('accounts').innerJoin('plans', 'plans.id', 'accounts.plan_id').select('plans.code').where('accounts.id', '=', accountId).executeTakeFirst()
    const result = await trx.updateTable('accounts').set({ plan_id: planId, updated_at: isoNow(clock) }).where('id', '=', accountId).executeTakeFirst()
    if (result.numUpdatedRows === 0n) throw new AccountNotFoundError(`Account ${accountId} does not exist`)
    await recordChanges(trx, clock, accountId, by, { action: 'account.plan_changed', changes: changedFields({ plan: before?.code ?? null }, { plan: planCode }) })
  })
  // The plan decides API access: this process's cached token lookups forget it now (others within a second).
  announceApiTokenChange()
  return (await findAccount(db, accountId))!
}

/** Support's override of the plan's monthly creation limit; null goes back to the plan's. */
export async function setAccountCreationLimit(db: Db, clock: Clock, accountId: number, limit: number | null, by?: ActivityActor): Promise<AccountSummary> {
  await inActivityTransaction(db, by, async (trx) => {
    if (by) await lockAccount(trx, accountId)
    const before = await trx.selectFrom('accounts').select('creation_limit_override').where('id', '=', accountId).executeTakeFirst()
    const result = await trx
      .updateTable('accounts')
      .set({ creation_limit_override: limit, updated_at: isoNow(clock) })
      .where('id', '=', accountId)
      .executeTakeFirst()
    if (result.numUpdatedRows === 0n) throw new AccountNotFoundError(`Account ${accountId} does not exist`)
    // null: the plan's own limit.
    await recordChanges(trx, clock, accountId, by, { action: 'account.creation_limit_changed', changes: changedFields({ creation_limit: before?.creation_limit_override ?? null }, { creation_limit: limit }) })
  })
  return (await findAccount(db, accountId))!
}
