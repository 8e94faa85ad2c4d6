// An endpoint that keeps failing is paused (modules/webhooks/endpoint-pause.ts), with a real local
// receiver: after five failed attempts in a row its deliveries are recorded as not sent and retried
// on their own schedule, each failed try after a pause doubles it, the first success clears it, a
// manual redelivery is sent through a pause, and a new URL starts without the old one's failures.
// Jobs run one at a time here (a runner of one slot), so which try is sent is decided.
import { afterAll, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { recordDomainEvent } from '../../src/modules/events/record-domain-event.js'
import { pauseMsAfter } from '../../src/modules/webhooks/endpoint-pause.js'
import { redeliverWebhook } from '../../src/modules/webhooks/webhook-deliveries.js'
import { createWebhookEndpoint, updateWebhookEndpoint } from '../../src/modules/webhooks/webhook-endpoints.js'
import { JOB_HANDLERS } from '../../src/job-handlers.js'
import { JobRunner } from '../../src/platform/jobs/job-runner.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount } from '../support/factories.js'
import { ManualClock } from '../support/manual-clock.js'
import type { TestApp } from '../support/test-app.js'
import { type Receiver, startReceiver } from './receiver.js'

const clock = new ManualClock('2026-11-29T12:00:00.000Z')
const MINUTE = 60_000
const receivers: Receiver[] = []
afterAll(async () => {
  await Promise.all(receivers.map((receiver) => receiver.close()))
})

/** A receiver answering 500 until `healthy` is set, then 200. */
async function flakyReceiver() {
  const state = { healthy: false }
  const receiver = await startReceiver(() => (state.healthy ? 200 : 500))
  receivers.push(receiver)
  return Object.assign(receiver, { state })
}

/** What the job runner logged, by level and message. */
const logged: string[] = []
const log = {
  info: (_details: object, message?: string) => void logged.push(`info ${message}`),
  warn: (_details: object, message?: string) => void logged.push(`warn ${message}`),
  error: (_details: object, message?: string) => void logged.push(`error ${message}`),
}

/** Runs every due job, one at a time. */
function runOneAtATime(env: TestApp): Promise<number> {
  const config = loadConfig({ LOG_LEVEL: 'silent', WEBHOOK_ALLOW_PRIVATE_URLS: 'on' })
  return new JobRunner({ db: env.db, dialect: env.dialect, clock, config, log }, JOB_HANDLERS, { pollMs: 0, concurrency: 1 }).runDueJobs()
}

async function emitEvents(env: TestApp, accountId: number, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await env.db.transaction().execute((trx) => recordDomainEvent(trx, clock, { accountId, type: 'proposal.sent', proposalId: 1000 + i, data: { proposal: { id: 1000 + i } } }))
  }
}

async function deliveries(env: TestApp, endpointId: number) {
  return env.db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId).orderBy('id').execute()
}

async function endpointState(env: TestApp, endpointId: number) {
  const row = await env.db.selectFrom('webhook_endpoints').select(['consecutive_failures', 'paused_until', 'failing_since']).where('id', '=', endpointId).executeTakeFirstOrThrow()
  return { consecutive_failures: Number(row.consecutive_failures), paused_until: row.paused_until === null ? null : new Date(row.paused_until).toISOString(), failing_since: row.failing_since }
}

const at = (ms: number) => new Date(clock.now().getTime() + ms).toISOString()

