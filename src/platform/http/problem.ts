// RFC 9457 problem details: the one error body of the API.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { AppError, ERROR_CODES } from '../errors.js'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

export function problemTypeUri(code: string): string {
  return `/api-docs/errors#${code}`
}

export function problemBody(error: AppError, requestId: string) {
  const { headers: _headers, ...extras } = error.extras
  return {
    type: problemTypeUri(error.code),
    title: ERROR_CODES[error.code].title,
    status: error.status,
    detail: error.detail,
    code: error.code,
    request_id: requestId,
    ...extras,
  }
}

/**
 * Headers that describe a successful answer's resource. An error decided after the handler set
 * them (a creation whose Idempotency-Key could not be stored becomes a 500) must not carry them:
 * a 500 with the new document's Location would say more than "outcome unknown".
 */
const SUCCESS_ONLY_HEADERS = ['location', 'link', 'etag', 'content-disposition', 'x-document-sha256', 'x-document-version', 'x-document-draft', 'idempotent-replayed']

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  for (const name of SUCCESS_ONLY_HEADERS) reply.removeHeader(name)
  if (error.extras.headers) reply.headers(error.extras.headers)
  return reply.code(error.status).type(PROBLEM_CONTENT_TYPE).send(problemBody(error, request.id))
}
