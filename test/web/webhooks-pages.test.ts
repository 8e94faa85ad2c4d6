// Configurações → Webhooks through app.inject on both databases: admin only, create with the secret
// shown once, SSRF refusal in the form, escaping, deliveries list/detail and "Reenviar", tenant isolation,
// an endpoint's pause shown while it lasts and a run of failures before it, "Gerar novo segredo" and
// "Excluir webhook" behind a confirmation, event types in words, the delivery log's errors in
// Portuguese, and every field at fault named in one answer.
import { Parser } from 'htmlparser2'
import { expect, it } from 'vitest'
import { DOMAIN_EVENT_TYPES } from '../../src/modules/events/event-types.js'
import { recordDomainEvent } from '../../src/modules/events/record-domain-event.js'
import { notSentWhilePausedError } from '../../src/modules/webhooks/delivery-errors.js'
import { WEBHOOK_ENDPOINTS_MAX } from '../../src/modules/webhooks/webhook-constants.js'
import { createWebhookEndpoint } from '../../src/modules/webhooks/webhook-endpoints.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount } from '../support/factories.js'
import { signedInUser } from '../support/web-login.js'

const SECRET_IN_PAGE = /whsec_[A-Za-z0-9_-]{32}/g

/** The open elements around the form posting to `action` ("details.confirm", "div.page-actions"…), innermost first. */
function ancestorsOfForm(html: string, action: string): string[] | undefined {
  const stack: string[] = []
  let found: string[] | undefined
  const parser = new Parser(
    {
      onopentag(tag, attributes) {
        if (tag === 'form' && attributes.action === action) found = [...stack].reverse()
        stack.push(attributes.class ? `${tag}.${attributes.class.split(/\s+/).join('.')}` : tag)
      },
      onclosetag() {
        stack.pop()
      },
    },
    { decodeEntities: true },
  )
  parser.write(html)
  parser.end()
  return found
}

