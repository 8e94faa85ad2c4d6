// SSRF through webhook URLs (OWASP API7), beyond the literal addresses of
// test/webhooks/webhooks-api.test.ts: IPv6 spellings and embeddings, short/decimal/octal/hex IPv4,
// host names that resolve to non-public addresses (this machine's /etc/hosts, and injected DNS
// answers, including a rebinding one that is public when checked and loopback when connected),
// and redirects. A dual-stack loopback tripwire listens wherever a refused URL would land and must
// receive nothing — not one TCP connection. The same rule holds on every path into a delivery:
// the API (create, update, redeliver), the web form (create, update, redeliver) and the job.
import type { LookupAddress } from 'node:dns'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordDomainEvent } from '../../src/modules/events/record-domain-event.js'
import { postWebhook, type WebhookRequest } from '../../src/modules/webhooks/post-webhook.js'
import { checkWebhookUrl, type HostResolver } from '../../src/modules/webhooks/webhook-url-policy.js'
import { describeEachDialect } from '../support/dialects.js'
import { expectProblem } from '../support/http.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'
import { csrfTokenIn } from '../support/web-agent.js'
import { signedInUser, type SignedInUser } from '../support/web-login.js'
import { disguisedHosts, hostsFileNames } from './support/ssrf-addresses.js'
import { startRedirector, startTripwire, type Listener } from './support/ssrf-tripwire.js'

const PUBLIC_HOOK = 'https://93.184.216.34/hooks/vendoc'
const NON_PUBLIC_ANSWERS = ['127.0.0.1', '127.8.9.10', '::1', '10.0.0.1', '172.16.0.1', '192.168.1.1', '100.64.0.1', '169.254.169.254', '0.0.0.0', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'fe80::1', 'fc00::1', 'fd00:ec2::254', '::', 'ff02::1', '224.0.0.1']
const REDIRECT_STATUSES = [301, 302, 303, 307, 308]

function answer(...addresses: string[]): LookupAddress[] {
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
}

/** A DNS that knows one name; counts the questions. */
function fakeDns(name: string, answers: (call: number) => LookupAddress[]): HostResolver & { calls: number } {
  const resolver = Object.assign(
    async (host: string) => {
      if (host !== name) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' })
      resolver.calls += 1
      return answers(resolver.calls)
    },
    { calls: 0 },
  )
  return resolver
}

function attempt(url: string, options: Partial<WebhookRequest> = {}) {
  return postWebhook({ url, secret: 'whsec_test', body: '{"id":"evt_1"}', eventId: 'evt_1', eventType: 'proposal.sent', now: new Date(), allowPrivate: false, timeoutMs: 3000, ...options })
}