describeEachDialect(
  'webhook endpoint pause',
  (env) => {
    it('pauses after five failures in a row, records the tries it holds back, doubles, and a success clears it', async () => {
      const account = await makeAccount(env)
      const target = await flakyReceiver()
      const endpoint = await createWebhookEndpoint(env.db, clock, { allowPrivate: true }, account.id, { url: target.url, events: ['proposal.sent'] })
      await emitEvents(env, account.id, 7)
      logged.length = 0
      await runOneAtATime(env)
      // Five sent and failed; the pause holds back the other two, which fail without a request
      // (and without a warning each in the server log).
      expect(target.requests).toHaveLength(5)
      expect(logged).toEqual([...Array(5).fill('warn job failed; will retry'), ...Array(2).fill('info job not done; will retry')])
      expect(await endpointState(env, endpoint.id)).toEqual({ consecutive_failures: 5, paused_until: at(MINUTE), failing_since: null })
      const held = (await deliveries(env, endpoint.id)).slice(5)
      for (const delivery of held) {
        expect(delivery).toMatchObject({ state: 'pending', attempts: 1, response_status: null, response_excerpt: null, duration_ms: null })
        expect(delivery.error).toBe(`not sent: the endpoint failed its last 5 attempts and is paused until ${at(MINUTE)}`)
        expect(new Date(delivery.next_attempt_at!).toISOString()).toBe(at(MINUTE))
      }

      // Half a minute later a new event is held back too.
      clock.advance(MINUTE / 2)
      await emitEvents(env, account.id, 1)
      await runOneAtATime(env)
      expect(target.requests).toHaveLength(5)

      // The pause over, the first due try is sent; it fails, and the pause doubles to two minutes.
      clock.advance(MINUTE / 2)
      await runOneAtATime(env)
      expect(target.requests).toHaveLength(6)
      expect(await endpointState(env, endpoint.id)).toEqual({ consecutive_failures: 6, paused_until: at(2 * MINUTE), failing_since: null })
      expect((await deliveries(env, endpoint.id)).map((delivery) => delivery.attempts)).toEqual([2, 2, 2, 2, 2, 2, 2, 1])

      // Mended: the next try after the pause succeeds and clears the run of failures; every
      // delivery then goes out on its own schedule (the second retry five minutes after the first).
      target.state.healthy = true
      clock.advance(2 * MINUTE)
      await runOneAtATime(env)
      expect(target.requests).toHaveLength(7)
      expect(await endpointState(env, endpoint.id)).toEqual({ consecutive_failures: 0, paused_until: null, failing_since: null })
      clock.advance(3 * MINUTE)
      await runOneAtATime(env)
      const settled = await deliveries(env, endpoint.id)
      expect(settled.map((delivery) => delivery.state)).toEqual(Array(8).fill('succeeded'))
      expect(target.requests).toHaveLength(14)
    })

    it('sends a manual redelivery through a pause, and a new URL starts without the old failures', async () => {
      const account = await makeAccount(env)
      const target = await flakyReceiver()
      const endpoint = await createWebhookEndpoint(env.db, clock, { allowPrivate: true }, account.id, { url: target.url, events: ['proposal.sent'] })
      await emitEvents(env, account.id, 5)
      await runOneAtATime(env)
      expect(await endpointState(env, endpoint.id)).toMatchObject({ consecutive_failures: 5, paused_until: at(MINUTE) })

      // An admin mends the receiver and redelivers a delivery that had exhausted its attempts.
      const [exhausted] = await deliveries(env, endpoint.id)
      await env.db.updateTable('webhook_deliveries').set({ state: 'failed', next_attempt_at: null }).where('id', '=', exhausted!.id).execute()
      target.state.healthy = true
      await redeliverWebhook(env.db, clock, account.id, endpoint.id, exhausted!.id)
      await runOneAtATime(env)
      expect(target.requests).toHaveLength(6)
      expect((await deliveries(env, endpoint.id))[0]).toMatchObject({ state: 'succeeded', response_status: 200 })
      expect(await endpointState(env, endpoint.id)).toEqual({ consecutive_failures: 0, paused_until: null, failing_since: null })

      // Paused again, then moved to another receiver: the new URL is tried at once.
      target.state.healthy = false
      clock.advance(MINUTE)
      await runOneAtATime(env)
      await emitEvents(env, account.id, 2)
      await runOneAtATime(env)
      expect(await endpointState(env, endpoint.id)).toMatchObject({ consecutive_failures: 5, paused_until: at(MINUTE) })
      const moved = await flakyReceiver()
      moved.state.healthy = true
      await updateWebhookEndpoint(env.db, clock, { allowPrivate: true }, account.id, endpoint.id, { url: moved.url })
      expect(await endpointState(env, endpoint.id)).toEqual({ consecutive_failures: 0, paused_until: null, failing_since: null })
      await emitEvents(env, account.id, 1)
      await runOneAtATime(env)
      expect(moved.requests).toHaveLength(1)
    })
  },
  { clock, env: { WEBHOOK_ALLOW_PRIVATE_URLS: 'on' } },
)

it('pauses for one minute at the fifth failure, doubling up to ten', () => {
  expect([1, 4, 5, 6, 7, 8, 9, 20].map(pauseMsAfter)).toEqual([0, 0, 1, 2, 4, 8, 10, 10].map((minutes) => minutes * MINUTE))
})
