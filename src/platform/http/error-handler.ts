// Turns every failure into a problem+json body. Known client errors (validation, bad JSON, body
// size, media type, a body its client abandoned, unknown route) get their stable code; anything
// else is a 500 whose details go to the log only — never a stack trace or SQL in a response.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, validationError } from '../errors.js'
import { sendProblem } from './problem.js'
import { isAbortedUpload, requestAbortedError } from './request-body.js'
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
}

export function registerErrorHandling(app: FastifyInstance, bodyLimit: number, options: ErrorHandlingOptions = {}): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = toAppError(error, request, bodyLimit)
    if (known) return sendProblem(request, reply, known)
    request.log.error({ err: error }, 'unhandled error')
    return sendInternalError(request, reply)
  })
  app.setNotFoundHandler(notFoundHandler(options))
}

/** A 500 whose details stay in the log: the body only names the request id to quote. */
export function sendInternalError(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(request, reply, new AppError('internal_error', `Unexpected error; quote request id ${request.id} to support.`))
}

/** The answer to a path no route answers: problem+json under the API, the web app's page elsewhere. */
export function notFoundHandler({ pageNotFound }: ErrorHandlingOptions) {
  return pageNotFound ? (request: FastifyRequest, reply: FastifyReply) => (isApiPath(request.url) ? sendRouteNotFound(request, reply) : pageNotFound(request, reply)) : sendRouteNotFound
}

/** The 404 of a path no route answers; plugins with their own reply hooks (the API's CORS) reuse it. */
export function sendRouteNotFound(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(request, reply, new AppError('route_not_found', `No endpoint answers ${request.method} ${request.url.split('?')[0]}.`))
}
