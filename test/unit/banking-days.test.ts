// Brazil's national banking calendar (src/modules/proposals/banking-days.ts): weekends, the fixed
// national holidays, the ones that move with Easter, 20 November from 2024, and 31 December.
import { describe, expect, it } from 'vitest'
import { easterSunday, isBankingDay, nationalBankHolidays, nextBankingDay } from '../../src/modules/proposals/banking-days.js'

describe('banking days', () => {
  it('finds Easter Sunday, its earliest and latest dates included', () => {
    expect(['2008', '2019', '2024', '2025', '2026', '2027', '2038', '2285'].map((year) => easterSunday(Number(year))))
      .toEqual(['2008-03-23', '2019-04-21', '2024-03-31', '2025-04-20', '2026-04-05', '2027-03-28', '2038-04-25', '2285-03-22'])
  })

  it("lists a year's national banking holidays", () => {
    expect([...nationalBankHolidays(2026)].sort()).toEqual([
      '2026-01-01', '2026-02-16', '2026-02-17', '2026-04-03', '2026-04-21', '2026-05-01', '2026-06-04',
      '2026-09-07', '2026-10-12', '2026-11-02', '2026-11-15', '2026-11-20', '2026-12-25', '2026-12-31',
    ])
    // 20 November became a national holiday in 2024.
    expect(nationalBankHolidays(2023).has('2023-11-20')).toBe(false)
    expect(nationalBankHolidays(2024).has('2024-11-20')).toBe(true)
  })

  it('tells weekdays from weekends and holidays', () => {
    expect(isBankingDay('2026-12-07')).toBe(true) // a Monday
    expect(isBankingDay('2026-12-05')).toBe(false) // Saturday
    expect(isBankingDay('2026-12-06')).toBe(false) // Sunday
    expect(isBankingDay('2026-04-21')).toBe(false) // Tiradentes, a Tuesday
    expect(isBankingDay('2023-11-20')).toBe(true) // a Monday, before the holiday existed
    expect(isBankingDay('2026-12-31')).toBe(false) // no branch opens: paid on the next banking day
    expect(isBankingDay('2026-02-18')).toBe(true) // Ash Wednesday: banks open at noon
  })

  it('moves a date to the next banking day, or keeps it', () => {
    expect(nextBankingDay('2026-12-07')).toBe('2026-12-07')
    expect(nextBankingDay('2026-02-14')).toBe('2026-02-18') // Saturday, Sunday, Carnival: Ash Wednesday
    expect(nextBankingDay('2026-04-03')).toBe('2026-04-06') // Good Friday and the weekend
    expect(nextBankingDay('2026-12-25')).toBe('2026-12-28') // Christmas on a Friday
    expect(nextBankingDay('2027-01-01')).toBe('2027-01-04') // across the year's first weekend
    expect(nextBankingDay('2026-12-31')).toBe('2027-01-04') // the year's last day, then New Year and a weekend
  })
})
