// The transactional outbox: an action records its event inside its own transaction, and with it one
// webhook delivery (and one 'webhook.deliver' job) per active endpoint of the account subscribed to
// the type. So a webhook exists if and only if the action committed, and sending it — later, by the
// job queue — can never block or undo the action.
import { randomUUID } from 'node:crypto'
import type { Clock } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import { enqueueJob } from '../../platform/jobs/job-queue.js'
import { WEBHOOK_DELIVER_JOB, WEBHOOK_MAX_ATTEMPTS } from '../webhooks/webhook-constants.js'
import type { DomainEventType } from './event-types.js'
import { preparedInsert, preparedQuery } from '../../platform/db/prepared-query.js'
import type { Insertable } from 'kysely'
import type { DomainEventsTable } from '../../platform/db/schema.js'
import { settleAll } from '../../platform/settle-all.js'

export interface DomainEventInput {
  accountId: number
  type: DomainEventType
  /** The document the event is about; null for a customer's. */
  proposalId: number | null
  signerId?: number | null
  /** The customer a `customer.*` event is about, so an erasure finds its deliveries (migration 040). */
  customerId?: number | null
  /** The event's `data` object as receivers get it, e.g. `{ proposal: {…}, signer: {…} }`. */
  data: Record<string, unknown>
}

/** The body every webhook of this event receives, byte for byte. */
export interface DomainEventBody {
  id: string
  type: DomainEventType
  created_at: string
  account_id: number
  data: Record<string, unknown>
}

// Every document action runs these: built once (prepared-query.ts).
const insertDomainEvent = preparedInsert<Insertable<DomainEventsTable>>('domain_events', ['id', 'account_id', 'type', 'proposal_id', 'signer_id', 'customer_id', 'payload_json', 'created_at'])
const accountEndpoints = preparedQuery(1, (db, accountId: number) =>
  db.selectFrom('webhook_endpoints').select(['id', 'events_json', 'active']).where('account_id', '=', accountId).orderBy('id'),
)

/** Records the event and queues its webhook deliveries; returns the event id ('evt_' + UUID). */
export async function recordDomainEvent(trx: Db, clock: Clock, input: DomainEventInput): Promise<string> {
  const id = `evt_${randomUUID()}`
  const now = clock.now().toISOString()
  const body: DomainEventBody = { id, type: input.type, created_at: now, account_id: input.accountId, data: input.data }
  const json = JSON.stringify(body)
  // Together (one round trip on PostgreSQL): a creation records its event under the account's lock.
  const [, endpoints] = await settleAll([
    insertDomainEvent.run(trx, { id, account_id: input.accountId, type: input.type, proposal_id: input.proposalId, signer_id: input.signerId ?? null, customer_id: input.customerId ?? null, payload_json: json, created_at: now }),
    accountEndpoints(trx, input.accountId),
  ])
  for (const endpoint of endpoints) {
    if (!endpoint.active || !subscribed(endpoint.events_json, input.type)) continue
    const delivery = await trx
      .insertInto('webhook_deliveries')
      .values({
        account_id: input.accountId,
        endpoint_id: endpoint.id,
        event_id: id,
        event_type: input.type,
        state: 'pending',
        request_body: json,
        response_status: null,
        response_excerpt: null,
        error: null,
        duration_ms: null,
        next_attempt_at: now,
        delivered_at: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await enqueueJob(trx, clock, { kind: WEBHOOK_DELIVER_JOB, accountId: input.accountId, payload: { deliveryId: Number(delivery.id) }, maxAttempts: WEBHOOK_MAX_ATTEMPTS })
  }
  return id
}

function subscribed(eventsJson: string, type: string): boolean {
  try {
    const events: unknown = JSON.parse(eventsJson)
    return Array.isArray(events) && events.includes(type)
  } catch {
    return false
  }
}
