// The discount rule itself, without a database: a limit (the account's or a seller's) as typed and shown, a
// document's discount as a share of its subtotal (exact integers), and where a draft stands given
// its history of requests and approvals (discount-approval.ts acts on it).

/** What the rule reads of a document: its gross sum and its discounts, in cents. */
export interface DiscountFigures {
  subtotal_cents: number
  discount_cents: number
}

/** The discount is more than `limitBp` hundredths of a percent of the subtotal (exact: cents can pass 2^53 once multiplied). */
export function discountExceeds(figures: DiscountFigures, limitBp: number): boolean {
  return BigInt(figures.discount_cents) * 10_000n > BigInt(limitBp) * BigInt(figures.subtotal_cents)
}

/** The discount's share of the subtotal in hundredths of a percent, rounded up: a share just past the limit never reads as the limit. */
export function discountShareBp(figures: DiscountFigures): number {
  if (figures.subtotal_cents <= 0) return 0
  const subtotal = BigInt(figures.subtotal_cents)
  return Number((BigInt(figures.discount_cents) * 10_000n + subtotal - 1n) / subtotal)
}

/** An approval of `approved` covers `current` when its discount is no larger a share of its subtotal. */
function covers(approved: DiscountFigures, current: DiscountFigures): boolean {
  return BigInt(current.discount_cents) * BigInt(approved.subtotal_cents) <= BigInt(approved.discount_cents) * BigInt(current.subtotal_cents)
}

/** A history entry as the document's detail holds it. */
export interface HistoryView {
  type: string
  at: string
  actor: { type: string; id: number | null; name: string }
  data: Record<string, unknown>
}

export type DiscountApprovalState =
  | { status: 'not_required' }
  | { status: 'pending'; shareBp: number; limitBp: number; requested: { at: string; by: string } | null }
  /** `approvedBp`: the share the approval was given for, which may exceed the draft's own since. */
  | { status: 'approved'; shareBp: number; approvedBp: number; limitBp: number; at: string; by: string }

/** The figures an approval or a request recorded, or null for an entry that holds none. */
function recordedFigures(entry: HistoryView): DiscountFigures | null {
  const { subtotal_cents: subtotal, discount_cents: discount } = entry.data
  return Number.isSafeInteger(subtotal) && Number.isSafeInteger(discount) && (subtotal as number) > 0 ? { subtotal_cents: subtotal as number, discount_cents: discount as number } : null
}

/**
 * Where a draft stands under the limit it answers to (its seller's, else the account's), given its history (oldest first). `marked` is
 * the draft's `discount_approval_requested_at` being set: a request stands only while it is, so
 * the page, the Painel and "already asked" always agree (an edit of the items, a limit that left
 * the draft under it, ends the request; the draft is asked for again).
 */
export function discountApprovalState(limitBp: number | null, figures: DiscountFigures, history: readonly HistoryView[], marked = false): DiscountApprovalState {
  if (limitBp === null || !discountExceeds(figures, limitBp)) return { status: 'not_required' }
  const shareBp = discountShareBp(figures)
  for (let index = history.length - 1; index >= 0; index--) {
    const entry = history[index]!
    const approved = entry.type === 'discount_approved' ? recordedFigures(entry) : null
    if (approved !== null && covers(approved, figures)) return { status: 'approved', shareBp, approvedBp: discountShareBp(approved), limitBp, at: entry.at, by: entry.actor.name }
  }
  const lastApproval = history.findLastIndex((entry) => entry.type === 'discount_approved')
  const request = marked ? history.slice(lastApproval + 1).findLast((entry) => entry.type === 'discount_approval_requested') : undefined
  return { status: 'pending', shareBp, limitBp, requested: request ? { at: request.at, by: request.actor.name } : null }
}

/**
 * The limit as an admin types it ("10", "12,5", "7.5 %"), in hundredths of a percent: blank is
 * none (null), 'invalid' what is not a percentage from 0 to 99,99 with at most two decimals.
 * 0 asks for approval of every discount.
 */
export function parseDiscountLimit(typed: string): number | null | 'invalid' {
  const text = typed.trim().replace(/\s*%$/, '')
  if (text === '') return typed.trim() === '' ? null : 'invalid'
  const match = /^(\d{1,2})(?:[.,](\d{1,2}))?$/.exec(text)
  if (!match) return 'invalid'
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
}

/** A stored limit as the settings form shows it: 1250 → "12,5". */
export function discountLimitInput(bp: number | null): string {
  return bp === null ? '' : (bp / 100).toLocaleString('pt-BR', { maximumFractionDigits: 2, useGrouping: false })
}

/** "12,5%": a limit or a share, in hundredths of a percent. */
export function formatShare(bp: number): string {
  return `${(bp / 100).toLocaleString('pt-BR', { maximumFractionDigits: 2 })}%`
}

/** 1250 → "12.5": the API's words for a share. */
export function percentText(bp: number): string {
  return String(bp / 100)
}

/**
 * Where a draft stands, as the API's detail says it (`discount_approval`): null when sending needs
 * no approval (not a draft, no limit, a discount within it); else `required` (nobody asked),
 * `requested` (asked, no answer yet) or `approved` (an approval covers the discount as it stands).
 */
export function discountApprovalView(state: DiscountApprovalState) {
  if (state.status === 'not_required') return null
  const requested = state.status === 'pending' ? state.requested : null
  const approved = state.status === 'approved' ? state : null
  return {
    status: approved ? ('approved' as const) : requested ? ('requested' as const) : ('required' as const),
    discount_percent: percentText(state.shareBp),
    limit_percent: percentText(state.limitBp),
    requested_at: requested?.at ?? null,
    requested_by: requested?.by ?? null,
    approved_percent: approved ? percentText(approved.approvedBp) : null,
    approved_at: approved?.at ?? null,
    approved_by: approved?.by ?? null,
  }
}
