// How values read on the pages and how typed amounts come back. The display rules are shared
// with the rendered documents (platform/pt-br-format.ts); the form-value conversions are the web's.
export { formatCalendarDate, formatDate, formatDateTime, formatDateTimeSeconds, formatDocument, formatMoney, formatQuantity } from '../../platform/pt-br-format.js'

/** Cents as a form value: 123456 → "1234,56" (what a person types back). */
export function centsToInput(cents: number): string {
  return (cents / 100).toFixed(2).replace('.', ',')
}

/** A typed amount ("1.234,56", "1234.56", "1234") → cents, or null when it is not an amount. */
export function inputToCents(raw: string): number | null {
  let text = raw.trim().replace(/^R\$\s*/, '')
  if (text === '') return null
  // Brazilian form first: thousands dots and a decimal comma; a lone dot with 1-2 decimals is a decimal point.
  if (text.includes(',')) text = text.replace(/\./g, '').replace(',', '.')
  else if (!/^\d+(\.\d{1,2})?$/.test(text)) text = text.replace(/\./g, '')
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return null
  const cents = Math.round(Number(text) * 100)
  return Number.isSafeInteger(cents) ? cents : null
}
