// Reading what a form or a query string sent. @fastify/formbody gives a flat object whose values
// are strings, or arrays of strings when a name repeats; anything else is treated as absent.
export type FormBody = Record<string, unknown>

/** The field's text (the first one when the name repeats), or '' when absent. */
export function formString(body: unknown, name: string): string {
  const value = (body as FormBody | null | undefined)?.[name]
  if (typeof value === 'string') return value
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0]
  return ''
}

// An id typed in a URL, form or filter (platform/typed-id.ts, which the modules read too).
export { ID_DIGITS, TYPED_ID } from '../../platform/typed-id.js'

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * Whether a field holds a real calendar day written YYYY-MM-DD (a date input's value), from 1970
 * on: no document, call or signature is older, and earlier years meet Date.UTC's reading of years
 * below 100 as 19xx.
 */
export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  if (year < 1970 || month < 1 || month > 12 || day < 1) return false
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/** Every text sent under the name (ticked checkboxes sharing it), in order; none when absent. */
export function formStrings(body: unknown, name: string): string[] {
  const value = (body as FormBody | null | undefined)?.[name]
  if (typeof value === 'string') return [value]
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []
}

/** The field's text, or undefined when the form did not send it at all (a script, a page from before it existed). */
export function formStringIfSent(body: unknown, name: string): string | undefined {
  const value = (body as FormBody | null | undefined)?.[name]
  return typeof value === 'string' || Array.isArray(value) ? formString(body, name) : undefined
}

/** Whether a checkbox named `name` was ticked. */
export function formChecked(body: unknown, name: string): boolean {
  return formString(body, name) !== ''
}

/**
 * Rows of a repeating group, from fields named `prefix[index][field]` (items[0][product_id]…),
 * in index order; indexes need not be contiguous (rows removed in the browser leave gaps).
 */
export function formRows(body: unknown, prefix: string): Array<Record<string, string>> {
  const rows = new Map<number, Record<string, string>>()
  const pattern = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\[(\\d{1,4})\\]\\[([a-z_]{1,40})\\]$`)
  for (const [key, value] of Object.entries((body as FormBody | null | undefined) ?? {})) {
    const match = pattern.exec(key)
    if (!match) continue
    const index = Number(match[1])
    const row = rows.get(index) ?? {}
    row[match[2]!] = typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : ''
    rows.set(index, row)
  }
  return [...rows.entries()].sort(([a], [b]) => a - b).map(([, row]) => row)
}

/** Whether any field of a parsed form or query string holds U+0000, which no one types. */
export function fieldsHoldNul(body: unknown): boolean {
  if (body === null || typeof body !== 'object') return false
  return Object.values(body).some((value) => (Array.isArray(value) ? value : [value]).some((item) => typeof item === 'string' && item.includes('\u0000')))
}
