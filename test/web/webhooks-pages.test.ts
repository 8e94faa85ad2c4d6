// Configurações → Webhooks through app.inject on both databases: admin only, create with the secret
// shown once, SSRF refusal in the form, escaping, deliveries list/detail and "Reenviar", tenant isolation,
// and an endpoint's pause shown while it lasts.
import { expect, it } from 'vitest'
import { recordDomainEvent } from '../../src/modules/events/record-domain-event.js'
import { describeEachDialect } from '../support/dialects.js'
import { signedInUser } from '../support/web-login.js'

const SECRET_IN_PAGE = /whsec_[A-Za-z0-9_-]{32}/g

describeEachDialect('Configurações → Webhooks pages', (env) => {
  it('is admin only', async () => {
    const { agent } = await signedInUser(env, { role: 'member' })
    expect((await agent.get('/settings/webhooks')).statusCode).toBe(403)
    expect((await agent.get('/settings/webhooks/new')).statusCode).toBe(403)
  })

  it('creates an endpoint showing the secret once, refuses private URLs, escapes text, and redelivers', async () => {
    const { agent, account } = await signedInUser(env, { role: 'admin' })
    const refused = await agent.submit('/settings/webhooks/new', '/settings/webhooks', { url: 'http://127.0.0.1:9/x', events: 'proposal.sent', description: 'x', active: '1' })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('endereço privado')
    expect(refused.body).toContain('value="http://127.0.0.1:9/x"')

    const created = await agent.submit('/settings/webhooks/new', '/settings/webhooks', { url: 'https://93.184.216.34/hook', events: 'proposal.signed', description: '<script>alert(1)</script>', active: '1' })
    expect(created.statusCode).toBe(200)
    const secrets = created.body.match(SECRET_IN_PAGE) ?? []
    expect(secrets.length).toBe(1)
    expect(created.body).not.toContain('<script>alert(1)</script>')
    expect(created.body).toContain('&lt;script>alert(1)&lt;/script>')
    const row = await env.db.selectFrom('webhook_endpoints').selectAll().where('account_id', '=', account.id).executeTakeFirstOrThrow()
    expect(row.secret).toBe(secrets[0])
    expect(JSON.parse(row.events_json)).toEqual(['proposal.signed'])

    const list = await agent.get('/settings/webhooks')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('https://93.184.216.34/hook')
    expect(list.body).not.toMatch(SECRET_IN_PAGE)
    const edit = await agent.get(`/settings/webhooks/${row.id}`)
    expect(edit.statusCode).toBe(200)
    expect(edit.body).not.toMatch(SECRET_IN_PAGE)

    const rotated = await agent.submit(`/settings/webhooks/${row.id}`, `/settings/webhooks/${row.id}/rotate-secret`, {})
    expect(rotated.statusCode).toBe(200)
    const newSecret = (rotated.body.match(SECRET_IN_PAGE) ?? [])[0]
    expect(newSecret).toBeDefined()
    expect(newSecret).not.toBe(row.secret)

    const eventId = await env.db.transaction().execute((trx) => recordDomainEvent(trx, env.clock, { accountId: account.id, type: 'proposal.signed', proposalId: 1, data: { note: '<b>x</b>' } }))
    const delivery = await env.db.selectFrom('webhook_deliveries').selectAll().where('event_id', '=', eventId).executeTakeFirstOrThrow()
    const withDeliveries = await agent.get(`/settings/webhooks/${row.id}`)
    expect(withDeliveries.body).toContain(`/settings/webhooks/${row.id}/deliveries/${delivery.id}`)
    // The page says how long settled deliveries stay (WEBHOOK_DELIVERY_RETENTION_DAYS, default 90).
    expect(withDeliveries.body).toContain('são apagadas 90 dias após o evento e a última tentativa')
    const detail = await agent.get(`/settings/webhooks/${row.id}/deliveries/${delivery.id}`)
    expect(detail.statusCode).toBe(200)
    expect(detail.body).toContain(eventId)
    expect(detail.body).toContain('&lt;b>x&lt;/b>')
    expect(detail.body).toContain('Reenviar')
    const jobsBefore = (await env.db.selectFrom('jobs').select('id').where('account_id', '=', account.id).execute()).length
    // A settled delivery (failed after its attempts) can be sent again.
    await env.db.updateTable('webhook_deliveries').set({ state: 'failed' }).where('id', '=', delivery.id).execute()
    const redelivered = await agent.submit(`/settings/webhooks/${row.id}/deliveries/${delivery.id}`, `/settings/webhooks/${row.id}/deliveries/${delivery.id}/redeliver`, {})
    expect(redelivered.statusCode).toBe(303)
    expect((await env.db.selectFrom('jobs').select('id').where('account_id', '=', account.id).execute()).length).toBe(jobsBefore + 1)

    const saved = await agent.submit(`/settings/webhooks/${row.id}`, `/settings/webhooks/${row.id}`, { url: 'https://93.184.216.34/other', events: 'signer.signed', description: '' })
    expect(saved.statusCode).toBe(303)
    expect(await env.db.selectFrom('webhook_endpoints').select(['url', 'active']).where('id', '=', row.id).executeTakeFirstOrThrow()).toEqual({ url: 'https://93.184.216.34/other', active: env.dialect === 'postgres' ? false : 0 })

    // Another account's admin sees the 404 page for this endpoint and its deliveries.
    const intruder = await signedInUser(env, { role: 'admin' })
    const missing = await intruder.agent.get('/settings/webhooks/99999999')
    expect(missing.statusCode).toBe(404)
    expect((await intruder.agent.get(`/settings/webhooks/${row.id}`)).statusCode).toBe(404)
    expect((await intruder.agent.get(`/settings/webhooks/${row.id}/deliveries/${delivery.id}`)).statusCode).toBe(404)
    const post = await intruder.agent.submit('/settings/webhooks', `/settings/webhooks/${row.id}/delete`, {})
    expect(post.statusCode).toBe(404)
    expect(await env.db.selectFrom('webhook_endpoints').select('id').where('id', '=', row.id).executeTakeFirst()).toBeDefined()

    const deleted = await agent.submit(`/settings/webhooks/${row.id}`, `/settings/webhooks/${row.id}/delete`, {})
    expect(deleted.statusCode).toBe(303)
    expect(await env.db.selectFrom('webhook_endpoints').select('id').where('id', '=', row.id).executeTakeFirst()).toBeUndefined()
  })

  it('shows a paused endpoint as paused, with its run of failures, while the pause lasts', async () => {
    const { agent, account } = await signedInUser(env, { role: 'admin' })
    const created = await agent.submit('/settings/webhooks/new', '/settings/webhooks', { url: 'https://93.184.216.34/paused', events: 'proposal.sent', description: '', active: '1' })
    expect(created.statusCode).toBe(200)
    const row = await env.db.selectFrom('webhook_endpoints').select('id').where('account_id', '=', account.id).executeTakeFirstOrThrow()
    // Paused five minutes from now, as the queue leaves an endpoint after failed attempts.
    const pause = (until: Date) => env.db.updateTable('webhook_endpoints').set({ consecutive_failures: 6, paused_until: until.toISOString() }).where('id', '=', row.id).execute()
    const badge = /Pausado até \d{2}\/\d{2}\/\d{4},? \d{2}:\d{2} \(6 falhas seguidas\)/
    await pause(new Date(env.clock.now().getTime() + 5 * 60_000))
    expect((await agent.get('/settings/webhooks')).body).toMatch(badge)
    expect((await agent.get(`/settings/webhooks/${row.id}`)).body).toMatch(badge)
    // Over: the next due delivery is sent, and the page says so no more.
    await pause(new Date(env.clock.now().getTime() - 1000))
    const after = await agent.get('/settings/webhooks')
    expect(after.body).not.toContain('Pausado até')
    expect(after.body).toContain('Em dia')
  })
})
