// One API call as the request log stores it (table request_logs, DESIGN.md §5). Built by the HTTP
// layer from a finished request, already masked and capped; the writer only inserts it.
import type { Insertable, Selectable } from 'kysely'
import type { RequestLogsTable } from '../../../platform/db/schema.js'

// client_closed is required here though the column has a default: the batch inserts bind every
// column, so a missing value would be a NULL, not the default.
export type RequestLogEntry = Omit<Insertable<RequestLogsTable>, 'id' | 'client_closed'> & { client_closed: boolean }

export type RequestLogRow = Selectable<RequestLogsTable>

export const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const
export type StatusClass = (typeof STATUS_CLASSES)[number]

/**
 * What a request id looks like: `req_` and base64url characters (platform/http/request-id.ts makes
 * 16 of them; a longer id some day still matches). Anything else cannot be in the log.
 */
export const REQUEST_ID_PATTERN = '^req_[A-Za-z0-9_-]+$'
export const REQUEST_ID_MAX = 64

/**
 * What an error code looks like (platform/errors.ts). Any code of that shape is a valid filter, not
 * only the codes documented today: entries are kept 180 days, so a code renamed or added since is
 * still in the log, and a code nobody was answered simply finds nothing.
 */
export const ERROR_CODE_PATTERN = '^[a-z][a-z0-9_]*$'
export const ERROR_CODE_MAX = 64

export const HTTP_STATUS_MIN = 100
export const HTTP_STATUS_MAX = 599

export interface RequestLogFilters {
  /** The `X-Request-Id` of the call, exactly. */
  requestId?: string
  /** The `code` of the problem answered, exactly. */
  errorCode?: string
  /** The HTTP status answered, exactly. */
  status?: number
  statusClass?: StatusClass
  method?: string
  /** Paths starting with this text (case-sensitive, no wildcards). */
  pathPrefix?: string
  /** Inclusive lower bound on created_at (ISO 8601 instant). */
  from?: string
  /** Exclusive upper bound on created_at (ISO 8601 instant). */
  to?: string
  tokenId?: number
}
