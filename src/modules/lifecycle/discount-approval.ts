// Discount approval: an account may set the largest discount its documents carry without an
// admin's say (Configurações → Conta, a share of the subtotal). A draft whose discount is a larger
// share cannot be sent, by the web app or the API, until an admin approves it; a member asks for
// it and the account's admins hear by e-mail. Requests and approvals are history entries, with the
// figures they were about: an approval covers the document while its discount stays no larger a
// share of its subtotal than the one approved, so editing a title, a signer or a quantity at the
// same discount keeps it, and raising the discount needs a new one.
import { sql } from 'kysely'
import { isoNow } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import { AppError } from '../../platform/errors.js'
import { discountApprovedEmail, discountApprovalRequestEmail } from '../notifications/email-messages.js'
import { queueEmail } from '../notifications/queue-email.js'
import { actorInMessages } from '../proposals/actor.js'
import { proposalLinks } from '../proposals/proposal-mapper.js'
import { recordProposalEvent } from '../proposals/proposal-content-writes.js'
import { type ActionContext, lockProposal, type ProposalRow, recordProposalDomainEvent } from './action-context.js'
import { assertTransition } from './transitions.js'
import { type DiscountApprovalState, type DiscountFigures, discountApprovalState, discountExceeds, formatShare, type HistoryView, percentText } from './discount-rule.js'

/**
 * The limit a draft of `sellerId` answers to, in hundredths of a percent: the seller's own when an
 * admin set one (Cadastros › Usuários), else the account's; null when neither asks for approvals.
 * A draft without a seller (made through the API without one) answers to the account's.
 */
export async function findDiscountApprovalLimit(db: Db, accountId: number, sellerId: number | null): Promise<number | null> {
  const row = await db
    .selectFrom('accounts as acc')
    .leftJoin('users as s', (join) => join.onRef('s.account_id', '=', 'acc.id').on('s.id', '=', sellerId ?? 0))
    .select(draftDiscountLimit('s.discount_approval_above_bp', 'acc.id').as('limit_bp'))
    .where('acc.id', '=', accountId)
    .executeTakeFirst()
  return row?.limit_bp ?? null
}

/**
 * The same rule inside a query: `sellerLimit` is the seller's column (of a users row joined on the
 * draft's seller and account, null without one) and `accountId` the draft's account column; the
 * detail and the Painel's requests read it for every draft they list.
 */
export function draftDiscountLimit(sellerLimit: string, accountId: string) {
  return sql<number | null>`coalesce(${sql.ref(sellerLimit)}, (select a.discount_approval_above_bp from accounts as a where a.id = ${sql.ref(accountId)}))`
}

/** The documents' approval entries and requests, as history views (oldest first), by document. */
export async function approvalHistories(db: Db, accountId: number, proposalIds: number[]): Promise<Map<number, HistoryView[]>> {
  const histories = new Map<number, HistoryView[]>(proposalIds.map((id) => [id, []]))
  if (proposalIds.length === 0) return histories
  const rows = await db
    .selectFrom('proposal_events')
    .select(['proposal_id', 'type', 'actor_type', 'actor_id', 'actor_name', 'data_json', 'created_at'])
    .where('account_id', '=', accountId)
    .where('proposal_id', 'in', proposalIds)
    .where('type', 'in', ['discount_approval_requested', 'discount_approved'])
    .orderBy('id')
    .execute()
  for (const row of rows) {
    histories.get(row.proposal_id)?.push({ type: row.type, at: row.created_at, actor: { type: row.actor_type, id: row.actor_id, name: row.actor_name }, data: JSON.parse(row.data_json) as Record<string, unknown> })
  }
  return histories
}

async function approvalHistory(db: Db, accountId: number, proposalId: number): Promise<HistoryView[]> {
  return (await approvalHistories(db, accountId, [proposalId])).get(proposalId)!
}

/**
 * Sending's check: a discount past the account's limit needs an approval that covers it. Sending
 * runs it on the draft it read (before building the PDF) and again on the row it locked, inside
 * its transaction, so neither an edit nor a new limit made meanwhile slips through.
 */
export async function assertDiscountApproved(db: Db, accountId: number, row: Pick<ProposalRow, 'id' | 'seller_id' | 'subtotal_cents' | 'discount_cents'>): Promise<void> {
  const limitBp = await findDiscountApprovalLimit(db, accountId, row.seller_id)
  if (limitBp === null || !discountExceeds(row, limitBp)) return
  const state = discountApprovalState(limitBp, row, await approvalHistory(db, accountId, row.id))
  if (state.status !== 'pending') return
  throw new AppError(
    'discount_approval_required',
    `Document ${row.id} has a discount of ${percentText(state.shareBp)}% of its subtotal, above the ${percentText(limitBp)}% allowed without approval (the seller's own limit, else the account's): an admin must approve it in the web app before it is sent. Nothing was sent.`,
    { discount_percent: percentText(state.shareBp), limit_percent: percentText(limitBp) },
  )
}

