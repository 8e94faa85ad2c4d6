// The account's activity on both databases: what an admin changes in the web app (tokens,
// webhooks, the account's settings, logo and two-step policy, its users) and an integration
// through the API is recorded with who, from where and what changed, in the change's own
// transaction; a form saved as it was, a refused one or a user's own change records nothing;
// Configurações → Atividade shows it to admins only, newest first, filtered by subject, escaped,
// and never another account's.
import { expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { pruneAccountActivity, recordActivity, SUPPORT_ACTOR } from '../../src/modules/accounts/account-activity.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, type TestAccount, uniqueSuffix } from '../support/factories.js'
import { buildPng } from '../support/png.js'
import type { TestApp } from '../support/test-app.js'
import { turnOnTwoFactor } from '../support/two-factor.js'
import { csrfTokenIn, WebAgent } from '../support/web-agent.js'
import { signedInUser, WEB_PASSWORD } from '../support/web-login.js'

const ta = t.activity

async function activity(env: TestApp, account: TestAccount) {
  const rows = await env.db.selectFrom('account_activity').selectAll().where('account_id', '=', account.id).orderBy('id').execute()
  return rows.map((row) => ({ action: row.action, subject: row.subject, actor: `${row.actor_type}:${row.actor_name}`, ip: row.ip, target: row.target_label, data: JSON.parse(row.data_json) as Record<string, unknown> }))
}

/** The account settings form as the page fills it in, with `changes` typed over it. */
async function settingsForm(agent: WebAgent, changes: Record<string, string> = {}) {
  const page = await agent.get('/settings/account')
  const value = (name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(page.body)?.[1] ?? ''
  const textarea = (name: string) => new RegExp(`name="${name}"[^>]*>([^<]*)</textarea>`).exec(page.body)?.[1] ?? ''
  return {
    name: value('name'),
    time_zone: 'America/Sao_Paulo',
    document: value('document'),
    address: value('address'),
    phone: value('phone'),
    email: value('email'),
    auto_reminder_days: value('auto_reminder_days'),
    default_signer_message: textarea('default_signer_message'),
    signed_copy_to: textarea('signed_copy_to'),
    discount_approval_above: value('discount_approval_above'),
    ...changes,
  }
}

describeEachDialect('account activity', (env) => {
  it("records an admin's tokens, webhooks and account settings with who, where and what changed; a save as it was or a refused one records nothing", async () => {
    const admin = await signedInUser(env)
    const { agent, account } = admin
    const by = `user:${admin.user.name}`

    expect((await agent.submit('/settings/integrations', '/settings/integrations/tokens', { name: 'ERP <Contábil>' })).statusCode).toBe(200)
    const token = await env.db.selectFrom('api_tokens').select(['id', 'prefix']).where('account_id', '=', account.id).where('name', '=', 'ERP <Contábil>').executeTakeFirstOrThrow()
    expect((await agent.submit('/settings/integrations', `/settings/integrations/tokens/${token.id}/regenerate`, {})).statusCode).toBe(200)
    expect((await agent.submit('/settings/integrations', `/settings/integrations/tokens/${token.id}/revoke`, {})).statusCode).toBe(303)
    // Revoking it again changes nothing, and records nothing.
    expect((await agent.submit('/settings/integrations', `/settings/integrations/tokens/${token.id}/revoke`, {})).statusCode).toBe(303)

    const hook = await agent.submit('/settings/webhooks/new', '/settings/webhooks', { url: 'https://93.184.216.34/hook', events: 'proposal.signed', description: 'ERP', active: '1' })
    expect(hook.statusCode, hook.body).toBe(200)
    const endpoint = await env.db.selectFrom('webhook_endpoints').select('id').where('account_id', '=', account.id).executeTakeFirstOrThrow()
    const editPage = `/settings/webhooks/${endpoint.id}`
    expect((await agent.submit(editPage, editPage, { url: 'https://93.184.216.34/hook', events: 'proposal.signed', description: 'ERP financeiro', active: '' })).statusCode).toBe(303)
    expect((await agent.submit(editPage, editPage, { url: 'https://93.184.216.34/hook', events: 'proposal.signed', description: 'ERP financeiro', active: '' })).statusCode).toBe(303)
    // A key in the query is not kept: a new one reads as a change without its values.
    for (const key of ['segredo-1', 'segredo-2']) {
      expect((await agent.submit(editPage, editPage, { url: `https://93.184.216.34/hook?token=${key}&v=2`, events: 'proposal.signed', description: 'ERP financeiro', active: '' })).statusCode).toBe(303)
    }
    expect((await agent.submit(editPage, `${editPage}/rotate-secret`, {})).statusCode).toBe(200)
    expect((await agent.submit(editPage, `${editPage}/delete`, {})).statusCode).toBe(303)

    expect((await agent.submit('/settings/account', '/settings/account', await settingsForm(agent, { name: 'Nova Razão Ltda', discount_approval_above: '12,5', default_signer_message: 'Segue a proposta.' }))).statusCode).toBe(303)
    expect((await agent.submit('/settings/account', '/settings/account', await settingsForm(agent))).statusCode).toBe(303)
    expect((await agent.submit('/settings/account', '/settings/account', await settingsForm(agent, { name: '', discount_approval_above: '5' }))).statusCode).toBe(422)
    // The same image twice: one change.
    for (let upload = 0; upload < 2; upload++) {
      expect((await agent.submitMultipart('/settings/account', '/settings/account/logo', {}, [{ name: 'logo', fileName: 'logo.png', contentType: 'image/png', bytes: buildPng({ width: 40, height: 20 }) }])).statusCode).toBe(303)
    }
    expect((await agent.submit('/settings/account', '/settings/account/logo/remove', {})).statusCode).toBe(303)
    expect((await agent.submit('/settings/account', '/settings/account/logo/remove', {})).statusCode).toBe(303)

    const entries = await activity(env, account)
    expect(JSON.stringify(entries)).not.toContain('segredo')
    expect(entries).toEqual([
      { action: 'api_token.created', subject: 'api_token', actor: by, ip: '127.0.0.1', target: 'ERP <Contábil>', data: { prefix: token.prefix, access: 'full' } },
      { action: 'api_token.regenerated', subject: 'api_token', actor: by, ip: '127.0.0.1', target: 'ERP <Contábil>', data: { prefix: expect.not.stringMatching(`^${token.prefix}$`) } },
      { action: 'api_token.revoked', subject: 'api_token', actor: by, ip: '127.0.0.1', target: 'ERP <Contábil>', data: { prefix: expect.any(String) } },
      { action: 'webhook.created', subject: 'webhook', actor: by, ip: '127.0.0.1', target: 'https://93.184.216.34/hook', data: { events: ['proposal.signed'], active: true } },
      { action: 'webhook.updated', subject: 'webhook', actor: by, ip: '127.0.0.1', target: 'https://93.184.216.34/hook', data: { changes: { description: { from: 'ERP', to: 'ERP financeiro' }, active: { from: true, to: false } } } },
      { action: 'webhook.updated', subject: 'webhook', actor: by, ip: '127.0.0.1', target: 'https://93.184.216.34/hook?token=…&v=…', data: { changes: { url: { from: 'https://93.184.216.34/hook', to: 'https://93.184.216.34/hook?token=…&v=…' } } } },
      { action: 'webhook.updated', subject: 'webhook', actor: by, ip: '127.0.0.1', target: 'https://93.184.216.34/hook?token=…&v=…', data: { changes: { url: { hidden: true } } } },
      { action: 'webhook.secret_rotated', subject: 'webhook', actor: by, ip: '127.0.0.1', target: 'https://93.184.216.34/hook?token=…&v=…', data: {} },
      { action: 'webhook.deleted', subject: 'webhook', actor: by, ip: '127.0.0.1', target: 'https://93.184.216.34/hook?token=…&v=…', data: {} },
      {
        action: 'account.settings_updated', subject: 'account', actor: by, ip: '127.0.0.1', target: '',
        // The usual message's text is not copied into the log.
        data: { changes: { name: { from: account.account.name, to: 'Nova Razão Ltda' }, default_signer_message: { hidden: true }, discount_approval_above_bp: { from: null, to: 1250 } } },
      },
      { action: 'account.logo_updated', subject: 'account', actor: by, ip: '127.0.0.1', target: '', data: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/), width: 40, height: 20 } },
      { action: 'account.logo_removed', subject: 'account', actor: by, ip: '127.0.0.1', target: '', data: {} },
    ])
  })

  it("records the users' administration and the two-step policy; a user's own changes and a save as it was are not recorded", async () => {
    const admin = await signedInUser(env)
    const { agent, account } = admin
    const member = await signedInUser(env, { account, role: 'member' })
    const by = `user:${admin.user.name}`
    const memberLabel = `${member.user.name} <${member.user.email}>`
    const edit = `/registration-data/users/${member.user.id}/edit`

    const email = `nova.${uniqueSuffix()}@vendoc.test`
    expect((await agent.submit('/registration-data/users/new', '/registration-data/users', { name: 'Nova Pessoa', email, role: 'member', is_seller: '1', password: WEB_PASSWORD })).statusCode).toBe(303)
    expect((await agent.submit(edit, `/registration-data/users/${member.user.id}`, { name: member.user.name, role: 'admin', active: '1', password: 'uma-senha-nova-bem-longa' })).statusCode).toBe(303)
    // Saved as it is: nothing changed.
    expect((await agent.submit(edit, `/registration-data/users/${member.user.id}`, { name: member.user.name, role: 'admin', active: '1' })).statusCode).toBe(303)

    // The member, now an admin, turns two-step verification on themself: their own business.
    const memberAgent = new WebAgent(env.app)
    expect((await memberAgent.submit('/login', '/login', { email: member.user.email, password: 'uma-senha-nova-bem-longa' })).statusCode).toBe(303)
    await turnOnTwoFactor(memberAgent, env.clock, 'uma-senha-nova-bem-longa')
    const reset = await agent.post(`/registration-data/users/${member.user.id}/two-factor/reset`, { _csrf: csrfTokenIn((await agent.get(edit)).body) })
    expect(reset.statusCode, reset.body).toBe(303)
    expect((await agent.submit(edit, `/registration-data/users/${member.user.id}/sessions/end`, {})).statusCode).toBe(303)

    await turnOnTwoFactor(agent, env.clock)
    expect((await agent.submit('/settings/account', '/settings/account/security', { require_two_factor: '1' })).statusCode).toBe(303)
    expect((await agent.submit('/settings/account', '/settings/account/security', { require_two_factor: '1' })).statusCode).toBe(303)

    const entries = await activity(env, account)
    expect(entries.map((entry) => entry.action)).toEqual(['user.created', 'user.updated', 'user.two_factor_reset', 'user.sessions_ended', 'account.two_factor_policy_changed'])
    expect(entries.every((entry) => entry.actor === by && entry.ip === '127.0.0.1')).toBe(true)
    expect(entries[0]).toMatchObject({ target: `Nova Pessoa <${email}>`, data: { role: 'member', is_seller: true, invited: false } })
    // The new password says only that it changed.
    expect(entries[1]).toMatchObject({ target: memberLabel, data: { changes: { role: { from: 'member', to: 'admin' }, password: { hidden: true } } } })
    expect(Object.keys(entries[1]!.data.changes as object)).toEqual(['role', 'password'])
    expect(entries[2]).toMatchObject({ target: memberLabel, data: { keys_removed: 0 } })
    expect(entries[3]).toMatchObject({ target: memberLabel, data: { count: 1 } })
    expect(entries[4]).toMatchObject({ target: '', data: { changes: { required: { from: false, to: true } } } })
  })

  it("records the default seller handed over as two changes, a deactivation, and nothing for another account's ids", async () => {
    const admin = await signedInUser(env)
    const { agent, account } = admin
    const member = await signedInUser(env, { account, role: 'member' })
    const stranger = await signedInUser(env)
    const edit = (id: number) => `/registration-data/users/${id}`
    const made = await agent.submit(`${edit(member.user.id)}/edit`, edit(member.user.id), { name: member.user.name, role: 'member', is_seller: '1', is_default_seller: '1', active: '1' })
    expect(made.statusCode, made.body).toBe(303)
    expect((await agent.submit(`${edit(member.user.id)}/edit`, edit(member.user.id), { name: member.user.name, role: 'member', is_seller: '1' })).statusCode).toBe(303)
    const entries = await activity(env, account)
    expect(entries.map((entry) => [entry.action, entry.target, entry.data])).toEqual([
      ['user.updated', `${account.seller.name} <${account.seller.email}>`, { changes: { is_default_seller: { from: true, to: false } } }],
      ['user.updated', `${member.user.name} <${member.user.email}>`, { changes: { is_seller: { from: false, to: true }, is_default_seller: { from: false, to: true } } }],
      ['user.updated', `${member.user.name} <${member.user.email}>`, { changes: { is_default_seller: { from: true, to: false }, active: { from: true, to: false } } }],
    ])

    // Another account's token, webhook and user: answered as missing, recorded nowhere.
    const strangerToken = stranger.account.token.id
    const hook = await stranger.agent.submit('/settings/webhooks/new', '/settings/webhooks', { url: 'https://93.184.216.34/alheio', events: 'proposal.signed', description: '', active: '1' })
    expect(hook.statusCode).toBe(200)
    const strangerHook = await env.db.selectFrom('webhook_endpoints').select('id').where('account_id', '=', stranger.account.id).executeTakeFirstOrThrow()
    const csrf = csrfTokenIn((await agent.get('/settings/integrations')).body)
    for (const url of [`/settings/integrations/tokens/${strangerToken}/revoke`, `/settings/integrations/tokens/${strangerToken}/regenerate`, `/settings/webhooks/${strangerHook.id}/delete`, `/settings/webhooks/${strangerHook.id}/rotate-secret`, `${edit(stranger.user.id)}/sessions/end`]) {
      expect((await agent.post(url, { _csrf: csrf })).statusCode, url).toBe(404)
    }
    expect(await activity(env, account)).toHaveLength(3)
    expect((await activity(env, stranger.account)).map((entry) => entry.action)).toEqual(['webhook.created'])
  })

  it('records concurrent saves of the settings one after the other, each from what the previous left', async () => {
    const admin = await signedInUser(env)
    const { agent, account } = admin
    const form = await settingsForm(agent)
    const csrf = csrfTokenIn((await agent.get('/settings/account')).body)
    const names = ['Alfa Ltda', 'Beta Ltda', 'Gama Ltda', 'Delta Ltda', 'Épsilon Ltda']
    const saved = await Promise.all(names.map((name) => agent.post('/settings/account', { _csrf: csrf, ...form, name })))
    expect(saved.map((response) => response.statusCode)).toEqual(names.map(() => 303))
    const chain = (await activity(env, account)).map((entry) => (entry.data.changes as { name: { from: string; to: string } }).name)
    const stored = await env.db.selectFrom('accounts').select('name').where('id', '=', account.id).executeTakeFirstOrThrow()
    // Every save changed the name, and the entries link up from the first name to the stored one.
    expect(chain).toHaveLength(names.length)
    expect(chain[0]!.from).toBe(account.account.name)
    for (let index = 1; index < chain.length; index++) expect(chain[index]!.from).toBe(chain[index - 1]!.to)
    expect(chain.at(-1)!.to).toBe(stored.name)
    expect(new Set(chain.map((change) => change.to))).toEqual(new Set(names))
  })

  it("records an integration's webhook changes through the API in its token's name and address", async () => {
    const admin = await signedInUser(env)
    const { account } = admin
    const api = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
      env.app.inject({ method, url: `/api/v1/webhooks${url}`, headers: account.auth, payload: payload as object, remoteAddress: '203.0.113.7' })
    const created = await api('POST', '', { url: 'https://93.184.216.34/api-hook', events: ['proposal.sent'] })
    expect(created.statusCode, created.body).toBe(201)
    const id = created.json().id as number
    expect((await api('PATCH', `/${id}`, { events: ['proposal.sent', 'proposal.signed'] })).statusCode).toBe(200)
    expect((await api('POST', `/${id}/rotate-secret`, {})).statusCode).toBe(200)
    expect((await api('DELETE', `/${id}`)).statusCode).toBe(204)
    // A refused change writes nothing.
    expect((await api('PATCH', `/${id}`, { events: ['proposal.sent'] })).statusCode).toBe(404)
    const entries = await activity(env, account)
    expect(entries.map((entry) => [entry.action, entry.actor, entry.ip])).toEqual(
      ['webhook.created', 'webhook.updated', 'webhook.secret_rotated', 'webhook.deleted'].map((action) => [action, `api_token:${account.token.name}`, '203.0.113.7']),
    )
    expect(entries[1]!.data).toEqual({ changes: { events: { from: ['proposal.sent'], to: ['proposal.sent', 'proposal.signed'] } } })
  })

  it('lists the activity through the API, newest first, filtered and paged; another account’s is not there', async () => {
    const admin = await signedInUser(env)
    const { agent, account } = admin
    const stranger = await signedInUser(env)
    await stranger.agent.submit('/settings/integrations', '/settings/integrations/tokens', { name: 'Alheio' })
    await agent.submit('/settings/integrations', '/settings/integrations/tokens', { name: 'ERP' })
    await agent.submit('/settings/webhooks/new', '/settings/webhooks', { url: 'https://93.184.216.34/lista?chave=x', events: 'proposal.signed', description: '', active: '1' })
    const list = (query = '') => env.app.inject({ method: 'GET', url: `/api/v1/account-activity${query}`, headers: account.auth })

    const all = await list()
    expect(all.statusCode, all.body).toBe(200)
    const body = all.json()
    expect(body.meta).toEqual({ page: 1, per_page: 50, total: 2, total_pages: 1 })
    expect(body.data.map((entry: { action: string }) => entry.action)).toEqual(['webhook.created', 'api_token.created'])
    expect(body.data[1]).toEqual({
      id: expect.any(Number), at: expect.any(String), subject: 'api_token', action: 'api_token.created',
      actor: { type: 'user', id: admin.user.id, name: admin.user.name }, ip: '127.0.0.1',
      target: { id: expect.any(Number), label: 'ERP' }, data: { prefix: expect.stringMatching(/^vdc_/), access: 'full' },
    })
    expect(body.data[0].target.label).toBe('https://93.184.216.34/lista?chave=…')
    expect(all.body).not.toContain('Alheio')

    const tokens = await list('?subject=api_token&per_page=1&page=1')
    expect(tokens.json().data.map((entry: { action: string }) => entry.action)).toEqual(['api_token.created'])
    expect(tokens.json().meta).toEqual({ page: 1, per_page: 1, total: 1, total_pages: 1 })
    const paged = await list('?per_page=1&page=2')
    expect(paged.json().data.map((entry: { action: string }) => entry.action)).toEqual(['api_token.created'])
    expect(paged.headers.link).toContain('rel="prev"')
    for (const query of ['?subject=documents', '?page=0', '?per_page=101', '?from=2026-01-01']) {
      const refused = await list(query)
      expect(refused.statusCode, query).toBe(422)
      expect(refused.json().code, query).toBe('validation_failed')
    }
    expect((await env.app.inject({ method: 'GET', url: '/api/v1/account-activity' })).statusCode).toBe(401)
    // The answers name people and addresses: the request log keeps the calls, not copies of them.
    await env.app.requestLog.flush()
    const logged = await env.db.selectFrom('request_logs').select(['status', 'response_body']).where('account_id', '=', account.id).where('path', '=', '/api/v1/account-activity').execute()
    expect(logged.filter((row) => row.status === 200).length).toBeGreaterThanOrEqual(3)
    for (const row of logged.filter((entry) => entry.status === 200)) expect(row.response_body).toBeNull()
  })

  it('walks the activity for an export by id, oldest first, leaving out the last seconds’ entries until they settle', async () => {
    const account = await makeAccount(env)
    const now = env.clock.now().getTime()
    const at = (secondsAgo: number) => ({ now: () => new Date(now - secondsAgo * 1000) })
    for (const [secondsAgo, label] of [[60, 'primeiro'], [30, 'segundo'], [20, 'terceiro'], [0, 'agora']] as const) {
      await recordActivity(env.db, at(secondsAgo), account.id, SUPPORT_ACTOR, { action: 'api_token.created', target: { id: null, label } })
    }
    const walk = async (afterId: number, extra = '') => {
      const response = await env.app.inject({ method: 'GET', url: `/api/v1/account-activity?after=${afterId}&per_page=2${extra}`, headers: account.auth })
      expect(response.statusCode, response.body).toBe(200)
      return response.json() as { data: Array<{ id: number; target: { label: string } }>; meta: { total: number } }
    }
    const first = await walk(0)
    expect(first.data.map((entry) => entry.target.label)).toEqual(['primeiro', 'segundo'])
    expect(first.meta.total).toBe(3)
    const second = await walk(first.data[1]!.id)
    expect(second.data.map((entry) => entry.target.label)).toEqual(['terceiro'])
    expect((await walk(second.data[0]!.id)).data).toEqual([])
    const combined = await env.app.inject({ method: 'GET', url: '/api/v1/account-activity?after=0&page=2', headers: account.auth })
    expect(combined.statusCode).toBe(422)
    expect(combined.json().errors).toEqual([expect.objectContaining({ path: '/page' })])
  })

  it("shows the activity to admins alone, newest first, filtered by subject, escaped, and never another account's", async () => {
    const admin = await signedInUser(env)
    const { agent, account } = admin
    const member = await signedInUser(env, { account, role: 'member' })
    const stranger = await signedInUser(env)
    await stranger.agent.submit('/settings/integrations', '/settings/integrations/tokens', { name: 'Token de outra conta' })
    await agent.submit('/settings/integrations', '/settings/integrations/tokens', { name: '<script>alert(1)</script>' })
    await agent.submit('/settings/webhooks/new', '/settings/webhooks', { url: 'https://93.184.216.34/visto', events: 'proposal.signed', description: '', active: '1' })

    const page = await agent.get('/settings/activity')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(ta.title)
    const rows = [...page.body.matchAll(/<tr data-activity="([a-z_.]+)"/g)].map((match) => match[1])
    expect(rows).toEqual(['webhook.created', 'api_token.created'])
    expect(page.body).toContain(`${ta.actions['api_token.created']} <strong>&lt;script>alert(1)&lt;/script></strong>`)
    expect(page.body).not.toContain('<script>alert(1)')
    expect(page.body).toContain(admin.user.name)
    expect(page.body).toContain('127.0.0.1')
    expect(page.body).not.toContain('Token de outra conta')

    const tokensOnly = await agent.get('/settings/activity?subject=api_token')
    expect([...tokensOnly.body.matchAll(/<tr data-activity="([a-z_.]+)"/g)].map((match) => match[1])).toEqual(['api_token.created'])
    // An unknown subject is everything, as a stale link would be.
    expect([...(await agent.get('/settings/activity?subject=nada')).body.matchAll(/<tr data-activity=/g)]).toHaveLength(2)
    expect((await agent.get('/settings/activity?subject=user')).body).toContain(ta.emptyFiltered)

    // Values as the rest of the app shows them; a hidden change says only that it changed.
    const settings = await agent.submit('/settings/account', '/settings/account', await settingsForm(agent, { document: '11.222.333/0001-81', discount_approval_above: '12,5', default_signer_message: 'Olá!' }))
    expect(settings.statusCode, settings.body).toBe(303)
    const shown = (await agent.get('/settings/activity?subject=account')).body
    expect(shown).toContain(`${ta.fields.document}: ${ta.emptyValue} → 11.222.333/0001-81`)
    expect(shown).toContain(`${ta.fields.discount_approval_above_bp}: ${ta.emptyValue} → 12,5%`)
    expect(shown).toContain('<li>Mensagem usual aos signatários alterada</li>')
    expect(shown).not.toContain('Olá!')

    expect((await member.agent.get('/settings/activity')).statusCode).toBe(403)
    expect((await stranger.agent.get('/settings/activity')).body).toContain('Token de outra conta')
    expect((await agent.get('/settings/account')).body).toContain('href="/settings/activity"')
  })

  it('forgets entries past the retention, every account alike, in batches', async () => {
    const [one, two] = [await makeAccount(env), await makeAccount(env)]
    const at = (iso: string) => ({ now: () => new Date(iso) })
    const now = env.clock.now().getTime()
    const daysAgo = (days: number) => at(new Date(now - days * 86_400_000).toISOString())
    for (const account of [one, two]) {
      for (const clock of [daysAgo(800), daysAgo(731), daysAgo(729), daysAgo(1)]) await recordActivity(env.db, clock, account.id, SUPPORT_ACTOR, { action: 'account.logo_removed' })
    }
    expect(await pruneAccountActivity(env.db, env.clock, { retentionDays: 730, batchSize: 1 })).toBeGreaterThanOrEqual(4)
    for (const account of [one, two]) expect(await activity(env, account)).toHaveLength(2)
    expect(await pruneAccountActivity(env.db, env.clock, { retentionDays: 730 })).toBe(0)
  })
})