describe('webhook URL policy against disguised and resolved addresses', () => {
  let tripwire: Listener
  beforeAll(async () => {
    tripwire = await startTripwire()
  })
  afterAll(async () => {
    await tripwire.close()
  })

  it('refuses every disguised non-public address at the check and at delivery; the tripwire gets no connection', async () => {
    const hosts = disguisedHosts(tripwire.port)
    for (const host of hosts) {
      for (const scheme of ['http', 'https']) {
        const check = await checkWebhookUrl(`${scheme}://${host}/hooks`, { allowPrivate: false })
        expect(check, `${scheme}://${host}`).toMatchObject({ ok: false, kind: 'address' })
      }
      const outcome = await attempt(`http://${host}/hooks`)
      expect(outcome, host).toMatchObject({ ok: false, status: null })
      expect(outcome.error, host).toMatch(/^URL not allowed/)
    }
    expect(tripwire.connections).toBe(0)
    console.info(`[ssrf] ${hosts.length} disguised hosts × (2 checks + 1 delivery) refused; tripwire connections: ${tripwire.connections}`)
  })

  it('refuses names of this machine’s /etc/hosts that point at loopback', async () => {
    const names = [...new Set(['localhost', 'LOCALHOST', ...hostsFileNames()])]
    for (const name of names) {
      expect(await checkWebhookUrl(`https://${name}/hooks`, { allowPrivate: false }), name).toMatchObject({ ok: false, kind: 'address' })
      const outcome = await attempt(`http://${name}:${tripwire.port}/hooks`)
      expect(outcome.error, name).toMatch(/^URL not allowed: host name "[^"]+" (resolves to a private|does not resolve)/)
    }
    expect(tripwire.connections).toBe(0)
    console.info(`[ssrf] /etc/hosts names refused: ${names.join(', ')}`)
  })

  it('refuses a name whose DNS answer holds any non-public address, alone or among public ones', async () => {
    for (const address of NON_PUBLIC_ANSWERS) {
      for (const answers of [answer(address), answer('93.184.216.34', address), answer('2606:2800:220:1::1', address)]) {
        const dns = fakeDns('hooks.cliente.example', () => answers)
        const check = await checkWebhookUrl('https://hooks.cliente.example/x', { allowPrivate: false, resolve: dns })
        expect(check, JSON.stringify(answers)).toMatchObject({ ok: false, kind: 'address' })
        expect(dns.calls).toBe(1)
      }
    }
    expect(await checkWebhookUrl('https://hooks.cliente.example/x', { allowPrivate: false, resolve: fakeDns('hooks.cliente.example', () => []) })).toMatchObject({ ok: false })
    expect(await checkWebhookUrl('https://nowhere.example/x', { allowPrivate: false, resolve: fakeDns('hooks.cliente.example', () => answer('93.184.216.34')) })).toMatchObject({ ok: false })
    // The control: an all-public answer passes.
    expect(await checkWebhookUrl('https://hooks.cliente.example/x', { allowPrivate: false, resolve: fakeDns('hooks.cliente.example', () => answer('93.184.216.34', '2606:2800:220:1::1')) })).toMatchObject({ ok: true })
  })

  it('refuses at connection time a name that was public when checked and turns to loopback (DNS rebinding)', async () => {
    const rebinding = fakeDns('rebind.example', (call) => (call === 1 ? answer('93.184.216.34') : answer('127.0.0.1')))
    const outcome = await attempt(`http://rebind.example:${tripwire.port}/hooks`, { resolve: rebinding })
    expect(rebinding.calls).toBe(2)
    expect(outcome).toMatchObject({ ok: false, status: null })
    expect(outcome.error).toMatch(/resolves to a private, loopback or link-local address/)
    expect(tripwire.connections).toBe(0)

    // The control: the injected DNS is what the connection uses — with private URLs allowed, the same name reaches the tripwire.
    const loopback = fakeDns('rebind.example', () => answer('127.0.0.1'))
    const allowed = await attempt(`http://rebind.example:${tripwire.port}/hooks`, { resolve: loopback, allowPrivate: true })
    expect(allowed).toMatchObject({ ok: true, status: 200 })
    expect(tripwire.requests).toEqual(['POST /hooks'])
    tripwire.requests.length = 0
    tripwire.connections = 0
  })

  it('never follows a redirect, whatever the status, even with private URLs allowed', async () => {
    for (const status of REDIRECT_STATUSES) {
      for (const location of [`http://127.0.0.1:${tripwire.port}/hooks`, `http://[::1]:${tripwire.port}/hooks`, `http://localhost:${tripwire.port}/hooks`]) {
        const redirector = await startRedirector(status, location)
        try {
          const outcome = await attempt(`http://127.0.0.1:${redirector.port}/hooks`, { allowPrivate: true })
          expect(outcome, `${status} → ${location}`).toMatchObject({ ok: false, status })
          expect(outcome.error).toBe(`HTTP ${status} (redirects are not followed)`)
          expect(redirector.requests).toEqual(['POST /hooks'])
        } finally {
          await redirector.close()
        }
      }
    }
    expect(tripwire.connections).toBe(0)
  })
})

async function recordEvent(env: TestApp, accountId: number): Promise<string> {
  return env.db.transaction().execute((trx) => recordDomainEvent(trx, env.clock, { accountId, type: 'proposal.sent', proposalId: 1, data: {} }))
}

async function deliveriesOf(env: TestApp, endpointId: number) {
  return env.db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId).orderBy('id').execute()
}

/** Settles the endpoint's deliveries as failed (as after their last attempt), so they can be redelivered. */
async function settleAsFailed(env: TestApp, endpointId: number) {
  await env.db.updateTable('webhook_deliveries').set({ state: 'failed', next_attempt_at: null }).where('endpoint_id', '=', endpointId).execute()
}

/** Redelivers every delivery of the endpoint through the API, then through the web page's form, running the jobs after each. */
async function redeliverBothWays(env: TestApp, admin: SignedInUser, endpointId: number) {
  for (const delivery of await deliveriesOf(env, endpointId)) {
    await settleAsFailed(env, endpointId)
    const viaApi = await env.app.inject({ method: 'POST', url: `/api/v1/webhooks/${endpointId}/deliveries/${delivery.id}/redeliver`, headers: admin.account.auth })
    expect(viaApi.statusCode, viaApi.body).toBe(202)
    await env.app.jobs.runDueJobs()
    await settleAsFailed(env, endpointId)
    const page = await admin.agent.get(`/settings/webhooks/${endpointId}/deliveries/${delivery.id}`)
    expect(page.statusCode).toBe(200)
    const viaWeb = await admin.agent.post(`/settings/webhooks/${endpointId}/deliveries/${delivery.id}/redeliver`, { _csrf: csrfTokenIn(page.body) })
    expect(viaWeb.statusCode, viaWeb.body).toBe(303)
    await env.app.jobs.runDueJobs()
  }
}

