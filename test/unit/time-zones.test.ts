import { describe, expect, it } from 'vitest'
import { addCalendarDays, calendarDaysBetween, calendarMonth, dayBounds, isValidTimeZone, localDate, zonedMidnight } from '../../src/platform/time-zones.js'

const SP = 'America/Sao_Paulo'
const iso = (bounds: { start: Date; end: Date }) => ({ start: bounds.start.toISOString(), end: bounds.end.toISOString() })
/** The UTC bounds of the local month containing the instant. */
const monthBounds = (instant: Date, zone: string) => calendarMonth(instant, zone)

describe('time zones', () => {
  it('gives the UTC bounds of a São Paulo calendar day (UTC−3)', () => {
    expect(iso(dayBounds('2026-03-10', SP))).toEqual({ start: '2026-03-10T03:00:00.000Z', end: '2026-03-11T03:00:00.000Z' })
    expect(iso(dayBounds('2026-12-31', SP))).toEqual({ start: '2026-12-31T03:00:00.000Z', end: '2027-01-01T03:00:00.000Z' })
    expect(iso(dayBounds('2028-02-29', SP))).toEqual({ start: '2028-02-29T03:00:00.000Z', end: '2028-03-01T03:00:00.000Z' })
  })

  it('gives the UTC bounds of the São Paulo month containing an instant, at the edges of the month', () => {
    // 23:59:59.999 local on the last day of February is still February.
    expect(iso(monthBounds(new Date('2026-03-01T02:59:59.999Z'), SP))).toEqual({ start: '2026-02-01T03:00:00.000Z', end: '2026-03-01T03:00:00.000Z' })
    expect(iso(monthBounds(new Date('2026-03-01T03:00:00.000Z'), SP))).toEqual({ start: '2026-03-01T03:00:00.000Z', end: '2026-04-01T03:00:00.000Z' })
    // December rolls into January of the next year.
    expect(iso(monthBounds(new Date('2026-12-31T23:00:00.000Z'), SP))).toEqual({ start: '2026-12-01T03:00:00.000Z', end: '2027-01-01T03:00:00.000Z' })
  })

  it('reads the local calendar date of an instant', () => {
    expect(localDate(new Date('2026-01-20T02:59:59.999Z'), SP)).toBe('2026-01-19')
    expect(localDate(new Date('2026-01-20T03:00:00.000Z'), SP)).toBe('2026-01-20')
    expect(localDate(new Date('2026-01-20T03:00:00.000Z'), 'UTC')).toBe('2026-01-20')
  })

  it('handles the days São Paulo still had daylight saving time (until 2019)', () => {
    // DST ended at local midnight of 2019-02-17: the 16th had 25 hours.
    expect(iso(dayBounds('2019-02-16', SP))).toEqual({ start: '2019-02-16T02:00:00.000Z', end: '2019-02-17T03:00:00.000Z' })
    // DST started at local midnight of 2018-11-04, so that midnight never happened: the day
    // starts at 01:00 (UTC−2), the same instant as 00:00 UTC−3; it had 23 hours.
    expect(iso(dayBounds('2018-11-04', SP))).toEqual({ start: '2018-11-04T03:00:00.000Z', end: '2018-11-05T02:00:00.000Z' })
    expect(localDate(dayBounds('2018-11-04', SP).start, SP)).toBe('2018-11-04')
    expect(iso(monthBounds(new Date('2018-11-15T12:00:00Z'), SP))).toEqual({ start: '2018-11-01T03:00:00.000Z', end: '2018-12-01T02:00:00.000Z' })
  })

  it('handles a midnight skipped today (Chile moves clocks forward at 24:00)', () => {
    expect(iso(dayBounds('2026-09-06', 'America/Santiago'))).toEqual({ start: '2026-09-06T04:00:00.000Z', end: '2026-09-07T03:00:00.000Z' })
    expect(iso(monthBounds(new Date('2026-09-10T12:00:00Z'), 'America/Santiago'))).toEqual({ start: '2026-09-01T04:00:00.000Z', end: '2026-10-01T03:00:00.000Z' })
  })

  it('handles DST changes away from midnight (New York)', () => {
    expect(iso(dayBounds('2026-03-08', 'America/New_York'))).toEqual({ start: '2026-03-08T05:00:00.000Z', end: '2026-03-09T04:00:00.000Z' })
    expect(iso(dayBounds('2026-11-01', 'America/New_York'))).toEqual({ start: '2026-11-01T04:00:00.000Z', end: '2026-11-02T05:00:00.000Z' })
    expect(zonedMidnight(2026, 7, 1, 'Asia/Tokyo').toISOString()).toBe('2026-06-30T15:00:00.000Z')
  })

  it('keeps the last month of each zone but answers exactly when an instant leaves it, either way', () => {
    const month = (instant: string, zone: string) => {
      const { period, start, end } = calendarMonth(new Date(instant), zone)
      return `${period} ${start.toISOString()} ${end.toISOString()}`
    }
    const NOV_SP = '2026-11 2026-11-01T03:00:00.000Z 2026-12-01T03:00:00.000Z'
    const DEC_SP = '2026-12 2026-12-01T03:00:00.000Z 2027-01-01T03:00:00.000Z'
    const NOV_SANTIAGO = '2026-11 2026-11-01T03:00:00.000Z 2026-12-01T03:00:00.000Z'
    const DEC_SANTIAGO = '2026-12 2026-12-01T03:00:00.000Z 2027-01-01T03:00:00.000Z'
    // Alternating months and zones: every answer must match, whether kept or worked out anew.
    expect([
      month('2026-11-30T12:00:00.000Z', SP),
      month('2026-12-01T02:59:59.999Z', SP),
      month('2026-12-01T03:00:00.000Z', SP),
      month('2026-11-30T23:00:00.000Z', 'America/Santiago'),
      month('2026-11-15T00:00:00.000Z', SP),
      month('2026-12-01T03:00:00.000Z', SP),
      month('2026-12-01T03:00:00.000Z', 'America/Santiago'),
      month('2026-12-01T02:59:59.999Z', SP),
    ]).toEqual([NOV_SP, NOV_SP, DEC_SP, NOV_SANTIAGO, NOV_SP, DEC_SP, DEC_SANTIAGO, NOV_SP])
    // A caller changing the dates it was given does not change the kept month.
    calendarMonth(new Date('2026-11-20T12:00:00.000Z'), SP).end.setTime(0)
    expect(month('2026-11-20T12:00:00.000Z', SP)).toBe(NOV_SP)
  })

  it('tells valid time zones from invalid ones', () => {
    expect(isValidTimeZone(SP)).toBe(true)
    expect(isValidTimeZone('America/Atlantis')).toBe(false)
  })

  it('moves calendar dates by whole days and counts the days between them, across months, years and leap days', () => {
    expect(addCalendarDays('2026-12-30', 3)).toBe('2027-01-02')
    expect(addCalendarDays('2028-03-01', -1)).toBe('2028-02-29')
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(addCalendarDays('2026-11-29', 0)).toBe('2026-11-29')
    expect(calendarDaysBetween('2026-12-30', '2027-01-02')).toBe(3)
    expect(calendarDaysBetween('2027-01-02', '2026-12-30')).toBe(-3)
    expect(calendarDaysBetween('2028-02-28', '2028-03-01')).toBe(2)
    // Days of the calendar, not of a zone: no daylight-saving hour moves them.
    expect(calendarDaysBetween('2026-10-31', '2026-11-02')).toBe(2)
  })
})
