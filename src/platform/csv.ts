// CSV as a Brazilian spreadsheet opens it by a double click: fields separated by ";" (the comma is
// the decimal separator here), lines ended by CRLF, a UTF-8 byte order mark first (without it,
// Excel reads the bytes as Windows-1252 and "João" comes out "JoÃ£o"), and amounts written
// "1234,56". A cell a spreadsheet would take for a formula (=, +, -, @, or a tab or carriage
// return before one) is prefixed with an apostrophe: the customer's name "=HYPERLINK(…)" typed
// in a form must stay text on the seller's computer (OWASP, CSV injection).
import { formatDateTime, formatDateTimeSeconds } from './pt-br-format.js'

export const CSV_BOM = '\uFEFF'
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8'

const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[";\r\n]/

/** A value Vendoc wrote itself (an amount, a date): never taken for a formula, so never prefixed. */
export interface CsvOwnValue {
  own: string
}

export type CsvValue = string | number | null | CsvOwnValue

/** One cell: text neutralised if it would start a formula; quoted if it holds a separator, quote or line break. */
export function csvCell(value: CsvValue): string {
  if (value === null) return ''
  const text = typeof value === 'number' ? String(value) : typeof value === 'object' ? value.own : FORMULA_START.test(value) ? `'${value}` : value
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** One line, CRLF included. */
export function csvLine(cells: ReadonlyArray<CsvValue>): string {
  return `${cells.map(csvCell).join(';')}\r\n`
}

/** Cents as a spreadsheet's decimal number: 123456 → "1234,56", -5 → "-0,05". */
export function csvAmount(cents: number): CsvOwnValue {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  return { own: `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}` }
}

/** A measure with the decimal comma, `digits` after it: 62.5 → "62,5" (one digit), 1.5 days → "1,50" (two). */
export function csvDecimal(value: number, digits: number): CsvOwnValue {
  return { own: value.toFixed(digits).replace('.', ',') }
}

/**
 * An instant as "20/11/2026 15:30" in the zone, which a pt-BR spreadsheet reads as a date and time
 * ("20/11/2026, 15:30" it keeps as text); with its seconds for a log, where they tell entries apart.
 */
export function csvDateTime(instant: string, timeZone: string, { seconds = false } = {}): CsvOwnValue {
  return { own: (seconds ? formatDateTimeSeconds : formatDateTime)(instant, timeZone).replace(',', '') }
}
