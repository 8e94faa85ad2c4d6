// A list's `from`/`to` query instants (the request log, the account's activity): `from` inclusive,
// `to` exclusive, as comparable text (time-zones.ts). The date-time format admits a leap second
// (23:59:60), which no Date can hold: that is the field's 422, as an end before the start is,
// never a 500.
import type { FieldErrors } from '../../platform/errors.js'
import { comparableInstant } from '../../platform/time-zones.js'

export function instantRange(from: string | undefined, to: string | undefined, errors: FieldErrors): { from?: string; to?: string } {
  const read = (value: string | undefined, field: string): string | undefined => {
    if (value === undefined) return undefined
    const time = Date.parse(value)
    if (Number.isNaN(time)) {
      errors.add(field, 'is not an instant', 'query')
      return undefined
    }
    return comparableInstant(new Date(time))
  }
  const range = { from: read(from, '/from'), to: read(to, '/to') }
  if (range.from !== undefined && range.to !== undefined && range.to < range.from) errors.add('/to', 'must not be before `from`', 'query')
  return { ...(range.from === undefined ? {} : { from: range.from }), ...(range.to === undefined ? {} : { to: range.to }) }
}
