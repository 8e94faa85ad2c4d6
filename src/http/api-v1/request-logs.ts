// GET /api/v1/request-logs and GET /api/v1/request-logs/{id}: the account's own API request log.
import Type from 'typebox'
import { getRequestLog } from '../../modules/integrations/request-log/get-request-log.js'
import { listRequestLogs } from '../../modules/integrations/request-log/list-request-logs.js'
import { FieldErrors } from '../../platform/errors.js'
import { instantRange } from './instant-range.js'
import { principalOf } from './authenticate.js'
import type { ApiContext, ApiInstance } from './context.js'
import { paginationLinks } from './pagination.js'
import { AUTH_ERRORS, problemResponses, QUERY_ERRORS } from './schemas/common.js'
import { RequestLogDetailSchema, RequestLogListQuery, RequestLogListSchema } from './schemas/request-log.js'
import { WITHOUT_RESPONSE_BODY } from '../request-logging.js'
import { RESPONSE_HEADERS } from './schemas/response-headers.js'

export function requestLogRoutes(app: ApiInstance, { db, config }: ApiContext): void {
  app.get(
    '/request-logs',
    {
      // Reading the log is itself logged; storing the answer would copy the log into itself.
      config: WITHOUT_RESPONSE_BODY,
      schema: {
        operationId: 'listRequestLogs',
        [RESPONSE_HEADERS]: { 200: ['Link'] },
        tags: ['Request log'],
        summary: "The account's API calls",
        description:
          "Every call made to the API with one of the account's tokens — including calls refused with 401 because the token was revoked or regenerated — newest first, kept 180 days by default. Calls are written in batches, so the latest second may not be listed yet. Filters combine; `from` is inclusive and `to` exclusive. To find the call behind an error, pass its `request_id` (the `X-Request-Id` header, also in every error body). Use `GET /request-logs/{id}` for the headers and bodies.",
        querystring: RequestLogListQuery,
        response: { 200: RequestLogListSchema, ...problemResponses([...AUTH_ERRORS, ...QUERY_ERRORS]) },
      },
    },
    async (request, reply) => {
      const { request_id, error_code, status, status_class, method, path, from, to, token_id, page = 1, per_page = 50 } = request.query
      const errors = new FieldErrors()
      const { from: fromInstant, to: toInstant } = instantRange(from, to, errors)
      errors.throwIfAny()
      const result = await listRequestLogs(
        db,
        principalOf(request).accountId,
        { requestId: request_id, errorCode: error_code, status, statusClass: status_class, method, pathPrefix: path, from: fromInstant, to: toInstant, tokenId: token_id },
        { page, perPage: per_page },
      )
      reply.header('Link', paginationLinks(request, config.publicUrl, result.meta.page, result.meta.total_pages))
      return result
    },
  )

  app.get(
    '/request-logs/:id',
    {
      config: WITHOUT_RESPONSE_BODY,
      schema: {
        operationId: 'getRequestLog',
        tags: ['Request log'],
        summary: 'One API call, with headers and bodies',
        description:
          'One entry of the account\'s request log: what `GET /request-logs` lists plus the query string, the request headers (credentials never stored) and the request and response bodies, masked (tokens, password fields, CPFs, e-mails) and capped at 64 KiB. An id of another account reads exactly like a missing one.',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 30, description: 'Entry id from `GET /request-logs`.', example: '90211' }) }),
        querystring: Type.Object({}, { additionalProperties: false }),
        response: { 200: RequestLogDetailSchema, ...problemResponses([...AUTH_ERRORS, ...QUERY_ERRORS, 'request_log_not_found']) },
      },
    },
    async (request) => getRequestLog(db, principalOf(request).accountId, request.params.id),
  )
}
