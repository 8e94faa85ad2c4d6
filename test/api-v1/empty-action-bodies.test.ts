// The actions whose body may be omitted (send, resend, mark-signed, rotate-secret, redeliver) take
// `Content-Type: application/json` with an empty body as no body, as many HTTP clients send it;
// where a body is required (cancel, the creations, the PATCHes) an empty one stays a 400
// malformed_json. The OpenAPI document marks exactly those request bodies as optional.
import { readFile } from 'node:fs/promises'
import { expect, it } from 'vitest'
import { recordDomainEvent } from '../../src/modules/events/record-domain-event.js'
import { OPENAPI_FILE } from '../../scripts/openapi-snapshot.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, type TestAccount } from '../support/factories.js'
import { expectProblem } from '../support/http.js'
import type { TestApp } from '../support/test-app.js'
import { makeDraft } from '../lifecycle/lifecycle-fixtures.js'

const WEBHOOK_URL = 'https://93.184.216.34/hooks/vendoc'

/** A request with `Content-Type: application/json` and not one byte of body. */
function sendEmpty(env: TestApp, account: TestAccount, method: 'POST' | 'PATCH', url: string, headers: Record<string, string> = {}) {
  return env.app.inject({ method, url, headers: { ...account.auth, 'content-type': 'application/json', ...headers }, payload: '' })
}

async function webhookWithDelivery(env: TestApp, account: TestAccount): Promise<{ id: number; deliveryId: number }> {
  const created = await env.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: account.auth, payload: { url: WEBHOOK_URL, events: ['proposal.created'] } })
  expect(created.statusCode, created.body).toBe(201)
  const id: number = created.json().id
  await env.db.transaction().execute((trx) => recordDomainEvent(trx, env.clock, { accountId: account.id, type: 'proposal.created', proposalId: 7, data: { proposal: { id: 7 } } }))
  const delivery = await env.db.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', id).executeTakeFirstOrThrow()
  return { id, deliveryId: delivery.id }
}

describeEachDialect('actions whose body may be omitted, with an empty JSON body', (env) => {
  it('send, resend and mark-signed act on an empty body as on no body', async () => {
    const account = await makeAccount(env)
    const digital = await makeDraft(env, account, 'digital')
    const sent = await sendEmpty(env, account, 'POST', `/api/v1/proposals/${digital.id}/send`)
    expect(sent.statusCode, sent.body).toBe(200)
    expect(sent.json().status).toBe('sent')
    const resent = await sendEmpty(env, account, 'POST', `/api/v1/proposals/${digital.id}/resend`)
    expect(resent.statusCode, resent.body).toBe(200)
    expect(resent.json().events.map((event: { type: string }) => event.type)).toContain('resent')

    const paper = await makeDraft(env, account, 'paper')
    expect((await sendEmpty(env, account, 'POST', `/api/v1/proposals/${paper.id}/send`)).statusCode).toBe(200)
    const signed = await sendEmpty(env, account, 'POST', `/api/v1/proposals/${paper.id}/mark-signed`)
    expect(signed.statusCode, signed.body).toBe(200)
    expect(signed.json().status).toBe('signed')
  })

  it('rotate-secret and redeliver act on an empty body as on no body', async () => {
    const account = await makeAccount(env)
    const { id, deliveryId } = await webhookWithDelivery(env, account)
    const rotated = await sendEmpty(env, account, 'POST', `/api/v1/webhooks/${id}/rotate-secret`)
    expect(rotated.statusCode, rotated.body).toBe(200)
    expect(rotated.json().secret).toMatch(/^whsec_/)
    const redelivered = await sendEmpty(env, account, 'POST', `/api/v1/webhooks/${id}/deliveries/${deliveryId}/redeliver`)
    expect(redelivered.statusCode, redelivered.body).toBe(202)
    expect(redelivered.json()).toMatchObject({ id: deliveryId, state: 'pending' })
  })

  it('an empty body is the same request as `{}` for an Idempotency-Key: the retry replays', async () => {
    const account = await makeAccount(env)
    const draft = await makeDraft(env, account, 'paper')
    const first = await sendEmpty(env, account, 'POST', `/api/v1/proposals/${draft.id}/send`, { 'idempotency-key': 'send-empty' })
    expect(first.statusCode, first.body).toBe(200)
    const retry = await env.app.inject({ method: 'POST', url: `/api/v1/proposals/${draft.id}/send`, headers: { ...account.auth, 'idempotency-key': 'send-empty' }, payload: {} })
    expect(retry.statusCode, retry.body).toBe(200)
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(retry.body).toBe(first.body)
  })

  it('where a body is required, an empty one is still 400 malformed_json', async () => {
    const account = await makeAccount(env)
    const draft = await makeDraft(env, account, 'paper')
    const { id } = await webhookWithDelivery(env, account)
    for (const [method, url] of [
      ['POST', `/api/v1/proposals/${draft.id}/cancel`],
      ['PATCH', `/api/v1/proposals/${draft.id}`],
      ['POST', '/api/v1/proposals'],
      ['POST', '/api/v1/webhooks'],
      ['PATCH', `/api/v1/webhooks/${id}`],
    ] as const) {
      expectProblem(await sendEmpty(env, account, method, url), 400, 'malformed_json')
    }
    expect((await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${draft.id}`, headers: account.auth })).json().status).toBe('draft')
  })
})

it('the OpenAPI document marks exactly the bodies that may be omitted as not required', async () => {
  type Operation = { operationId: string; requestBody?: { required?: boolean } }
  const document = JSON.parse(await readFile(OPENAPI_FILE, 'utf8')) as { paths: Record<string, Record<string, Operation>> }
  const operations = Object.values(document.paths).flatMap((item) => Object.values(item))
  const optional = operations.filter((operation) => operation.requestBody?.required === false).map((operation) => operation.operationId)
  expect(optional.sort()).toEqual(['markProposalSigned', 'redeliverWebhook', 'requestDiscountApproval', 'resendProposal', 'rotateWebhookSecret', 'sendProposal'])
  for (const operation of operations.filter((each) => each.requestBody && !optional.includes(each.operationId))) expect(operation.requestBody!.required, operation.operationId).toBe(true)
  expect(JSON.stringify(document)).not.toContain('x-body-may-be-omitted')
})
