// An endpoint's deliveries at scale (migration 016): the list and its state filter are one range
// of an index that starts with the account and the endpoint, and the count reads that index alone.
// Before it, the list read every delivery of the account, each with the body it sent: with
// 1,000,000 deliveries a page of the busy endpoint and its count took ~0.3 s on SQLite, ~0.9 s
// filtered by `pending`. Checked here: the list against a reference computed from the stored rows
// (states, order with ties, pages, another endpoint's and another account's deliveries never
// shown), the plans on both engines, and the migration on a database that has deliveries.
import { sql } from 'kysely'
import { expect, it } from 'vitest'
import { deliveryCountQuery, deliveryPageQuery, type DeliveryFilters, listWebhookDeliveries } from '../../src/modules/webhooks/webhook-deliveries.js'
import type { Db } from '../../src/platform/db/connect.js'
import type { WebhookDeliveryState } from '../../src/platform/db/schema.js'
import { describeEachDialect } from '../support/dialects.js'
import { describeEachEmptyDatabase, insertBareAccount } from '../support/empty-database.js'
import { makeAccount } from '../support/factories.js'
import { expectIndexReplaced, migrateUpTo } from '../support/migration-rewind.js'
import { expectPages, newestFirstIds } from '../support/listing-reference.js'
import { planOf } from '../support/query-plan.js'
import { deliveryRow, insertEndpoint } from '../support/webhook-rows.js'

const STATES: WebhookDeliveryState[] = ['succeeded', 'succeeded', 'failed', 'succeeded', 'pending']

/** `count` deliveries of one endpoint, three to a millisecond (the list breaks ties by id). */
async function insertDeliveries(db: Db, accountId: number, endpointId: number, count: number): Promise<void> {
  const start = Date.parse('2026-06-01T00:00:00.000Z')
  const rows = Array.from({ length: count }, (_, index) => {
    const at = new Date(start + Math.floor(index / 3) * 60_000).toISOString()
    return deliveryRow(accountId, endpointId, `evt_${endpointId}_${index}`, STATES[index % STATES.length]!, at)
  })
  for (let first = 0; first < rows.length; first += 500) await db.insertInto('webhook_deliveries').values(rows.slice(first, first + 500)).execute()
}

type Stored = { id: number; created_at: string; state: string }

async function storedDeliveries(db: Db, accountId: number, endpointId: number): Promise<Stored[]> {
  const rows = await db.selectFrom('webhook_deliveries').select(['id', 'created_at', 'state']).where('account_id', '=', accountId).where('endpoint_id', '=', endpointId).execute()
  return rows.map((row) => ({ id: Number(row.id), state: row.state, created_at: new Date(row.created_at).toISOString() }))
}

function expectedIds(stored: Stored[], filters: DeliveryFilters): number[] {
  return newestFirstIds(stored.filter((row) => filters.state === undefined || row.state === filters.state))
}

describeEachDialect('webhook delivery listing', (env) => {
  let accountId = 0
  let quiet = 0

  it('lists one endpoint’s deliveries in the state asked for, newest first with ties by id, page by page', async () => {
    const account = await makeAccount(env)
    const other = await makeAccount(env)
    accountId = account.id
    const busy = await insertEndpoint(env.db, account.id, 'busy')
    quiet = await insertEndpoint(env.db, account.id, 'quiet')
    // The same account's busy endpoint and another account's endpoint hold far more deliveries.
    await insertDeliveries(env.db, account.id, busy, 6_000)
    await insertDeliveries(env.db, other.id, await insertEndpoint(env.db, other.id, 'other'), 6_000)
    await insertDeliveries(env.db, account.id, quiet, 400)

    for (const endpointId of [quiet, busy]) {
      const stored = await storedDeliveries(env.db, account.id, endpointId)
      for (const state of [undefined, 'pending', 'failed', 'succeeded'] as const) {
        const expected = expectedIds(stored, { state })
        expect(expected.length).toBeGreaterThan(50)
        await expectPages(`endpoint ${endpointId}, ${state ?? 'every state'}`, expected, async (page) => {
          const listed = await listWebhookDeliveries(env.db, account.id, endpointId, { state }, { page, perPage: 50 })
          return { ids: listed.data.map((delivery) => Number(delivery.id)), total: listed.meta.total }
        })
      }
    }
    // Another account's endpoint reads as a missing one.
    await expect(listWebhookDeliveries(env.db, other.id, quiet, {}, { page: 1, perPage: 50 })).rejects.toMatchObject({ code: 'webhook_not_found' })
  }, 60_000)

  it('reads a page in the order of the endpoint’s range of the listing index, and counts in that index alone', async () => {
    expect(quiet).toBeGreaterThan(0)
    if (env.dialect === 'postgres') await sql`vacuum analyze webhook_deliveries`.execute(env.db)
    for (const filters of [{}, { state: 'pending' as const }]) {
      const label = JSON.stringify(filters)
      const page = await planOf(env.db, env.dialect, deliveryPageQuery(env.db, accountId, quiet, filters, { limit: 50, offset: 50 }), 'webhook_deliveries')
      const count = await planOf(env.db, env.dialect, deliveryCountQuery(env.db, accountId, quiet, filters), 'webhook_deliveries')
      if (env.dialect === 'sqlite') {
        expect(page, label).toEqual([`SEARCH webhook_deliveries USING INDEX webhook_deliveries_endpoint_listing_idx (account_id=? AND endpoint_id=?)`])
        expect(count, label).toEqual([`SEARCH webhook_deliveries USING COVERING INDEX webhook_deliveries_endpoint_listing_idx (account_id=? AND endpoint_id=?)`])
      } else {
        expect(page.join('\n'), label).toMatch(/Index Scan Backward using webhook_deliveries_endpoint_listing_idx on webhook_deliveries/)
        expect(page.join('\n'), label).not.toMatch(/Sort|Seq Scan|Bitmap/)
        expect(count.join('\n'), label).toMatch(/Index Only Scan using webhook_deliveries_endpoint_listing_idx on webhook_deliveries/)
        expect(count.join('\n'), label).not.toMatch(/Seq Scan|Bitmap/)
      }
    }
  })
})

describeEachEmptyDatabase('webhook delivery listing: migration 016', (dialect, openDatabase) => {
  it('replaces the (account_id, created_at) index on a table that has deliveries, and completes when run again after an interruption', async () => {
    const database = await openDatabase()
    const db = database.db
    await migrateUpTo(db, dialect, '015-request-log-listing-index')
    const accountId = await insertBareAccount(db)
    const endpointId = await insertEndpoint(db, accountId, 'hook')
    await insertDeliveries(db, accountId, endpointId, 120)
    await expectIndexReplaced(db, dialect, {
      migration: '016-webhook-delivery-listing-index',
      table: 'webhook_deliveries',
      old: { name: 'webhook_deliveries_account_created_idx', columns: 'account_id, created_at' },
      added: 'webhook_deliveries_endpoint_listing_idx',
    })
    const listed = await listWebhookDeliveries(db, accountId, endpointId, { state: 'failed' }, { page: 1, perPage: 50 })
    expect(listed.data.map((delivery) => Number(delivery.id))).toEqual(expectedIds(await storedDeliveries(db, accountId, endpointId), { state: 'failed' }))
  }, 60_000)
})
