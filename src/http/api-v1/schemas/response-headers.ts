// The headers of the API's answers, in the OpenAPI document. Those every answer shares (the
// request id, the rate limit, the idempotent replay) are added to every operation here, once; a
// route names its own (Location, Link, the quota) with RESPONSE_HEADERS in its schema. Downloads
// declare theirs beside their content (proposal-pdf.ts). The test suite's contract check holds
// every answer to what this says: each `required` header present, each header of ours declared.
import { TOO_MANY_REQUESTS_HEADERS } from './common.js'

interface HeaderSchema {
  type: 'string' | 'integer'
  description: string
  example?: string | number
  enum?: string[]
  format?: string
}

const RATE_LIMIT_STATE = {
  'RateLimit-Limit': TOO_MANY_REQUESTS_HEADERS['RateLimit-Limit'],
  'RateLimit-Remaining': TOO_MANY_REQUESTS_HEADERS['RateLimit-Remaining'],
  'RateLimit-Reset': TOO_MANY_REQUESTS_HEADERS['RateLimit-Reset'],
} satisfies Record<string, HeaderSchema>

/** Headers a route may name for some of its statuses. */
const ROUTE_HEADERS = {
  Location: { type: 'string', format: 'uri', description: 'The URL of the created resource (its `GET`).', example: 'https://vendoc.example.com/api/v1/proposals/44073' },
  Link: {
    type: 'string',
    description: 'RFC 8288 links keeping the other query parameters: to the `first`, `prev`, `next` and `last` pages of a numbered list (`prev` and `next` only where such a page exists); on a cursor list (GET /proposals, GET /customer-changes), to the `first` page and, while more follow, the `next`.',
    example: '<https://vendoc.example.com/api/v1/webhooks?page=1>; rel="first", <https://vendoc.example.com/api/v1/webhooks?page=2>; rel="next", <https://vendoc.example.com/api/v1/webhooks?page=3>; rel="last"',
  },
  'X-Quota-Limit': { type: 'integer', description: 'Document creations through the API the account may make this month.', example: 1000 },
  'X-Quota-Remaining': { type: 'integer', description: 'Creations left this month, this one counted.', example: 958 },
  'X-Quota-Reset': { type: 'string', format: 'date-time', description: "When the next month starts, in the account's time zone.", example: '2027-01-01T03:00:00.000Z' },
} satisfies Record<string, HeaderSchema>

export type RouteHeaderName = keyof typeof ROUTE_HEADERS

/**
 * Route schema key: which of ROUTE_HEADERS the route's answers carry, by status (`'all'` for every
 * answer to an authenticated request). A header is required on the statuses a route lists by
 * number; on `all` it may be absent (an answer refused before the route ran has none).
 */
export const RESPONSE_HEADERS = 'x-response-headers'

export type ResponseHeadersByStatus = Partial<Record<string, RouteHeaderName[]>>

declare module 'fastify' {
  interface FastifySchema {
    [RESPONSE_HEADERS]?: ResponseHeadersByStatus
  }
}

interface HeaderObject {
  description: string
  required?: boolean
  schema: Omit<HeaderSchema, 'description'>
}

type ResponseObject = { headers?: Record<string, HeaderObject> }
type OpenApiOperation = { responses?: Record<string, ResponseObject>; [RESPONSE_HEADERS]?: ResponseHeadersByStatus }

function header({ description, ...schema }: HeaderSchema, required: boolean): HeaderObject {
  return required ? { description, required: true, schema } : { description, schema }
}

/**
 * A route declaring its own headers beside its content (a download, a 429) marks the required
 * ones `required: true`; @fastify/swagger copies that into the header's schema, where it is not
 * JSON Schema, so it moves up to the header object, where OpenAPI reads it.
 */
function liftRequired(response: ResponseObject): void {
  for (const object of Object.values(response.headers ?? {})) {
    const schema = object.schema as { required?: unknown }
    if (schema.required !== true) continue
    delete schema.required
    object.required = true
  }
}

function isSuccess(status: string): boolean {
  return /^[23]/.test(status)
}

/** Sets a header on a response unless the route declared it already (a download's own list). */
function declare(response: ResponseObject, name: string, schema: HeaderSchema, required: boolean): void {
  response.headers ??= {}
  response.headers[name] ??= header(schema, required)
}

/**
 * transformObject of the OpenAPI document: the headers every answer shares, and each route's own
 * (RESPONSE_HEADERS, whose marker then goes).
 */
export function documentResponseHeaders<T extends object>(document: T): T {
  const paths = (document as { paths?: Record<string, Record<string, OpenApiOperation>> }).paths ?? {}
  for (const [method, operation] of Object.values(paths).flatMap((item) => Object.entries(item))) {
    const own = operation[RESPONSE_HEADERS] ?? {}
    delete operation[RESPONSE_HEADERS]
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      liftRequired(response)
      declare(response, 'X-Request-Id', { type: 'string', description: 'The request id: also `request_id` in an error body, and the key of the request log entry.', example: 'req_4k9Tq2Zc8YwB' }, true)
      if (status === '401') declare(response, 'WWW-Authenticate', { type: 'string', enum: ['Bearer realm="vendoc-api"'], description: 'The scheme to authenticate with (RFC 9110 §11.6.1).' }, true)
      // A 401 is answered before the token is known, so before its rate limit is counted.
      if (status !== '401') for (const [name, schema] of Object.entries(RATE_LIMIT_STATE)) declare(response, name, schema, isSuccess(status))
      if (method === 'post' && isSuccess(status)) {
        declare(response, 'Idempotent-Replayed', { type: 'string', enum: ['true'], description: 'Present when this is the stored answer to an earlier request with the same `Idempotency-Key` (nothing was done again).' }, false)
      }
      for (const [key, names] of Object.entries(own)) {
        const applies = key === status || (key === 'all' && status !== '401')
        if (!applies) continue
        for (const name of names ?? []) declare(response, name, ROUTE_HEADERS[name], key !== 'all')
      }
    }
  }
  return document
}
