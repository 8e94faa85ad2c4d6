// The discount rule's arithmetic and reading, without a database: the limit as an admin types it,
// the exact comparison at the boundary and at the largest totals, the share as people read it
// (rounded up, so a share past the limit never reads as the limit), and where a draft stands given
// the approvals and requests in its history.
import { describe, expect, it } from 'vitest'
import { discountApprovalState, discountApprovalView, discountExceeds, discountLimitInput, discountShareBp, formatShare, type HistoryView, parseDiscountLimit } from '../../src/modules/lifecycle/discount-rule.js'
import { MAX_DOCUMENT_CENTS } from '../../src/modules/proposals/proposal-totals.js'

const entry = (type: string, figures: { subtotal_cents: number; discount_cents: number } | Record<string, unknown>, name = 'Ana', at = '2026-12-07T10:00:00.000Z'): HistoryView => ({
  type, at, actor: { type: 'user', id: 1, name }, data: figures as Record<string, unknown>,
})

describe('the limit as typed', () => {
  it('reads whole and decimal percentages, with a comma or a dot and an optional percent sign', () => {
    expect(parseDiscountLimit('')).toBeNull()
    expect(parseDiscountLimit('   ')).toBeNull()
    expect(parseDiscountLimit('0')).toBe(0)
    expect(parseDiscountLimit('10')).toBe(1000)
    expect(parseDiscountLimit(' 12,5 ')).toBe(1250)
    expect(parseDiscountLimit('7.25')).toBe(725)
    expect(parseDiscountLimit('15 %')).toBe(1500)
    expect(parseDiscountLimit('99,99')).toBe(9999)
    expect(parseDiscountLimit('05')).toBe(500)
  })

  it('refuses what is not a percentage below 100 with at most two decimals', () => {
    for (const typed of ['100', '-1', '10,123', 'abc', '%', '1e1', '10,', ',5', '1.000', '12 ,5', '+5', '٣']) expect(parseDiscountLimit(typed), typed).toBe('invalid')
  })

  it('shows a stored limit back as it reads', () => {
    expect(discountLimitInput(null)).toBe('')
    expect(discountLimitInput(1250)).toBe('12,5')
    expect(discountLimitInput(1000)).toBe('10')
    expect(discountLimitInput(5)).toBe('0,05')
    for (const bp of [0, 1, 99, 725, 1250, 9999]) expect(parseDiscountLimit(discountLimitInput(bp))).toBe(bp)
  })
})

describe('the comparison', () => {
  it('is exact at the boundary: the limit itself needs no approval, one cent more does', () => {
    expect(discountExceeds({ subtotal_cents: 300_000, discount_cents: 30_000 }, 1000)).toBe(false)
    expect(discountExceeds({ subtotal_cents: 300_000, discount_cents: 30_001 }, 1000)).toBe(true)
    expect(discountExceeds({ subtotal_cents: 300_000, discount_cents: 0 }, 0)).toBe(false)
    expect(discountExceeds({ subtotal_cents: 300_000, discount_cents: 1 }, 0)).toBe(true)
    expect(discountExceeds({ subtotal_cents: 0, discount_cents: 0 }, 0)).toBe(false)
  })

  it('stays exact where a double would not (the largest document)', () => {
    // 10 % of the largest total plus one cent: the products pass 2^53 and a double rounds them equal.
    const subtotal = MAX_DOCUMENT_CENTS - 7
    const tenth = Math.floor(subtotal / 10)
    expect(discountExceeds({ subtotal_cents: subtotal, discount_cents: tenth }, 1000)).toBe(false)
    expect(discountExceeds({ subtotal_cents: subtotal, discount_cents: tenth + 1 }, 1000)).toBe(true)
  })

  it('reads the share rounded up to the hundredth of a percent', () => {
    expect(discountShareBp({ subtotal_cents: 300_000, discount_cents: 60_000 })).toBe(2000)
    expect(discountShareBp({ subtotal_cents: 300_000, discount_cents: 30_001 })).toBe(1001)
    expect(discountShareBp({ subtotal_cents: 0, discount_cents: 0 })).toBe(0)
    expect(formatShare(2000)).toBe('20%')
    expect(formatShare(1001)).toBe('10,01%')
    expect(formatShare(1250)).toBe('12,5%')
  })
})

