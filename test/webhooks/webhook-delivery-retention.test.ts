// Retention of the delivery log (WEBHOOK_DELIVERY_RETENTION_DAYS): settled deliveries whose event
// and last change are both past the retention are deleted, on every account's endpoints, in
// batches; pending deliveries, recent ones and ones redelivered since are kept. The deletes read
// each endpoint's range of the listing index, never the whole table, and the app prunes when it
// starts with the configured retention.
import { expect, it } from 'vitest'
import { expiredDeliveries, pruneWebhookDeliveries } from '../../src/modules/webhooks/prune-webhook-deliveries.js'
import { redeliverWebhook } from '../../src/modules/webhooks/webhook-deliveries.js'
import type { Db } from '../../src/platform/db/connect.js'
import type { WebhookDeliveryState } from '../../src/platform/db/schema.js'
import type { Clock } from '../../src/platform/clock.js'
import { retentionCutoff } from '../../src/platform/retention.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount } from '../support/factories.js'
import { ManualClock } from '../support/manual-clock.js'
import { planOf } from '../support/query-plan.js'
import { appOnSameDatabase } from '../support/test-app.js'
import { deliveryRow, insertEndpoint } from '../support/webhook-rows.js'

const DAY_MS = 24 * 60 * 60 * 1000

function daysBefore(clock: Clock, days: number): string {
  return new Date(clock.now().getTime() - days * DAY_MS).toISOString()
}

async function insertDelivery(db: Db, accountId: number, endpointId: number, state: WebhookDeliveryState, createdAt: string, updatedAt = createdAt): Promise<number> {
  const row = await db
    .insertInto('webhook_deliveries')
    .values(deliveryRow(accountId, endpointId, `evt_${Math.random().toString(36).slice(2)}`, state, createdAt, updatedAt))
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(row.id)
}

async function deliveryIdsOf(db: Db, endpointIds: number[]): Promise<number[]> {
  const rows = await db.selectFrom('webhook_deliveries').select('id').where('endpoint_id', 'in', endpointIds).orderBy('id').execute()
  return rows.map((row) => Number(row.id))
}

