// When each installment falls due (src/modules/proposals/payment-schedule.ts): days after the
// signature from the document's terms, and dates from the signing day in the account's zone.
import { describe, expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { DEFAULT_PAYMENT_TERMS, dueInDays, paymentSchedule } from '../../src/modules/proposals/payment-schedule.js'

describe('payment schedule', () => {
  it('spaces the installments by the terms, the first carrying the remainder cents', () => {
    expect(paymentSchedule(100_001, 3, { first_due_days: 28, installment_interval_days: 15, due_on_business_days: false })).toEqual([
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
    const terms = { first_due_days: 1, installment_interval_days: 30, due_on_business_days: false }
    expect(paymentSchedule(300, 3, terms, { at, timeZone: 'America/Sao_Paulo' }).map((entry) => entry.due_date)).toEqual(['2028-03-01', '2028-03-31', '2028-04-30'])
    expect(paymentSchedule(300, 3, terms, { at, timeZone: 'Asia/Tokyo' }).map((entry) => entry.due_date)).toEqual(['2028-03-02', '2028-04-01', '2028-05-01'])
    // Due on signing: the signing day itself; a year-long term crosses the year.
    expect(paymentSchedule(100, 2, { first_due_days: 0, installment_interval_days: 365, due_on_business_days: false }, { at, timeZone: 'America/Sao_Paulo' }).map((entry) => entry.due_date))
      .toEqual(['2028-02-29', '2029-02-28'])
  })

  it('moves a date on no banking day to the next one when the terms say so, its days unchanged', () => {
    // Friday 13 February 2026, 15:00 in São Paulo: a day later is Saturday, with Carnival's Monday
    // and Tuesday after the weekend; 49 days on is Good Friday; 97 days a Thursday.
    const at = new Date('2026-02-13T18:00:00Z')
    const signed = { at, timeZone: 'America/Sao_Paulo' }
    const onBankingDays = paymentSchedule(300, 3, { first_due_days: 1, installment_interval_days: 48, due_on_business_days: true }, signed)
    expect(onBankingDays.map((entry) => [entry.due_in_days, entry.due_date])).toEqual([[1, '2026-02-18'], [49, '2026-04-06'], [97, '2026-05-21']])
    const asCounted = paymentSchedule(300, 3, { first_due_days: 1, installment_interval_days: 48, due_on_business_days: false }, signed)
    expect(asCounted.map((entry) => entry.due_date)).toEqual(['2026-02-14', '2026-04-03', '2026-05-21'])
    // Before the signature there is no date to move.
    expect(paymentSchedule(300, 3, { first_due_days: 1, installment_interval_days: 30, due_on_business_days: true }).map((entry) => entry.due_date)).toEqual([null, null, null])
  })

  it('summarises a method’s terms in the Cadastros list, singular for one day', () => {
    const summary = t.registrationData.paymentMethods.termsSummary
    expect(summary(0, 30, 12)).toBe('na assinatura, depois a cada 30 dias')
    expect(summary(1, 1, 3)).toBe('1 dia após a assinatura, depois a cada 1 dia')
    expect(summary(28, 30, 1)).toBe('28 dias após a assinatura')
  })
})
