// How values read on the pages: Brazilian money, dates in the account's time zone, CPF/CNPJ with
// their punctuation. Display only; what is stored and sent to the API never passes through here.
const MONEY = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' })
const DECIMAL = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 3 })

/** 123456 → "R$ 1.234,56" (with the non-breaking space Intl puts after the symbol). */
export function formatMoney(cents: number): string {
  return MONEY.format(cents / 100)
}

/** 1500 (milli) → "1,5". */
export function formatQuantity(milli: number): string {
  return DECIMAL.format(milli / 1000)
}

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

const dateFormats = new Map<string, Intl.DateTimeFormat>()
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>()

function cached(map: Map<string, Intl.DateTimeFormat>, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let format = map.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('pt-BR', { timeZone, ...options })
    map.set(timeZone, format)
  }
  return format
}

/** An instant as "29/11/2026" in `timeZone`. */
export function formatDate(iso: string, timeZone: string): string {
  return cached(dateFormats, timeZone, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(iso))
}

/** An instant as "29/11/2026 14:05" in `timeZone`. */
export function formatDateTime(iso: string, timeZone: string): string {
  return cached(dateTimeFormats, timeZone, { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso))
}

/** A calendar date "2026-12-31" as "31/12/2026" (no time zone: it is already a date). */
export function formatCalendarDate(date: string): string {
  const [year, month, day] = date.split('-')
  return `${day}/${month}/${year}`
}

/** A normalised CPF (11 digits) or CNPJ (14, possibly alphanumeric) with its punctuation. */
export function formatDocument(document: string | null | undefined): string {
  if (!document) return ''
  if (/^\d{11}$/.test(document)) return `${document.slice(0, 3)}.${document.slice(3, 6)}.${document.slice(6, 9)}-${document.slice(9)}`
  if (/^[0-9A-Z]{14}$/.test(document)) return `${document.slice(0, 2)}.${document.slice(2, 5)}.${document.slice(5, 8)}/${document.slice(8, 12)}-${document.slice(12)}`
  return document
}
