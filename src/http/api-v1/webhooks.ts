// Webhook endpoints and their deliveries (docs/WEBHOOKS.md): /api/v1/webhooks…
import { listWebhookDeliveries, redeliverWebhook } from '../../modules/webhooks/webhook-deliveries.js'
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from '../../modules/webhooks/webhook-endpoints.js'
import { AppError } from '../../platform/errors.js'
import { apiActivityActor, principalOf } from './authenticate.js'
import type { ApiContext, ApiInstance } from './context.js'
import { paginationLinks } from './pagination.js'
import { AUTH_ERRORS, WRITE_AUTH_ERRORS, BODY_ERRORS, EmptyBody, emptyBodyIsObject, NoQuery, problemResponses, QUERY_ERRORS } from './schemas/common.js'
import { RESPONSE_HEADERS } from './schemas/response-headers.js'
import {
  CreateWebhookBody,
  DeliveryListQuery,
  DeliveryListSchema,
  DeliveryParams,
  UpdateWebhookBody,
  WebhookDeliverySchema,
  WebhookListSchema,
  WebhookParams,
  WebhookSchema,
  WebhookWithSecretSchema,
} from './schemas/webhook.js'

const TAGS = ['Webhooks']

/** A path id; anything that is not a positive integer reads like a missing row. */
function pathId(raw: string, code: 'webhook_not_found' | 'webhook_delivery_not_found'): number {
  const id = /^[1-9]\d{0,14}$/.test(raw) ? Number(raw) : NaN
  if (!Number.isSafeInteger(id)) {
    throw new AppError(code, code === 'webhook_not_found' ? 'No webhook of this account has this id.' : 'No delivery of this webhook has this id.')
  }
  return id
}