/** What an approval or a request did; `notified` counts the e-mails it queued. */
export type NothingDone = { outcome: 'not_required' | 'already_approved' | 'already_requested' | 'changed' | 'not_allowed' }
export type ApprovalOutcome = NothingDone | { outcome: 'approved'; notified: number; shareBp: number }
export type RequestOutcome = NothingDone | { outcome: 'requested'; notified: number; shareBp: number }

interface Locked {
  row: ProposalRow
  state: DiscountApprovalState
  history: HistoryView[]
  accountName: string
}

/** What a request or an approval answers for a draft that does not wait: approved already, or nothing to approve. */
function settledOutcome(state: DiscountApprovalState): NothingDone {
  return { outcome: state.status === 'approved' ? 'already_approved' : 'not_required' }
}

/**
 * Reads the draft under its lock with where it stands; only a draft's discount is approved. A
 * draft that no longer waits (its discount lowered, the limit raised) loses the Painel's marker.
 */
async function lockedDraft(trx: Db, accountId: number, id: number): Promise<Locked> {
  const row = await lockProposal(trx, accountId, id)
  assertTransition(row.status, 'update')
  const account = await trx.selectFrom('accounts').select('name').where('id', '=', accountId).executeTakeFirstOrThrow()
  const limitBp = await findDiscountApprovalLimit(trx, accountId, row.seller_id)
  const history = await approvalHistory(trx, accountId, id)
  const state = discountApprovalState(limitBp, row, history, row.discount_approval_requested_at !== null)
  if (state.status !== 'pending' && row.discount_approval_requested_at !== null) await markRequested(trx, accountId, [id], null)
  return { row, history, accountName: account.name, state }
}

function recordedData(row: ProposalRow, state: DiscountApprovalState & { status: 'pending' }) {
  return { subtotal_cents: row.subtotal_cents, discount_cents: row.discount_cents, share_bp: state.shareBp, limit_bp: state.limitBp }
}

/**
 * The Painel's marker of drafts waiting for an answer (discount-requests.ts): set by a request;
 * cleared by the approval, by sending or cancelling, by an edit of the items (the request named
 * other figures) and when the limit changes so that they no longer wait.
 */
async function markRequested(trx: Db, accountId: number, ids: number[], at: string | null): Promise<void> {
  if (ids.length === 0) return
  await trx.updateTable('proposals').set({ discount_approval_requested_at: at }).where('account_id', '=', accountId).where('id', 'in', ids).execute()
}

/**
 * A limit just saved, in the same transaction (the account's, or with `sellerId` one seller's, or
 * with `proposalId` the one a draft answers to since its seller changed):
 * the drafts asked for that it leaves under their limit wait no more. The no-op UPDATE locks them
 * (lockProposal's portable lock) and reads them as they are now, so a request or an edit committed
 * meanwhile is judged on its own figures, and one still running waits for this transaction and
 * reads the new limit. Each draft is judged by its own seller's limit, else the account's.
 */
export async function settleDiscountRequests(trx: Db, accountId: number, scope: { sellerId?: number; proposalId?: number } = {}): Promise<void> {
  let marked = trx
    .updateTable('proposals')
    .set((eb) => ({ discount_approval_requested_at: eb.ref('discount_approval_requested_at') }))
    .where('account_id', '=', accountId)
    .where('discount_approval_requested_at', 'is not', null)
  if (scope.sellerId !== undefined) marked = marked.where('seller_id', '=', scope.sellerId)
  if (scope.proposalId !== undefined) marked = marked.where('id', '=', scope.proposalId)
  const rows = await marked.returning(['id', 'seller_id', 'subtotal_cents', 'discount_cents']).execute()
  const settled: number[] = []
  const limits = new Map<number | null, number | null>()
  for (const row of rows) {
    if (!limits.has(row.seller_id)) limits.set(row.seller_id, await findDiscountApprovalLimit(trx, accountId, row.seller_id))
    const limitBp = limits.get(row.seller_id)!
    if (limitBp === null || !discountExceeds(row, limitBp)) settled.push(row.id)
  }
  await markRequested(trx, accountId, settled, null)
}

/** The active users of the account with these ids or this role, but the one acting, by e-mail address. */
async function recipients(trx: Db, accountId: number, who: { role: 'admin' } | { ids: number[] }, except: number | null): Promise<string[]> {
  let query = trx.selectFrom('users').select(['id', 'email']).where('account_id', '=', accountId).where('active', '=', true)
  query = 'role' in who ? query.where('role', '=', who.role) : query.where('id', 'in', who.ids.length > 0 ? who.ids : [0])
  const users = await query.orderBy('id').execute()
  return users.filter((user) => user.id !== except).map((user) => user.email)
}

