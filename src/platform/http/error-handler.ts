// Turns every failure into a problem+json body. Known client errors (validation, bad JSON, body
// size, media type, a body its client abandoned, unknown route) get their stable code; anything
// else is a 500 whose details go to the log only — never a stack trace or SQL in a response.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, validationError } from '../errors.js'
import { PROBLEM_CONTENT_TYPE, problemBody, sendProblem } from './problem.js'
import { isAbortedUpload, requestAbortedError } from './request-body.js'
import { methodsAnswering } from './route-table.js'
import { fieldErrorsFromAjv } from './validation.js'

function toAppError(error: FastifyError, request: FastifyRequest, bodyLimit: number): AppError | undefined {
  if (error instanceof AppError) return error
  // The client hung up while its body was being read (request-body.ts).
  if (isAbortedUpload(error, request)) return requestAbortedError()
  if (error.validation) return validationError(fieldErrorsFromAjv(error.validation as never, error.validationContext ?? 'body'))
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('malformed_json', 'The body is not valid JSON.')
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('malformed_json', 'The body is empty; send a JSON object with Content-Type: application/json.')
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', `The body exceeds ${bodyLimit} bytes.`)
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'Send request bodies as JSON with Content-Type: application/json.')
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('malformed_json', 'The Content-Length header does not match the body.')
  }
  if (error instanceof SyntaxError && error.statusCode === 400) return new AppError('malformed_json', 'The body is not valid JSON.')
  return undefined
}

/** Paths of the API and its documentation: their errors are always problem+json. */
export function isApiPath(url: string): boolean {
  return /^\/(api|api-docs|healthz)(\/|\?|$)/.test(url)
}

export interface ErrorHandlingOptions {
  /** Answers unknown paths outside the API (the web app's page); without it they get problem+json too. */
  pageNotFound?: (request: FastifyRequest, reply: FastifyReply) => unknown
  /** Told the body of a last-resort answer, which no onSend hook sees (the request log records it). */
  lastResortSent?: (request: FastifyRequest, body: string) => void
}

declare module 'fastify' {
  interface FastifyReply {
    /** Set once our error handler has answered this reply: a second error gets the last resort. */
    errorAnswered: boolean
  }
}

/**
 * Our error handler, registered twice: on the root and on the scope every route lives in
 * (`registerRoutes`), so that Fastify, which hands an error raised while sending an error answer
 * (an onSend hook failing on it) to the next handler up, finds ours there too instead of its own.
 * Its own would answer in its format with the error's message, a database's for instance. The
 * second time, the answer is the last resort: a fixed 500 that no hook can fail again.
 */
export async function registerErrorHandling(
  app: FastifyInstance,
  bodyLimit: number,
  options: ErrorHandlingOptions,
  registerRoutes: (routes: FastifyInstance) => Promise<void>,
): Promise<void> {
  const answerError = (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (reply.errorAnswered) return sendLastResort(error, request, reply, options)
    reply.errorAnswered = true
    const known = toAppError(error, request, bodyLimit)
    if (known) return sendProblem(request, reply, known)
    request.log.error({ err: error }, 'unhandled error')
    return sendInternalError(request, reply)
  }
  app.decorateReply('errorAnswered', false)
  app.setErrorHandler(answerError)
  await app.register(async (routes) => {
    routes.setErrorHandler(answerError)
    // Here, not on the root: an error of the 404 handler's answer gets the last resort too.
    routes.setNotFoundHandler(notFoundHandler(options))
    await registerRoutes(routes)
  })
}

/**
 * Written straight to the socket, past every onSend hook (one of which just failed), with only
 * the headers it needs; `headersSent` means an answer is already on its way, which is cut.
 */
function sendLastResort(error: unknown, request: FastifyRequest, reply: FastifyReply, options: ErrorHandlingOptions): void {
  request.log.error({ err: error }, 'could not send the error answer; sending the last-resort 500')
  reply.hijack()
  const raw = reply.raw
  if (raw.headersSent || raw.destroyed) {
    raw.destroy()
    return
  }
  const body = JSON.stringify(problemBody(internalError(request), request.id))
  options.lastResortSent?.(request, body)
  raw.writeHead(500, {
    'content-type': PROBLEM_CONTENT_TYPE,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'x-request-id': request.id,
  })
  raw.end(body)
}

function internalError(request: FastifyRequest): AppError {
  return new AppError('internal_error', `Unexpected error; quote request id ${request.id} to support.`)
}

/** A 500 whose details stay in the log: the body only names the request id to quote. */
export function sendInternalError(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(request, reply, internalError(request))
}

/** The answer to a path no route answers: problem+json under the API, the web app's page elsewhere. */
export function notFoundHandler({ pageNotFound }: ErrorHandlingOptions) {
  return pageNotFound ? (request: FastifyRequest, reply: FastifyReply) => (isApiPath(request.url) ? sendRouteNotFound(request, reply) : pageNotFound(request, reply)) : sendRouteNotFound
}

/**
 * The answer to a request no route took; plugins with their own reply hooks (the API's CORS) reuse
 * it. A path that exists under other methods is a 405 with `Allow` (RFC 9110 §15.5.6), so a client
 * that sent PUT for PATCH learns what to send instead of looking for a typo in the path.
 */
export function sendRouteNotFound(request: FastifyRequest, reply: FastifyReply) {
  const path = request.url.split('?')[0]!
  const allowed = methodsAnswering(request.server, path)
  // A route of this very method that sent its request here (a static file not found) is a 404.
  if (allowed.length > 0 && !allowed.includes(request.method)) {
    return sendProblem(request, reply, new AppError('method_not_allowed', `${path} answers ${allowed.join(', ')}, not ${request.method}.`, { allowed_methods: allowed, headers: { allow: allowed.join(', ') } }))
  }
  return sendProblem(request, reply, new AppError('route_not_found', `No endpoint answers ${request.method} ${path}.`))
}