describeEachDialect('SSRF through every webhook path (private URLs refused)', (env) => {
  let tripwire: Listener
  beforeAll(async () => {
    tripwire = await startTripwire()
  })
  afterAll(async () => {
    await tripwire?.close()
  })

  it('refuses disguised and resolved non-public URLs in the API (create, update) and the web form (create, update)', async () => {
    const admin = await signedInUser(env)
    const urls = [...disguisedHosts(tripwire.port), 'localhost', ...hostsFileNames()].map((host) => `http://${host}/hooks`)
    const existing = await env.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: admin.account.auth, payload: { url: PUBLIC_HOOK, events: ['proposal.sent'] } })
    expect(existing.statusCode, existing.body).toBe(201)
    const id = existing.json<{ id: number }>().id
    const form = csrfTokenIn((await admin.agent.get('/settings/webhooks/new')).body)
    for (const url of urls) {
      expectProblem(await env.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: admin.account.auth, payload: { url, events: ['proposal.sent'] } }), 422, 'webhook_url_not_allowed')
      expectProblem(await env.app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${id}`, headers: admin.account.auth, payload: { url } }), 422, 'webhook_url_not_allowed')
      const created = await admin.agent.post('/settings/webhooks', { _csrf: form, url, events: 'proposal.sent', active: '1' })
      expect(created.statusCode, url).toBe(422)
      expect(created.body).toContain('webhooks só chamam endereços públicos')
      const updated = await admin.agent.post(`/settings/webhooks/${id}`, { _csrf: form, url, events: 'proposal.sent', active: '1' })
      expect(updated.statusCode, url).toBe(422)
    }
    const rows = await env.db.selectFrom('webhook_endpoints').select(['id', 'url']).where('account_id', '=', admin.account.id).execute()
    expect(rows).toEqual([{ id, url: PUBLIC_HOOK }])
    expect(tripwire.connections).toBe(0)
    console.info(`[ssrf ${env.dialect}] ${urls.length} URLs × 4 paths (API create/update, web create/update) = ${urls.length * 4} refusals`)
  })

  it('refuses at delivery, on the first attempt and on API and web redeliveries, an endpoint whose saved URL turned non-public', async () => {
    const admin = await signedInUser(env)
    const now = new Date().toISOString()
    const endpointIds: number[] = []
    // Rows written directly: as if the name resolved to a public address when saved and moved since.
    for (const host of ['localhost', `127.1`, '[::1]', '[::ffff:127.0.0.1]', '0x7f.1', '017700000001', ...hostsFileNames()]) {
      const row = await env.db
        .insertInto('webhook_endpoints')
        .values({ account_id: admin.account.id, url: `http://${host}:${tripwire.port}/hooks`, description: null, events_json: '["proposal.sent"]', secret: 'whsec_x', active: true, failing_since: null, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow()
      endpointIds.push(Number(row.id))
    }
    await recordEvent(env, admin.account.id)
    await env.app.jobs.runDueJobs()
    for (const id of endpointIds) await redeliverBothWays(env, admin, id)
    for (const id of endpointIds) {
      const [delivery] = await deliveriesOf(env, id)
      expect(delivery, `endpoint ${id}`).toMatchObject({ attempts: 3, response_status: null, delivered_at: null })
      expect(delivery!.error).toMatch(/^URL not allowed/)
    }
    expect(tripwire.connections).toBe(0)
    console.info(`[ssrf ${env.dialect}] ${endpointIds.length} endpoints × 3 delivery attempts (job, API redeliver, web redeliver) refused; tripwire connections: 0`)
  })
})

// Redirects are handled by postWebhook, whatever the database: one dialect is enough here.
describe('SSRF through redirects (private URLs allowed, so the first hop is reachable) [sqlite]', () => {
  let env: TestApp
  beforeAll(async () => {
    env = await buildTestApp('sqlite', { env: { WEBHOOK_ALLOW_PRIVATE_URLS: 'on' } })
  })
  afterAll(async () => {
    await env?.close()
  })
  it('records a 3xx as a failed attempt and never calls the Location, on the first attempt and on redeliveries', async () => {
    const tripwire = await startTripwire()
    const redirectors: Listener[] = []
    try {
      const admin = await signedInUser(env)
      const endpoints: Array<{ id: number; status: number; redirector: Listener }> = []
      for (const status of REDIRECT_STATUSES) {
        const redirector = await startRedirector(status, `http://127.0.0.1:${tripwire.port}/hooks`)
        redirectors.push(redirector)
        const created = await env.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: admin.account.auth, payload: { url: `http://127.0.0.1:${redirector.port}/hooks`, events: ['proposal.sent'] } })
        expect(created.statusCode, created.body).toBe(201)
        endpoints.push({ id: created.json<{ id: number }>().id, status, redirector })
      }
      await recordEvent(env, admin.account.id)
      await env.app.jobs.runDueJobs()
      for (const endpoint of endpoints) await redeliverBothWays(env, admin, endpoint.id)
      for (const endpoint of endpoints) {
        const [delivery] = await deliveriesOf(env, endpoint.id)
        expect(delivery, `${endpoint.status}`).toMatchObject({ attempts: 3, response_status: endpoint.status, delivered_at: null, error: `HTTP ${endpoint.status} (redirects are not followed)` })
        expect(endpoint.redirector.requests).toEqual(['POST /hooks', 'POST /hooks', 'POST /hooks'])
      }
      expect(tripwire.connections).toBe(0)
    } finally {
      await tripwire.close()
      for (const redirector of redirectors) await redirector.close()
    }
  })
})
