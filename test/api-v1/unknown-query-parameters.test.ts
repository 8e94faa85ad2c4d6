// Routes without query parameters refuse any (422 on the query, nothing done), like the routes
// that have some: a parameter the server does not know, such as `?dry_run=true`, must not be
// silently ignored on a request that writes. POST /proposals: create-proposal.test.ts.
import { expect, it } from 'vitest'
import { recordDomainEvent } from '../../src/modules/events/record-domain-event.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount } from '../support/factories.js'
import { expectProblem } from '../support/http.js'

const WEBHOOK_URL = 'https://93.184.216.34/hooks/vendoc'

describeEachDialect('unknown query parameters on the webhook writes', (env) => {
  it('POST /webhooks, PATCH, rotate-secret and redeliver → 422 naming the parameter, and nothing changes', async () => {
    const account = await makeAccount(env)
    const request = (method: 'POST' | 'PATCH', url: string, payload?: object) => env.app.inject({ method, url, headers: account.auth, ...(payload === undefined ? {} : { payload }) })
    const created = await request('POST', '/api/v1/webhooks', { url: WEBHOOK_URL, events: ['proposal.created'] })
    expect(created.statusCode, created.body).toBe(201)
    const { id, secret } = created.json()
    await env.db.transaction().execute((trx) => recordDomainEvent(trx, env.clock, { accountId: account.id, type: 'proposal.created', proposalId: 7, data: { proposal: { id: 7 } } }))
    const delivery = await env.db.selectFrom('webhook_deliveries').select(['id', 'state']).where('endpoint_id', '=', id).executeTakeFirstOrThrow()
    await env.db.updateTable('webhook_deliveries').set({ state: 'failed' }).where('id', '=', delivery.id).execute()

    const writes = [
      ['POST', '/api/v1/webhooks?dry_run=true', { url: WEBHOOK_URL, events: ['proposal.sent'] }],
      ['PATCH', `/api/v1/webhooks/${id}?dry_run=true`, { active: false }],
      ['POST', `/api/v1/webhooks/${id}/rotate-secret?dry_run=true`, undefined],
      ['POST', `/api/v1/webhooks/${id}/deliveries/${delivery.id}/redeliver?dry_run=true`, undefined],
    ] as const
    const answers = []
    for (const [method, url, payload] of writes) answers.push({ route: `${method} ${url}`, response: await request(method, url, payload) })
    // Every route's status at once, so a single one that acts is named.
    expect(answers.map(({ route, response }) => [route, response.statusCode])).toEqual(writes.map(([method, url]) => [`${method} ${url}`, 422]))
    for (const { response } of answers) {
      expect(expectProblem(response, 422, 'validation_failed').errors).toEqual([{ in: 'query', path: '/dry_run', message: 'is not a known field' }])
    }

    const endpoints = await env.db.selectFrom('webhook_endpoints').select(['id', 'active', 'secret']).where('account_id', '=', account.id).execute()
    expect(endpoints).toEqual([{ id, active: expect.anything(), secret }])
    expect(Boolean(endpoints[0]!.active)).toBe(true)
    const after = await env.db.selectFrom('webhook_deliveries').select('state').where('id', '=', delivery.id).executeTakeFirstOrThrow()
    expect(after.state).toBe('failed')
  })
})
