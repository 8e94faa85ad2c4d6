// The delivery log of one endpoint, and manual redelivery. A redelivery sends the same stored body
// (same event id, so receivers deduplicate) through a new queue job with a fresh set of attempts.
import type { Selectable } from 'kysely'
import type { Clock } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import type { WebhookDeliveriesTable, WebhookDeliveryState } from '../../platform/db/schema.js'
import { AppError } from '../../platform/errors.js'
import type { DomainEventType } from '../events/event-types.js'
import { enqueueJob } from '../../platform/jobs/job-queue.js'
import { WEBHOOK_DELIVER_JOB, WEBHOOK_MAX_ATTEMPTS } from './webhook-constants.js'

export const WEBHOOK_DELIVERY_STATES = ['pending', 'succeeded', 'failed'] as const satisfies readonly WebhookDeliveryState[]

export interface WebhookDelivery {
  id: number
  endpoint_id: number
  event_id: string
  event_type: DomainEventType
  state: WebhookDeliveryState
  attempts: number
  /** The exact JSON body sent (and signed). */
  request_body: string
  response_status: number | null
  /** The first 2 KB of the receiver's answer. */
  response_excerpt: string | null
  error: string | null
  duration_ms: number | null
  next_attempt_at: string | null
  delivered_at: string | null
  created_at: string
  updated_at: string
}

type DeliveryRow = Selectable<WebhookDeliveriesTable>

export function toWebhookDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: Number(row.id),
    endpoint_id: Number(row.endpoint_id),
    event_id: row.event_id,
    event_type: row.event_type as DomainEventType,
    state: row.state,
    attempts: Number(row.attempts),
    request_body: row.request_body,
    response_status: row.response_status,
    response_excerpt: row.response_excerpt,
    error: row.error,
    duration_ms: row.duration_ms,
    next_attempt_at: row.next_attempt_at,
    delivered_at: row.delivered_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}

async function requireEndpoint(db: Db, accountId: number, endpointId: number): Promise<void> {
  const row = await db.selectFrom('webhook_endpoints').select('id').where('account_id', '=', accountId).where('id', '=', endpointId).executeTakeFirst()
  if (!row) throw new AppError('webhook_not_found', 'No webhook of this account has this id.')
}

function deliveryNotFound(): AppError {
  return new AppError('webhook_delivery_not_found', 'No delivery of this webhook has this id.')
}

/** The list's filters: a state, or every delivery of the endpoint. */
export interface DeliveryFilters {
  state?: WebhookDeliveryState | undefined
}

export async function listWebhookDeliveries(
  db: Db,
  accountId: number,
  endpointId: number,
  filters: DeliveryFilters,
  { page, perPage }: { page: number; perPage: number },
) {
  await requireEndpoint(db, accountId, endpointId)
  const [rows, count] = await Promise.all([
    deliveryPageQuery(db, accountId, endpointId, filters, { limit: perPage, offset: (page - 1) * perPage }).execute(),
    deliveryCountQuery(db, accountId, endpointId, filters).executeTakeFirstOrThrow(),
  ])
  const total = Number(count.total)
  return { data: rows.map(toWebhookDelivery), meta: { page, per_page: perPage, total, total_pages: Math.max(1, Math.ceil(total / perPage)) } }
}

/**
 * An endpoint's deliveries, in the state asked for: one range of
 * webhook_deliveries_endpoint_listing_idx (migration 016), which holds the state, so a page walks
 * the endpoint's deliveries newest first and reads only those it shows.
 */
function endpointDeliveries(db: Db, accountId: number, endpointId: number, filters: DeliveryFilters) {
  const query = db.selectFrom('webhook_deliveries').where('account_id', '=', accountId).where('endpoint_id', '=', endpointId)
  return filters.state === undefined ? query : query.where('state', '=', filters.state)
}

