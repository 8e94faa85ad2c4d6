// For lifecycle-webhooks.test.ts: the flow driven through the real API and signing functions,
// a local receiver that remembers what it answered and when, and the checks on what it received.
import { expect } from 'vitest'
import { DOMAIN_EVENT_TYPES } from '../../src/modules/events/event-types.js'
import { openSigningLink, signAsSigner } from '../../src/modules/lifecycle/signing.js'
import type { Clock } from '../../src/platform/clock.js'
import { validCpf } from '../support/documents.js'
import { makeCustomer, makeProposal, type TestAccount, uniqueSuffix } from '../support/factories.js'
import { PUBLIC_URL, type TestApp } from '../support/test-app.js'
import { verifyWebhookSignature } from '../support/webhook-signature.js'
import { type ReceivedRequest, startReceiver, type Receiver } from '../webhooks/receiver.js'

const CLIENT = { ip: '203.0.113.9', userAgent: 'Mozilla/5.0 (lifecycle webhooks test)' }

/** What signing.ts, create/update-proposal and send-proposal emit for this flow (finalize emits nothing). */
export const FLOW_EVENT_TYPES = [
  'proposal.created',
  'proposal.updated',
  'proposal.sent',
  'signer.viewed', // signer 1 opens…
  'proposal.viewed', // …which is the document's first view…
  'signer.visited', // …and the signer's first visit (signer-opens.ts)
  'signer.signed',
  'signer.viewed', // signer 2 opens: the document is already viewed
  'signer.visited',
  'signer.signed',
  'proposal.signed',
].sort()

export interface RecordingReceiver extends Receiver {
  /** Per request (same index as `requests`): the status answered and the test clock at that moment. */
  answers: Array<{ status: number; at: Date }>
}

export async function recordingReceiver(clock: Clock, status: (count: number) => number): Promise<RecordingReceiver> {
  const answers: RecordingReceiver['answers'] = []
  const receiver = await startReceiver((count) => {
    const answered = status(count)
    answers[count - 1] = { status: answered, at: clock.now() }
    return answered
  })
  return Object.assign(receiver, { answers })
}

/** Subscribes `url` to every event type through POST /api/v1/webhooks; returns the signing secret. */
export async function subscribeEverything(env: TestApp, account: TestAccount, url: string): Promise<string> {
  const response = await env.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: account.auth, payload: { url, events: [...DOMAIN_EVENT_TYPES] } })
  expect(response.statusCode, response.body).toBe(201)
  return response.json<{ secret: string }>().secret
}

/** A digital draft with two signers (orders 1 and 2), created through the API. */
export async function createDraft(env: TestApp, account: TestAccount): Promise<number> {
  const customer = await makeCustomer(env, account)
  const suffix = uniqueSuffix()
  const created = await makeProposal(env, account, customer, {
    signature_type: 'digital',
    seller_id: account.seller.id,
    signers: [
      { name: 'Helena Duarte Prado', email: `helena.${suffix}@cliente.test`, cpf: validCpf(), role_id: account.roles.party.id, signing_order: 1 },
      { name: 'Rui Vasconcelos', email: `rui.${suffix}@cliente.test`, cpf: validCpf(), role_id: account.roles.witness.id, signing_order: 2 },
    ],
  })
  return created.id
}

/** PATCH → send → each signer, in order, opens their link and signs (tokens read from the database). */
export async function editSendAndSign(env: TestApp, account: TestAccount, proposalId: number): Promise<void> {
  const patched = await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${proposalId}`, headers: account.auth, payload: { title: 'Contrato revisado' } })
  expect(patched.statusCode, patched.body).toBe(200)
  const sent = await env.app.inject({ method: 'POST', url: `/api/v1/proposals/${proposalId}/send`, headers: account.auth, payload: {} })
  expect(sent.statusCode, sent.body).toBe(200)
  const signers = await env.db.selectFrom('proposal_signers').select(['name', 'cpf', 'sign_token']).where('proposal_id', '=', proposalId).orderBy('signing_order').execute()
  expect(signers).toHaveLength(2)
  for (const [index, signer] of signers.entries()) {
    const token = signer.sign_token!
    expect((await openSigningLink(env.db, env.clock, token, CLIENT, { baseUrl: 'http://vendoc.test' })).outcome).toBe('ok')
    const input = { name: signer.name, cpf: signer.cpf ?? '', consent: true, signatureKind: 'typed' as const, signatureData: signer.name }
    const signed = await signAsSigner(env.db, env.clock, token, input, CLIENT, { baseUrl: PUBLIC_URL })
    expect(signed).toMatchObject({ outcome: 'signed', documentSigned: index === signers.length - 1 })
  }
}

/** Runs `run` (app.jobs.runDueJobs) until nothing is due; returns how many jobs ran in all. */
export async function drainJobs(run: () => Promise<number>): Promise<number> {
  let total = 0
  for (let ran = await run(); ran > 0; ran = await run()) total += ran
  return total
}

function eventIdOf(request: ReceivedRequest): string {
  return String(request.headers['vendoc-event-id'])
}

/**
 * The receiver got every event of the document exactly once with a 2xx (whatever failed before),
 * every request correctly signed for the moment it was sent, carrying the stored body byte for byte.
 */
export async function expectEachEventDeliveredOnce(env: TestApp, account: TestAccount, receiver: RecordingReceiver, secret: string, proposalId: number): Promise<void> {
  const events = await env.db.selectFrom('domain_events').select(['id', 'type', 'payload_json']).where('proposal_id', '=', proposalId).where('account_id', '=', account.id).execute()
  expect(events.map((event) => event.type).sort()).toEqual(FLOW_EVENT_TYPES)
  const stored = new Map(events.map((event) => [event.id, event]))

  const successes = receiver.requests.filter((_request, index) => receiver.answers[index]!.status < 300).map(eventIdOf)
  expect(successes.sort(), 'one 2xx receipt per event id').toEqual([...stored.keys()].sort())

  for (const [index, request] of receiver.requests.entries()) {
    const nowSeconds = Math.floor(receiver.answers[index]!.at.getTime() / 1000)
    expect(verifyWebhookSignature(secret, request.body, String(request.headers['vendoc-signature']), nowSeconds), `signature of request ${index}`).toBe(true)
    const body = JSON.parse(request.body) as { id: string; type: string; account_id: number; data: { proposal: { id: number } } }
    expect(body.id).toBe(eventIdOf(request))
    expect(body.type).toBe(request.headers['vendoc-event-type'])
    expect(body.account_id).toBe(account.id)
    expect(body.data.proposal.id).toBe(proposalId)
    expect(request.body).toBe(stored.get(body.id)?.payload_json)
  }

  const deliveries = await env.db.selectFrom('webhook_deliveries').select(['event_id', 'state']).where('account_id', '=', account.id).execute()
  expect(deliveries.map((delivery) => delivery.event_id).sort()).toEqual([...stored.keys()].sort())
  expect(deliveries.every((delivery) => delivery.state === 'succeeded')).toBe(true)
}
