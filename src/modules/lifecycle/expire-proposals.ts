// Automatic expiry: a document still waiting for signatures (sent|viewed) whose valid_until — a
// calendar date — is before today in its account's time zone becomes `expired`, its signing
// links stop working, and its seller is told (expiry-notices.ts). Run every few minutes by the server (background-jobs.ts); each document
// expires in its own transaction, re-checked under the row lock, so several processes may run it.
import { SYSTEM_ACTOR } from '../proposals/actor.js'
import type { Clock } from '../../platform/clock.js'
import { isoNow } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import { localDate } from '../../platform/time-zones.js'
import { recordProposalEvent } from '../proposals/proposal-content-writes.js'
import { lockProposal, recordProposalDomainEvent } from './action-context.js'
import { queueExpiredNotice } from './expiry-notices.js'
import { canTransition } from './transitions.js'
import { isOpenStatus } from './open-status-term.js'
import { validityEnded } from './validity.js'


/** Expires every overdue open document; returns how many expired. */
export async function expireProposals(db: Db, clock: Clock, publicUrl: string): Promise<number> {
  const now = clock.now()
  // No time zone is ahead of UTC by more than 14 hours: nothing whose validity ends on or after
  // that date can be overdue anywhere, so the scan stays on the (status, valid_until) index.
  const latestToday = localDate(new Date(now.getTime() + 14 * 3600_000), 'UTC')
  const candidates = await db
    .selectFrom('proposals as p')
    .innerJoin('accounts as a', 'a.id', 'p.account_id')
    .select(['p.id', 'p.account_id', 'p.valid_until', 'a.time_zone'])
    .where(isOpenStatus('p.status'))
    .where('p.valid_until', 'is not', null)
    .where('p.valid_until', '<', latestToday)
    .orderBy('p.id')
    .execute()
  let expired = 0
  for (const candidate of candidates) {
    if (!validityEnded(candidate.valid_until, now, candidate.time_zone)) continue
    if (await expireProposal(db, clock, candidate.account_id, candidate.id, candidate.time_zone, publicUrl)) expired++
  }
  return expired
}

/** Expires one document if it is open and overdue, re-checked under its row lock; whether it did. */
export async function expireProposal(db: Db, clock: Clock, accountId: number, id: number, timeZone: string, publicUrl: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await lockProposal(trx, accountId, id)
    if (!canTransition(row.status, 'expire') || !validityEnded(row.valid_until, clock.now(), timeZone)) return false
    const at = isoNow(clock)
    await trx.updateTable('proposals').set({ status: 'expired', expired_at: at, updated_at: at }).where('account_id', '=', accountId).where('id', '=', id).execute()
    await recordProposalEvent(trx, accountId, id, { type: 'expired', actor: SYSTEM_ACTOR, data: { valid_until: row.valid_until, previous_status: row.status }, at })
    await recordProposalDomainEvent(trx, clock, accountId, id, 'proposal.expired')
    await queueExpiredNotice(trx, clock, publicUrl, row)
    return true
  })
}
