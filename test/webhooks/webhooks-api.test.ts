// /api/v1/webhooks: CRUD, the secret only on create and rotate, the SSRF rule at save and at
// delivery (a loopback tripwire receives nothing), the delivery log and redelivery, tenant isolation.
import { describe, expect, it } from 'vitest'
import { recordDomainEvent } from '../../src/modules/events/record-domain-event.js'
import { WEBHOOK_ENDPOINTS_MAX } from '../../src/modules/webhooks/webhook-constants.js'
import { isPublicAddress } from '../../src/modules/webhooks/webhook-url-policy.js'
import { ERROR_CODES } from '../../src/platform/errors.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, type TestAccount } from '../support/factories.js'
import { errorPaths, expectProblem } from '../support/http.js'
import type { TestApp } from '../support/test-app.js'
import { startReceiver } from './receiver.js'

function api(env: TestApp, account: TestAccount) {
  return {
    get: (url: string) => env.app.inject({ method: 'GET', url, headers: account.auth }),
    post: (url: string, payload?: unknown) => env.app.inject({ method: 'POST', url, headers: account.auth, ...(payload === undefined ? {} : { payload: payload as object }) }),
    patch: (url: string, payload: unknown) => env.app.inject({ method: 'PATCH', url, headers: account.auth, payload: payload as object }),
    delete: (url: string) => env.app.inject({ method: 'DELETE', url, headers: account.auth }),
  }
}

const PUBLIC_URL = 'https://93.184.216.34/hooks/vendoc'

