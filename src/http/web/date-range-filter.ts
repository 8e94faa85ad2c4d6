// A list's period filter ("De" / "Até", calendar dates as <input type="date"> sends them): a date
// that is not one, or an end before the start, is an error next to its field rather than a
// filter silently dropped (the Documentos list had shown every document for "30/02").
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
