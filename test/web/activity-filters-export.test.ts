// Configurações → Atividade filtered by who made a change and by the period (calendar days in the
// account's time zone), and exported as CSV with the same filters, on both databases: the export
// streams every matching entry newest first, to the second, with the author's kind and the page's
// details, a formula typed as a name kept as text; a refused period is its field's error (422) on
// the page and the export alike; another account's author or entries are never found. The API
// filters by the same author, item and instants.
import { expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { type ActivityActor, activityBatches, recordActivity, SUPPORT_ACTOR } from '../../src/modules/accounts/account-activity.js'
import { formatMoney } from '../../src/platform/pt-br-format.js'
import { revokeApiToken } from '../../src/modules/integrations/revoke-api-token.js'
import { describeEachDialect } from '../support/dialects.js'
import type { TestApp } from '../support/test-app.js'
import { signedInUser } from '../support/web-login.js'

const ta = t.activity

const at = (iso: string) => ({ now: () => new Date(iso) })
const rowsOf = (body: string) => [...body.matchAll(/<tr data-activity="([a-z_.]+)"/g)].map((match) => match[1])

/** An account (São Paulo, UTC−3) with entries by two admins, an integration and support on known instants, and a stranger with entries of their own. */
async function accountWithActivity(env: TestApp) {
  const admin = await signedInUser(env)
  const { account } = admin
  const other = await signedInUser(env, { account })
  const stranger = await signedInUser(env)
  const byAdmin: ActivityActor = { type: 'user', id: admin.user.id, name: admin.user.name, ip: '203.0.113.7' }
  const byOther: ActivityActor = { type: 'user', id: other.user.id, name: other.user.name, ip: '203.0.113.8' }
  const byToken: ActivityActor = { type: 'api_token', id: account.token.id, name: 'CRM', ip: '198.51.100.2' }
  // Recorded oldest first; ids grow with time, as in life.
  await recordActivity(env.db, at('2026-11-10T12:00:00.000Z'), account.id, byAdmin, { action: 'account.settings_updated', data: { changes: { name: { from: 'Antiga Ltda', to: 'Nova Ltda' } } } })
  // 23:30:15 on the 19th in São Paulo, the 20th in UTC.
  await recordActivity(env.db, at('2026-11-20T02:30:15.000Z'), account.id, byToken, { action: 'webhook.created', target: { id: 7, label: 'https://erp.example/hook' }, data: { events: ['proposal.signed', 'proposal.viewed'], active: true } })
  await recordActivity(env.db, at('2026-11-20T03:00:00.000Z'), account.id, byOther, { action: 'product.created', target: { id: 9, label: '=HYPERLINK("http://mal.example")' }, data: { price_cents: 123456 } })
  await recordActivity(env.db, at('2026-11-25T15:00:00.000Z'), account.id, SUPPORT_ACTOR, { action: 'account.plan_changed', data: { changes: { plan: { from: 'Inicial', to: 'Profissional' } } } })
  await recordActivity(env.db, at('2026-11-21T10:00:00.000Z'), stranger.account.id, { type: 'user', id: stranger.user.id, name: stranger.user.name, ip: '192.0.2.1' }, { action: 'account.logo_removed' })
  return { admin, other, stranger, account }
}

describeEachDialect('account activity: filters and CSV export', (env) => {
  it('filters the page by author and by the days of a period in the account’s time zone; another account’s author finds nothing', async () => {
    const { admin, other, stranger, account } = await accountWithActivity(env)
    const { agent } = admin
    const all = await agent.get('/settings/activity')
    expect(all.statusCode).toBe(200)
    expect(rowsOf(all.body)).toEqual(['account.plan_changed', 'product.created', 'webhook.created', 'account.settings_updated'])
    // "Quem" offers support, the account's users and its tokens (a revoked one said so), no stranger.
    await revokeApiToken(env.db, env.clock, account.id, account.token.id)
    const withRevoked = (await agent.get('/settings/activity')).body
    expect(withRevoked).toContain(`<option value="support">${ta.whoOption.support}</option>`)
    expect(withRevoked).toContain(`<option value="user:${other.user.id}">${other.user.name} &lt;${other.user.email}></option>`)
    expect(withRevoked).toContain(`<option value="api_token:${account.token.id}">Integração “CRM” (revogado)</option>`)
    expect(withRevoked).not.toContain(stranger.user.email)

    expect(rowsOf((await agent.get(`/settings/activity?who=user:${admin.user.id}`)).body)).toEqual(['account.settings_updated'])
    expect(rowsOf((await agent.get(`/settings/activity?who=api_token:${account.token.id}`)).body)).toEqual(['webhook.created'])
    const bySupport = await agent.get('/settings/activity?who=support')
    expect(rowsOf(bySupport.body)).toEqual(['account.plan_changed'])
    expect(bySupport.body).toContain('<option value="support" selected>')
    // The stranger's own id, asked of this account: nothing, as an id nobody has.
    const foreign = await agent.get(`/settings/activity?who=user:${stranger.user.id}`)
    expect(rowsOf(foreign.body)).toEqual([])
    expect(foreign.body).toContain(ta.emptyFiltered)
    // An author that is not one is no filter, as a stale link.
    expect(rowsOf((await agent.get('/settings/activity?who=user:abc')).body)).toHaveLength(4)

    // The 19th in São Paulo ends at 03:00 UTC on the 20th: the webhook's 23:30 is in, the product's midnight is not.
    expect(rowsOf((await agent.get('/settings/activity?from=2026-11-19&to=2026-11-19')).body)).toEqual(['webhook.created'])
    expect(rowsOf((await agent.get('/settings/activity?from=2026-11-20')).body)).toEqual(['account.plan_changed', 'product.created'])
    expect(rowsOf((await agent.get('/settings/activity?to=2026-11-10')).body)).toEqual(['account.settings_updated'])
    // Filters combine, and the pages' links keep them.
    const combined = await agent.get(`/settings/activity?subject=catalog&who=user:${other.user.id}&from=2026-11-01&to=2026-11-30`)
    expect(rowsOf(combined.body)).toEqual(['product.created'])
    expect(combined.body).toContain(`href="/settings/activity/export.csv?subject=catalog&amp;who=user%3A${other.user.id}&amp;from=2026-11-01&amp;to=2026-11-30"`)
  })

  it('shows one item’s changes from the link on its page, not another kind’s with the same id, and exports them alike', async () => {
    const { admin, account, stranger } = await accountWithActivity(env)
    const by: ActivityActor = { type: 'user', id: admin.user.id, name: admin.user.name, ip: '203.0.113.7' }
    // Product 9 repriced; a user and a stranger's product that share its id.
    await recordActivity(env.db, at('2026-11-26T12:00:00.000Z'), account.id, by, { action: 'product.updated', target: { id: 9, label: 'IMPL — Implantação' }, data: { changes: { price_cents: { from: 123456, to: 150000 } } } })
    await recordActivity(env.db, at('2026-11-26T13:00:00.000Z'), account.id, by, { action: 'user.updated', target: { id: 9, label: 'Alguém <a@b.test>' }, data: { changes: { role: { from: 'member', to: 'admin' } } } })
    await recordActivity(env.db, at('2026-11-26T14:00:00.000Z'), stranger.account.id, by, { action: 'product.updated', target: { id: 9, label: 'Produto alheio' } })

    const product = await admin.agent.get('/settings/activity?item=product:9')
    expect(rowsOf(product.body)).toEqual(['product.updated', 'product.created'])
    expect(product.body).toContain('Só as alterações de “IMPL — Implantação”.')
    expect(product.body).toContain('<input type="hidden" name="item" value="product:9"/>')
    expect(product.body).toContain('href="/settings/activity/export.csv?item=product%3A9"')
    expect(product.body).not.toContain('Produto alheio')
    expect(rowsOf((await admin.agent.get('/settings/activity?item=user:9')).body)).toEqual(['user.updated'])
    // Named as it was last called, whatever the other filters keep: the creation's name was "=HYPERLINK…".
    const older = await admin.agent.get(`/settings/activity?item=product:9&to=2026-11-25`)
    expect(rowsOf(older.body)).toEqual(['product.created'])
    expect(older.body).toContain('Só as alterações de “IMPL — Implantação”.')
    // Combined with a period; a kind that is not one is no filter.
    expect(rowsOf((await admin.agent.get('/settings/activity?item=product:9&from=2026-11-26')).body)).toEqual(['product.updated'])
    expect(rowsOf((await admin.agent.get('/settings/activity?item=account:9')).body)).toHaveLength(6)
    const csv = (await admin.agent.get('/settings/activity/export.csv?item=product:9')).body
    expect(csv.split('\r\n').filter((line) => line !== '')).toHaveLength(3)

    // Each item's page links there: a product, a payment method, a signer role, a template, a user, a webhook.
    const main = account.products.main.id
    expect((await admin.agent.get(`/registration-data/products/${main}/edit`)).body).toContain(`href="/settings/activity?item=product:${main}"`)
    expect((await admin.agent.get(`/registration-data/payment-methods/${account.paymentMethods.pix.id}/edit`)).body).toContain(`href="/settings/activity?item=payment_method:${account.paymentMethods.pix.id}"`)
    expect((await admin.agent.get(`/registration-data/signer-roles/${account.roles.party.id}/edit`)).body).toContain(`href="/settings/activity?item=signer_role:${account.roles.party.id}"`)
    expect((await admin.agent.get(`/registration-data/templates/${account.template.id}/edit`)).body).toContain(`href="/settings/activity?item=template:${account.template.id}"`)
    expect((await admin.agent.get(`/registration-data/users/${account.seller.id}/edit`)).body).toContain(`href="/settings/activity?item=user:${account.seller.id}"`)
    expect((await admin.agent.get('/registration-data/products/new')).body).not.toContain('/settings/activity?item=')
    const hook = await admin.agent.submit('/settings/webhooks/new', '/settings/webhooks', { url: 'https://93.184.216.34/item', events: 'proposal.signed', description: '', active: '1' })
    expect(hook.statusCode, hook.body).toBe(200)
    const endpoint = await env.db.selectFrom('webhook_endpoints').select('id').where('account_id', '=', account.id).executeTakeFirstOrThrow()
    const webhookPage = await admin.agent.get(`/settings/webhooks/${endpoint.id}`)
    expect(webhookPage.body).toContain(`href="/settings/activity?item=webhook:${endpoint.id}"`)
    expect(rowsOf((await admin.agent.get(`/settings/activity?item=webhook:${endpoint.id}`)).body)).toEqual(['webhook.created'])
    // An API token's row in Integrações, a revoked one's too.
    await admin.agent.submit('/settings/integrations', `/settings/integrations/tokens/${account.token.id}/revoke`, {})
    expect((await admin.agent.get('/settings/integrations')).body).toContain(`href="/settings/activity?item=api_token:${account.token.id}"`)
  })

  it('refuses a period that is not one, on the page and the export, with the field at fault and no entries', async () => {
    const { admin } = await accountWithActivity(env)
    const backwards = await admin.agent.get('/settings/activity?from=2026-11-20&to=2026-11-10')
    expect(backwards.statusCode).toBe(422)
    expect(backwards.body).toContain(t.dateFilters.toBeforeFrom)
    expect(backwards.body).toContain(t.dateFilters.fixPeriod)
    expect(rowsOf(backwards.body)).toEqual([])
    expect(backwards.body).not.toContain('export.csv')
    const impossible = await admin.agent.get('/settings/activity/export.csv?from=2026-02-30')
    expect(impossible.statusCode).toBe(422)
    expect(impossible.headers['content-type']).toContain('text/html')
    expect(impossible.body).toContain(t.dateFilters.invalidDate)
  })

  it('exports the filtered entries as CSV for a Brazilian spreadsheet, newest first, to the second, formulas kept as text, admins only', async () => {
    const { admin, other, stranger, account } = await accountWithActivity(env)
    const member = await signedInUser(env, { account, role: 'member' })
    const response = await admin.agent.get('/settings/activity/export.csv')
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="atividade-\d{4}-\d{2}-\d{2}\.csv"$/)
    expect(response.headers['cache-control']).toBe('no-store')
    expect(response.body.startsWith('\uFEFF')).toBe(true)
    const records = response.body.slice(1).split(/\r\n(?=\d{2}\/|$)/).filter((line) => line !== '')
    expect(records).toEqual([
      'Quando;Quem;Tipo de autor;O que;Item;Detalhes;Endereço IP',
      `25/11/2026 12:00:00;Suporte do Vendoc (CLI);Suporte (CLI);${ta.actions['account.plan_changed']};;Plano: Inicial → Profissional;`,
      `20/11/2026 00:00:00;${other.user.name};Usuário;${ta.actions['product.created']};"'=HYPERLINK(""http://mal.example"")";Preço: ${formatMoney(123456)};203.0.113.8`,
      `19/11/2026 23:30:15;Integração “CRM” (token de API);Integração (token de API);${ta.actions['webhook.created']};https://erp.example/hook;"Eventos: proposal.signed, proposal.viewed\nAtivo: Sim";198.51.100.2`,
      `10/11/2026 09:00:00;${admin.user.name};Usuário;${ta.actions['account.settings_updated']};;Nome: Antiga Ltda → Nova Ltda;203.0.113.7`,
    ])
    expect(response.body).not.toContain(stranger.user.name)

    const filtered = await admin.agent.get(`/settings/activity/export.csv?who=user:${other.user.id}&from=2026-11-19`)
    expect(filtered.statusCode).toBe(200)
    expect(filtered.body.split('\r\n').filter((line) => line !== '')).toHaveLength(2)
    expect(filtered.body).toContain(ta.actions['product.created'])
    expect((await member.agent.get('/settings/activity/export.csv')).statusCode).toBe(403)
  })

  it('filters the API’s activity the same way: by kind of author, one user or token, and instants; a bad combination is a 422 naming its field', async () => {
    const { admin, other, stranger, account } = await accountWithActivity(env)
    const list = async (query: string) => {
      const response = await env.app.inject({ method: 'GET', url: `/api/v1/account-activity?${query}`, headers: account.auth })
      expect(response.statusCode, response.body).toBe(200)
      return (response.json() as { data: Array<{ action: string }> }).data.map((entry) => entry.action)
    }
    expect(await list('actor_type=user')).toEqual(['product.created', 'account.settings_updated'])
    expect(await list(`actor_type=user&actor_id=${admin.user.id}`)).toEqual(['account.settings_updated'])
    expect(await list(`actor_type=api_token&actor_id=${account.token.id}`)).toEqual(['webhook.created'])
    expect(await list('actor_type=support')).toEqual(['account.plan_changed'])
    expect(await list(`actor_type=user&actor_id=${stranger.user.id}`)).toEqual([])
    // `from` inclusive, `to` exclusive.
    expect(await list('from=2026-11-20T02:30:15Z&to=2026-11-20T03:00:00Z')).toEqual(['webhook.created'])
    expect(await list(`from=2026-11-15T00:00:00Z&actor_type=user&actor_id=${other.user.id}&subject=catalog`)).toEqual(['product.created'])
    expect(await list('target_type=product&target_id=9')).toEqual(['product.created'])
    expect(await list('target_type=webhook&target_id=9')).toEqual([])
    for (const [query, path] of [
      [`actor_id=${admin.user.id}`, '/actor_id'],
      [`actor_type=support&actor_id=${admin.user.id}`, '/actor_id'],
      ['from=2026-11-20T00:00:00Z&to=2026-11-19T00:00:00Z', '/to'],
      ['actor_type=robot', '/actor_type'],
      ['target_id=9', '/target_type'],
      ['target_type=product', '/target_id'],
      ['target_type=account&target_id=9', '/target_type'],
      ['from=ontem', '/from'],
      // A leap second passes the date-time format, but no Date holds it.
      ['from=2026-11-20T23:59:60Z', '/from'],
      ['to=2026-11-20T23:59:60Z', '/to'],
    ] as const) {
      const refused = await env.app.inject({ method: 'GET', url: `/api/v1/account-activity?${query}`, headers: account.auth })
      expect(refused.statusCode, query).toBe(422)
      expect(refused.json().errors, query).toEqual([expect.objectContaining({ path })])
    }
    // The request log reads its period the same way.
    const logLeap = await env.app.inject({ method: 'GET', url: '/api/v1/request-logs?to=2026-11-20T23:59:60Z', headers: account.auth })
    expect(logLeap.statusCode).toBe(422)
    expect(logLeap.json().errors).toEqual([expect.objectContaining({ path: '/to' })])
  })

  it('walks every entry in batches below the last id seen, newest first, none twice', async () => {
    const { account } = await accountWithActivity(env)
    const batches: string[][] = []
    for await (const batch of activityBatches(env.db, account.id, {}, 3)) batches.push(batch.map((entry) => entry.action))
    expect(batches).toEqual([['account.plan_changed', 'product.created', 'webhook.created'], ['account.settings_updated']])
    const exact: number[] = []
    for await (const batch of activityBatches(env.db, account.id, { subject: 'account' }, 2)) exact.push(batch.length)
    expect(exact).toEqual([2])
  })
})
