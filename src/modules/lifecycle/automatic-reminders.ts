// Automatic reminders: an account that chose "a cada N dias" (Configurações → Conta) has the
// signing link sent again to each signer whose turn it is and who has not signed (invited since
// the account turned them on), N days after their invitation or their last reminder (a reminder sent by hand restarts the wait), at most
// AUTO_REMINDER_MAX times, and only in the daytime of the account's zone, so nobody is woken by a
// reminder at 3 a.m. Each document's reminders go through resendProposal (the same message, event
// and daily cap as a reminder sent by hand), as Vendoc itself; run hourly by the server
// (background-jobs.ts). A document that cannot be reminded now (validity ended, cap reached,
// cancelled meanwhile) is skipped and looked at again on the next run.
import { SYSTEM_ACTOR } from '../proposals/actor.js'
import type { Clock } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import { AppError } from '../../platform/errors.js'
import { isDaytime } from './daytime.js'
import { resendProposal } from './resend-proposal.js'

/** The intervals offered, in days. */
export const AUTO_REMINDER_DAYS = [2, 3, 5, 7] as const
/** Automatic reminders per signer, at most. */
export const AUTO_REMINDER_MAX = 3

const DAY_MS = 24 * 3600_000

/** Sends every automatic reminder due now; returns how many signers were reminded. */
export async function sendAutomaticReminders(db: Db, clock: Clock, publicUrl: string): Promise<number> {
  const now = clock.now()
  const accounts = await db
    .selectFrom('accounts')
    .select(['id', 'time_zone', 'auto_reminder_days', 'auto_reminders_since'])
    .where('auto_reminder_days', 'is not', null)
    .where('auto_reminders_since', 'is not', null)
    .orderBy('id')
    .execute()
  let reminded = 0
  for (const account of accounts) {
    if (!isDaytime(now, account.time_zone)) continue
    const waitedSince = new Date(now.getTime() - account.auto_reminder_days! * DAY_MS).toISOString()
    // The account's open documents (its status index), then their waiting signers.
    const due = await db
      .selectFrom('proposals as p')
      .innerJoin('proposal_signers as s', (join) => join.onRef('s.account_id', '=', 'p.account_id').onRef('s.proposal_id', '=', 'p.id'))
      .select(['s.id', 's.proposal_id'])
      .where('p.account_id', '=', account.id)
      .where('p.status', 'in', ['sent', 'viewed'])
      .where('s.status', 'in', ['sent', 'viewed'])
      .where('s.sign_token', 'is not', null)
      // Invited since the account turned them on: not every document of the past years at once.
      .where('s.sent_at', '>=', account.auto_reminders_since!)
      .where('s.auto_reminders', '<', AUTO_REMINDER_MAX)
      .where((eb) => eb(eb.fn.coalesce('s.reminded_at', 's.sent_at'), '<=', waitedSince))
      .orderBy('s.proposal_id')
      .orderBy('s.id')
      .execute()
    const byDocument = new Map<number, number[]>()
    for (const signer of due) byDocument.set(signer.proposal_id, [...(byDocument.get(signer.proposal_id) ?? []), signer.id])
    for (const [proposalId, signerIds] of byDocument) {
      const context = { accountId: account.id, timeZone: account.time_zone, clock, actor: SYSTEM_ACTOR, publicUrl }
      try {
        const result = await resendProposal(db, context, proposalId, { signerIds, automatic: { waitedSince, max: AUTO_REMINDER_MAX } })
        reminded += result.signerIds.length
      } catch (error) {
        if (!(error instanceof AppError)) throw error
      }
    }
  }
  return reminded
}
