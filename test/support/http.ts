// Assertions shared by the API tests: every error is an RFC 9457 problem with a stable code and
// the request id, and never leaks internals.
import type { LightMyRequestResponse } from 'fastify'
import { expect } from 'vitest'

export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  code: string
  request_id: string
  errors?: Array<{ in: string; path: string; message: string }>
  [key: string]: unknown
}

const LEAKS = [
  /\n\s+at\s/, // stack frame
  /"stack"\s*:/,
  /node_modules|\/src\/|\.ts:\d+/,
  /\b(SELECT|INSERT INTO|DELETE FROM)\b|\bUPDATE "?\w+"? SET\b/,
  /SQLITE_|duplicate key value|violates|constraint failed|syntax error at/i,
]

/** Asserts the response is the problem `code` with `status`, well formed, and returns its body. */
export function expectProblem(response: LightMyRequestResponse, status: number, code: string): Problem {
  expect(response.statusCode, response.body).toBe(status)
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
  const body = response.json<Problem>()
  expect(body.code).toBe(code)
  expect(body.status).toBe(status)
  expect(body.type).toBe(`/api-docs/errors#${code}`)
  expect(typeof body.title).toBe('string')
  expect(body.detail.length).toBeGreaterThan(0)
  expect(body.request_id).toMatch(/^req_/)
  expect(body.request_id).toBe(response.headers['x-request-id'])
  for (const leak of LEAKS) expect(response.body).not.toMatch(leak)
  return body
}

/** The distinct JSON pointers of a validation problem, sorted. */
export function errorPaths(problem: Problem): string[] {
  return [...new Set((problem.errors ?? []).map((error) => error.path))].sort()
}
