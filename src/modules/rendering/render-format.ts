// How values read inside a rendered document: Brazilian money, quantities, dates and CPF/CNPJ.
// The web pages have their own copy of these rules (src/http/web/format.ts); modules import no
// HTTP code, and a document must read the same wherever it is rendered (page, PDF, signing link).
const MONEY = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' })
const DECIMAL = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 3 })

/** 123456 → "R$ 1.234,56", with a non-breaking space after the symbol (never split over two lines). */
export function documentMoney(cents: number): string {
  return MONEY.format(cents / 100)
}

/** 1500 (thousandths) → "1,5". */
export function documentQuantity(milli: number): string {
  return DECIMAL.format(milli / 1000)
}

const dateFormats = new Map<string, Intl.DateTimeFormat>()

/** An instant as "29/11/2026" in `timeZone` (the account's). */
export function documentDate(instant: string | Date, timeZone: string): string {
  let format = dateFormats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('pt-BR', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' })
    dateFormats.set(timeZone, format)
  }
  return format.format(typeof instant === 'string' ? new Date(instant) : instant)
}

/** A calendar date "2026-12-31" as "31/12/2026"; anything else is returned unchanged. */
export function documentCalendarDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  return match ? `${match[3]}/${match[2]}/${match[1]}` : date
}

/** A normalised CPF (11 digits) or CNPJ (14, possibly alphanumeric) with its punctuation. */
export function documentNumber(document: string | null | undefined): string {
  if (!document) return ''
  if (/^\d{11}$/.test(document)) return `${document.slice(0, 3)}.${document.slice(3, 6)}.${document.slice(6, 9)}-${document.slice(9)}`
  if (/^[0-9A-Z]{14}$/.test(document)) return `${document.slice(0, 2)}.${document.slice(2, 5)}.${document.slice(5, 8)}/${document.slice(8, 12)}-${document.slice(12)}`
  return document
}
