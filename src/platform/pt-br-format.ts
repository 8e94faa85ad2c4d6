// How values read for people in Brazil: money, quantities, dates in a given time zone, CPF/CNPJ
// with their punctuation. One set of rules for the web pages and the rendered documents (page,
// PDF, signing link), so a figure reads the same wherever it is shown. Display only: what is
// stored and what the API exchanges never passes through here.
const MONEY = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' })
const DECIMAL = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 3 })

/** 123456 → "R$ 1.234,56", with the non-breaking space Intl puts after the symbol (never split over two lines). */
export function formatMoney(cents: number): string {
  return MONEY.format(cents / 100)
}

/** 1000 → "1.000": counts and limits, with the thousands dot. */
export function formatInteger(value: number): string {
  return DECIMAL.format(value)
}

/** 1500 (thousandths) → "1,5". */
export function formatQuantity(milli: number): string {
  return DECIMAL.format(milli / 1000)
}

const dateFormats = new Map<string, Intl.DateTimeFormat>()
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>()
const secondFormats = new Map<string, Intl.DateTimeFormat>()

function cached(map: Map<string, Intl.DateTimeFormat>, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let format = map.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('pt-BR', { timeZone, ...options })
    map.set(timeZone, format)
  }
  return format
}

/** An instant as "29/11/2026" in `timeZone`. */
export function formatDate(instant: string | Date, timeZone: string): string {
  return cached(dateFormats, timeZone, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(instant))
}

/** An instant as "29/11/2026 14:05" in `timeZone`. */
export function formatDateTime(instant: string | Date, timeZone: string): string {
  return cached(dateTimeFormats, timeZone, { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(instant))
}

/** An instant as "29/11/2026 14:05:09" in `timeZone`: for logs, where calls a second apart must read apart. */
export function formatDateTimeSeconds(instant: string | Date, timeZone: string): string {
  return cached(secondFormats, timeZone, { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(instant))
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>()

/** An instant as "16/11/2026, 10:30:05 GMT-3" in `timeZone`: the offset printed, so a reader needs no zone table (evidence pages). */
export function formatDateTimeWithOffset(instant: string | Date, timeZone: string): string {
  const options = { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'shortOffset' } as const
  return cached(offsetFormats, timeZone, options).format(new Date(instant))
}

/** A calendar date "2026-12-31" as "31/12/2026" (no time zone: it is already a date); anything else unchanged. */
export function formatCalendarDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  return match ? `${match[3]}/${match[2]}/${match[1]}` : date
}

/** A normalised CPF (11 digits) or CNPJ (14, possibly alphanumeric) with its punctuation. */
export function formatDocument(document: string | null | undefined): string {
  if (!document) return ''
  if (/^\d{11}$/.test(document)) return `${document.slice(0, 3)}.${document.slice(3, 6)}.${document.slice(6, 9)}-${document.slice(9)}`
  if (/^[0-9A-Z]{14}$/.test(document)) return `${document.slice(0, 2)}.${document.slice(2, 5)}.${document.slice(5, 8)}/${document.slice(8, 12)}-${document.slice(12)}`
  return document
}

const ONE_DECIMAL = new Intl.NumberFormat('pt-BR', { minimumFractionDigits: 1, maximumFractionDigits: 1 })

/** A file's size as people read it: "850 bytes", "12,4 KB", "3,2 MB" (1 KB = 1,024 bytes, as file managers count). */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${formatInteger(bytes)} ${bytes === 1 ? 'byte' : 'bytes'}`
  if (bytes < 1024 * 1024) return `${ONE_DECIMAL.format(bytes / 1024)} KB`
  return `${ONE_DECIMAL.format(bytes / (1024 * 1024))} MB`
}
