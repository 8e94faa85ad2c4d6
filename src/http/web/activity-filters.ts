// Configurações → Atividade's filters, as its page and its CSV export read them from the query
// string: the subject, who made the change ("Quem": `user:ID`, `api_token:ID` or `support`), one
// item (`item=product:ID`…, from the "Alterações" link on its page) and the period, calendar days
// in the account's time zone. A subject or author that is not one is no
// filter, as any stale link; a date that is not one is an error next to its field (422).
import { ACTIVITY_TARGET_KINDS, type ActivityFilters, type ActivityTargetKind, isActivitySubject } from '../../modules/accounts/account-activity.js'
import { dateRangeErrors, type DateRangeErrors, periodInstants } from './date-range-filter.js'
import { formString, ID_DIGITS } from './form-data.js'

export interface ActivityQuery {
  subject: string
  who: string
  /** One item's changes (`product:12`), from the link on its page. */
  item: string
  from: string
  to: string
}

// Ids within what JavaScript counts exactly; the account scopes the query, so another account's id finds nothing.
const AUTHOR = new RegExp(`^(user|api_token):(${ID_DIGITS})$`)

/** The "Quem" filter's value for an author. */
export function authorValue(type: 'user' | 'api_token' | 'support', id: number | null): string {
  return type === 'support' ? 'support' : `${type}:${id}`
}

const ITEM = new RegExp(`^(${ACTIVITY_TARGET_KINDS.join('|')}):(${ID_DIGITS})$`)

/** The "Alterações" link's value for an item's page. */
export function activityItemPath(kind: ActivityTargetKind, id: number): string {
  return `/settings/activity?item=${kind}:${id}`
}

function itemFilter(item: string): ActivityFilters['target'] {
  const match = ITEM.exec(item)
  return match ? { kind: match[1] as ActivityTargetKind, id: Number(match[2]) } : undefined
}

function authorFilter(who: string): ActivityFilters['actor'] {
  if (who === 'support') return { type: 'support' }
  const match = AUTHOR.exec(who)
  return match ? { type: match[1] as 'user' | 'api_token', id: Number(match[2]) } : undefined
}

export function readActivityQuery(raw: unknown, timeZone: string): { query: ActivityQuery; filters: ActivityFilters; errors: DateRangeErrors } {
  const text = (name: string) => formString(raw, name).trim().slice(0, 40)
  const query: ActivityQuery = { subject: text('subject'), who: text('who'), item: text('item'), from: text('from'), to: text('to') }
  const filters: ActivityFilters = {}
  if (isActivitySubject(query.subject)) filters.subject = query.subject
  else query.subject = ''
  const actor = authorFilter(query.who)
  if (actor !== undefined) filters.actor = actor
  else query.who = ''
  const target = itemFilter(query.item)
  if (target !== undefined) filters.target = target
  else query.item = ''
  const errors = dateRangeErrors(query.from, query.to)
  const period = periodInstants(query.from, query.to, errors, timeZone)
  if (period.from !== undefined) filters.madeFrom = period.from
  if (period.to !== undefined) filters.madeBefore = period.to
  return { query, filters, errors }
}
