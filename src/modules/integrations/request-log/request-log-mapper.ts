// Rows are not API shapes: what the API (and the Integrações page) shows of a log entry.
import type { RequestLogRow } from './request-log-entry.js'
import type { RequestLogSummaryRow } from './request-log-repository.js'

export interface RequestLogSummary {
  id: number
  request_id: string
  created_at: string
  method: string
  path: string
  status: number
  duration_ms: number
  ip: string | null
  user_agent: string | null
  token_id: number | null
  token_prefix: string | null
  error_code: string | null
  idempotency_key: string | null
  client_closed: boolean
}

export interface RequestLogDetail extends RequestLogSummary {
  query: string | null
  request_headers: Record<string, string>
  request_body: string | null
  response_body: string | null
}

export function toRequestLogSummary(row: RequestLogSummaryRow): RequestLogSummary {
  return {
    id: row.id,
    request_id: row.request_id,
    created_at: row.created_at,
    method: row.method,
    path: row.path,
    status: row.status,
    duration_ms: row.duration_ms,
    ip: row.ip,
    user_agent: row.user_agent,
    token_id: row.api_token_id,
    token_prefix: row.token_prefix,
    error_code: row.error_code,
    idempotency_key: row.idempotency_key,
    // SQLite keeps booleans as 0/1.
    client_closed: Boolean(row.client_closed),
  }
}

function parseHeaders(stored: string | null): Record<string, string> {
  if (stored === null) return {}
  try {
    const parsed: unknown = JSON.parse(stored)
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, string>) : {}
  } catch {
    return {}
  }
}

export function toRequestLogDetail(row: RequestLogRow): RequestLogDetail {
  return {
    ...toRequestLogSummary(row),
    query: row.query,
    request_headers: parseHeaders(row.request_headers),
    request_body: row.request_body,
    response_body: row.response_body,
  }
}