export function deliveryPageQuery(db: Db, accountId: number, endpointId: number, filters: DeliveryFilters, page: { limit: number; offset: number }) {
  return endpointDeliveries(db, accountId, endpointId, filters).selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset)
}

/** How many deliveries the page's filters match, counted in the index alone. */
export function deliveryCountQuery(db: Db, accountId: number, endpointId: number, filters: DeliveryFilters) {
  return endpointDeliveries(db, accountId, endpointId, filters).select((eb) => eb.fn.countAll<number | string>().as('total'))
}

export async function getWebhookDelivery(db: Db, accountId: number, endpointId: number, deliveryId: number): Promise<WebhookDelivery> {
  await requireEndpoint(db, accountId, endpointId)
  const row = await db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('endpoint_id', '=', endpointId)
    .where('id', '=', deliveryId)
    .executeTakeFirst()
  if (!row) throw deliveryNotFound()
  return toWebhookDelivery(row)
}

/**
 * A settled delivery (succeeded or failed) goes back to pending, due now, with a new job (a new
 * series of attempts); the event id is unchanged. A delivery still pending, waiting for a retry,
 * has its job replaced by that new one, due now: the admin has usually just mended the receiver
 * and should not wait hours for the next retry. One whose job a worker holds at this moment is
 * being sent: it is answered as it is. Either way one series at a time sends the event.
 */
/**
 * Deletes the job of a pending delivery unless a worker holds it (its lease still running); says
 * whether it did. The job is found by its payload, which is written only by recordDomainEvent and
 * redeliverWebhook, in these two forms.
 */
async function dropWaitingJob(trx: Db, now: string, accountId: number, deliveryId: number): Promise<boolean> {
  const payloads = [JSON.stringify({ deliveryId }), JSON.stringify({ deliveryId, redelivery: true })]
  const result = await trx
    .deleteFrom('jobs')
    .where('kind', '=', WEBHOOK_DELIVER_JOB)
    .where('account_id', '=', accountId)
    .where('state', '=', 'pending')
    .where('payload_json', 'in', payloads)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

export async function redeliverWebhook(db: Db, clock: Clock, accountId: number, endpointId: number, deliveryId: number): Promise<WebhookDelivery> {
  await requireEndpoint(db, accountId, endpointId)
  return db.transaction().execute(async (trx) => {
    const now = clock.now().toISOString()
    const row = await trx
      .updateTable('webhook_deliveries')
      .set({ state: 'pending', next_attempt_at: now, updated_at: now })
      .where('account_id', '=', accountId)
      .where('endpoint_id', '=', endpointId)
      .where('id', '=', deliveryId)
      .where('state', '!=', 'pending')
      .returningAll()
      .executeTakeFirst()
    if (!row) {
      const pending = await trx.selectFrom('webhook_deliveries').selectAll().where('account_id', '=', accountId).where('endpoint_id', '=', endpointId).where('id', '=', deliveryId).executeTakeFirst()
      if (!pending) throw deliveryNotFound()
      if (!(await dropWaitingJob(trx, now, accountId, deliveryId))) return toWebhookDelivery(pending)
      const due = await trx.updateTable('webhook_deliveries').set({ next_attempt_at: now, updated_at: now }).where('id', '=', deliveryId).returningAll().executeTakeFirstOrThrow()
      await enqueueJob(trx, clock, { kind: WEBHOOK_DELIVER_JOB, accountId, payload: { deliveryId, redelivery: true }, maxAttempts: WEBHOOK_MAX_ATTEMPTS })
      return toWebhookDelivery(due)
    }
    // Marked a redelivery: its first attempt is sent even while the endpoint is paused (endpoint-pause.ts).
    await enqueueJob(trx, clock, { kind: WEBHOOK_DELIVER_JOB, accountId, payload: { deliveryId, redelivery: true }, maxAttempts: WEBHOOK_MAX_ATTEMPTS })
    return toWebhookDelivery(row)
  })
}
