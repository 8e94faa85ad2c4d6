// When each installment falls due (src/modules/proposals/payment-schedule.ts): days after the
// signature from the document's terms, and dates from the signing day in the account's zone.
import { describe, expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { DEFAULT_PAYMENT_TERMS, dueInDays, paymentSchedule } from '../../src/modules/proposals/payment-schedule.js'

describe('payment schedule', () => {
  it('spaces the installments by the terms, the first carrying the remainder cents', () => {
    expect(paymentSchedule(100_001, 3, { first_due_days: 28, installment_interval_days: 15 })).toEqual([
      { number: 1, amount_cents: 33_335, due_in_days: 28, due_date: null },
      { number: 2, amount_cents: 33_333, due_in_days: 43, due_date: null },
      { number: 3, amount_cents: 33_333, due_in_days: 58, due_date: null },
    ])
    // The default is what every document had before terms existed: on signing, then monthly.
    expect([1, 2, 3].map((number) => dueInDays(number, DEFAULT_PAYMENT_TERMS))).toEqual([0, 30, 60])
  })

  it("dates from the signing day in the account's zone, across months and a leap day", () => {
    // 02:30 UTC on 1 March 2028 is still 29 February in São Paulo (UTC−3), already 1 March in Tokyo.
    const at = new Date('2028-03-01T02:30:00Z')
    const terms = { first_due_days: 1, installment_interval_days: 30 }
    expect(paymentSchedule(300, 3, terms, { at, timeZone: 'America/Sao_Paulo' }).map((entry) => entry.due_date)).toEqual(['2028-03-01', '2028-03-31', '2028-04-30'])
    expect(paymentSchedule(300, 3, terms, { at, timeZone: 'Asia/Tokyo' }).map((entry) => entry.due_date)).toEqual(['2028-03-02', '2028-04-01', '2028-05-01'])
    // Due on signing: the signing day itself; a year-long term crosses the year.
    expect(paymentSchedule(100, 2, { first_due_days: 0, installment_interval_days: 365 }, { at, timeZone: 'America/Sao_Paulo' }).map((entry) => entry.due_date))
      .toEqual(['2028-02-29', '2029-02-28'])
  })

  it('summarises a method’s terms in the Cadastros list, singular for one day', () => {
    const summary = t.registrationData.paymentMethods.termsSummary
    expect(summary(0, 30, 12)).toBe('na assinatura, depois a cada 30 dias')
    expect(summary(1, 1, 3)).toBe('1 dia após a assinatura, depois a cada 1 dia')
    expect(summary(28, 30, 1)).toBe('28 dias após a assinatura')
  })
})