export function webhookRoutes(app: ApiInstance, { db, clock, config }: ApiContext): void {
  const policy = { allowPrivate: config.webhookAllowPrivateUrls }

  app.get(
    '/webhooks',
    {
      schema: {
        operationId: 'listWebhooks',
        tags: TAGS,
        summary: "The account's webhook endpoints",
        description: 'Every webhook endpoint of the account, oldest first. Secrets are never listed.',
        querystring: NoQuery,
        response: { 200: WebhookListSchema, ...problemResponses([...AUTH_ERRORS, ...QUERY_ERRORS]) },
      },
    },
    async (request) => ({ data: await listWebhookEndpoints(db, principalOf(request).accountId) }),
  )

  app.post(
    '/webhooks',
    {
      schema: {
        operationId: 'createWebhook',
        [RESPONSE_HEADERS]: { 201: ['Location'] },
        tags: TAGS,
        summary: 'Create a webhook endpoint',
        description:
          'Registers a URL to receive the chosen events, each POSTed as JSON and signed with HMAC-SHA256 (`Vendoc-Signature`, see the webhooks guide). The answer carries the signing `secret`, the only time it is shown apart from rotation. The URL must resolve to public addresses only (422 `webhook_url_not_allowed` otherwise).',
        querystring: NoQuery,
        body: CreateWebhookBody,
        response: {
          201: { ...WebhookWithSecretSchema, description: 'The created webhook with its secret; `Location` points at it.' },
          ...problemResponses([...WRITE_AUTH_ERRORS, ...BODY_ERRORS, 'webhook_url_not_allowed', 'webhook_limit_reached', 'idempotency_key_in_progress', 'idempotency_key_reused']),
        },
      },
    },
    async (request, reply) => {
      const created = await createWebhookEndpoint(db, clock, policy, principalOf(request).accountId, request.body, apiActivityActor(request))
      return reply.code(201).header('location', `${config.publicUrl}/api/v1/webhooks/${created.id}`).send(created)
    },
  )

  app.get(
    '/webhooks/:id',
    {
      schema: {
        operationId: 'getWebhook',
        tags: TAGS,
        summary: 'One webhook endpoint',
        description: "One webhook endpoint (without its secret). Another account's id reads exactly like a missing one.",
        params: WebhookParams,
        querystring: NoQuery,
        response: { 200: WebhookSchema, ...problemResponses([...AUTH_ERRORS, ...QUERY_ERRORS, 'webhook_not_found']) },
      },
    },
    async (request) => getWebhookEndpoint(db, principalOf(request).accountId, pathId(request.params.id, 'webhook_not_found')),
  )

  app.patch(
    '/webhooks/:id',
    {
      schema: {
        operationId: 'updateWebhook',
        tags: TAGS,
        summary: 'Change a webhook endpoint',
        description:
          'Changes the URL, the events, the description or `active` (send only the fields to change). A new URL is checked like on creation. Deactivating stops new deliveries; queued ones end as `failed` with "endpoint is inactive".',
        params: WebhookParams,
        querystring: NoQuery,
        body: UpdateWebhookBody,
        response: { 200: WebhookSchema, ...problemResponses([...WRITE_AUTH_ERRORS, ...BODY_ERRORS, 'webhook_not_found', 'webhook_url_not_allowed']) },
      },
    },
    async (request) => updateWebhookEndpoint(db, clock, policy, principalOf(request).accountId, pathId(request.params.id, 'webhook_not_found'), request.body, apiActivityActor(request)),
  )

  app.delete(
    '/webhooks/:id',
    {
      schema: {
        operationId: 'deleteWebhook',
        tags: TAGS,
        summary: 'Delete a webhook endpoint',
        description: 'Deletes the endpoint and its delivery log; deliveries still queued are dropped. To pause an endpoint instead, PATCH `active: false`.',
        params: WebhookParams,
        querystring: NoQuery,
        // A DELETE takes no body, but one sent anyway is still parsed: its errors are answers too.
        response: { 204: { type: 'null', description: 'Deleted.' }, ...problemResponses([...WRITE_AUTH_ERRORS, ...QUERY_ERRORS, 'webhook_not_found', 'malformed_json', 'payload_too_large', 'unsupported_media_type']) },
      },
    },
    async (request, reply) => {
      await deleteWebhookEndpoint(db, clock, principalOf(request).accountId, pathId(request.params.id, 'webhook_not_found'), apiActivityActor(request))
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/webhooks/:id/rotate-secret',
    {
      preValidation: emptyBodyIsObject,
      schema: {
        operationId: 'rotateWebhookSecret',
        tags: TAGS,
        summary: "Replace a webhook's signing secret",
        description: 'Generates a new secret and returns it (the only time it is shown). Every delivery from now on, retries of earlier events included, is signed with it; the old secret stops working at once.',
        body: EmptyBody,
        params: WebhookParams,
        querystring: NoQuery,
        response: { 200: WebhookWithSecretSchema, ...problemResponses([...WRITE_AUTH_ERRORS, ...BODY_ERRORS, 'webhook_not_found', 'idempotency_key_in_progress', 'idempotency_key_reused']) },
      },
    },
    async (request) => rotateWebhookSecret(db, clock, principalOf(request).accountId, pathId(request.params.id, 'webhook_not_found'), apiActivityActor(request)),
  )

  app.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        operationId: 'listWebhookDeliveries',
        [RESPONSE_HEADERS]: { 200: ['Link'] },
        tags: TAGS,
        summary: "A webhook's delivery log",
        description:
          'Every delivery to this endpoint, newest first: the body sent, the last answer (status, first 2 KB, duration), attempts and when the next one is due. Failed attempts are retried after 1 min, 5 min, 30 min, 2 h, 4 h, 6 h and 8 h (8 attempts, about 21 hours); then the delivery is `failed` and the endpoint `failing_since` is set. While the endpoint is paused (`paused_until`, after 5 failed attempts in a row) a due try is not sent and is recorded as a failed attempt whose error starts with `not sent:`.',
        params: WebhookParams,
        querystring: DeliveryListQuery,
        response: { 200: DeliveryListSchema, ...problemResponses([...AUTH_ERRORS, ...QUERY_ERRORS, 'webhook_not_found']) },
      },
    },
    async (request, reply) => {
      const { state, page = 1, per_page = 50 } = request.query
      const result = await listWebhookDeliveries(db, principalOf(request).accountId, pathId(request.params.id, 'webhook_not_found'), { state }, { page, perPage: per_page })
      reply.header('Link', paginationLinks(request, config.publicUrl, result.meta.page, result.meta.total_pages))
      return result
    },
  )

  app.post(
    '/webhooks/:id/deliveries/:delivery_id/redeliver',
    {
      preValidation: emptyBodyIsObject,
      schema: {
        operationId: 'redeliverWebhook',
        tags: TAGS,
        summary: 'Send a delivery again',
        description:
          'Queues the same body again (same event id, so receivers can deduplicate) with a fresh series of attempts, signed with the current secret. The delivery goes back to `pending`, due now; one still pending has its waiting retry replaced by the new series (one being sent at that moment is left to finish). The answer is the delivery as queued.',
        body: EmptyBody,
        params: DeliveryParams,
        querystring: NoQuery,
        response: { 202: WebhookDeliverySchema, ...problemResponses([...WRITE_AUTH_ERRORS, ...BODY_ERRORS, 'webhook_not_found', 'webhook_delivery_not_found', 'idempotency_key_in_progress', 'idempotency_key_reused']) },
      },
    },
    async (request, reply) => {
      const accountId = principalOf(request).accountId
      const endpointId = pathId(request.params.id, 'webhook_not_found')
      const delivery = await redeliverWebhook(db, clock, accountId, endpointId, pathId(request.params.delivery_id, 'webhook_delivery_not_found'))
      return reply.code(202).send(delivery)
    },
  )
}
