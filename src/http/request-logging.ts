// Records every request under /api/ in the request log (DESIGN.md §5) — unknown paths, preflights
// and failed authentications included. The timing starts at onRequest, the request body is copied
// as it streams in (the bytes the client sent, not the parsed and defaulted object), the response
// payload is taken at onSend, and the entry is queued at onResponse, after the client has its
// answer. A request whose client went away before its answer gets no onResponse; its entry is
// queued when Fastify is done with it, marked client_closed (platform/http/running-requests.ts
// reports it). Nothing here can fail a request: the writer swallows and logs its own errors.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Readable } from 'node:stream'
import { authenticateApiToken, type TokenAttribution } from '../modules/integrations/api-tokens.js'
import { cutBeforeMasking } from '../modules/integrations/request-log/cap-body.js'
import type { CapturedRequest } from '../modules/integrations/request-log/captured-request.js'
import { withoutCredentialHeaders } from '../modules/integrations/request-log/mask-sensitive.js'
import { tokenInAuthorization } from '../modules/integrations/token-format.js'
import type { RequestLogWriter } from '../modules/integrations/request-log/request-log-writer.js'
import { type Clock, isoNow } from '../platform/clock.js'
import type { Db } from '../platform/db/connect.js'
import { hasBody } from '../platform/http/request-body.js'
import type { RunningRequests } from '../platform/http/running-requests.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The request log's buffered writer; `await app.requestLog.flush()` writes what is queued. */
    requestLog: RequestLogWriter<CapturedRequest>
  }
  interface FastifyRequest {
    /** What the request log keeps of this request while it runs (null outside /api/ or with the log off). */
    logCapture: Capture | null
  }
  interface FastifyContextConfig {
    /** `responseBody: false` stores no successful answer, even with REQUEST_LOG_READ_BODIES=on (the log's own endpoints, which would copy the log into itself; the catalogue; PDFs). Errors are always stored. */
    requestLog?: { responseBody?: boolean }
  }
}

/** Route config for routes whose successful answers the log never stores (see FastifyContextConfig above). */
export const WITHOUT_RESPONSE_BODY = { requestLog: { responseBody: false } }

interface Capture {
  startedAt: string
  requestChunks: Buffer[] | null
  responsePayload: unknown
}

const USER_AGENT_MAX = 512
const IDEMPOTENCY_KEY_MAX = 255

function isApiPath(url: string): boolean {
  return url.startsWith('/api/')
}

/**
 * Keeps a copy of the request body's chunks as Fastify's body reader takes them from the same
 * stream: nothing is put between the client and the reader, so an upload cut off reaches the
 * reader as Node reports it. (A Transform in a `stream.pipeline` did the same at ~40 µs of the
 * event loop per POST: docs/PERFORMANCE.md.)
 */
function copyBodyChunks(payload: Readable, capture: Capture): void {
  const chunks: Buffer[] = []
  capture.requestChunks = chunks
  // Paused first, or the 'data' listener would set the stream flowing on the next tick, and what
  // it read before Fastify's reader listens would be lost to the reader, which resumes it itself.
  // A body nobody reads (refused before parsing) is drained by Node once the answer is sent.
  payload.pause()
  payload.on('data', (chunk: Buffer) => chunks.push(chunk))
}

function payloadText(payload: unknown): string | null {
  if (typeof payload === 'string') return payload
  if (Buffer.isBuffer(payload)) return payload.toString('utf8')
  return null // a stream (or nothing): not buffered for the log
}

function headerText(request: FastifyRequest, name: string, max: number): string | null {
  const value = request.headers[name]
  const text = Array.isArray(value) ? value.join(', ') : value
  return text === undefined || text === '' ? null : text.slice(0, max)
}

const READ_METHODS = new Set(['GET', 'HEAD'])

/**
 * Whether the response body goes into the log. An error's answer always does (a small problem
 * document, the reason the log is read). A route may opt out of storing its successful answers
 * (the log's own endpoints, the catalogue, PDFs). A successful read's answer is left out unless
 * REQUEST_LOG_READ_BODIES=on: it is the resource as it stood, which the integrator can read again,
 * it is most of the log's bytes and cost, and keeping every read document's signers for 180 days
 * is personal data the log does not need (docs/DECISIONS.md, "Request log").
 */
function storesResponseBody(request: FastifyRequest, reply: FastifyReply, readBodies: boolean): boolean {
  if (reply.statusCode >= 400) return true
  if (request.routeOptions.config?.requestLog?.responseBody === false) return false
  return readBodies || !READ_METHODS.has(request.method)
}

