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

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  if (error.extras.headers) reply.headers(error.extras.headers)
  return reply.code(error.status).type(PROBLEM_CONTENT_TYPE).send(problemBody(error, request.id))
}
