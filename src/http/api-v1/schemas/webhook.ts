// Shapes of the webhook endpoints (docs/WEBHOOKS.md).
import Type from 'typebox'
import { DOMAIN_EVENT_TYPES } from '../../../modules/events/event-types.js'
import { WEBHOOK_DELIVERY_STATES } from '../../../modules/webhooks/webhook-deliveries.js'
import { WEBHOOK_DESCRIPTION_MAX, WEBHOOK_URL_MAX } from '../../../modules/webhooks/webhook-constants.js'
import { Instant, Nullable, PaginationMeta, PaginationQuery } from './common.js'

const EventType = Type.Enum([...DOMAIN_EVENT_TYPES], { description: 'A domain event type.' })
const Events = Type.Array(EventType, { minItems: 1, maxItems: DOMAIN_EVENT_TYPES.length, uniqueItems: true, description: 'Event types sent to this endpoint: the documents’ (`proposal.*`, `signer.*`) and the customers’ (`customer.*`, naming the customer by id without its data; see docs/WEBHOOKS.md).', example: ['proposal.sent', 'proposal.signed'] })
const URL_OPTIONS = {
  minLength: 1,
  maxLength: WEBHOOK_URL_MAX,
  description:
    'Where events are POSTed (https:// recommended). Must resolve to public addresses only: loopback, private, link-local and similar addresses are refused with 422 `webhook_url_not_allowed`. Redirects are not followed.',
  example: 'https://crm.example.com/hooks/vendoc',
}
const Url = Type.String(URL_OPTIONS)
// Request bodies check the URL's form with the other fields, so one answer names every field at fault.
const UrlInput = Type.String({ ...URL_OPTIONS, format: 'webhook-url' })
const Description = Nullable(Type.String({ maxLength: WEBHOOK_DESCRIPTION_MAX, description: 'A note for people (which system receives it).', example: 'CRM production' }))

const endpointFields = {
  id: Type.Integer({ description: 'Webhook id.', example: 12 }),
  url: Url,
  description: Description,
  events: Events,
  active: Type.Boolean({ description: 'Inactive endpoints receive nothing (events are not queued for them).' }),
  failing_since: Nullable(Instant('When a delivery last exhausted its retries; null again after the next success.')),
  consecutive_failures: Type.Integer({ minimum: 0, description: 'Attempts that failed in a row, on any delivery, since the last success (0 after one).', example: 0 }),
  paused_until: Nullable(Instant('The end of the endpoint\'s latest pause, null when none since its last success. After 5 failed attempts in a row the endpoint is paused, one minute, doubling with each failed attempt after it up to ten: while this is in the future, due deliveries are not sent (each such try is recorded as a failed attempt, "not sent", and retried on its schedule). Cleared by a success, a new URL or reactivation.')),
  created_at: Instant(),
  updated_at: Instant(),
}

export const WebhookSchema = Type.Object(endpointFields, { title: 'Webhook' })
export const WebhookWithSecretSchema = Type.Object({
  ...endpointFields,
  secret: Type.String({ description: 'The signing secret (`whsec_…`). Returned only when the webhook is created and when the secret is rotated: store it now.', example: 'whsec_3q2-7wz5D0n0m7pD4l3cVJ3a9mWb5P1x' }),
}, { title: 'WebhookWithSecret' })
export const WebhookListSchema = Type.Object({ data: Type.Array(WebhookSchema) }, { title: 'WebhookList' })

export const CreateWebhookBody = Type.Object(
  { url: UrlInput, events: Events, description: Type.Optional(Description), active: Type.Optional(Type.Boolean({ default: true })) },
  { title: 'CreateWebhook', additionalProperties: false },
)
export const UpdateWebhookBody = Type.Object(
  { url: Type.Optional(UrlInput), events: Type.Optional(Events), description: Type.Optional(Description), active: Type.Optional(Type.Boolean()) },
  { title: 'UpdateWebhook', additionalProperties: false, minProperties: 1 },
)

export const WebhookParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 20, description: 'Webhook id.', example: '12' }) })
export const DeliveryParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 20, description: 'Webhook id.', example: '12' }),
  delivery_id: Type.String({ minLength: 1, maxLength: 20, description: 'Delivery id.', example: '301' }),
})

export const WebhookDeliverySchema = Type.Object({
  id: Type.Integer({ example: 301 }),
  endpoint_id: Type.Integer({ example: 12 }),
  event_id: Type.String({ description: 'The event id (also `id` in the body and the `Vendoc-Event-Id` header); the same on every retry and redelivery.', example: 'evt_5b0c1f7e-8d2a-4c61-9a57-0f2d8f6b7e11' }),
  event_type: EventType,
  state: Type.Enum([...WEBHOOK_DELIVERY_STATES], { description: '`pending` (queued or waiting for a retry), `succeeded` (2xx), `failed` (retries exhausted).' }),
  attempts: Type.Integer({ description: 'HTTP attempts made so far (redeliveries included).', example: 2 }),
  request_body: Type.String({ description: 'The exact JSON body sent and signed.' }),
  response_status: Nullable(Type.Integer({ description: 'HTTP status of the last attempt (null when no answer came).', example: 503 })),
  response_excerpt: Nullable(Type.String({ description: 'First 2 KB of the last answer body.' })),
  error: Nullable(Type.String({ description: 'Why the last attempt failed.', example: 'HTTP 503' })),
  duration_ms: Nullable(Type.Integer({ description: 'Duration of the last attempt.', example: 182 })),
  next_attempt_at: Nullable(Instant('When the next attempt is due (pending deliveries).')),
  delivered_at: Nullable(Instant('When a 2xx answer was received.')),
  created_at: Instant(),
  updated_at: Instant(),
}, { title: 'WebhookDelivery' })

export const DeliveryListQuery = Type.Object(
  { state: Type.Optional(Type.Enum([...WEBHOOK_DELIVERY_STATES], { description: 'Only deliveries in this state.' })), ...PaginationQuery },
  { additionalProperties: false },
)
export const DeliveryListSchema = Type.Object({ data: Type.Array(WebhookDeliverySchema), meta: PaginationMeta }, { title: 'WebhookDeliveryList' })