describeEachDialect('webhook delivery retention', (env) => {
  const clock = new ManualClock('2027-03-01T12:00:00.000Z')

  it('deletes settled deliveries past the retention on every account, in batches, and keeps the rest', async () => {
    const first = await makeAccount(env)
    const second = await makeAccount(env)
    const endpoints = [await insertEndpoint(env.db, first.id, 'crm'), await insertEndpoint(env.db, first.id, 'erp'), await insertEndpoint(env.db, second.id, 'other')]
    const accountOf = (index: number) => (index < 2 ? first.id : second.id)
    const expired: number[] = []
    const kept: number[] = []
    for (const [index, endpoint] of endpoints.entries()) {
      const account = accountOf(index)
      for (let n = 0; n < 4; n++) expired.push(await insertDelivery(env.db, account, endpoint, 'succeeded', daysBefore(clock, 91 + n)))
      expired.push(await insertDelivery(env.db, account, endpoint, 'failed', daysBefore(clock, 400)))
      // Pending whatever its age: its job still needs it.
      kept.push(await insertDelivery(env.db, account, endpoint, 'pending', daysBefore(clock, 200)))
      kept.push(await insertDelivery(env.db, account, endpoint, 'succeeded', daysBefore(clock, 89)))
      kept.push(await insertDelivery(env.db, account, endpoint, 'failed', daysBefore(clock, 1)))
      // An old event sent again ten days ago: kept for the retention after its last change.
      kept.push(await insertDelivery(env.db, account, endpoint, 'succeeded', daysBefore(clock, 150), daysBefore(clock, 10)))
    }
    expect(await pruneWebhookDeliveries(env.db, env.dialect, clock, { retentionDays: 90, batchSize: 2 })).toBe(expired.length)
    expect(await deliveryIdsOf(env.db, endpoints)).toEqual(kept.sort((a, b) => a - b))
    expect(await pruneWebhookDeliveries(env.db, env.dialect, clock, { retentionDays: 90, batchSize: 2 })).toBe(0)
    // A shorter retention reaches further.
    expect(await pruneWebhookDeliveries(env.db, env.dialect, clock, { retentionDays: 5 })).toBe(endpoints.length * 2)
  })

  it('keeps a delivery redelivered from the list for the retention after the redelivery', async () => {
    await env.db.deleteFrom('webhook_deliveries').execute() // the other tests' deliveries would age with this clock
    const account = await makeAccount(env)
    const endpoint = await insertEndpoint(env.db, account.id, 'crm')
    const old = await insertDelivery(env.db, account.id, endpoint, 'failed', daysBefore(clock, 120))
    await redeliverWebhook(env.db, clock, account.id, endpoint, old)
    expect(await pruneWebhookDeliveries(env.db, env.dialect, clock, { retentionDays: 90 })).toBe(0)
    // Its new attempt succeeded: still within the retention of its last change.
    await env.db.updateTable('webhook_deliveries').set({ state: 'succeeded' }).where('id', '=', old).execute()
    clock.advance(89 * DAY_MS)
    expect(await pruneWebhookDeliveries(env.db, env.dialect, clock, { retentionDays: 90 })).toBe(0)
    clock.advance(2 * DAY_MS)
    expect(await pruneWebhookDeliveries(env.db, env.dialect, clock, { retentionDays: 90 })).toBe(1)
    expect(await deliveryIdsOf(env.db, [endpoint])).toEqual([])
    await env.db.deleteFrom('jobs').where('kind', '=', 'webhook.deliver').execute()
  })

  it('finds the deliveries to delete in the endpoint’s range of the listing index', async () => {
    const account = await makeAccount(env)
    const endpoint = await insertEndpoint(env.db, account.id, 'crm')
    // Enough deliveries, over twenty endpoints and a year, that no planner would rather read the table.
    for (let n = 0; n < 20; n++) {
      const other = await insertEndpoint(env.db, account.id, `busy-${n}`)
      const rows = Array.from({ length: 250 }, (_, index) => deliveryRow(account.id, other, `evt_${other}_${index}`, 'succeeded', daysBefore(clock, index + 1)))
      await env.db.insertInto('webhook_deliveries').values(rows).execute()
    }
    const plan = (await planOf(env.db, env.dialect, expiredDeliveries(env.db, env.dialect, account.id, endpoint, retentionCutoff(clock.now(), 90), 5_000), 'webhook_deliveries')).join('\n')
    if (env.dialect === 'sqlite') {
      expect(plan).toBe('SEARCH webhook_deliveries USING INDEX webhook_deliveries_endpoint_listing_idx (account_id=? AND endpoint_id=? AND created_at<?)')
    } else {
      expect(plan).toMatch(/Index Scan using webhook_deliveries_endpoint_listing_idx on webhook_deliveries/)
      expect(plan).toMatch(/Index Cond: \(\(account_id = .*\) AND \(endpoint_id = .*\) AND \(created_at < /)
      expect(plan).not.toMatch(/Seq Scan/)
    }
  })

  it('the app prunes with WEBHOOK_DELIVERY_RETENTION_DAYS when it starts', async () => {
    const account = await makeAccount(env)
    const endpoint = await insertEndpoint(env.db, account.id, 'crm')
    await insertDelivery(env.db, account.id, endpoint, 'succeeded', daysBefore(env.clock, 40))
    const recent = await insertDelivery(env.db, account.id, endpoint, 'succeeded', daysBefore(env.clock, 20))
    const app = await appOnSameDatabase(env, { WEBHOOK_DELIVERY_RETENTION_DAYS: '30' })
    await app.close() // waits for the run started at ready
    expect(await deliveryIdsOf(env.db, [endpoint])).toEqual([recent])
  })
})
