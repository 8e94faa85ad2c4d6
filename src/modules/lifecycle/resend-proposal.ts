// An on-demand reminder: the signing link again, by e-mail, to the signers whose turn it is and
// who have not signed (status sent|viewed) — all of them, or the ones named. A signer gets at most
// RESEND_DAILY_CAP reminders per calendar day in the account's time zone, so the feature cannot be
// used to flood someone's inbox; over the cap the whole request is refused (429 with Retry-After
// to the next local midnight) and nothing is sent.
import { isoNow } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import { AppError, validationError } from '../../platform/errors.js'
import { dayBounds, localDate } from '../../platform/time-zones.js'
import { reminderEmail } from '../notifications/email-messages.js'
import { queueEmail } from '../notifications/queue-email.js'
import { recordProposalEvent } from '../proposals/proposal-content-writes.js'
import { type ActionContext, lockProposal } from './action-context.js'
import { correspondenceFor, signerCorrespondence } from './signer-correspondence.js'
import { signingLinkUrl } from './signing-link.js'
import { assertTransition } from './transitions.js'
import { assertValidityOpen } from './validity.js'

export const RESEND_DAILY_CAP = 3

/**
 * Refuses (429 with Retry-After to the next local midnight) when the signer's address already got
 * RESEND_DAILY_CAP messages of these kinds about the document today, in the account's zone.
 */
export async function assertUnderDailyCap(trx: Db, ctx: ActionContext, proposalId: number, signer: { id: number; email: string }, kinds: string[]): Promise<void> {
  const now = ctx.clock.now()
  const today = dayBounds(localDate(now, ctx.timeZone), ctx.timeZone)
  const sentToday = await trx
    .selectFrom('outbox_emails')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('account_id', '=', ctx.accountId)
    .where('proposal_id', '=', proposalId)
    .where('kind', 'in', kinds)
    .where('to_address', '=', signer.email)
    .where('created_at', '>=', today.start.toISOString())
    .where('created_at', '<', today.end.toISOString())
    .executeTakeFirstOrThrow()
  if (Number(sentToday.count) >= RESEND_DAILY_CAP) {
    const retryAfter = Math.max(1, Math.ceil((today.end.getTime() - now.getTime()) / 1000))
    throw new AppError('resend_limit_reached', `Signer ${signer.id} already received ${RESEND_DAILY_CAP} messages about this document today; try again tomorrow.`, {
      signer_id: signer.id,
      headers: { 'retry-after': String(retryAfter) },
    })
  }
}

export interface ResendInput {
  signerIds?: number[]
  /**
   * Sent by the automatic reminders (automatic-reminders.ts), for the signers still due under the
   * lock: last reminded (or invited) at or before `waitedSince`, fewer than `max` automatic
   * reminders. Another process that got there first leaves none due, and nothing is sent twice.
   */
  automatic?: { waitedSince: string; max: number }
}

export async function resendProposal(db: Db, ctx: ActionContext, id: number, input: ResendInput = {}): Promise<{ signerIds: number[] }> {
  const { accountId, clock } = ctx
  return db.transaction().execute(async (trx) => {
    const row = await lockProposal(trx, accountId, id)
    assertTransition(row.status, 'resend', row.signature_type)
    assertValidityOpen(row, clock.now(), ctx.timeZone)
    const signers = await trx
      .selectFrom('proposal_signers')
      .select(['id', 'name', 'email', 'status', 'sign_token', 'sent_at', 'reminded_at', 'auto_reminders'])
      .where('account_id', '=', accountId)
      .where('proposal_id', '=', id)
      .orderBy('signing_order')
      .orderBy('id')
      .execute()
    const waiting = signers.filter((signer) => (signer.status === 'sent' || signer.status === 'viewed') && signer.sign_token !== null)
    let targets = waiting
    if (input.signerIds !== undefined) {
      const errors = input.signerIds
        .map((signerId, index) => ({ signerId, index }))
        .filter(({ signerId }) => !waiting.some((signer) => signer.id === signerId))
        .map(({ signerId, index }) => ({
          in: 'body' as const,
          path: `/signer_ids/${index}`,
          message: signers.some((signer) => signer.id === signerId) ? 'this signer is not waiting to sign (not their turn yet, or already signed or rejected)' : 'no signer of this document has this id',
        }))
      if (errors.length > 0) throw validationError(errors)
      targets = waiting.filter((signer) => input.signerIds!.includes(signer.id))
    }
    if (input.automatic) {
      const { waitedSince, max } = input.automatic
      targets = targets.filter((signer) => signer.auto_reminders < max && Date.parse(String(signer.reminded_at ?? signer.sent_at)) <= Date.parse(waitedSince))
      if (targets.length === 0) return { signerIds: [] }
    }
    if (targets.length === 0) throw validationError([{ in: 'body', path: '/signer_ids', message: 'no signer is waiting to sign' }])

    for (const signer of targets) await assertUnderDailyCap(trx, ctx, id, { id: signer.id, email: signer.email }, ['reminder'])

    const correspondence = await signerCorrespondence(trx, accountId, row)
    for (const signer of targets) {
      const part = correspondenceFor(correspondence, signer.email)
      const email = reminderEmail({
        ...part.text,
        proposal: { number: row.number, title: row.title },
        signer: { name: signer.name },
        signUrl: signingLinkUrl(ctx.publicUrl, signer.sign_token!),
        validUntil: row.valid_until,
      })
      await queueEmail(trx, clock, { accountId, proposalId: id, kind: 'reminder', to: signer.email, ...email, replyTo: part.replyTo })
    }
    const signerIds = targets.map((signer) => signer.id)
    // Any reminder restarts the automatic reminders' wait; only theirs count against their cap.
    await trx
      .updateTable('proposal_signers')
      .set((eb) => ({ reminded_at: isoNow(clock), ...(input.automatic ? { auto_reminders: eb('auto_reminders', '+', 1) } : {}) }))
      .where('account_id', '=', accountId)
      .where('id', 'in', signerIds)
      .execute()
    await recordProposalEvent(trx, accountId, id, { type: 'resent', actor: ctx.actor, data: { signer_ids: signerIds, ...(input.automatic ? { automatic: true } : {}) }, at: isoNow(clock) })
    await ctx.onCommitted?.(trx)
    return { signerIds }
  })
}