/** The plain facts of a finished call; masking and capping happen later, off the event loop. */
function captureOf(request: FastifyRequest, reply: FastifyReply, captured: Capture, readBodies: boolean, clientClosed: boolean): CapturedRequest {
  const attribution: TokenAttribution | null = request.attribution ?? null
  const contentType = reply.getHeader('content-type')
  const storeResponse = storesResponseBody(request, reply, readBodies)
  return {
    created_at: captured.startedAt,
    request_id: request.id,
    account_id: attribution?.accountId ?? null,
    api_token_id: attribution?.tokenId ?? null,
    token_prefix: attribution?.tokenPrefix ?? null,
    method: request.method,
    url: request.url,
    status: reply.statusCode,
    duration_ms: Math.round(reply.elapsedTime * 1000) / 1000,
    ip: request.ip ?? null,
    user_agent: headerText(request, 'user-agent', USER_AGENT_MAX),
    idempotency_key: headerText(request, 'idempotency-key', IDEMPOTENCY_KEY_MAX),
    request_headers: withoutCredentialHeaders(request.headers),
    request_body: cutBeforeMasking(captured.requestChunks === null ? null : Buffer.concat(captured.requestChunks).toString('utf8')),
    response_body: storeResponse ? cutBeforeMasking(payloadText(captured.responsePayload)) : null,
    response_content_type: typeof contentType === 'string' ? contentType : null,
    client_closed: clientClosed,
  }
}

/**
 * A path no route answers (or not with this method) skips authentication, so nothing attributed the
 * call; when it carries a token of some account, the entry goes to that account so its log shows
 * the mistyped URL or method.
 */
async function withTokenAttribution(db: Db, entry: CapturedRequest, authorization: string): Promise<CapturedRequest> {
  const credential = tokenInAuthorization(authorization)
  if (credential === null) return entry
  // Without the lookup the entry is still worth keeping, unattributed.
  const check = await authenticateApiToken(db, credential.token).catch(() => null)
  if (check === null) return entry
  const attribution = check.ok ? { accountId: check.token.accountId, tokenId: check.token.tokenId, tokenPrefix: check.token.tokenPrefix } : check.attribution
  return attribution === null ? entry : { ...entry, account_id: attribution.accountId, api_token_id: attribution.tokenId, token_prefix: attribution.tokenPrefix }
}

export interface RequestLoggingOptions {
  db: Db
  clock: Clock
  writer: RequestLogWriter<CapturedRequest>
  /** False (REQUEST_LOG=off): no hook is installed at all. */
  enabled: boolean
  /** REQUEST_LOG_READ_BODIES=on: also store the response bodies of successful GETs and HEADs. */
  readBodies?: boolean
  /** Says when a reply ends undelivered (its client gone), which no Fastify hook does. */
  running: Pick<RunningRequests, 'onReplyEnd'>
}

/** Call on the root instance before the API routes are registered, so every /api/ path is covered. */
export function registerRequestLogging(app: FastifyInstance, { db, clock, writer, enabled, readBodies = false, running }: RequestLoggingOptions): void {
  // Flushed on close by app.ts, with a bound, before the worker stops.
  app.decorate('requestLog', writer)
  if (!enabled) return

  // A request property declared up front (not a WeakMap keyed by request): every request object
  // keeps one shape, and the map's set/get/delete and its weak-reference bookkeeping in the garbage
  // collector cost more per request.
  app.decorateRequest('logCapture', null)

  // Takes the request's capture, so that each request is recorded once, and queues its entry.
  const record = (request: FastifyRequest, reply: FastifyReply, clientClosed: boolean): void => {
    const captured = request.logCapture
    if (captured === null) return
    request.logCapture = null
    let entry: CapturedRequest
    try {
      entry = captureOf(request, reply, captured, readBodies, clientClosed)
    } catch (error) {
      request.log.error({ err: error }, 'request log: could not record this request')
      return
    }
    // A path no route answers (404), or no route of this method (405), never reached authentication.
    const routeless = reply.statusCode === 404 || reply.statusCode === 405
    if (entry.account_id === null && routeless && request.headers.authorization !== undefined) {
      writer.enqueueWhenReady(withTokenAttribution(db, entry, request.headers.authorization))
      return
    }
    writer.enqueue(entry)
  }

  app.addHook('onRequest', (request, _reply, done) => {
    if (isApiPath(request.url)) request.logCapture = { startedAt: isoNow(clock), requestChunks: null, responsePayload: null }
    done()
  })
  running.onReplyEnd((request, reply, delivered) => {
    if (!delivered) record(request, reply, true)
  })

  app.addHook('preParsing', (request, _reply, payload, done) => {
    const capture = request.logCapture
    if (capture !== null && hasBody(request)) copyBodyChunks(payload, capture)
    done(null, payload)
  })

  app.addHook('onSend', (request, _reply, payload, done) => {
    const capture = request.logCapture
    if (capture !== null) capture.responsePayload = payload
    done(null, payload)
  })

  app.addHook('onResponse', (request, reply, done) => {
    done()
    record(request, reply, false)
  })
}

/** Records the body of a last-resort answer (error-handler.ts), written past the onSend hook that captures bodies. */
export function recordLastResortBody(request: FastifyRequest, body: string): void {
  if (request.logCapture !== null) request.logCapture.responsePayload = body
}
