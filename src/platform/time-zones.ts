// Calendar arithmetic in an account's time zone, with Intl only (no time zone database to ship).
// Instants stay UTC everywhere; these turn a local calendar day or month into UTC bounds.

/** A new account's zone, and the one a render given no account's zone uses. */
export const DEFAULT_TIME_ZONE = 'America/Sao_Paulo'

// Building an Intl.DateTimeFormat costs far more than using one (it showed as ~12 % of a document
// creation's CPU), and an app sees few zones: one formatter per zone and purpose, kept.
const wallClockFormats = new Map<string, Intl.DateTimeFormat>()
const dateFormats = new Map<string, Intl.DateTimeFormat>()

function cachedFormat(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, create: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let format = cache.get(timeZone)
  if (format === undefined) {
    format = create()
    cache.set(timeZone, format)
  }
  return format
}

function offsetMinutes(instant: Date, timeZone: string): number {
  const format = cachedFormat(wallClockFormats, timeZone, () =>
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }),
  )
  const parts = format.formatToParts(instant)
  const get = (type: string) => Number(parts.find((part) => part.type === type)!.value)
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000)
}

/** The UTC instant at which the local wall-clock time y-m-d 00:00 happens in the zone. */
export function zonedMidnight(year: number, month: number, day: number, timeZone: string): Date {
  const guess = new Date(Date.UTC(year, month - 1, day))
  // Two passes settle the offset even when the guess falls on the other side of a DST change.
  const first = new Date(guess.getTime() - offsetMinutes(guess, timeZone) * 60000)
  const second = new Date(guess.getTime() - offsetMinutes(first, timeZone) * 60000)
  // When clocks jump forward at midnight (Brazil until 2019, Chile today) that midnight never
  // happens: the passes then land an hour early, on the previous day, and the day really starts
  // at the end of the gap, which is the later of the two candidates.
  const wanted = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
  if (localDate(second, timeZone) === wanted) return second
  return first > second ? first : second
}

/** The local hour (0–23) of an instant in the zone. */
export function localHour(instant: Date, timeZone: string): number {
  return new Date(instant.getTime() + offsetMinutes(instant, timeZone) * 60000).getUTCHours()
}

/** An account's date now and its zone: what a reader of its documents sees them by. */
export interface AccountDay {
  today: string
  timeZone: string
}

/** The local calendar date (YYYY-MM-DD) of an instant in the zone. */
export function localDate(instant: Date, timeZone: string): string {
  return cachedFormat(dateFormats, timeZone, () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })).format(instant)
}

function splitDate(date: string): [number, number, number] {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  return [year, month, day]
}

/** UTC bounds [start, end) of a local calendar day. */
const EARLIEST_COMPARABLE = Date.parse('0001-01-01T00:00:00.000Z')
const LATEST_COMPARABLE = Date.parse('9999-12-31T23:59:59.999Z')

/**
 * An instant as the ISO text compared with stored instants (filters' bounds), clamped to the years
 * 0001–9999. Outside them ISO writes `0000-…` or `+010000-…`: PostgreSQL refused both (a 500 for a
 * filter ending on 9999-12-31, the next day's midnight) and SQLite's text order misplaced them
 * (nothing found). Every stored instant lies inside, so the clamp changes no answer.
 */
export function comparableInstant(instant: Date): string {
  return new Date(Math.min(Math.max(instant.getTime(), EARLIEST_COMPARABLE), LATEST_COMPARABLE)).toISOString()
}

export function dayBounds(date: string, timeZone: string): { start: Date; end: Date } {
  const [year, month, day] = splitDate(date)
  const next = new Date(Date.UTC(year, month - 1, day + 1))
  return {
    start: zonedMidnight(year, month, day, timeZone),
    end: zonedMidnight(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), timeZone),
  }
}

export interface CalendarMonth {
  /** YYYY-MM in the zone. */
  readonly period: string
  /** UTC bounds [start, end) of that month in the zone (new Date objects on every call). */
  readonly start: Date
  readonly end: Date
}

// The month of each zone last asked about: every API creation and usage call asks for the current
// one, and working it out takes seven Intl calls (~30 µs); an instant inside the kept bounds is in
// that same month, so the answer is exact without a time-to-live. Kept as epoch milliseconds, so
// no caller can change the kept bounds through a Date it was given.
const lastMonths = new Map<string, { period: string; startMs: number; endMs: number }>()

/** The local calendar month that contains the instant, with its UTC bounds. */
export function calendarMonth(instant: Date, timeZone: string): CalendarMonth {
  const at = instant.getTime()
  let kept = lastMonths.get(timeZone)
  if (kept === undefined || at < kept.startMs || at >= kept.endMs) {
    const [year, month] = splitDate(localDate(instant, timeZone))
    const nextYear = month === 12 ? year + 1 : year
    const nextMonth = month === 12 ? 1 : month + 1
    kept = {
      period: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`,
      startMs: zonedMidnight(year, month, 1, timeZone).getTime(),
      endMs: zonedMidnight(nextYear, nextMonth, 1, timeZone).getTime(),
    }
    lastMonths.set(timeZone, kept)
  }
  return { period: kept.period, start: new Date(kept.startMs), end: new Date(kept.endMs) }
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
    return true
  } catch {
    return false
  }
}

/** A calendar date (YYYY-MM-DD) moved by whole days, with no time zone involved. */
export function addCalendarDays(date: string, days: number): string {
  const [year, month, day] = splitDate(date)
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10)
}

/** Whole days from one calendar date to another (negative when `to` comes first). */
export function calendarDaysBetween(from: string, to: string): number {
  const [fy, fm, fd] = splitDate(from)
  const [ty, tm, td] = splitDate(to)
  return Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / 86_400_000)
}
