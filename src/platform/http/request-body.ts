// Whether a request carries a body, and what becomes of a body its client abandoned.
//
// A client may hang up after sending its whole request, before the server has read the body (its
// onRequest hooks still running, under load). Node then destroys the request stream with an
// 'aborted' error and drops the bytes it had buffered, complete or not. A body being read at that
// moment fails with that error; one not yet read never ends: Fastify, starting to read it
// afterwards, waits for an 'end' that never comes, so the request would count as running until
// the shutdown's bound (running-requests.ts) and never reach the request log. The guard fails it
// at once instead, the same way, and the error handler answers both request_aborted (a 400 only
// the request log sees, marked client_closed) rather than a 500.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AppError } from '../errors.js'

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Whether the request announces a body (a length above 0, or a chunked one). */
export function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length']
  return BODY_METHODS.has(request.method) && ((length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined)
}

/** The answer to a request whose client hung up before its body was read. */
export function requestAbortedError(): AppError {
  return new AppError('request_aborted', 'The connection closed before the request body was read; nothing was done.')
}

/** Whether the request's body can no longer be read: its stream was destroyed before its end. */
function bodyAbandoned(request: FastifyRequest): boolean {
  return request.raw.destroyed && !request.raw.readableEnded && hasBody(request)
}

/**
 * Whether `error` is Node's for a body cut off by its connection closing: ECONNRESET while the body
 * is unread. A request is destroyed once its body has been read as well (Node's autoDestroy), so
 * an ECONNRESET after that (the database's, in a handler) is another failure, and stays a 500.
 */
export function isAbortedUpload(error: { code?: unknown }, request: FastifyRequest): boolean {
  return error.code === 'ECONNRESET' && bodyAbandoned(request)
}

/** Registers the guard first among the preParsing hooks, before anything reads or copies the body. */
export function registerAbortedUploadGuard(app: FastifyInstance): void {
  // Callback style: it runs on every request.
  app.addHook('preParsing', (request, _reply, payload, done) => {
    if (bodyAbandoned(request)) done(requestAbortedError())
    else done(null, payload)
  })
}
