// Schema pieces every endpoint shares: the problem body, error responses grouped by status,
// pagination and the nullable helper.
import type { preValidationHookHandler } from 'fastify'
import Type, { type Static, type TSchema } from 'typebox'
import { ERROR_CODES, type ErrorCode } from '../../../platform/errors.js'

/**
 * `T | null` as a JSON Schema type array rather than anyOf: validation then reports one clear
 * message ("must be string or null") instead of one per branch.
 */
export function Nullable<T extends TSchema>(schema: T) {
  const { type, ...rest } = schema as unknown as { type?: string; enum?: unknown[] }
  if (type === undefined && rest.enum) return Type.Unsafe<Static<T> | null>({ ...rest, enum: [...rest.enum, null] })
  if (type === undefined) throw new Error('Nullable() needs a schema with a type or an enum')
  // A typed enum (`{type: 'string', enum: [...]}`) must list null among its values too, or null
  // would pass the type and then fail the enum.
  const nullableEnum = rest.enum ? { enum: [...rest.enum, null] } : {}
  return Type.Unsafe<Static<T> | null>({ ...rest, ...nullableEnum, type: [type, 'null'] })
}

export const FieldErrorSchema = Type.Object({
  in: Type.Enum(['body', 'query', 'path', 'header'], { description: 'Which part of the request is at fault.' }),
  path: Type.String({ description: 'JSON pointer to the field inside that part.', example: '/items/0/quantity' }),
  message: Type.String({ example: 'must be > 0' }),
}, { title: 'FieldError' })

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'URI of the error code documentation.', example: '/api-docs/errors#validation_failed' }),
    title: Type.String({ example: 'Validation failed' }),
    status: Type.Integer({ example: 422 }),
    detail: Type.String({ example: '1 field failed validation.' }),
    code: Type.Enum(Object.keys(ERROR_CODES) as ErrorCode[], { description: 'Stable machine-readable error code.' }),
    request_id: Type.String({ description: 'Also in the X-Request-Id header and the request log.', example: 'req_4k9Tq2Zc8YwB' }),
    errors: Type.Optional(Type.Array(FieldErrorSchema, { description: 'Every field at fault (validation errors).' })),
    // What some codes add, so that a client can act on them without parsing `detail`.
    current_status: Type.Optional(Type.String({ description: '`invalid_status_transition`, `document_not_signed`: the status the document is in.', example: 'cancelled' })),
    valid_until: Type.Optional(Type.String({ format: 'date', description: "`validity_ended`: the document's last valid day.", example: '2026-11-30' })),
    discount_percent: Type.Optional(Type.String({ description: "`discount_approval_required`: the document's discount as a percentage of its subtotal, rounded up to two decimals.", example: '18.5' })),
    limit_percent: Type.Optional(Type.String({ description: '`discount_approval_required`: the largest discount the draft’s seller may give without approval (their own limit, else the account’s), a percentage of the subtotal.', example: '10' })),
    existing_proposal: Type.Optional(Type.Object({ id: Type.Integer(), number: Type.Integer() }, { description: '`duplicate_external_reference`: the document that already has this `external_reference`.' })),
    existing_customer: Type.Optional(Type.Object({ id: Type.Integer(), code: Nullable(Type.String()), name: Type.String() }, { description: "`customer_conflict`: the customer that already holds the inline data's document." })),
    candidates: Type.Optional(
      Type.Array(
        Type.Object({
          id: Type.Integer(),
          code: Nullable(Type.String()),
          name: Type.String(),
          document: Nullable(Type.String()),
          matched_by: Type.Array(Type.Enum(['id', 'code', 'document']), { description: 'Which readings of the reference name this customer.' }),
        }),
        { description: '`ambiguous_customer_reference`: every customer the reference names; repeat the call with `lookup`.' },
      ),
    ),
    allowed_methods: Type.Optional(Type.Array(Type.String(), { description: '`method_not_allowed`: the methods the path answers (also in `Allow`).', example: ['GET', 'HEAD', 'OPTIONS', 'PATCH'] })),
  },
  { title: 'Problem', additionalProperties: true, description: 'RFC 9457 problem details (application/problem+json).' },
)

const CONTENT_TYPE = 'application/problem+json'

/** A 429 says when to retry; the RateLimit-* headers (on every authenticated response) say why. */
export const TOO_MANY_REQUESTS_HEADERS = {
  'Retry-After': { type: 'integer', minimum: 1, required: true, description: 'Seconds to wait before retrying.', example: 17 },
  'RateLimit-Limit': { type: 'integer', description: "Requests per minute this token may make (on every authenticated response; absent when an address is throttled for invalid tokens).", example: 600 },
  'RateLimit-Remaining': { type: 'integer', description: 'Requests left in the current window.', example: 0 },
  'RateLimit-Reset': { type: 'integer', description: 'Seconds until the window resets.', example: 17 },
} as const

/**
 * An answer of the status of `code`, as the API writes it: each error response shows one of its
 * own codes (without it, a viewer draws every status from the schema's property examples: a 422).
 */