describeEachDialect('webhooks API (private URLs refused)', (env) => {
  it('creates, lists, reads, updates, rotates and deletes; the secret appears only on create and rotate', async () => {
    const account = await makeAccount(env)
    const client = api(env, account)
    const created = await client.post('/api/v1/webhooks', { url: PUBLIC_URL, events: ['proposal.signed', 'proposal.sent'], description: 'CRM' })
    expect(created.statusCode, created.body).toBe(201)
    const body = created.json()
    expect(body).toMatchObject({ url: PUBLIC_URL, events: ['proposal.sent', 'proposal.signed'], description: 'CRM', active: true, failing_since: null })
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/)
    expect(created.headers.location).toBe(`http://vendoc.test/api/v1/webhooks/${body.id}`)

    const listed = await client.get('/api/v1/webhooks')
    expect(listed.statusCode).toBe(200)
    expect(listed.json().data).toHaveLength(1)
    expect(listed.body).not.toContain(body.secret)
    const read = await client.get(`/api/v1/webhooks/${body.id}`)
    expect(read.json()).not.toHaveProperty('secret')

    const patched = await client.patch(`/api/v1/webhooks/${body.id}`, { active: false, events: ['signer.signed'], description: null })
    expect(patched.statusCode, patched.body).toBe(200)
    expect(patched.json()).toMatchObject({ active: false, events: ['signer.signed'], description: null, url: PUBLIC_URL })
    expect(patched.body).not.toContain(body.secret)

    const rotated = await client.post(`/api/v1/webhooks/${body.id}/rotate-secret`)
    expect(rotated.statusCode, rotated.body).toBe(200)
    expect(rotated.json().secret).toMatch(/^whsec_/)
    expect(rotated.json().secret).not.toBe(body.secret)
    const stored = await env.db.selectFrom('webhook_endpoints').select('secret').where('id', '=', body.id).executeTakeFirstOrThrow()
    expect(stored.secret).toBe(rotated.json().secret)

    const deleted = await client.delete(`/api/v1/webhooks/${body.id}`)
    expect(deleted.statusCode).toBe(204)
    expectProblem(await client.get(`/api/v1/webhooks/${body.id}`), 404, 'webhook_not_found')
  })

  it(`keeps an account to ${WEBHOOK_ENDPOINTS_MAX} endpoints, even when they are asked for at once, and frees a place on delete`, async () => {
    const account = await makeAccount(env)
    const client = api(env, account)
    const other = api(env, await makeAccount(env))
    // All at once: the count is taken under the account's lock, so the last place goes once.
    const answers = await Promise.all(Array.from({ length: WEBHOOK_ENDPOINTS_MAX + 3 }, (_, index) => client.post('/api/v1/webhooks', { url: `${PUBLIC_URL}/${index}`, events: ['proposal.sent'] })))
    expect(answers.filter((answer) => answer.statusCode === 201)).toHaveLength(WEBHOOK_ENDPOINTS_MAX)
    for (const refused of answers.filter((answer) => answer.statusCode !== 201)) {
      expect(expectProblem(refused, 422, 'webhook_limit_reached').detail).toContain(String(WEBHOOK_ENDPOINTS_MAX))
    }
    expect((await client.get('/api/v1/webhooks')).json().data).toHaveLength(WEBHOOK_ENDPOINTS_MAX)
    // Another account is not counted against this one.
    expect((await other.post('/api/v1/webhooks', { url: PUBLIC_URL, events: ['proposal.sent'] })).statusCode).toBe(201)
    const first = answers.find((answer) => answer.statusCode === 201)!.json<{ id: number }>()
    expect((await client.delete(`/api/v1/webhooks/${first.id}`)).statusCode).toBe(204)
    expect((await client.post('/api/v1/webhooks', { url: PUBLIC_URL, events: ['proposal.sent'] })).statusCode).toBe(201)
    expect(ERROR_CODES.webhook_limit_reached.doc).toContain(`(${WEBHOOK_ENDPOINTS_MAX})`)
  })

  it('validates bodies strictly, naming each field', async () => {
    const account = await makeAccount(env)
    const client = api(env, account)
    const bad = expectProblem(await client.post('/api/v1/webhooks', { url: 'ftp://x.example', events: ['proposal.nope'], extra: 1 }), 422, 'validation_failed')
    expect(errorPaths(bad)).toEqual(expect.arrayContaining(['/events/0']))
    expectProblem(await client.post('/api/v1/webhooks', { url: PUBLIC_URL, events: [] }), 422, 'validation_failed')
    const scheme = expectProblem(await client.post('/api/v1/webhooks', { url: 'ftp://93.184.216.34/x', events: ['proposal.sent'] }), 422, 'validation_failed')
    expect(errorPaths(scheme)).toEqual(['/url'])
    // One answer names every field at fault: the URL's form is checked with the other fields.
    const both = expectProblem(await client.post('/api/v1/webhooks', { url: 'ftp://x', events: ['proposal.sent'], description: 'a'.repeat(250) }), 422, 'validation_failed')
    expect(errorPaths(both).sort()).toEqual(['/description', '/url'])
    const patched = expectProblem(await client.patch('/api/v1/webhooks/1', { url: 'https://user:pw@93.184.216.34/x', description: 'a'.repeat(250) }), 422, 'validation_failed')
    expect(errorPaths(patched).sort()).toEqual(['/description', '/url'])
    expectProblem(await client.patch('/api/v1/webhooks/1', {}), 422, 'validation_failed')
  })

  it('refuses loopback, private, link-local and disguised addresses at save time; a loopback tripwire receives nothing', async () => {
    const account = await makeAccount(env)
    const client = api(env, account)
    const tripwire = await startReceiver()
    try {
      const port = new URL(tripwire.url).port
      for (const url of [
        tripwire.url,
        'http://10.0.0.1/x',
        'http://169.254.169.254/latest/meta-data',
        `http://[::1]:${port}/hooks`,
        `http://2130706433:${port}/hooks`,
        `http://0x7f000001:${port}/hooks`,
        `http://0177.0.0.1:${port}/hooks`,
        `http://localhost:${port}/hooks`,
        'http://[::ffff:127.0.0.1]/x',
        'http://192.168.1.10/x',
        'http://172.16.0.1/x',
        'http://100.64.0.1/x',
        'http://0.0.0.0/x',
        'http://[fd00::1]/x',
        'http://[fe80::1]/x',
      ]) {
        const problem = expectProblem(await client.post('/api/v1/webhooks', { url, events: ['proposal.sent'] }), 422, 'webhook_url_not_allowed')
        expect(errorPaths(problem), url).toEqual(['/url'])
      }
      // Changing a saved endpoint to a private URL is refused the same way.
      const ok = await client.post('/api/v1/webhooks', { url: PUBLIC_URL, events: ['proposal.sent'] })
      expectProblem(await client.patch(`/api/v1/webhooks/${ok.json().id}`, { url: tripwire.url }), 422, 'webhook_url_not_allowed')

      // An endpoint whose address became private after it was saved (DNS changed): delivery refuses too.
      const now = new Date().toISOString()
      const row = await env.db
        .insertInto('webhook_endpoints')
        .values({ account_id: account.id, url: `http://localhost:${port}/hooks`, description: null, events_json: '["proposal.sent"]', secret: 'whsec_x', active: true, failing_since: null, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow()
      const eventId = await env.db.transaction().execute((trx) => recordDomainEvent(trx, env.clock, { accountId: account.id, type: 'proposal.sent', proposalId: 1, data: {} }))
      await env.app.jobs.runDueJobs()
      const delivery = await env.db.selectFrom('webhook_deliveries').selectAll().where('event_id', '=', eventId).where('endpoint_id', '=', Number(row.id)).executeTakeFirstOrThrow()
      expect(delivery).toMatchObject({ state: 'pending', attempts: 1, response_status: null })
      expect(delivery.error).toMatch(/URL not allowed/)
      expect(tripwire.requests).toHaveLength(0)
    } finally {
      await tripwire.close()
    }
  })

  it('lists deliveries with a state filter and redelivers; another account sees 404 like a missing id', async () => {
    const account = await makeAccount(env)
    const client = api(env, account)
    const created = (await client.post('/api/v1/webhooks', { url: PUBLIC_URL, events: ['proposal.created'] })).json()
    const eventId = await env.db.transaction().execute((trx) => recordDomainEvent(trx, env.clock, { accountId: account.id, type: 'proposal.created', proposalId: 7, data: { proposal: { id: 7 } } }))
    const list = await client.get(`/api/v1/webhooks/${created.id}/deliveries?state=pending`)
    expect(list.statusCode, list.body).toBe(200)
    expect(list.json().meta).toEqual({ page: 1, per_page: 50, total: 1, total_pages: 1 })
    const [item] = list.json().data
    expect(item).toMatchObject({ event_id: eventId, event_type: 'proposal.created', state: 'pending', attempts: 0 })
    expect(JSON.parse(item.request_body).id).toBe(eventId)
    expect((await client.get(`/api/v1/webhooks/${created.id}/deliveries?state=succeeded`)).json().data).toHaveLength(0)
    expectProblem(await client.get(`/api/v1/webhooks/${created.id}/deliveries?state=bogus`), 422, 'validation_failed')

    const jobs = async () => (await env.db.selectFrom('jobs').select('id').where('account_id', '=', account.id).execute()).length
    const jobsBefore = await jobs()
    // Still pending: it has its job already, so a redelivery adds no second series.
    const whilePending = await client.post(`/api/v1/webhooks/${created.id}/deliveries/${item.id}/redeliver`)
    expect(whilePending.statusCode, whilePending.body).toBe(202)
    expect(whilePending.json()).toMatchObject({ id: item.id, state: 'pending', event_id: eventId })
    expect(await jobs()).toBe(jobsBefore)
    // Settled (failed after its attempts): back to pending with a new job.
    await env.db.updateTable('webhook_deliveries').set({ state: 'failed' }).where('id', '=', item.id).execute()
    const redelivered = await client.post(`/api/v1/webhooks/${created.id}/deliveries/${item.id}/redeliver`)
    expect(redelivered.statusCode, redelivered.body).toBe(202)
    expect(redelivered.json()).toMatchObject({ id: item.id, state: 'pending', event_id: eventId })
    expect(await jobs()).toBe(jobsBefore + 1)
    expectProblem(await client.post(`/api/v1/webhooks/${created.id}/deliveries/999999/redeliver`), 404, 'webhook_delivery_not_found')
    expectProblem(await client.post(`/api/v1/webhooks/${created.id}/deliveries/abc/redeliver`), 404, 'webhook_delivery_not_found')

    const intruder = api(env, await makeAccount(env))
    const foreign = expectProblem(await intruder.get(`/api/v1/webhooks/${created.id}`), 404, 'webhook_not_found')
    const missing = expectProblem(await intruder.get('/api/v1/webhooks/99999999'), 404, 'webhook_not_found')
    expect(foreign.detail).toBe(missing.detail)
    expectProblem(await intruder.patch(`/api/v1/webhooks/${created.id}`, { active: false }), 404, 'webhook_not_found')
    expectProblem(await intruder.delete(`/api/v1/webhooks/${created.id}`), 404, 'webhook_not_found')
    expectProblem(await intruder.post(`/api/v1/webhooks/${created.id}/rotate-secret`), 404, 'webhook_not_found')
    expectProblem(await intruder.get(`/api/v1/webhooks/${created.id}/deliveries`), 404, 'webhook_not_found')
    expectProblem(await intruder.post(`/api/v1/webhooks/${created.id}/deliveries/${item.id}/redeliver`), 404, 'webhook_not_found')
    expectProblem(await intruder.get('/api/v1/webhooks/abc'), 404, 'webhook_not_found')
    expect((await intruder.get('/api/v1/webhooks')).json().data).toEqual([])
    expect((await client.get(`/api/v1/webhooks/${created.id}`)).json().active).toBe(true)
  })
})

describe('isPublicAddress', () => {
  it('accepts only public unicast addresses', () => {
    for (const address of ['8.8.8.8', '93.184.216.34', '2001:4860:4860::8888']) expect(isPublicAddress(address), address).toBe(true)
    for (const address of ['127.0.0.1', '10.1.2.3', '172.31.0.1', '192.168.0.1', '100.64.0.1', '169.254.169.254', '0.0.0.0', '0.1.2.3', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fc00::1', 'fd12::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'not-an-ip']) {
      expect(isPublicAddress(address), address).toBe(false)
    }
  })
})
