// The seller hears before and when a document's validity runs out, so no deal dies unnoticed:
// - a warning, once per document, when an open document (sent or viewed) enters its last
//   EXPIRY_WARNING_DAYS days, in the daytime of the account's zone (run hourly by the server,
//   background-jobs.ts). Not for a document sent already inside that window: its seller has just
//   chosen the date. A user may turn the warnings off (Minha conta → Avisos por e-mail);
// - the notice that it expired, written by the expiry itself (expire-proposals.ts), always, with
//   the way to send it again: a sent document's validity is printed in its original and cannot
//   move, so a new date means a new document ("Duplicar").
// Both go to the document's seller, or without an active one to the account's admins
// (seller-recipients.ts), and are written in the same transaction as what they tell.
import { type Clock, isoNow } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import { addCalendarDays, calendarDaysBetween, localDate } from '../../platform/time-zones.js'
import { NOTICE_PREFERENCES_PATH } from '../accounts/notice-preferences.js'
import { expiredEmail, expiryWarningEmail, type ExpiryNoticeInput } from '../notifications/email-messages.js'
import { queueEmail } from '../notifications/queue-email.js'
import { proposalLinks } from '../proposals/proposal-mapper.js'
import { lockProposal, type ProposalRow } from './action-context.js'
import { isDaytime } from './daytime.js'
import { sellerOrAdmins } from './seller-recipients.js'
import { OPEN_STATUSES } from './transitions.js'
import { isOpenStatus } from './open-status-term.js'

/** The warning goes out when this many days or fewer are left after today (3: on the 5th for the 8th). */
export const EXPIRY_WARNING_DAYS = 3

const HOUR_MS = 3600_000

/** Whether an open document is due its warning today: inside the window now, and sent before it began. */
export function expiryWarningDue(document: { valid_until: string | null; sent_at: string | null }, now: Date, timeZone: string): boolean {
  if (document.valid_until === null || document.sent_at === null) return false
  const daysLeft = calendarDaysBetween(localDate(now, timeZone), document.valid_until)
  if (daysLeft < 0 || daysLeft > EXPIRY_WARNING_DAYS) return false
  return localDate(new Date(document.sent_at), timeZone) < addCalendarDays(document.valid_until, -EXPIRY_WARNING_DAYS)
}

/** Writes every expiry warning due now; returns how many documents were warned about. */
export async function sendExpiryWarnings(db: Db, clock: Clock, publicUrl: string): Promise<number> {
  const now = clock.now()
  // Today is between UTC−12 and UTC+14 everywhere: only validities ending from the earliest today
  // to the latest today plus the window can be due, so the scan stays on the open documents' validity index (migration 047).
  const earliestToday = localDate(new Date(now.getTime() - 12 * HOUR_MS), 'UTC')
  const latestLastDay = addCalendarDays(localDate(new Date(now.getTime() + 14 * HOUR_MS), 'UTC'), EXPIRY_WARNING_DAYS)
  const candidates = await db
    .selectFrom('proposals as p')
    .innerJoin('accounts as a', 'a.id', 'p.account_id')
    .select(['p.id', 'p.account_id', 'p.valid_until', 'p.sent_at', 'a.time_zone'])
    .where(isOpenStatus('p.status'))
    .where('p.valid_until', '>=', earliestToday)
    .where('p.valid_until', '<=', latestLastDay)
    .where('p.expiry_warned_at', 'is', null)
    .orderBy('p.id')
    .execute()
  let warned = 0
  for (const candidate of candidates) {
    if (!isDaytime(now, candidate.time_zone) || !expiryWarningDue(candidate, now, candidate.time_zone)) continue
    if (await warnOfExpiry(db, clock, publicUrl, candidate.account_id, candidate.id, candidate.time_zone)) warned++
  }
  return warned
}

/** Warns of one document, re-checked under its row lock; whether it did. */
async function warnOfExpiry(db: Db, clock: Clock, publicUrl: string, accountId: number, id: number, timeZone: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await lockProposal(trx, accountId, id)
    if (!OPEN_STATUSES.includes(row.status) || row.expiry_warned_at !== null || !expiryWarningDue(row, clock.now(), timeZone)) return false
    await trx.updateTable('proposals').set({ expiry_warned_at: isoNow(clock) }).where('account_id', '=', accountId).where('id', '=', id).execute()
    const pending = await trx
      .selectFrom('proposal_signers')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('account_id', '=', accountId)
      .where('proposal_id', '=', id)
      .where('status', '!=', 'signed')
      .executeTakeFirstOrThrow()
    const base = publicUrl.replace(/\/+$/, '')
    const message = expiryWarningEmail({
      ...(await noticeInput(trx, base, row)),
      daysLeft: calendarDaysBetween(localDate(clock.now(), timeZone), row.valid_until!),
      remaining: Number(pending.count),
      preferencesUrl: `${base}${NOTICE_PREFERENCES_PATH}`,
    })
    for (const to of await sellerOrAdmins(trx, accountId, row.seller_id, 'expiry_warning')) await queueEmail(trx, clock, { accountId, proposalId: id, kind: 'expiry_warning', to, ...message })
    return true
  })
}

/** Inside the expiry's transaction: tells the seller's side that the document expired. */
export async function queueExpiredNotice(trx: Db, clock: Clock, publicUrl: string, row: ProposalRow): Promise<void> {
  const base = publicUrl.replace(/\/+$/, '')
  const message = expiredEmail({ ...(await noticeInput(trx, base, row)), duplicateUrl: `${base}/proposals/new?from=${row.id}` })
  for (const to of await sellerOrAdmins(trx, row.account_id, row.seller_id, 'always')) await queueEmail(trx, clock, { accountId: row.account_id, proposalId: row.id, kind: 'expired', to, ...message })
}

async function noticeInput(trx: Db, base: string, row: ProposalRow): Promise<ExpiryNoticeInput> {
  const names = await trx
    .selectFrom('accounts as a')
    .innerJoin('customers as c', (join) => join.onRef('c.account_id', '=', 'a.id').on('c.id', '=', row.customer_id))
    .select(['a.name as account_name', 'c.name as customer_name'])
    .where('a.id', '=', row.account_id)
    .executeTakeFirstOrThrow()
  return {
    accountName: names.account_name,
    proposal: { number: row.number, title: row.title, customerName: names.customer_name, signatureType: row.signature_type },
    validUntil: row.valid_until!,
    documentUrl: proposalLinks(base, row.id).web,
  }
}