describe('where a draft stands', () => {
  const figures = { subtotal_cents: 300_000, discount_cents: 60_000 }

  it('needs nothing without a limit or under it', () => {
    expect(discountApprovalState(null, figures, [])).toEqual({ status: 'not_required' })
    expect(discountApprovalState(2000, figures, [])).toEqual({ status: 'not_required' })
  })

  it('waits for an approval, showing the last request since the last approval while the draft is marked as asked for', () => {
    expect(discountApprovalState(1000, figures, [])).toEqual({ status: 'pending', shareBp: 2000, limitBp: 1000, requested: null })
    const asked = [entry('discount_approval_requested', figures, 'Bruno', '2026-12-07T09:00:00.000Z'), entry('discount_approval_requested', figures, 'Carla', '2026-12-07T09:30:00.000Z')]
    expect(discountApprovalState(1000, figures, asked, true)).toMatchObject({ status: 'pending', requested: { by: 'Carla', at: '2026-12-07T09:30:00.000Z' } })
    // Not marked (the items changed since, or a limit left it under): the request no longer stands.
    expect(discountApprovalState(1000, figures, asked, false)).toMatchObject({ status: 'pending', requested: null })
  })

  it('is approved by an approval of the same or a larger share, whatever the amounts', () => {
    const approved = [entry('discount_approved', { subtotal_cents: 100_000, discount_cents: 25_000 }, 'Diana')]
    expect(discountApprovalState(1000, figures, approved)).toEqual({ status: 'approved', shareBp: 2000, approvedBp: 2500, limitBp: 1000, at: '2026-12-07T10:00:00.000Z', by: 'Diana' })
    const exactly = [entry('discount_approved', figures, 'Diana')]
    expect(discountApprovalState(1000, figures, exactly).status).toBe('approved')
    // One cent more than approved is another share: a new approval, and the request made since shows.
    const raised = { subtotal_cents: 300_000, discount_cents: 60_001 }
    const later = [...exactly, entry('discount_approval_requested', raised, 'Bruno', '2026-12-07T11:00:00.000Z')]
    expect(discountApprovalState(1000, raised, later, true)).toEqual({ status: 'pending', shareBp: 2001, limitBp: 1000, requested: { by: 'Bruno', at: '2026-12-07T11:00:00.000Z' } })
    // A request made before the approval is answered: none is shown.
    const answered = [entry('discount_approval_requested', raised, 'Bruno'), entry('discount_approved', figures, 'Diana')]
    expect(discountApprovalState(1000, raised, answered, true)).toMatchObject({ status: 'pending', requested: null })
  })

  it('ignores an approval entry without usable figures', () => {
    for (const data of [{}, { subtotal_cents: '300000', discount_cents: 60_000 }, { subtotal_cents: 0, discount_cents: 0 }, { subtotal_cents: 1.5, discount_cents: 1 }]) {
      expect(discountApprovalState(1000, figures, [entry('discount_approved', data)]).status, JSON.stringify(data)).toBe('pending')
    }
  })

  it('reads in the API as null, required, requested or approved, with shares as percent strings', () => {
    expect(discountApprovalView(discountApprovalState(null, figures, []))).toBeNull()
    const none = { requested_at: null, requested_by: null, approved_percent: null, approved_at: null, approved_by: null }
    expect(discountApprovalView(discountApprovalState(1250, figures, []))).toEqual({ status: 'required', discount_percent: '20', limit_percent: '12.5', ...none })
    const asked = [entry('discount_approval_requested', figures, 'Bruno', '2026-12-07T09:00:00.000Z')]
    expect(discountApprovalView(discountApprovalState(1250, figures, asked, true))).toEqual({ status: 'requested', discount_percent: '20', limit_percent: '12.5', ...none, requested_at: '2026-12-07T09:00:00.000Z', requested_by: 'Bruno' })
    const approved = [...asked, entry('discount_approved', { subtotal_cents: 100_000, discount_cents: 25_050 }, 'Diana')]
    expect(discountApprovalView(discountApprovalState(1250, figures, approved, true))).toEqual({
      status: 'approved', discount_percent: '20', limit_percent: '12.5', ...none, approved_percent: '25.05', approved_at: '2026-12-07T10:00:00.000Z', approved_by: 'Diana',
    })
  })
})
