import { describe, expect, it } from 'vitest'
import { documentTotals, installmentSchedule, lineGrossCents, lineTotalCents, milliToQuantity, quantityToMilli } from '../../src/modules/proposals/proposal-totals.js'

describe('proposal totals', () => {
  describe('line amounts', () => {
    it('rounds quantity × unit price half up to the cent', () => {
      expect(lineGrossCents({ quantity_milli: 1500, unit_price_cents: 333 })).toBe(500) // 499.5
      expect(lineGrossCents({ quantity_milli: 1, unit_price_cents: 500 })).toBe(1) // 0.5
      expect(lineGrossCents({ quantity_milli: 1, unit_price_cents: 499 })).toBe(0) // 0.499
      expect(lineGrossCents({ quantity_milli: 2500, unit_price_cents: 150_000 })).toBe(375_000)
      expect(lineGrossCents({ quantity_milli: 1234, unit_price_cents: 12_345 })).toBe(15_234) // 15233.73
    })

    it('stays exact beyond the safe-integer range of the intermediate product', () => {
      // 1 000 000 units × R$ 1 000 000 000,00: the product in thousandths exceeds 2^53.
      expect(lineGrossCents({ quantity_milli: 1_000_000_000, unit_price_cents: 100_000_000_000 })).toBe(100_000_000_000_000_000)
      expect(lineGrossCents({ quantity_milli: 999_999_999, unit_price_cents: 3 })).toBe(3_000_000)
    })

    it('subtracts the discount per line and sums the document', () => {
      const lines = [
        { quantity_milli: 2000, unit_price_cents: 150_000, discount_cents: 10_000 },
        { quantity_milli: 1500, unit_price_cents: 333, discount_cents: 0 },
      ]
      expect(lineTotalCents(lines[0]!)).toBe(290_000)
      expect(documentTotals(lines)).toEqual({ items_count: 2, subtotal_cents: 300_500, discount_cents: 10_000, total_cents: 290_500 })
    })
  })

  describe('installment schedule', () => {
    it('puts the remainder cents on the first installment', () => {
      expect(installmentSchedule(100, 3)).toEqual([
        { number: 1, amount_cents: 34 },
        { number: 2, amount_cents: 33 },
        { number: 3, amount_cents: 33 },
      ])
      expect(installmentSchedule(1000, 1)).toEqual([{ number: 1, amount_cents: 1000 }])
      expect(installmentSchedule(11, 12)[0]).toEqual({ number: 1, amount_cents: 11 })
    })

    it('always sums exactly to the total, each installment within one cent-remainder of the others', () => {
      for (const total of [0, 1, 99, 100, 101, 12_345, 999_999, 290_500, 1_000_000_007]) {
        for (let installments = 1; installments <= 24; installments++) {
          const schedule = installmentSchedule(total, installments)
          expect(schedule).toHaveLength(installments)
          expect(schedule.reduce((sum, entry) => sum + entry.amount_cents, 0)).toBe(total)
          expect(schedule.map((entry) => entry.number)).toEqual(Array.from({ length: installments }, (_, i) => i + 1))
          const base = Math.floor(total / installments)
          expect(schedule.slice(1).every((entry) => entry.amount_cents === base)).toBe(true)
          expect(schedule[0]!.amount_cents - base).toBeLessThan(installments)
        }
      }
    })
  })

  describe('quantities', () => {
    it('turns up to three decimals into exact thousandths', () => {
      expect(quantityToMilli(1)).toBe(1000)
      expect(quantityToMilli(2.5)).toBe(2500)
      expect(quantityToMilli(1.234)).toBe(1234)
      expect(quantityToMilli(0.001)).toBe(1)
      expect(quantityToMilli(0.1 + 0.2)).toBe(300)
      expect(quantityToMilli(2.675)).toBe(2675)
      expect(quantityToMilli(999_999.999)).toBe(999_999_999)
      // Binary noise past the 15 significant digits a double holds: 1.005 * 1000 is 1004.9999999999999.
      expect(quantityToMilli(1.005)).toBe(1005)
      expect(quantityToMilli(0.005)).toBe(5)
      expect(quantityToMilli(3 * 1.1)).toBe(3300)
      expect(milliToQuantity(1234)).toBe(1.234)
    })

    it('rejects more than three decimals', () => {
      expect(quantityToMilli(1.2345)).toBeNull()
      expect(quantityToMilli(0.0001)).toBeNull()
      expect(quantityToMilli(1 / 3)).toBeNull()
    })

    it('rejects quantities too small for a thousandth instead of rounding them to 0', () => {
      expect(quantityToMilli(1e-10)).toBeNull()
      expect(quantityToMilli(1e-7)).toBeNull()
      expect(quantityToMilli(0.0004)).toBeNull()
      expect(quantityToMilli(1.0000000001)).toBeNull()
      expect(quantityToMilli(0.001)).toBe(1)
    })
  })
})