describeEachDialect('Configurações → Webhooks pages', (env) => {
  it('is admin only', async () => {
    const { agent } = await signedInUser(env, { role: 'member' })
    expect((await agent.get('/settings/webhooks')).statusCode).toBe(403)
    expect((await agent.get('/settings/webhooks/new')).statusCode).toBe(403)
  })

  it('offers every event type once, grouped by what it is about', async () => {
    const { agent } = await signedInUser(env, { role: 'admin' })
    const form = (await agent.get('/settings/webhooks/new')).body
    const offered = [...form.matchAll(/name="events" value="([a-z._]+)"/g)].map((match) => match[1])
    expect(offered).toEqual([...DOMAIN_EVENT_TYPES])
    const groups = [...form.matchAll(/<fieldset class="event-group"><legend>([^<]+)<\/legend>([\s\S]*?)<\/fieldset>/g)]
    expect(groups.map((group) => [group[1], [...group[2]!.matchAll(/value="([a-z]+)\./g)].map((match) => match[1])])).toEqual([
      ['Documentos', Array(10).fill('proposal')],
      ['Signatários', Array(4).fill('signer')],
      ['Clientes', Array(3).fill('customer')],
    ])
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
    // Over: the next due delivery is sent, and the page says so no more; but until an attempt
    // succeeds the run of failures still shows (not "Em dia").
    await pause(new Date(env.clock.now().getTime() - 1000))
    const after = await agent.get('/settings/webhooks')
    expect(after.body).not.toContain('Pausado até')
    expect(after.body).toContain('Falhando (6 falhas seguidas)')
    expect(after.body).not.toContain('Em dia')
  })

  it('says so, creating nothing, when the account already has the most webhooks it may have', async () => {
    const { agent, account } = await signedInUser(env)
    const policy = { allowPrivate: false }
    for (let index = 0; index < WEBHOOK_ENDPOINTS_MAX; index += 1) {
      await createWebhookEndpoint(env.db, env.clock, policy, account.id, { url: `https://93.184.216.34/hooks/${index}`, events: ['proposal.sent'] })
    }
    const refused = await agent.submit('/settings/webhooks/new', '/settings/webhooks', { url: 'https://93.184.216.34/hooks/extra', events: 'proposal.sent', description: '', active: '1' })
    expect(refused.statusCode).toBe(303)
    expect(refused.headers.location).toBe('/settings/webhooks')
    expect((await agent.get('/settings/webhooks')).body).toContain(`Esta conta já tem ${WEBHOOK_ENDPOINTS_MAX} webhooks, o máximo.`)
    const rows = await env.db.selectFrom('webhook_endpoints').select('url').where('account_id', '=', account.id).execute()
    expect(rows).toHaveLength(WEBHOOK_ENDPOINTS_MAX)
  })

  it('puts "Gerar novo segredo" and "Excluir webhook" behind a confirmation step', async () => {
    const { agent, account } = await signedInUser(env, { role: 'admin' })
    await agent.submit('/settings/webhooks/new', '/settings/webhooks', { url: 'https://93.184.216.34/confirm', events: 'proposal.sent', description: '', active: '1' })
    const row = await env.db.selectFrom('webhook_endpoints').select('id').where('account_id', '=', account.id).executeTakeFirstOrThrow()
    const page = await agent.get(`/settings/webhooks/${row.id}`)
    for (const [action, summary, submit] of [
      ['rotate-secret', 'Gerar novo segredo', 'Sim, gerar novo segredo'],
      ['delete', 'Excluir webhook', 'Sim, excluir'],
    ] as const) {
      const ancestors = ancestorsOfForm(page.body, `/settings/webhooks/${row.id}/${action}`)
      expect(ancestors, action).toBeDefined()
      expect(ancestors![0], action).toBe('details.confirm')
      // The <summary> opens the step; the submit button is the form's, inside it.
      expect(page.body).toMatch(new RegExp(`<details class="confirm"><summary class="button [a-z]+">${summary}</summary><form method="post" action="/settings/webhooks/${row.id}/${action}" class="confirm-body">.*?<button type="submit" class="button[a-z ]*">${submit}</button></form></details>`))
    }
    expect(page.body).toContain('O histórico de entregas dele também é apagado')
  })

  it('shows a run of failed attempts before any pause as a warning, not "Em dia"', async () => {
    const { agent, account } = await signedInUser(env, { role: 'admin' })
    await agent.submit('/settings/webhooks/new', '/settings/webhooks', { url: 'https://93.184.216.34/failing', events: 'proposal.sent', description: '', active: '1' })
    const row = await env.db.selectFrom('webhook_endpoints').select('id').where('account_id', '=', account.id).executeTakeFirstOrThrow()
    const failures = (count: number) => env.db.updateTable('webhook_endpoints').set({ consecutive_failures: count, paused_until: null, failing_since: null }).where('id', '=', row.id).execute()
    for (const [count, text] of [
      [1, 'Falhando (1 falha seguida)'],
      [3, 'Falhando (3 falhas seguidas)'],
    ] as const) {
      await failures(count)
      for (const url of ['/settings/webhooks', `/settings/webhooks/${row.id}`]) {
        const body = (await agent.get(url)).body
        expect(body, url).toContain(`<span class="badge warn">${text}</span>`)
        expect(body, url).not.toContain('Em dia')
      }
    }
    await failures(0)
    expect((await agent.get('/settings/webhooks')).body).toContain('<span class="badge ok">Em dia</span>')
  })

  it('names event types in Portuguese: label and code in the form, the label in the list and on a delivery', async () => {
    const { agent, account } = await signedInUser(env, { role: 'admin' })
    const form = await agent.get('/settings/webhooks/new')
    for (const type of DOMAIN_EVENT_TYPES) expect(form.body).toMatch(new RegExp(`<label for="event-${type}">[^<]+ <code>${type}</code></label>`))
    expect(form.body).toContain('<label for="event-proposal.cancelled">Documento cancelado <code>proposal.cancelled</code></label>')
    await agent.submit('/settings/webhooks/new', '/settings/webhooks', { url: 'https://93.184.216.34/labels', events: 'proposal.cancelled', description: '', active: '1' })
    const list = await agent.get('/settings/webhooks')
    expect(list.body).toContain('<td>Documento cancelado</td>')
    expect(list.body).not.toContain('proposal.cancelled')
    const row = await env.db.selectFrom('webhook_endpoints').select('id').where('account_id', '=', account.id).executeTakeFirstOrThrow()
    const eventId = await env.db.transaction().execute((trx) => recordDomainEvent(trx, env.clock, { accountId: account.id, type: 'proposal.cancelled', proposalId: 1, data: {} }))
    const delivery = await env.db.selectFrom('webhook_deliveries').select('id').where('event_id', '=', eventId).executeTakeFirstOrThrow()
    expect((await agent.get(`/settings/webhooks/${row.id}`)).body).toContain('<td>Documento cancelado</td>')
    const detail = await agent.get(`/settings/webhooks/${row.id}/deliveries/${delivery.id}`)
    expect(detail.body).toContain('<h1>Entrega: Documento cancelado</h1>')
    expect(detail.body).toContain('<code>proposal.cancelled</code>')
  })

  it("shows the delivery log's errors in Portuguese, dates in the account's time zone; the API keeps the English text", async () => {
    const account = await makeAccount(env, { timeZone: 'America/Manaus' })
    const { agent } = await signedInUser(env, { account, role: 'admin' })
    await agent.submit('/settings/webhooks/new', '/settings/webhooks', { url: 'https://93.184.216.34/errors', events: 'proposal.sent', description: '', active: '1' })
    const row = await env.db.selectFrom('webhook_endpoints').select('id').where('account_id', '=', account.id).executeTakeFirstOrThrow()
    const eventId = await env.db.transaction().execute((trx) => recordDomainEvent(trx, env.clock, { accountId: account.id, type: 'proposal.sent', proposalId: 1, data: {} }))
    const delivery = await env.db.selectFrom('webhook_deliveries').select('id').where('event_id', '=', eventId).executeTakeFirstOrThrow()
    const errorShown = async (error: string) => {
      await env.db.updateTable('webhook_deliveries').set({ error }).where('id', '=', delivery.id).execute()
      const body = (await agent.get(`/settings/webhooks/${row.id}/deliveries/${delivery.id}`)).body
      return /<dt>Erro<\/dt><dd>(.*?)<\/dd>/.exec(body)?.[1]
    }
    // Manaus is UTC−4: 11:44 UTC is 07:44 there.
    const notSent = notSentWhilePausedError(7, '2026-12-05T11:44:33.101Z')
    expect(await errorShown(notSent)).toMatch(/^Não enviada: o webhook falhou nas últimas 7 tentativas e está pausado até 05\/12\/2026,? 07:44\.$/)
    expect(await errorShown('endpoint is inactive')).toBe('Não enviada: o webhook está inativo.')
    expect(await errorShown('timed out after 10000 ms')).toBe('O destino não respondeu em 10 s (tempo esgotado).')
    expect(await errorShown('HTTP 503')).toBe('O destino respondeu HTTP 503.')
    expect(await errorShown('URL not allowed: host name "crm.example" does not resolve')).toBe('URL não permitida: o nome “crm.example” não resolve no DNS.')
    expect(await errorShown('something <new>')).toBe('<code>something &lt;new></code>')
    await env.db.updateTable('webhook_deliveries').set({ error: notSent }).where('id', '=', delivery.id).execute()
    const viaApi = await env.app.inject({ method: 'GET', url: `/api/v1/webhooks/${row.id}/deliveries`, headers: account.auth })
    expect(viaApi.json().data[0].error).toBe(notSent)
  })

  it('names every field at fault in one answer (the URL syntax with the others)', async () => {
    const { agent } = await signedInUser(env, { role: 'admin' })
    const refused = await agent.submit('/settings/webhooks/new', '/settings/webhooks', { url: 'ftp://x', events: 'proposal.sent', description: 'a'.repeat(250), active: '1' })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('Informe uma URL http:// ou https:// válida')
    expect(refused.body).toContain('Use no máximo 200 caracteres.')
  })
})
