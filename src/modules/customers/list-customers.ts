// The Clientes list: one page of the account's customers, ordered by name, optionally narrowed by
// a search text that matches name, trade name, code and CNPJ/CPF. A document may be typed with
// or without its punctuation ("12.345.678/0001-95" or "12345678000195"): stored documents are
// normalised, so the text is normalised the same way before it is compared with them. Names,
// trade names and codes match, and the list is ordered, ignoring case and accents, through their
// keys stored folded (customer-search-keys.ts): the unfiltered page is one range of an index.
import { sql, type Expression, type SqlBool } from 'kysely'
import type { Db } from '../../platform/db/connect.js'
import { keyLike, likeEscaped } from '../../platform/db/folded-search.js'
import { normalizeDocument } from './brazilian-documents.js'
import type { CustomerRow } from './customer-mapper.js'

export interface ListCustomersInput {
  /** Search text; blank lists everyone. */
  q?: string
  page: number
  perPage: number
}

export interface CustomerPage {
  rows: CustomerRow[]
  total: number
}

const MAX_QUERY_LENGTH = 200

/** The search text as a normalised document fragment, when it reads like (part of) one. */
export function documentFragment(text: string): string | null {
  if (!/\d/.test(text) || !/^[0-9A-Za-z./\s-]+$/.test(text)) return null
  const normalized = normalizeDocument(text)
  return normalized === '' ? null : normalized
}

function searchCondition(text: string): Expression<SqlBool> {
  const conditions = [keyLike('name_key', text), keyLike('trade_name_key', text), keyLike('code_key', text)]
  const fragment = documentFragment(text)
  if (fragment !== null) conditions.push(sql<SqlBool>`document like ${`%${likeEscaped(fragment)}%`} escape '\\'`)
  return sql<SqlBool>`(${sql.join(conditions, sql` or `)})`
}

function searchText(input: ListCustomersInput): string {
  // PostgreSQL text cannot hold U+0000 (the query would fail); no stored value has one anyway.
  // Cut in characters, as the API's maxLength counts them (never inside an emoji's surrogate pair).
  return [...(input.q ?? '').replaceAll('\u0000', '').trim()].slice(0, MAX_QUERY_LENGTH).join('')
}

function matchingCustomers(db: Db, accountId: number, text: string) {
  const query = db.selectFrom('customers').where('account_id', '=', accountId)
  return text === '' ? query : query.where(searchCondition(text))
}

/** The page's rows, in the list's order: unfiltered, one range of (account_id, name_key, id). */
export function customerListPageQuery(db: Db, accountId: number, input: ListCustomersInput) {
  return matchingCustomers(db, accountId, searchText(input))
    .selectAll()
    .orderBy('name_key')
    .orderBy('id')
    .limit(input.perPage)
    .offset((input.page - 1) * input.perPage)
}

export async function listCustomers(db: Db, accountId: number, input: ListCustomersInput): Promise<CustomerPage> {
  const [rows, count] = await Promise.all([
    customerListPageQuery(db, accountId, input).execute(),
    matchingCustomers(db, accountId, searchText(input)).select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.total) }
}
