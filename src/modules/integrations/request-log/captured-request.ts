// What the HTTP layer hands over for one finished API call, and how it becomes a stored entry.
// Capturing is all the event loop does per request: plain fields and the raw texts. Finishing
// (masking CPFs, e-mails and secrets, capping bodies, reading the error code) costs tens of
// microseconds for a typical body, so it runs where the entries are written: in the request log's
// worker thread (request-log-worker.ts), or inline when there is no worker.
import { PROBLEM_CONTENT_TYPE } from '../../../platform/http/problem.js'
import { withoutNul } from '../../../platform/storable-text.js'
import { capBody, type CapturedBody } from './cap-body.js'
import { maskSensitiveText, storableHeaders } from './mask-sensitive.js'
import type { RequestLogEntry } from './request-log-entry.js'

export interface CapturedRequest {
  created_at: string
  request_id: string
  account_id: number | null
  api_token_id: number | null
  token_prefix: string | null
  method: string
  /** The URL as requested: path and query, unmasked. */
  url: string
  status: number
  duration_ms: number
  ip: string | null
  user_agent: string | null
  idempotency_key: string | null
  /** Request headers with the credential headers already dropped (they never leave the request). */
  request_headers: Record<string, string>
  /** Cut to a little over the cap already (cutBeforeMasking), so the copy to the worker stays small. */
  request_body: CapturedBody | null
  /**
   * Null when the answer is not stored: a successful read (unless REQUEST_LOG_READ_BODIES=on), a
   * route that opts out, or a stream (not buffered). Errors are always kept (request-logging.ts).
   */
  response_body: CapturedBody | null
  response_content_type: string | null
  /** The client closed its connection before the server had finished its answer (http/request-logging.ts). */
  client_closed: boolean
}

/** What a captured request holds besides the texts sizeOfCapturedRequest counts: its fields and the objects themselves. */
const CAPTURED_REQUEST_OVERHEAD = 400

/**
 * About how much memory a captured request holds while queued, in characters of text (V8 keeps
 * Latin-1 text at one byte a character, other text at two); the writer bounds its batches and its
 * queue with it. Bodies dominate: a creation's entry is ~4.4 K, a read's ~0.5 K.
 */
export function sizeOfCapturedRequest(captured: CapturedRequest): number {
  // The user agent is counted once, among the headers it was copied from.
  let size = CAPTURED_REQUEST_OVERHEAD + captured.url.length
  size += (captured.request_body?.text.length ?? 0) + (captured.response_body?.text.length ?? 0)
  for (const name in captured.request_headers) size += name.length + captured.request_headers[name]!.length
  return size
}

function storableBody(body: CapturedBody | null): string | null {
  if (body === null) return null
  const { text, cutFromBytes } = body
  // A body is the one stored text that can carry U+0000 (Node refuses it in URLs and header
  // values), and PostgreSQL refused a batch holding one whole, losing every entry in it. Replaced
  // before the cap: U+FFFD takes three bytes of UTF-8 where U+0000 took one.
  return capBody(withoutNul(maskSensitiveText(text)), { originalBytes: () => cutFromBytes ?? Buffer.byteLength(text, 'utf8'), alreadyCut: cutFromBytes !== null })
}

function problemCode(contentType: string | null, body: string | null): string | null {
  if (body === null || contentType === null || !contentType.startsWith(PROBLEM_CONTENT_TYPE)) return null
  try {
    const code = (JSON.parse(body) as { code?: unknown }).code
    return typeof code === 'string' ? code : null
  } catch {
    return null
  }
}

function maskedOrNull(text: string | null): string | null {
  return text === null || text === '' ? null : maskSensitiveText(text)
}

export function finishRequestLogEntry(captured: CapturedRequest): RequestLogEntry {
  const queryAt = captured.url.indexOf('?')
  const path = queryAt === -1 ? captured.url : captured.url.slice(0, queryAt)
  const query = queryAt === -1 || queryAt === captured.url.length - 1 ? null : captured.url.slice(queryAt + 1)
  return {
    created_at: captured.created_at,
    request_id: captured.request_id,
    account_id: captured.account_id,
    api_token_id: captured.api_token_id,
    token_prefix: captured.token_prefix,
    method: captured.method,
    path: maskSensitiveText(path),
    query: maskedOrNull(query),
    status: captured.status,
    duration_ms: captured.duration_ms,
    ip: captured.ip,
    user_agent: maskedOrNull(captured.user_agent),
    idempotency_key: maskedOrNull(captured.idempotency_key),
    error_code: problemCode(captured.response_content_type, captured.response_body?.text ?? null),
    request_headers: JSON.stringify(storableHeaders(captured.request_headers)),
    request_body: storableBody(captured.request_body),
    response_body: storableBody(captured.response_body),
    client_closed: captured.client_closed,
  }
}

/** The call without its bodies, each replaced by a note: for an entry whose bodies cannot be processed. */
export function withoutBodies(captured: CapturedRequest): CapturedRequest {
  const note = (body: CapturedBody | null) => (body === null ? null : { text: '[not stored: this body could not be processed]', cutFromBytes: null })
  return { ...captured, request_body: note(captured.request_body), response_body: note(captured.response_body) }
}
