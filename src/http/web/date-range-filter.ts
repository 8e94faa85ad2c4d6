// A list's period filter ("De" / "Até", calendar dates as <input type="date"> sends them): a date
// that is not one, or an end before the start, is an error next to its field rather than a
// filter silently dropped (the Documentos list had shown every document for "30/02").
import { comparableInstant, dayBounds } from '../../platform/time-zones.js'
import { isCalendarDate } from './form-data.js'
import { t } from './i18n/pt-BR.js'

export interface DateRangeErrors {
  from?: string
  to?: string
}

/** The errors of the typed period; empty fields are no filter and no error. */
export function dateRangeErrors(from: string, to: string): DateRangeErrors {
  const errors: DateRangeErrors = {}
  if (from !== '' && !isCalendarDate(from)) errors.from = t.dateFilters.invalidDate
  if (to !== '' && !isCalendarDate(to)) errors.to = t.dateFilters.invalidDate
  else if (to !== '' && isCalendarDate(from) && to < from) errors.to = t.dateFilters.toBeforeFrom
  return errors
}

/** The period's valid days as instants in the zone: from the first day's midnight, before the midnight after the last. */
export function periodInstants(from: string, to: string, errors: DateRangeErrors, timeZone: string): { from?: string; to?: string } {
  return {
    ...(from !== '' && errors.from === undefined ? { from: comparableInstant(dayBounds(from, timeZone).start) } : {}),
    ...(to !== '' && errors.to === undefined ? { to: comparableInstant(dayBounds(to, timeZone).end) } : {}),
  }
}
