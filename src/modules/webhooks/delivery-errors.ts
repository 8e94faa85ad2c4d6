// Why a delivery attempt failed, as the delivery log stores it: English text, the `error` the API
// returns and docs/WEBHOOKS.md documents. Each kind we write has its writer here, and
// readDeliveryError recognises every one of them (and the few connection errors Node words the
// same way each time), so a page can say it in its own language with the parameters it holds.
// Text no form matches (a rarer socket or TLS error) reads as `other`, shown as it is.
import { readAddressRefusal, type AddressRefusal } from './webhook-url-policy.js'

export type DeliveryError =
  | { kind: 'not_sent'; failures: number; pausedUntil: string }
  | { kind: 'inactive' }
  | { kind: 'timeout'; ms: number }
  | { kind: 'url_not_allowed'; reason: string; refusal: AddressRefusal | null }
  /** The connection's own address check (guardedLookup) refused what DNS answered at send time. */
  | { kind: 'address_refused'; refusal: AddressRefusal }
  | { kind: 'http_status'; status: number; redirect: boolean }
  | { kind: 'connection_refused'; address: string }
  | { kind: 'host_not_found'; host: string }
  | { kind: 'connection_reset' }
  | { kind: 'other'; text: string }

/** A try held back by the endpoint's pause (endpoint-pause.ts). */
export function notSentWhilePausedError(failures: number, pausedUntil: string | Date): string {
  return `not sent: the endpoint failed its last ${failures} attempts and is paused until ${new Date(pausedUntil).toISOString()}`
}
const NOT_SENT = /^not sent: the endpoint failed its last (\d+) attempts and is paused until (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)$/

/** A queued delivery whose endpoint was deactivated meanwhile. */
export const INACTIVE_ERROR = 'endpoint is inactive'

export function timeoutError(ms: number): string {
  return `timed out after ${ms} ms`
}
const TIMEOUT = /^timed out after (\d+) ms$/

/** The URL rule refused the endpoint's URL before any connection (webhook-url-policy.ts). */
export function urlNotAllowedError(reason: string): string {
  return `URL not allowed: ${reason}`
}
const URL_NOT_ALLOWED = /^URL not allowed: (.+)$/s

/** A receiver's answer outside 2xx; a 3xx is not followed. */
export function httpStatusError(status: number): string {
  return status >= 300 && status < 400 ? `HTTP ${status} (redirects are not followed)` : `HTTP ${status}`
}
const HTTP_STATUS = /^HTTP (\d{3})( \(redirects are not followed\))?$/

// Node's own words for the commonest connection failures (stored as Node gives them).
const CONNECTION_REFUSED = /^connect ECONNREFUSED (\S+)$/
const HOST_NOT_FOUND = /^getaddrinfo (?:ENOTFOUND|EAI_AGAIN) (\S+)$/
const CONNECTION_RESET = /^(?:socket hang up|read ECONNRESET)$/

/** The kind of a stored error and its parameters. */
export function readDeliveryError(text: string): DeliveryError {
  let match: RegExpExecArray | null
  if ((match = NOT_SENT.exec(text))) return { kind: 'not_sent', failures: Number(match[1]), pausedUntil: match[2]! }
  if (text === INACTIVE_ERROR) return { kind: 'inactive' }
  if ((match = TIMEOUT.exec(text))) return { kind: 'timeout', ms: Number(match[1]) }
  if ((match = URL_NOT_ALLOWED.exec(text))) return { kind: 'url_not_allowed', reason: match[1]!, refusal: readAddressRefusal(match[1]!) }
  if ((match = HTTP_STATUS.exec(text))) return { kind: 'http_status', status: Number(match[1]), redirect: match[2] !== undefined }
  if ((match = CONNECTION_REFUSED.exec(text))) return { kind: 'connection_refused', address: match[1]! }
  if ((match = HOST_NOT_FOUND.exec(text))) return { kind: 'host_not_found', host: match[1]! }
  if (CONNECTION_RESET.test(text)) return { kind: 'connection_reset' }
  const refusal = readAddressRefusal(text)
  if (refusal) return { kind: 'address_refused', refusal }
  return { kind: 'other', text }
}
