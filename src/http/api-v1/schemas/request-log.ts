// Shapes of the request log endpoints (DESIGN.md §5).
import Type from 'typebox'
import {
  ERROR_CODE_MAX,
  ERROR_CODE_PATTERN,
  HTTP_STATUS_MAX,
  HTTP_STATUS_MIN,
  REQUEST_ID_MAX,
  REQUEST_ID_PATTERN,
  STATUS_CLASSES,
} from '../../../modules/integrations/request-log/request-log-entry.js'
import { Instant, MAX_ID, Nullable, PaginationMeta, PaginationQuery } from './common.js'

export const LOGGED_METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS', 'HEAD'] as const

const summaryFields = {
  id: Type.Integer({ description: 'Entry id, for `GET /request-logs/{id}`.', example: 90211 }),
  request_id: Type.String({ description: 'The `X-Request-Id` the response carried (also in every error body).', example: 'req_4k9Tq2Zc8YwB' }),
  created_at: Instant('When the request arrived.'),
  method: Type.String({ example: 'POST' }),
  path: Type.String({ description: 'Path without the query string (CPFs, e-mails and tokens masked).', example: '/api/v1/proposals' }),
  status: Type.Integer({ description: 'HTTP status answered.', example: 422 }),
  duration_ms: Type.Number({ description: 'Time from receiving the request to sending the response, in milliseconds.', example: 18.734 }),
  ip: Nullable(Type.String({ description: 'Address the request came from.', example: '203.0.113.7' })),
  user_agent: Nullable(Type.String({ description: 'User-Agent header (first 512 characters).', example: 'crm-connector/2.3' })),
  token_id: Nullable(Type.Integer({ description: 'The API token used (also a revoked or regenerated one).', example: 4 })),
  token_prefix: Nullable(Type.String({ description: "The token's first characters, as shown in Configurações → Integrações.", example: 'vdc_7Hq2LmZp' })),
  error_code: Nullable(Type.String({ description: 'The `code` of the problem+json answered, if the call failed.', example: 'validation_failed' })),
  idempotency_key: Nullable(Type.String({ description: 'The Idempotency-Key header sent.', example: 'crm-deal-991-create' })),
  client_closed: Type.Boolean({
    description:
      'The client closed its connection before the server had finished its answer (its timeout, a cancelled call). The request still ran to its end: `status` is what the server answered, and a creation logged with 201 did create its document, which a retry with the same `Idempotency-Key` returns.',
    example: false,
  }),
}

export const RequestLogSummarySchema = Type.Object(summaryFields, { title: 'RequestLogSummary' })

export const RequestLogDetailSchema = Type.Object({
  ...summaryFields,
  query: Nullable(Type.String({ description: 'Query string as sent, without `?` (masked).', example: 'status=sent&per_page=10' })),
  request_headers: Type.Object({}, {
    additionalProperties: Type.String(),
    description: 'Request headers by lower-case name. `Authorization`, `Proxy-Authorization` and `Cookie` are never stored; other values are masked.',
    example: { 'content-type': 'application/json', 'user-agent': 'crm-connector/2.3' },
  }),
  request_body: Nullable(
    Type.String({
      description:
        'The body as sent, with API tokens redacted (`vdc_…[redacted]`), CPFs masked (`***.982.247-**`) and e-mail addresses masked (`m***@acme.com.br`); at most 64 KiB, a longer body ends with `…[truncated: N bytes in total]`.',
      example: '{"signers":[{"name":"Maria Souza","email":"m***@acme.com.br","cpf":"***.982.247-**"}]}',
    }),
  ),
  response_body: Nullable(
    Type.String({
      description:
        'The body answered, masked and capped like `request_body`. Null when the answer had no body or was not stored: the answers of successful reads (`GET`/`HEAD` with a status below 400) are not stored unless the server runs with `REQUEST_LOG_READ_BODIES=on`, and the successful answers of the request log endpoints themselves, of `GET /registration-data` and of PDF downloads never are. Error answers are always stored.',
      example: '{"type":"/api-docs/errors#validation_failed","code":"validation_failed"}',
    }),
  ),
}, { title: 'RequestLogDetail' })

export const RequestLogListQuery = Type.Object(
  {
    request_id: Type.Optional(
      Type.String({
        maxLength: REQUEST_ID_MAX,
        pattern: REQUEST_ID_PATTERN,
        description: 'Only the call with this request id, exactly: the `X-Request-Id` header of its response, also the `request_id` of every error body.',
        example: 'req_qyXgu5aC5yrQSGAv',
      }),
    ),
    error_code: Type.Optional(
      Type.String({
        maxLength: ERROR_CODE_MAX,
        pattern: ERROR_CODE_PATTERN,
        description:
          'Only calls answered with this problem `code`, exactly (one of [the error codes](/api-docs/errors)). Any lower-case code is accepted, not only those documented today: a code no call was answered with finds nothing.',
        example: 'validation_failed',
      }),
    ),
    status: Type.Optional(Type.Integer({ minimum: HTTP_STATUS_MIN, maximum: HTTP_STATUS_MAX, description: 'Only answers with exactly this HTTP status.', example: 422 })),
    status_class: Type.Optional(Type.Enum([...STATUS_CLASSES], { description: 'Only answers of this status class.' })),
    method: Type.Optional(Type.Enum([...LOGGED_METHODS], { description: 'Only this HTTP method.' })),
    path: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, pattern: '^/', description: 'Only paths starting with this text (case-sensitive, no wildcards).', example: '/api/v1/proposals' })),
    from: Type.Optional(Instant('Only requests received at or after this instant.')),
    to: Type.Optional(Instant('Only requests received before this instant.')),
    token_id: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ID, description: 'Only requests made with this token.', example: 4 })),
    ...PaginationQuery,
  },
  { additionalProperties: false },
)

export const RequestLogListSchema = Type.Object({ data: Type.Array(RequestLogSummarySchema), meta: PaginationMeta }, { title: 'RequestLogList' })
