// Brazil's national banking calendar, for installments that fall due on a banking day: a boleto
// or transfer due on a Saturday, Sunday or national holiday is paid on the next banking day
// without penalty (the banks' own rule), so a schedule that says so tells the customer's
// accounts payable the date that counts. The holidays are the national ones the banks close on,
// ANBIMA's calendar: the fixed dates, Carnival's Monday and Tuesday, Good Friday and Corpus
// Christi (all from Easter), and 20 November from 2024 (Law 14.759/2023); and 31 December, when
// banks open no branch to the public and FEBRABAN lets what falls due that day be paid on the
// next banking day without penalty. State and municipal holidays are not known: a document does
// not say where it is paid.
import { addCalendarDays } from '../../platform/time-zones.js'

/** Month-day of the holidays on a fixed date, each with the first year it applies (0: always). */
const FIXED_HOLIDAYS: ReadonlyArray<{ monthDay: string; since: number }> = [
  { monthDay: '01-01', since: 0 }, // Confraternização Universal
  { monthDay: '04-21', since: 0 }, // Tiradentes
  { monthDay: '05-01', since: 0 }, // Dia do Trabalho
  { monthDay: '09-07', since: 0 }, // Independência
  { monthDay: '10-12', since: 0 }, // Nossa Senhora Aparecida
  { monthDay: '11-02', since: 0 }, // Finados
  { monthDay: '11-15', since: 0 }, // Proclamação da República
  { monthDay: '11-20', since: 2024 }, // Zumbi e da Consciência Negra
  { monthDay: '12-25', since: 0 }, // Natal
  { monthDay: '12-31', since: 0 }, // no banking service to the public (FEBRABAN)
]

/** Days from Easter Sunday of the holidays that move with it. */
const EASTER_OFFSETS = [
  -48, // Carnival Monday
  -47, // Carnival Tuesday
  -2, // Good Friday
  60, // Corpus Christi
]

/** Easter Sunday of a Gregorian year (the anonymous Gregorian computus), as YYYY-MM-DD. */
export function easterSunday(year: number): string {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

// A schedule's dates span a few years at most; each year's set is built once.
const holidaysByYear = new Map<number, ReadonlySet<string>>()

/** The national banking holidays of a year, as YYYY-MM-DD. */
export function nationalBankHolidays(year: number): ReadonlySet<string> {
  let holidays = holidaysByYear.get(year)
  if (holidays === undefined) {
    const easter = easterSunday(year)
    holidays = new Set([
      ...FIXED_HOLIDAYS.filter((holiday) => year >= holiday.since).map((holiday) => `${year}-${holiday.monthDay}`),
      ...EASTER_OFFSETS.map((offset) => addCalendarDays(easter, offset)),
    ])
    holidaysByYear.set(year, holidays)
  }
  return holidays
}

/** Whether banks open on a calendar date (YYYY-MM-DD): a weekday that is no national holiday. */
export function isBankingDay(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay()
  return weekday !== 0 && weekday !== 6 && !nationalBankHolidays(Number(date.slice(0, 4))).has(date)
}

/** The date itself when banks open on it, else the next date they do. */
export function nextBankingDay(date: string): string {
  let day = date
  while (!isBankingDay(day)) day = addCalendarDays(day, 1)
  return day
}
