// The lifecycle issue's acceptance for webhooks, on both databases: a real local HTTP receiver,
// subscribed through the API to every event type, follows a digital document from creation to the
// last signature. It gets each event of the flow exactly once, correctly signed — also when it
// fails its first answers (retries on the backoff schedule) and across a restart of the app.
import { afterAll, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { connectDatabase } from '../../src/platform/db/connect.js'
import { pauseMsAfter, WEBHOOK_PAUSE_AFTER_FAILURES } from '../../src/modules/webhooks/endpoint-pause.js'
import { RETRY_DELAYS_MS } from '../../src/platform/jobs/job-queue.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount } from '../support/factories.js'
import { ManualClock } from '../support/manual-clock.js'
import type { TestApp } from '../support/test-app.js'
import {
  createDraft,
  drainJobs,
  editSendAndSign,
  expectEachEventDeliveredOnce,
  FLOW_EVENT_TYPES,
  type RecordingReceiver,
  recordingReceiver,
  subscribeEverything,
} from './lifecycle-webhook-flow.js'

const clock = new ManualClock('2026-11-29T12:00:00.000Z')
const receivers: RecordingReceiver[] = []
afterAll(async () => {
  await Promise.all(receivers.map((receiver) => receiver.close()))
})

async function receiver(status: (count: number) => number): Promise<RecordingReceiver> {
  const started = await recordingReceiver(clock, status)
  receivers.push(started)
  return started
}

async function deliveryOf(env: TestApp, accountId: number, type: string) {
  return env.db.selectFrom('webhook_deliveries').selectAll().where('account_id', '=', accountId).where('event_type', '=', type as 'proposal.created').executeTakeFirstOrThrow()
}

describeEachDialect(
  'lifecycle webhooks',
  (env) => {
    it('delivers the whole flow — created, updated, sent, viewed, each signer viewed and signed, signed — once each, signed, with the document id', async () => {
      const account = await makeAccount(env)
      const target = await receiver(() => 200)
      const secret = await subscribeEverything(env, account, target.url)

      const proposalId = await createDraft(env, account)
      await editSendAndSign(env, account, proposalId)
      await drainJobs(() => env.app.jobs.runDueJobs())

      // No retries were needed: one request per event, and the types are exactly the flow's.
      expect(target.requests.map((request) => request.headers['vendoc-event-type']).sort()).toEqual(FLOW_EVENT_TYPES)
      await expectEachEventDeliveredOnce(env, account, target, secret, proposalId)
      // Signer events name their signer: each of the two signers viewed, visited and signed once.
      const signers = await env.db.selectFrom('proposal_signers').select('id').where('proposal_id', '=', proposalId).orderBy('signing_order').execute()
      for (const type of ['signer.viewed', 'signer.visited', 'signer.signed']) {
        const ids = target.requests.map((request) => JSON.parse(request.body)).filter((body) => body.type === type).map((body) => body.data.signer.id)
        expect(ids.sort(), type).toEqual(signers.map((signer) => signer.id).sort())
      }
      // Each signature says how it was confirmed: these signers had the link alone.
      const signatures = target.requests.map((request) => JSON.parse(request.body)).filter((body) => body.type === 'signer.signed')
      expect(signatures.map((body) => body.data.signer.authentication)).toEqual(['link', 'link'])
      const final = target.requests.map((request) => JSON.parse(request.body)).find((body) => body.type === 'proposal.signed')
      expect(final.data.proposal.status).toBe('signed')
      expect((await env.db.selectFrom('proposals').select('signed_sha256').where('id', '=', proposalId).executeTakeFirstOrThrow()).signed_sha256).toMatch(/^[0-9a-f]{64}$/)
    })

    it('retries a receiver that fails its first 3 answers after each backoff, then every event arrives exactly once', async () => {
      const account = await makeAccount(env)
      const target = await receiver((count) => (count <= 3 ? 500 : 200))
      const secret = await subscribeEverything(env, account, target.url)

      const proposalId = await createDraft(env, account)
      // proposal.created meets the failing receiver three times, waiting 1, 5 and 30 minutes between.
      expect(await env.app.jobs.runDueJobs()).toBe(1)
      for (const [index, delay] of RETRY_DELAYS_MS.slice(0, 3).entries()) {
        const pending = await deliveryOf(env, account.id, 'proposal.created')
        expect(pending).toMatchObject({ state: 'pending', attempts: index + 1, response_status: 500 })
        expect(pending.next_attempt_at).toBe(new Date(clock.now().getTime() + delay).toISOString())
        clock.advance(delay - 1000)
        expect(await env.app.jobs.runDueJobs(), 'not due before the backoff').toBe(0)
        clock.advance(1000)
        expect(await env.app.jobs.runDueJobs()).toBe(1)
      }
      expect(await deliveryOf(env, account.id, 'proposal.created')).toMatchObject({ state: 'succeeded', attempts: 4, response_status: 200 })

      await editSendAndSign(env, account, proposalId)
      await drainJobs(() => env.app.jobs.runDueJobs())
      expect(target.answers.map((answer) => answer.status).slice(0, 4)).toEqual([500, 500, 500, 200])
      expect(target.requests).toHaveLength(FLOW_EVENT_TYPES.length + 3)
      await expectEachEventDeliveredOnce(env, account, target, secret, proposalId)
    })

    it('loses no delivery when the app stops after the first failed attempts and another one starts', async () => {
      const account = await makeAccount(env)
      let receiverUp = false
      const target = await receiver(() => (receiverUp ? 200 : 500))
      const secret = await subscribeEverything(env, account, target.url)
      const proposalId = await createDraft(env, account)
      await editSendAndSign(env, account, proposalId)

      // Two processes in turn on the same database (buildTestApp always makes a fresh one).
      const config = loadConfig({ DATABASE_URL: env.databaseUrl, LOG_LEVEL: 'silent', JOB_POLL_MS: '0', WEBHOOK_ALLOW_PRIVATE_URLS: 'on' })
      const first = connectDatabase(config.database)
      const app1 = await buildApp({ config, database: first, clock })
      try {
        await app1.ready()
        await drainJobs(() => app1.jobs.runDueJobs())
      } finally {
        await app1.close()
        await first.close()
      }
      // Five failures in a row pause the endpoint (a sixth may have been on its way, two run at
      // once): the other first attempts are recorded as not sent (endpoint-pause.ts).
      const sentFirst = target.requests.length
      expect(sentFirst).toBeGreaterThanOrEqual(WEBHOOK_PAUSE_AFTER_FAILURES)
      expect(sentFirst).toBeLessThanOrEqual(WEBHOOK_PAUSE_AFTER_FAILURES + 1)
      expect(target.answers.every((answer) => answer.status === 500)).toBe(true)
      const waiting = await env.db.selectFrom('webhook_deliveries').select(['state', 'attempts', 'error']).where('account_id', '=', account.id).execute()
      expect(waiting).toHaveLength(FLOW_EVENT_TYPES.length)
      expect(waiting.every((delivery) => delivery.state === 'pending' && Number(delivery.attempts) === 1)).toBe(true)
      expect(waiting.filter((delivery) => delivery.error?.startsWith('not sent:'))).toHaveLength(FLOW_EVENT_TYPES.length - sentFirst)

      // Past the retry and the pause, the second process sends every delivery.
      receiverUp = true
      clock.advance(Math.max(RETRY_DELAYS_MS[0], pauseMsAfter(sentFirst)))
      const second = connectDatabase(config.database)
      const app2 = await buildApp({ config, database: second, clock })
      try {
        await app2.ready()
        expect(await drainJobs(() => app2.jobs.runDueJobs())).toBe(FLOW_EVENT_TYPES.length)
      } finally {
        await app2.close()
        await second.close()
      }
      expect(await env.app.jobs.runDueJobs()).toBe(0)
      expect(target.requests).toHaveLength(sentFirst + FLOW_EVENT_TYPES.length)
      await expectEachEventDeliveredOnce(env, account, target, secret, proposalId)
    })
  },
  { clock, env: { WEBHOOK_ALLOW_PRIVATE_URLS: 'on' } },
)
