// An account that requires two-step verification of every user (Configurações → Conta →
// Segurança), on both databases: the admin must have it first; a user without it, already signed
// in, is held at Minha conta (every other page and form sends them there, and changes nothing)
// until they set it up; nobody can turn theirs off while it is required; another account is not
// touched; lifting the requirement frees those without it.
import { expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { describeEachDialect } from '../support/dialects.js'
import { ManualClock } from '../support/manual-clock.js'
import type { TestApp } from '../support/test-app.js'
import { turnOnTwoFactor } from '../support/two-factor.js'
import { csrfTokenIn, WebAgent } from '../support/web-agent.js'
import { audienceOf, isWebPage } from '../security/support/access-web-roles.js'
import { fillWebPath, ownRecords, webRoutes } from '../security/support/web-own-records.js'
import { signedInUser, WEB_PASSWORD } from '../support/web-login.js'

const clock = new ManualClock('2026-12-06T12:00:00.000Z')
const s = t.accountSettings.security
const HELD = '/account/password#duas-etapas'

async function setPolicy(agent: WebAgent, required: boolean) {
  return agent.submit('/settings/account', '/settings/account/security', required ? { require_two_factor: '1' } : {})
}

async function required(env: TestApp, accountId: number): Promise<boolean> {
  return Boolean((await env.db.selectFrom('accounts').select('require_two_factor').where('id', '=', accountId).executeTakeFirstOrThrow()).require_two_factor)
}

describeEachDialect('requiring two-step verification of every user', (env) => {
  it('takes the admin’s own first, then holds a user without it at its setup until they set it up', async () => {
    const admin = await signedInUser(env)
    const member = await signedInUser(env, { account: admin.account, role: 'member' })
    const bystander = await signedInUser(env)

    const refused = await setPolicy(admin.agent, true)
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain(s.ownFirst)
    expect(await required(env, admin.account.id)).toBe(false)

    await turnOnTwoFactor(admin.agent, clock)
    clock.advance(30_000)
    // Users who can sign in and lack it: the member (the account's seller has no password).
    const page = await admin.agent.get('/settings/account')
    expect(page.body).toContain(s.usersWithout(1))
    expect((await setPolicy(admin.agent, true)).statusCode).toBe(303)
    expect(await required(env, admin.account.id)).toBe(true)
    expect((await admin.agent.get('/settings/account')).body).toMatch(/name="require_two_factor" value="1" checked/)

    // The member, signed in before, is held: pages and forms send them to the setup, changing nothing.
    for (const url of ['/dashboard', '/customers', '/proposals/new', '/registration-data/products', '/account/password?x=/dashboard']) {
      const response = await member.agent.get(url)
      if (url.startsWith('/account/password')) expect(response.statusCode, url).toBe(200)
      else expect(response.headers.location, url).toBe(HELD)
    }
    const own = await member.agent.get('/account/password')
    expect(own.statusCode).toBe(200)
    expect(own.body).toContain(t.ownPassword.twoFactor.requiredByAccount)
    const customers = () => env.db.selectFrom('customers').select('id').where('account_id', '=', admin.account.id).execute()
    const posted = await member.agent.post('/customers', { _csrf: csrfTokenIn(own.body), name: 'Não deveria existir' })
    expect(posted.headers.location).toBe(HELD)
    expect(await customers()).toEqual([])
    const notices = await member.agent.post('/account/notifications', { _csrf: csrfTokenIn(own.body) })
    expect(notices.headers.location).toBe(HELD)
    // Ending their other sessions stays open: the password alone opens one.
    const elsewhere = new WebAgent(env.app, '198.51.100.3')
    expect((await elsewhere.submit('/login', '/login', { email: member.user.email, password: WEB_PASSWORD })).statusCode).toBe(303)
    const endOthers = await member.agent.post('/account/sessions/end-others', { _csrf: csrfTokenIn(own.body) })
    expect(endOthers.headers.location).toBe('/account/password#sessoes')
    expect((await elsewhere.get('/account/password')).headers.location).toMatch(/^\/login/)
    expect((await member.agent.get('/account/password')).body).toContain(t.ownPassword.sessions.othersEnded(1))
    // A message for the next page survives the pages that send a held user back to the setup.
    const changed = await member.agent.post('/account/password', { _csrf: csrfTokenIn(own.body), current_password: WEB_PASSWORD, new_password: 'senha-nova-forte-7', confirmation: 'senha-nova-forte-7' })
    expect(changed.headers.location).toBe('/dashboard')
    expect((await member.agent.get('/dashboard')).headers.location).toBe(HELD)
    expect((await member.agent.get('/account/password')).body).toContain(t.ownPassword.saved)

    // Another account's users are not held.
    expect((await bystander.agent.get('/dashboard')).statusCode).toBe(200)

    await turnOnTwoFactor(member.agent, clock, 'senha-nova-forte-7')
    expect((await member.agent.get('/dashboard')).statusCode).toBe(200)
    expect((await admin.agent.get('/settings/account')).body).toContain(s.usersWithout(0))
  })

  it('holds a user at every page and form of the route table but Minha conta, a new password, the setup and ending other sessions', async () => {
    const admin = await signedInUser(env)
    const member = await signedInUser(env, { account: admin.account, role: 'member' })
    await turnOnTwoFactor(admin.agent, clock)
    clock.advance(30_000)
    expect((await setPolicy(admin.agent, true)).statusCode).toBe(303)
    const records = await ownRecords(env, admin.account)
    const csrf = csrfTokenIn((await member.agent.get('/account/password')).body)
    const open: string[] = []
    for (const method of ['GET', 'POST'] as const) {
      for (const route of webRoutes(env, method)) {
        if (!isWebPage(route.url) || audienceOf(method, route.url) === 'public') continue
        const url = fillWebPath(route.url, records)
        const answer = method === 'GET' ? await member.agent.get(url) : await member.agent.post(url, { _csrf: csrf })
        // Held: sent to the setup, and no message of a form's own (which some of Minha conta's send there too).
        const held = answer.headers.location === HELD && !String(answer.headers['set-cookie'] ?? '').includes('vendoc_flash=')
        if (!held) open.push(`${method} ${route.url}`)
      }
    }
    expect(open.sort()).toEqual([
      'GET /account/password', 'POST /account/password', 'POST /account/sessions/:handle/end', 'POST /account/sessions/end-others', 'POST /account/two-factor/enable', 'POST /account/two-factor/setup',
    ])
  })

  it('keeps it on while required, and frees those without it when the requirement is lifted', async () => {
    const admin = await signedInUser(env)
    const member = await signedInUser(env, { account: admin.account, role: 'member' })
    const late = await signedInUser(env, { account: admin.account, role: 'member' })
    await turnOnTwoFactor(admin.agent, clock)
    await turnOnTwoFactor(member.agent, clock)
    clock.advance(30_000)
    expect((await setPolicy(admin.agent, true)).statusCode).toBe(303)

    const own = await member.agent.get('/account/password')
    expect(own.body).toContain(t.ownPassword.twoFactor.cannotDisable)
    expect(own.body).not.toContain('action="/account/two-factor/disable"')
    const disable = await member.agent.post('/account/two-factor/disable', { _csrf: csrfTokenIn(own.body), password: 'qualquer', code: '000000' })
    expect(disable.statusCode).toBe(303)
    expect(await env.db.selectFrom('user_authenticators').select('secret').where('user_id', '=', member.user.id).executeTakeFirstOrThrow()).toMatchObject({ secret: expect.any(String) })

    expect((await late.agent.get('/dashboard')).headers.location).toBe(HELD)
    expect((await setPolicy(admin.agent, false)).statusCode).toBe(303)
    expect(await required(env, admin.account.id)).toBe(false)
    // A value the checkbox does not send changes nothing.
    expect((await admin.agent.submit('/settings/account', '/settings/account/security', { require_two_factor: 'sim' })).statusCode).toBe(303)
    expect(await required(env, admin.account.id)).toBe(false)
    expect((await late.agent.get('/dashboard')).statusCode).toBe(200)
    // A member cannot change the requirement.
    const denied = await member.agent.post('/settings/account/security', { _csrf: csrfTokenIn(own.body), require_two_factor: '1' })
    expect(denied.statusCode).toBe(403)
    expect(await required(env, admin.account.id)).toBe(false)
  })
}, { clock })