/**
 * A member (or an integration, through the API) asks the account's admins to approve the draft's
 * discount: a history entry and an e-mail to each active admin but the one asking. Asking again
 * while a request stands records nothing and e-mails no one.
 */
export async function requestDiscountApproval(db: Db, ctx: ActionContext, id: number): Promise<RequestOutcome> {
  const { accountId, clock } = ctx
  return db.transaction().execute(async (trx): Promise<RequestOutcome> => {
    const outcome = await requestOnce(trx)
    // An API call's Idempotency-Key is bound to the document whatever the outcome: nothing to do is an answer too.
    await ctx.onCommitted?.(trx)
    return outcome
  })

  async function requestOnce(trx: Db): Promise<RequestOutcome> {
    const { row, state, accountName } = await lockedDraft(trx, accountId, id)
    if (state.status !== 'pending') return settledOutcome(state)
    if (state.requested !== null) return { outcome: 'already_requested' }
    const now = isoNow(clock)
    await recordProposalEvent(trx, accountId, id, { type: 'discount_approval_requested', actor: ctx.actor, data: recordedData(row, state), at: now })
    await markRequested(trx, accountId, [id], now)
    const admins = await recipients(trx, accountId, { role: 'admin' }, ctx.actor.type === 'user' ? ctx.actor.id : null)
    const email = discountApprovalRequestEmail({
      accountName,
      proposal: { number: row.number, title: row.title },
      requesterName: actorInMessages(ctx.actor),
      share: formatShare(state.shareBp),
      limit: formatShare(state.limitBp),
      subtotalCents: row.subtotal_cents,
      discountCents: row.discount_cents,
      documentUrl: proposalLinks(ctx.publicUrl, id).web,
    })
    for (const to of admins) await queueEmail(trx, clock, { accountId, proposalId: id, kind: 'discount_approval', to, ...email })
    return { outcome: 'requested', notified: admins.length, shareBp: state.shareBp }
  }
}

/** The approver's user id when they are an active admin of the account (the web route lets only admins here; this says so again at the moment of approving). */
async function approverId(trx: Db, accountId: number, ctx: ActionContext): Promise<number | null> {
  const { actor } = ctx
  if (actor.type !== 'user' || actor.id === null) return null
  const user = await trx.selectFrom('users').select(['role', 'active']).where('account_id', '=', accountId).where('id', '=', actor.id).executeTakeFirst()
  return user && user.role === 'admin' && Boolean(user.active) ? actor.id : null
}

/**
 * An admin approves the draft's discount: a history entry with the figures approved, and an e-mail
 * to whoever asked since the last approval. `seen` are the figures the admin's page showed: when
 * the draft holds others now (edited meanwhile), nothing is approved and the admin looks again.
 */
export async function approveDiscount(db: Db, ctx: ActionContext, id: number, seen: DiscountFigures | null): Promise<ApprovalOutcome> {
  const { accountId, clock } = ctx
  return db.transaction().execute(async (trx): Promise<ApprovalOutcome> => {
    const approver = await approverId(trx, accountId, ctx)
    if (approver === null) return { outcome: 'not_allowed' }
    const { row, state, history, accountName } = await lockedDraft(trx, accountId, id)
    if (state.status !== 'pending') return settledOutcome(state)
    if (seen === null || seen.subtotal_cents !== row.subtotal_cents || seen.discount_cents !== row.discount_cents) return { outcome: 'changed' }
    const now = isoNow(clock)
    await recordProposalEvent(trx, accountId, id, { type: 'discount_approved', actor: ctx.actor, data: recordedData(row, state), at: now })
    await markRequested(trx, accountId, [id], null)
    // An integration whose send was refused (422 discount_approval_required) hears it may send now.
    await recordProposalDomainEvent(trx, clock, accountId, id, 'proposal.discount_approved', { discount_percent: percentText(state.shareBp), approved_by: ctx.actor.name })
    const lastApproval = history.findLastIndex((entry) => entry.type === 'discount_approved')
    const askers = history.slice(lastApproval + 1).filter((entry) => entry.type === 'discount_approval_requested' && entry.actor.type === 'user' && entry.actor.id !== null)
    const to = await recipients(trx, accountId, { ids: [...new Set(askers.map((entry) => entry.actor.id!))] }, approver)
    const email = discountApprovedEmail({ accountName, proposal: { number: row.number, title: row.title }, approverName: ctx.actor.name, share: formatShare(state.shareBp), documentUrl: proposalLinks(ctx.publicUrl, id).web })
    for (const address of to) await queueEmail(trx, clock, { accountId, proposalId: id, kind: 'discount_approved', to: address, ...email })
    return { outcome: 'approved', notified: to.length, shareBp: state.shareBp }
  })
}
