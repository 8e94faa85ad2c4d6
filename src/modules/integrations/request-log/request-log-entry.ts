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

export interface RequestLogFilters {
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
