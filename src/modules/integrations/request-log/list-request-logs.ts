// The account's request log, filtered and paginated, newest first.
import type { Db } from '../../../platform/db/connect.js'
import type { RequestLogFilters } from './request-log-entry.js'
import { toRequestLogSummary } from './request-log-mapper.js'
import { listRequestLogRows } from './request-log-repository.js'

export interface RequestLogPage {
  page: number
  perPage: number
}

export async function listRequestLogs(db: Db, accountId: number, filters: RequestLogFilters, { page, perPage }: RequestLogPage) {
  const { rows, total } = await listRequestLogRows(db, accountId, filters, { limit: perPage, offset: (page - 1) * perPage })
  return {
    data: rows.map(toRequestLogSummary),
    meta: { page, per_page: perPage, total, total_pages: Math.max(1, Math.ceil(total / perPage)) },
  }
}
