// The request log's filters as the list page reads them from its query string. Values that are not
// valid (status=9xx, from=garbage, a token of another account) are never guessed at: each gets an
// error shown under its field, and the list is not queried until they are fixed.
import {
  HTTP_STATUS_MAX,
  HTTP_STATUS_MIN,
  REQUEST_ID_MAX,
  REQUEST_ID_PATTERN,
  STATUS_CLASSES,
  type RequestLogFilters,
  type StatusClass,
} from '../../../modules/integrations/request-log/request-log-entry.js'
import { ERROR_CODES } from '../../../platform/errors.js'
import { dateRangeErrors, periodInstants } from '../date-range-filter.js'
import { formString, TYPED_ID } from '../form-data.js'
import { t } from '../i18n/pt-BR.js'

export const REQUEST_LOG_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const
export const PATH_FILTER_MAX = 200

/**
 * The codes the error code filter offers: those documented today. The API takes any code-shaped
 * text; a select keeps the page's users from guessing the spelling of one.
 */
export const REQUEST_LOG_ERROR_CODES = (Object.keys(ERROR_CODES) as Array<keyof typeof ERROR_CODES>).sort()

const REQUEST_ID = new RegExp(REQUEST_ID_PATTERN)

/** A value the page's request id box reads as a request id (`req_…`), as pasted from an error body or a header. */
export function looksLikeRequestId(value: string): boolean {
  return [...value].length <= REQUEST_ID_MAX && REQUEST_ID.test(value)
}

/** What the filter form shows: the values as typed. */
export interface RequestLogFilterForm {
  request_id: string
  status_code: string
  error_code: string
  status: string
  method: string
  path: string
  from: string
  to: string
  token: string
}

export type RequestLogFilterErrors = Partial<Record<keyof RequestLogFilterForm, string>>

export interface ParsedRequestLogFilters {
  form: RequestLogFilterForm
  filters: RequestLogFilters
  errors: RequestLogFilterErrors
}

/**
 * `from` and `to` are calendar days in the viewer's time zone, both inclusive: `to` becomes the
 * start of the next day (the module's upper bound is exclusive).
 */
export function parseRequestLogFilters(query: unknown, timeZone: string, tokenIds: readonly number[]): ParsedRequestLogFilters {
  const form: RequestLogFilterForm = {
    request_id: formString(query, 'request_id').trim(),
    status_code: formString(query, 'status_code').trim(),
    error_code: formString(query, 'error_code').trim().toLowerCase(),
    status: formString(query, 'status').trim(),
    method: formString(query, 'method').trim().toUpperCase(),
    path: formString(query, 'path').trim(),
    from: formString(query, 'from').trim(),
    to: formString(query, 'to').trim(),
    token: formString(query, 'token').trim(),
  }
  const filters: RequestLogFilters = {}
  const errors: RequestLogFilterErrors = {}
  const tr = t.integrations.requests

  if (form.request_id !== '') {
    if (looksLikeRequestId(form.request_id)) filters.requestId = form.request_id
    else errors.request_id = tr.invalidRequestId
  }
  if (form.status_code !== '') {
    const status = /^\d{3}$/.test(form.status_code) ? Number(form.status_code) : NaN
    if (status >= HTTP_STATUS_MIN && status <= HTTP_STATUS_MAX) filters.status = status
    else errors.status_code = tr.invalidStatusCode(HTTP_STATUS_MIN, HTTP_STATUS_MAX)
  }
  if (form.error_code !== '') {
    if ((REQUEST_LOG_ERROR_CODES as readonly string[]).includes(form.error_code)) filters.errorCode = form.error_code
    else errors.error_code = tr.invalidErrorCode
  }
  if (form.status !== '') {
    if ((STATUS_CLASSES as readonly string[]).includes(form.status)) filters.statusClass = form.status as StatusClass
    else errors.status = tr.invalidStatus
  }
  if (form.method !== '') {
    if ((REQUEST_LOG_METHODS as readonly string[]).includes(form.method)) filters.method = form.method
    else errors.method = tr.invalidMethod
  }
  if (form.path !== '') {
    if ([...form.path].length > PATH_FILTER_MAX) errors.path = tr.pathTooLong(PATH_FILTER_MAX)
    else filters.pathPrefix = form.path
  }
  Object.assign(errors, dateRangeErrors(form.from, form.to))
  Object.assign(filters, periodInstants(form.from, form.to, errors, timeZone))
  if (form.token !== '') {
    const id = TYPED_ID.test(form.token) ? Number(form.token) : NaN
    if (tokenIds.includes(id)) filters.tokenId = id
    else errors.token = tr.invalidToken
  }
  return { form, filters, errors }
}
