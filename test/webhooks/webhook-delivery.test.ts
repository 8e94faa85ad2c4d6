// Webhook delivery end to end with a real local HTTP receiver (WEBHOOK_ALLOW_PRIVATE_URLS=on so it
// may listen on 127.0.0.1): signatures verified with the documented algorithm, retries on the
// schedule, a restart between attempts, failure after the last attempt, manual redelivery.
import { afterAll, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { DOMAIN_EVENT_TYPES, type DomainEventType } from '../../src/modules/events/event-types.js'
import { recordDomainEvent } from '../../src/modules/events/record-domain-event.js'
import { redeliverWebhook } from '../../src/modules/webhooks/webhook-deliveries.js'
import { createWebhookEndpoint } from '../../src/modules/webhooks/webhook-endpoints.js'
import { RETRY_DELAYS_MS, enqueueJob } from '../../src/platform/jobs/job-queue.js'
import { WEBHOOK_DELIVER_JOB } from '../../src/modules/webhooks/webhook-constants.js'
import { connectDatabase } from '../../src/platform/db/connect.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount } from '../support/factories.js'
import { ManualClock } from '../support/manual-clock.js'
import type { TestApp } from '../support/test-app.js'
import { verifyWebhookSignature } from '../support/webhook-signature.js'
import { type ReceivedRequest, type Receiver, startReceiver } from './receiver.js'

const clock = new ManualClock('2026-11-29T12:00:00.000Z')
const policy = { allowPrivate: true }
const receivers: Receiver[] = []
afterAll(async () => {
  await Promise.all(receivers.map((receiver) => receiver.close()))
})

async function receiver(respond?: (count: number) => number, body?: (status: number) => string | Buffer) {
  const started = await startReceiver(respond, body)
  receivers.push(started)
  return started
}

/** The receiver's check, exactly as docs/WEBHOOKS.md tells integrators to write it. */
function verify(secret: string, request: ReceivedRequest, nowSeconds: number): boolean {
  return verifyWebhookSignature(secret, request.body, String(request.headers['vendoc-signature'] ?? ''), nowSeconds)
}

async function emit(env: TestApp, accountId: number, type: DomainEventType, proposalId = 44073): Promise<string> {
  return env.db.transaction().execute((trx) =>
    recordDomainEvent(trx, clock, { accountId, type, proposalId, data: { proposal: { id: proposalId, number: 12, status: 'sent', total_cents: 336035 } } }),
  )
}

async function delivery(env: TestApp, eventId: string) {
  return env.db.selectFrom('webhook_deliveries').selectAll().where('event_id', '=', eventId).executeTakeFirstOrThrow()
}

describeEachDialect(
  'webhook delivery',
  (env) => {
    it('delivers every event type exactly once per event id, signed, with the documented headers and body', async () => {
      const account = await makeAccount(env)
      const target = await receiver()
      const endpoint = await createWebhookEndpoint(env.db, clock, policy, account.id, { url: target.url, events: [...DOMAIN_EVENT_TYPES] })
      // Endpoints that must get nothing: another account's, an inactive one, one not subscribed.
      const other = await makeAccount(env)
      const silent = await receiver()
      await createWebhookEndpoint(env.db, clock, policy, other.id, { url: silent.url, events: [...DOMAIN_EVENT_TYPES] })
      await createWebhookEndpoint(env.db, clock, policy, account.id, { url: silent.url, events: [...DOMAIN_EVENT_TYPES], active: false })
      await createWebhookEndpoint(env.db, clock, policy, account.id, { url: silent.url, events: ['proposal.expired'] })

      const ids: string[] = []
      for (const type of DOMAIN_EVENT_TYPES.filter((type) => type !== 'proposal.expired')) ids.push(await emit(env, account.id, type))
      expect(ids.every((id) => /^evt_[0-9a-f-]{36}$/.test(id))).toBe(true)
      expect(await env.app.jobs.runDueJobs()).toBe(ids.length)
      expect(await env.app.jobs.runDueJobs()).toBe(0)

      expect(silent.requests).toHaveLength(0)
      expect(target.requests.map((request) => request.headers['vendoc-event-id']).sort()).toEqual([...ids].sort())
      const nowSeconds = Math.floor(clock.now().getTime() / 1000)
      for (const request of target.requests) {
        expect(request.method).toBe('POST')
        expect(request.url).toBe('/hooks')
        expect(request.headers['content-type']).toBe('application/json')
        expect(request.headers['user-agent']).toBe('Vendoc-Webhooks/1')
        expect(verify(endpoint.secret, request, nowSeconds)).toBe(true)
        expect(verify('whsec_wrong', request, nowSeconds)).toBe(false)
        expect(verify(endpoint.secret, request, nowSeconds + 301)).toBe(false)
        const body = JSON.parse(request.body)
        expect(body).toEqual({
          id: request.headers['vendoc-event-id'],
          type: request.headers['vendoc-event-type'],
          created_at: clock.now().toISOString(),
          account_id: account.id,
          data: { proposal: { id: 44073, number: 12, status: 'sent', total_cents: 336035 } },
        })
        const stored = await delivery(env, body.id)
        expect(stored).toMatchObject({ state: 'succeeded', attempts: 1, response_status: 200, response_excerpt: 'ok', error: null, request_body: request.body })
        expect(stored.delivered_at).toBe(clock.now().toISOString())
      }
      const events = await env.db.selectFrom('domain_events').select(['id', 'type']).where('account_id', '=', account.id).execute()
      expect(events).toHaveLength(ids.length)
    })

    it('keeps the connection to a receiver open between deliveries', async () => {
      const account = await makeAccount(env)
      const target = await receiver()
      await createWebhookEndpoint(env.db, clock, policy, account.id, { url: target.url, events: ['proposal.sent'] })
      for (let i = 0; i < 6; i++) await emit(env, account.id, 'proposal.sent', 500 + i)
      await env.app.jobs.runDueJobs()
      expect(target.requests).toHaveLength(6)
      // Two of the account's deliveries go at a time: two connections at most, not one a delivery.
      expect(target.connections).toBeGreaterThanOrEqual(1)
      expect(target.connections).toBeLessThanOrEqual(2)
    })

    it('records an answer holding NUL bytes (U+FFFD in their place) and delivers it once', async () => {
      // The receiver's bytes are stored as its answer's excerpt; PostgreSQL's text cannot hold
      // U+0000, and such an answer once failed the delivery's record, so the job ran again and
      // posted the event again on every retry.
      const account = await makeAccount(env)
      const target = await receiver(undefined, () => Buffer.from([0x6f, 0x6b, 0x00, 0x62, 0x69, 0x6e, 0x00]))
      await createWebhookEndpoint(env.db, clock, policy, account.id, { url: target.url, events: ['proposal.signed'] })
      const eventId = await emit(env, account.id, 'proposal.signed')
      expect(await env.app.jobs.runDueJobs()).toBe(1)
      expect(await delivery(env, eventId)).toMatchObject({ state: 'succeeded', attempts: 1, response_status: 200, response_excerpt: 'ok\uFFFDbin\uFFFD', error: null })
      clock.advance(RETRY_DELAYS_MS.at(-1)! * 2)
      expect(await env.app.jobs.runDueJobs()).toBe(0)
      expect(target.requests).toHaveLength(1)
    })

    it('retries a receiver that fails its first 3 answers on the schedule, then succeeds once', async () => {
      const account = await makeAccount(env)
      const target = await receiver((count) => (count <= 3 ? 503 : 204))
      const endpoint = await createWebhookEndpoint(env.db, clock, policy, account.id, { url: target.url, events: ['proposal.signed'] })
      const eventId = await emit(env, account.id, 'proposal.signed')
      for (let attempt = 1; attempt <= 3; attempt++) {
        expect(await env.app.jobs.runDueJobs()).toBe(1)
        const row = await delivery(env, eventId)
        expect(row).toMatchObject({ state: 'pending', attempts: attempt, response_status: 503, error: 'HTTP 503' })
        expect(row.response_excerpt!.length).toBe(2048)
        expect(row.next_attempt_at).toBe(new Date(clock.now().getTime() + RETRY_DELAYS_MS[attempt - 1]!).toISOString())
        // Not due yet: nothing runs.
        clock.advance(RETRY_DELAYS_MS[attempt - 1]! - 1000)
        expect(await env.app.jobs.runDueJobs()).toBe(0)
        clock.advance(1000)
      }
      expect(await env.app.jobs.runDueJobs()).toBe(1)
      expect(await delivery(env, eventId)).toMatchObject({ state: 'succeeded', attempts: 4, response_status: 204, error: null, next_attempt_at: null })
      expect(target.requests).toHaveLength(4)
      expect(new Set(target.requests.map((request) => request.headers['vendoc-event-id']))).toEqual(new Set([eventId]))
      const nowSeconds = Math.floor(clock.now().getTime() / 1000)
      expect(verify(endpoint.secret, target.requests[3]!, nowSeconds)).toBe(true)
    })

    it('loses no delivery across a restart between attempts', async () => {
      const account = await makeAccount(env)
      const target = await receiver((count) => (count === 1 ? 500 : 200))
      await createWebhookEndpoint(env.db, clock, policy, account.id, { url: target.url, events: ['proposal.sent'] })
      const eventId = await emit(env, account.id, 'proposal.sent')
      const config = loadConfig({ DATABASE_URL: env.databaseUrl, LOG_LEVEL: 'silent', JOB_POLL_MS: '0', WEBHOOK_ALLOW_PRIVATE_URLS: 'on' })
      // First process: one failed attempt, then it stops.
      const first = connectDatabase(config.database)
      const app1 = await buildApp({ config, database: first, clock })
      await app1.ready()
      expect(await app1.jobs.runDueJobs()).toBe(1)
      await app1.close()
      await first.close()
      expect((await delivery(env, eventId)).state).toBe('pending')
      // Second process on the same database: the retry is still queued and runs when due.
      clock.advance(RETRY_DELAYS_MS[0])
      const second = connectDatabase(config.database)
      const app2 = await buildApp({ config, database: second, clock })
      await app2.ready()
      try {
        expect(await app2.jobs.runDueJobs()).toBe(1)
      } finally {
        await app2.close()
        await second.close()
      }
      expect(await delivery(env, eventId)).toMatchObject({ state: 'succeeded', attempts: 2 })
      expect(target.requests.map((request) => request.headers['vendoc-event-id'])).toEqual([eventId, eventId])
    })

    it('fails after the last attempt, marks the endpoint failing, and a redelivery sends the same event again', async () => {
      const account = await makeAccount(env)
      let healthy = false
      const target = await receiver(() => (healthy ? 200 : 302))
      const endpoint = await createWebhookEndpoint(env.db, clock, policy, account.id, { url: target.url, events: ['proposal.cancelled'] })
      const eventId = await emit(env, account.id, 'proposal.cancelled')
      for (let attempt = 1; attempt <= 8; attempt++) {
        expect(await env.app.jobs.runDueJobs()).toBe(1)
        clock.advance(9 * 60 * 60_000)
      }
      expect(await env.app.jobs.runDueJobs()).toBe(0)
      const failed = await delivery(env, eventId)
      expect(failed).toMatchObject({ state: 'failed', attempts: 8, response_status: 302, next_attempt_at: null })
      expect(failed.error).toMatch(/redirects are not followed/)
      const failing = await env.db.selectFrom('webhook_endpoints').select('failing_since').where('id', '=', endpoint.id).executeTakeFirstOrThrow()
      expect(failing.failing_since).not.toBeNull()

      healthy = true
      const queued = await redeliverWebhook(env.db, clock, account.id, endpoint.id, failed.id)
      expect(queued).toMatchObject({ state: 'pending', event_id: eventId })
      expect(await env.app.jobs.runDueJobs()).toBe(1)
      expect(await delivery(env, eventId)).toMatchObject({ state: 'succeeded', attempts: 9, response_status: 200 })
      const cleared = await env.db.selectFrom('webhook_endpoints').select('failing_since').where('id', '=', endpoint.id).executeTakeFirstOrThrow()
      expect(cleared.failing_since).toBeNull()
      expect(target.requests).toHaveLength(9)
      expect(new Set(target.requests.map((request) => JSON.parse(request.body).id))).toEqual(new Set([eventId]))
    })

    it('sends a delivery waiting for its next retry now when redelivered, and only once', async () => {
      const account = await makeAccount(env)
      let healthy = false
      const target = await receiver(() => (healthy ? 200 : 503))
      const endpoint = await createWebhookEndpoint(env.db, clock, policy, account.id, { url: target.url, events: ['proposal.sent'] })
      const eventId = await emit(env, account.id, 'proposal.sent')
      expect(await env.app.jobs.runDueJobs()).toBe(1)
      const waiting = await delivery(env, eventId)
      expect(waiting).toMatchObject({ state: 'pending', attempts: 1, response_status: 503 })
      expect(await env.app.jobs.runDueJobs()).toBe(0) // its retry is a minute away

      healthy = true
      const queued = await redeliverWebhook(env.db, clock, account.id, endpoint.id, waiting.id)
      expect(queued).toMatchObject({ state: 'pending', next_attempt_at: clock.now().toISOString() })
      expect(await env.app.jobs.runDueJobs()).toBe(1)
      expect(await delivery(env, eventId)).toMatchObject({ state: 'succeeded', attempts: 2, response_status: 200 })
      // The old retry is gone: nothing is sent when it would have been due.
      clock.advance(RETRY_DELAYS_MS[0] + 1000)
      expect(await env.app.jobs.runDueJobs()).toBe(0)
      expect(target.requests).toHaveLength(2)
      const jobs = await env.db.selectFrom('jobs').select('state').where('kind', '=', WEBHOOK_DELIVER_JOB).where('account_id', '=', account.id).execute()
      // The waiting job was replaced by the redelivery's, which is done.
      expect(jobs.map((job) => job.state)).toEqual(['done'])
    })

    it('sends a settled delivery no more: a second job for it (a lost result, a racing redelivery) does nothing', async () => {
      const account = await makeAccount(env)
      const target = await receiver()
      await createWebhookEndpoint(env.db, clock, policy, account.id, { url: target.url, events: ['proposal.sent'] })
      const eventId = await emit(env, account.id, 'proposal.sent')
      await env.app.jobs.runDueJobs()
      expect(target.requests).toHaveLength(1)
      const settled = await delivery(env, eventId)
      expect(settled.state).toBe('succeeded')
      // A stray second job for the same delivery, as a worker whose result was lost would leave.
      await env.db.transaction().execute((trx) => enqueueJob(trx, clock, { kind: WEBHOOK_DELIVER_JOB, accountId: account.id, payload: { deliveryId: settled.id } }))
      await env.app.jobs.runDueJobs()
      expect(target.requests).toHaveLength(1)
      expect(await delivery(env, eventId)).toEqual(settled)
    })

    it('a rolled-back action leaves no event, delivery or job', async () => {
      const account = await makeAccount(env)
      const target = await receiver()
      await createWebhookEndpoint(env.db, clock, policy, account.id, { url: target.url, events: ['proposal.updated'] })
      const jobsBefore = await env.db.selectFrom('jobs').select('id').execute()
      await expect(
        env.db.transaction().execute(async (trx) => {
          await recordDomainEvent(trx, clock, { accountId: account.id, type: 'proposal.updated', proposalId: 1, data: {} })
          throw new Error('the action failed')
        }),
      ).rejects.toThrow('the action failed')
      expect(await env.db.selectFrom('domain_events').select('id').where('account_id', '=', account.id).execute()).toHaveLength(0)
      expect(await env.db.selectFrom('webhook_deliveries').select('id').where('account_id', '=', account.id).execute()).toHaveLength(0)
      expect(await env.db.selectFrom('jobs').select('id').execute()).toHaveLength(jobsBefore.length)
    })
  },
  { clock, env: { WEBHOOK_ALLOW_PRIVATE_URLS: 'on' } },
)
