// The one Liquid engine of Vendoc, configured as a sandbox. Template bodies are written by an
// account's admins and read by everyone who opens the document, so the engine must not reach
// files, must not leak JavaScript internals, must escape data by default and must not let a
// hostile body hang or exhaust the server.
import { createRequire } from 'node:module'
import type * as LiquidJs from 'liquidjs'
import type { FilterImplOptions, Liquid, TagToken, TopLevelToken } from 'liquidjs'
import { formatCalendarDate, formatMoney, formatDocument } from '../../platform/pt-br-format.js'
import { MAX_NUMBER_IN_WORDS, moneyInWords, numberInWords } from '../../platform/pt-br-number-words.js'
import { DEFAULT_TIME_ZONE, zonedMidnight } from '../../platform/time-zones.js'

const requireModule = createRequire(import.meta.url)

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/

/** Noon of a calendar date in `timeZone`, as an ISO instant (a valid date; past year 9999, the date as it is). */
function localNoon(date: string, timeZone: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  const midnight = zonedMidnight(year, month, day, timeZone)
  return Number.isNaN(midnight.getTime()) ? date : new Date(midnight.getTime() + 12 * 3600_000).toISOString()
}

/** A whole number given to a filter as a number or as digits (custom fields hold text), or null. */
function wholeNumber(value: unknown): number | null {
  const number = typeof value === 'string' && /^-?\d{1,16}$/.test(value.trim()) ? Number(value.trim()) : value
  return typeof number === 'number' && Number.isSafeInteger(number) && Math.abs(number) <= MAX_NUMBER_IN_WORDS ? number : null
}

type FilterHandler = Extract<FilterImplOptions, (...args: never[]) => unknown>

/**
 * liquidjs, loaded on the first parse or render rather than at startup: a server answering only
 * the API never needs it (docs/PERFORMANCE.md, memory). Synchronous, so validation stays sync.
 */
export function liquidjs(): typeof LiquidJs {
  return requireModule('liquidjs') as typeof LiquidJs
}

/** Longest body the editor accepts; also the engine's parse limit (characters). */
export const MAX_TEMPLATE_LENGTH = 100_000
/** Wall-clock budget of one render, in milliseconds. */
export const RENDER_TIME_LIMIT_MS = 1_000
/** Budget of characters/elements allocated by filters, ranges and loops in one render. */
export const RENDER_MEMORY_LIMIT = 20_000_000
/** Longest rendered document, in characters (caught while rendering, not afterwards). */
export const MAX_OUTPUT_LENGTH = 5_000_000

/** Tags that would read other templates: there are none (no file system, no partials). */
export const DISABLED_TAGS = ['include', 'render', 'layout'] as const

function disabledTag(name: string) {
  return class extends liquidjs().Tag {
    constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
      super(token, remainTokens, liquid)
      throw new Error(`the "${name}" tag is not available: templates cannot include other templates`)
    }
    * render(): Generator<unknown, void, unknown> {}
  }
}

function createEngine(): Liquid {
  const engine = new (liquidjs().Liquid)({
    // An empty in-memory file system: nothing outside the body can ever be looked up.
    templates: {},
    ownPropertyOnly: true,
    outputEscape: 'escape',
    strictFilters: true,
    parseLimit: MAX_TEMPLATE_LENGTH,
    renderLimit: RENDER_TIME_LIMIT_MS,
    memoryLimit: RENDER_MEMORY_LIMIT,
    timezoneOffset: 'America/Sao_Paulo',
    locale: 'pt-BR',
  })
  for (const name of DISABLED_TAGS) engine.registerTag(name, disabledTag(name))
  // `raw` would print data unescaped (a customer named "<script>" as markup). It stays a known
  // filter so bodies written for other Liquid engines still parse, but it does nothing: the
  // output is escaped like any other.
  engine.registerFilter('raw', (value: unknown) => value)
  // The same for newline_to_br: escape the text first, then mark up only the line breaks.
  engine.registerFilter('newline_to_br', {
    raw: true,
    handler: (value: unknown) => escapeHtml(String(value ?? '')).replace(/\r?\n/g, '<br>\n'),
  })
  engine.registerFilter('money', (cents: unknown) => (typeof cents === 'number' && Number.isFinite(cents) ? formatMoney(Math.round(cents)) : ''))
  // Written out, as contracts print amounts beside the figures; anything else prints nothing, as `money` does.
  engine.registerFilter('money_in_words', (cents: unknown) => {
    const whole = wholeNumber(cents)
    return whole === null ? '' : moneyInWords(whole)
  })
  engine.registerFilter('number_in_words', (value: unknown) => {
    const whole = wholeNumber(value)
    return whole === null || whole < 0 ? '' : numberInWords(whole)
  })
  engine.registerFilter('cpf_cnpj', (value: unknown) => formatDocument(typeof value === 'string' ? value : ''))
  // Liquid's `date` reads a calendar date ("2026-03-01") as UTC midnight and shows it in the
  // account's zone (each render's own, render-template.ts), hours earlier: the day before. A
  // calendar date is a day wherever it is read, so it goes in as that day's noon in the render's
  // zone; instants and "now" are left to Liquid.
  const liquidDate = engine.filters.date
  if (typeof liquidDate !== 'function') throw new Error("Liquid's date filter is not a plain filter")
  engine.registerFilter('date', function (this: ThisParameterType<FilterHandler>, value: unknown, ...rest: unknown[]) {
    const zone = this.context.opts.timezoneOffset
    const day = typeof value === 'string' && CALENDAR_DATE.test(value) ? localNoon(value, typeof zone === 'string' ? zone : DEFAULT_TIME_ZONE) : value
    return liquidDate.call(this, day, ...rest)
  })
  // Calendar dates of custom fields ("2026-12-31") as "31/12/2026"; other text is left as it is.
  engine.registerFilter('date_br', (value: unknown) => (typeof value === 'string' ? formatCalendarDate(value) : ''))
  return engine
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;')
}

let engine: Liquid | undefined

/** Shared by every render (the engine holds no per-render state); created on first use. */
export function liquid(): Liquid {
  engine ??= createEngine()
  return engine
}
