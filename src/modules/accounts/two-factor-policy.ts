// Configurações → Conta → Segurança: an account's admins may require two-step verification of
// every user. A user without it is then taken to Minha conta to set it up before any other page
// (http/web/guards.ts, through the session's mustSetUpTwoFactor); their sessions stay, so nobody
// is signed out mid-work, only held at the setup. The admin who turns it on must have it already:
// otherwise the first person held would be them, with the policy they just saved.
import type { Db } from '../../platform/db/connect.js'
import { type Clock, isoNow } from '../../platform/clock.js'
import { type ActivityActor, changedFields, recordChanges } from './account-activity.js'
import { inTransaction } from '../../platform/db/in-transaction.js'
import { lockAccount } from './accounts.js'

export interface TwoFactorPolicy {
  required: boolean
  /** Active users of the account who can sign in (a password) and have no two-step verification. */
  usersWithout: number
}

export async function findTwoFactorPolicy(db: Db, accountId: number): Promise<TwoFactorPolicy | undefined> {
  const account = await db.selectFrom('accounts').select('require_two_factor').where('id', '=', accountId).executeTakeFirst()
  if (!account) return undefined
  const without = await db
    .selectFrom('users')
    .leftJoin('user_authenticators as a', (join) => join.onRef('a.user_id', '=', 'users.id').onRef('a.account_id', '=', 'users.account_id'))
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('users.account_id', '=', accountId)
    .where('users.active', '=', true)
    // Users who can sign in: a seller never given a password is never held, so never counted.
    .where('users.password_hash', 'is not', null)
    .where('a.secret', 'is', null)
    .executeTakeFirstOrThrow()
  return { required: Boolean(account.require_two_factor), usersWithout: Number(without.n) }
}

type TwoFactorPolicyResult = { ok: true } | { ok: false; error: 'own_two_factor_first' }

export async function saveTwoFactorPolicy(db: Db, clock: Clock, actor: { accountId: number; userId: number }, required: boolean, by?: ActivityActor): Promise<TwoFactorPolicyResult> {
  if (required) {
    const own = await db.selectFrom('user_authenticators').select('secret').where('account_id', '=', actor.accountId).where('user_id', '=', actor.userId).executeTakeFirst()
    if (!own?.secret) return { ok: false, error: 'own_two_factor_first' }
  }
  await inTransaction(db, async (trx) => {
    await lockAccount(trx, actor.accountId)
    const before = await trx.selectFrom('accounts').select('require_two_factor').where('id', '=', actor.accountId).executeTakeFirstOrThrow()
    await trx.updateTable('accounts').set({ require_two_factor: required, updated_at: isoNow(clock) }).where('id', '=', actor.accountId).execute()
    await recordChanges(trx, clock, actor.accountId, by, { action: 'account.two_factor_policy_changed', changes: changedFields({ required: Boolean(before.require_two_factor) }, { required }) })
  })
  return { ok: true }
}
