// Webhook endpoints and deliveries written straight to the tables, for tests that need many of
// them (lists, retention) without sending anything.
import type { Insertable } from 'kysely'
import type { Db } from '../../src/platform/db/connect.js'
import type { WebhookDeliveriesTable, WebhookDeliveryState } from '../../src/platform/db/schema.js'

export async function insertEndpoint(db: Db, accountId: number, name: string): Promise<number> {
  const now = new Date().toISOString()
  const row = await db
    .insertInto('webhook_endpoints')
    .values({ account_id: accountId, url: `https://${name}.example/hook`, description: name, events_json: '["*"]', secret: 'whsec_test', active: true, failing_since: null, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(row.id)
}

/** A delivery row as the delivery job leaves it, created and last changed at the instants given. */
export function deliveryRow(
  accountId: number,
  endpointId: number,
  eventId: string,
  state: WebhookDeliveryState,
  createdAt: string,
  updatedAt = createdAt,
): Insertable<WebhookDeliveriesTable> {
  return {
    account_id: accountId,
    endpoint_id: endpointId,
    event_id: eventId,
    event_type: 'proposal.created',
    state,
    attempts: 1,
    request_body: '{"id":"evt","type":"proposal.created","data":{}}',
    response_status: 200,
    response_excerpt: 'ok',
    error: null,
    duration_ms: 12,
    next_attempt_at: null,
    delivered_at: null,
    created_at: createdAt,
    updated_at: updatedAt,
  }
}