function problemExample(code: ErrorCode) {
  const { status, title, doc } = ERROR_CODES[code]
  const errors = code === 'validation_failed' ? { errors: [{ in: 'body', path: '/items/0/quantity', message: 'must be > 0' }] } : {}
  return { type: `/api-docs/errors#${code}`, title, status, detail: doc.replace(/`/g, ''), code, request_id: 'req_4k9Tq2Zc8YwB', ...errors }
}

/** The error responses of a route, one per status, each listing its codes. */
export function problemResponses(codes: ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>()
  for (const code of codes) {
    const status = ERROR_CODES[code].status
    byStatus.set(status, [...(byStatus.get(status) ?? []), code])
  }
  const responses: Record<number, unknown> = {}
  for (const [status, list] of byStatus) {
    responses[status] = {
      description: list.map((code) => `\`${code}\`: ${ERROR_CODES[code].doc}`).join('\n\n'),
      ...(status === 429 ? { headers: TOO_MANY_REQUESTS_HEADERS } : {}),
      content: { [CONTENT_TYPE]: { schema: ProblemSchema, example: problemExample(list[0]!) } },
    }
  }
  return responses
}

export const AUTH_ERRORS: ErrorCode[] = ['missing_token', 'invalid_token', 'plan_without_api', 'rate_limited', 'internal_error']
/** A call that changes something: a read-only token is refused it too. */
export const WRITE_AUTH_ERRORS: ErrorCode[] = [...AUTH_ERRORS, 'token_read_only']
export const QUERY_ERRORS: ErrorCode[] = ['validation_failed']
export const BODY_ERRORS: ErrorCode[] = ['validation_failed', 'malformed_json', 'request_aborted', 'payload_too_large', 'unsupported_media_type']

/**
 * The largest ID a request may name. IDs are bigint on PostgreSQL; a number past this one is not
 * exact in JSON/JavaScript anyway, and past 2^63 the database refuses the query (a 500, not a 404).
 */
export const MAX_ID = Number.MAX_SAFE_INTEGER

/** The query of a route without parameters: any parameter is a 422, never silently ignored (`?dry_run=true` must not create). */
export const NoQuery = Type.Object({}, { additionalProperties: false })

export const PaginationQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1, description: 'Page number, from 1.' })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50, description: 'Items per page (max 100).' })),
}

export const PaginationMeta = Type.Object({
  page: Type.Integer(),
  per_page: Type.Integer(),
  total: Type.Integer({ description: 'Items matching the filters, across all pages.' }),
  total_pages: Type.Integer(),
}, { title: 'PaginationMeta' })

export const Instant = (description?: string) => Type.String({ format: 'date-time', description, example: '2026-11-29T20:29:17.123Z' })

/** The query of a change feed (GET /proposals, GET /customer-changes): where to start, and the page size. */
export const ChangeFeedQuery = (rows: string) => ({
  updated_since: Type.Optional(Instant(`Only ${rows} changed at or after this instant.`)),
  after: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The previous page’s `meta.next_cursor`, as it is.', example: 'MjAyNi0xMi0wNVQxNzozMDowMC4wMDBafDQ0MDcz' })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50, description: `${rows[0]!.toUpperCase()}${rows.slice(1)} per page (max 100).` })),
})

export const CursorMeta = Type.Object(
  { per_page: Type.Integer(), next_cursor: Nullable(Type.String({ description: 'Pass as `after` for the next page; null on the last page.' })) },
  { title: 'CursorMeta' },
)
export const CalendarDate = (description?: string) => Type.String({ format: 'date', description, example: '2026-12-31' })
export const Cents = (description: string) => Type.Integer({ description, example: 150000 })

/** Documents (and validates) the Idempotency-Key header every POST accepts. */
export const IdempotencyHeaders = Type.Object(
  {
    'idempotency-key': Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 255,
        pattern: '^[\\x21-\\x7E]+$',
        description:
          'Makes the POST safe to retry: the same key and body within 24 hours returns the first response (with `Idempotent-Replayed: true`) and acts once. The same key with another body is a 422 `idempotency_key_reused`; while the first is in flight, a 409 `idempotency_key_in_progress`.',
        example: 'crm-deal-991-create',
      }),
    ),
  },
  { additionalProperties: true },
)

/** The body of an action without input: none, or `{}` (any field is a 422, like everywhere else). */
export const EmptyBody = Type.Optional(Type.Object({}, { additionalProperties: false, description: 'No fields; send `{}`, an empty body or no body at all.' }))

/**
 * preValidation hook of a route whose body may be omitted (EmptyBody, ResendBody, MarkSignedBody):
 * no body at all means `{}`. index.ts marks every route that has it with BODY_MAY_BE_OMITTED.
 */
export const emptyBodyIsObject: preValidationHookHandler = async (request) => {
  if (request.body === undefined || request.body === null) request.body = {}
}

/**
 * Route schema key of a route whose body may be omitted. The JSON parser reads it (an empty body
 * with `Content-Type: application/json`, which many clients send when they have nothing to send,
 * is then no body rather than malformed JSON) and so does the OpenAPI document (optionalRequestBodies).
 */
export const BODY_MAY_BE_OMITTED = 'x-body-may-be-omitted'

declare module 'fastify' {
  interface FastifySchema {
    [BODY_MAY_BE_OMITTED]?: boolean
  }
}

type OpenApiOperation = { requestBody?: { required?: boolean }; [BODY_MAY_BE_OMITTED]?: boolean }

/**
 * transformObject of the OpenAPI document: @fastify/swagger makes every request body required,
 * so the operations marked BODY_MAY_BE_OMITTED get `required: false` (the marker itself goes).
 */
export function optionalRequestBodies<T extends object>(document: T): T {
  const paths = (document as { paths?: Record<string, Record<string, OpenApiOperation>> }).paths ?? {}
  for (const operation of Object.values(paths).flatMap((item) => Object.values(item))) {
    if (!operation[BODY_MAY_BE_OMITTED]) continue
    delete operation[BODY_MAY_BE_OMITTED]
    if (operation.requestBody) operation.requestBody.required = false
  }
  return document
}
