// The document form's totals preview with a down payment (previewTotals, proposal-form-values.tsx):
// the installments split what it leaves; never below zero nor above the total, whatever is typed.
import { describe, expect, it } from 'vitest'
import { blankItem, emptyFormValues, parseProposalForm, previewTotals } from '../../src/http/web/pages/proposal-form-values.js'

/** One line of product 1 (R$ 1.000,00), its discount and the down payment as typed, in 3 installments. */
function values(discount: string, downPayment: string) {
  return { ...emptyFormValues(), installments: '3', down_payment: downPayment, items: [{ ...blankItem(), product_id: '1', quantity: '1', discount }] }
}
const priceOf = () => 100_000

describe('down payment in the form', () => {
  it('shows the installments of the rest, the down payment held within the total', () => {
    expect(previewTotals(values('', '400,00'), priceOf)).toMatchObject({ total_cents: 100_000, down_payment_cents: 40_000, installment_cents: 20_000 })
    expect(previewTotals(values('', ''), priceOf)).toMatchObject({ down_payment_cents: 0, installment_cents: 33_333 })
    // Larger than the total: all of it (saving says why it cannot be); not an amount: none.
    expect(previewTotals(values('', '5.000,00'), priceOf)).toMatchObject({ down_payment_cents: 100_000, installment_cents: 0 })
    expect(previewTotals(values('', 'mil'), priceOf)).toMatchObject({ down_payment_cents: 0 })
    // A discount above its line makes the total negative: no negative down payment.
    expect(previewTotals(values('2.000,00', '400,00'), priceOf)).toMatchObject({ total_cents: -100_000, down_payment_cents: 0 })
  })

  it('reads it as cents, up to the largest total a document can have, and refuses the rest next to the field', () => {
    expect(parseProposalForm(values('', '1.234,56'), false).input.down_payment_cents).toBe(123_456)
    expect(parseProposalForm(values('', ''), false).input).not.toHaveProperty('down_payment_cents')
    expect(parseProposalForm(values('', '0'), false).input).not.toHaveProperty('down_payment_cents')
    // Above the R$ 1 billion a price may be, still a down payment a large document can carry.
    expect(parseProposalForm(values('', '2.000.000.000,00'), false).input.down_payment_cents).toBe(200_000_000_000)
    for (const typed of ['-500', '1,234', 'mil', '99999999999999999999']) {
      const { input, errors } = parseProposalForm(values('', typed), false)
      expect(errors.down_payment, typed).toBeDefined()
      expect(input, typed).not.toHaveProperty('down_payment_cents')
    }
  })
})
