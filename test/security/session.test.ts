// Web sessions against fixation and replay: a session cookie present before login — made up by an
// attacker, or a real session of the attacker's planted in the victim's browser — is never the
// one used after login; login issues a new id and deletes the old one; logout deletes the session
// on the server, so a copy of the old cookie no longer opens anything. Every cookie the app sets
// is HttpOnly and SameSite, and Secure exactly when PUBLIC_URL is https.
// Login throttling (10 failures per e-mail and address, then 429 with Retry-After) is proven in
// test/web/web-auth.test.ts ('throttles failed logins per e-mail and address…'), not repeated here.
import { createHash } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeEachDialect } from '../support/dialects.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'
import { csrfTokenIn, WebAgent } from '../support/web-agent.js'
import { signedInUser, WEB_PASSWORD } from '../support/web-login.js'

const SESSION = 'vendoc_session'

function sessionRowId(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

async function sessionRows(env: TestApp, token: string) {
  return env.db.selectFrom('web_sessions').select('id').where('id', '=', sessionRowId(token)).execute()
}

/** Whether a browser holding only this session cookie is signed in. */
async function opensDashboard(env: TestApp, token: string): Promise<boolean> {
  const response = await env.app.inject({ method: 'GET', url: '/dashboard', headers: { cookie: `${SESSION}=${token}` } })
  if (response.statusCode === 200) return true
  expect(response.statusCode).toBe(303)
  expect(response.headers.location).toBe('/login?next=%2Fdashboard')
  return false
}

async function logIn(agent: WebAgent, email: string): Promise<LightMyRequestResponse> {
  const response = await agent.submit('/login', '/login', { email, password: WEB_PASSWORD })
  expect(response.statusCode, response.body).toBe(303)
  return response
}

function fixationSuite(env: TestApp) {
  it('never promotes a made-up session id planted before login', async () => {
    const { user } = await signedInUser(env)
    const forged = 'A'.repeat(43)
    const victim = new WebAgent(env.app)
    victim.cookies.set(SESSION, forged)
    // The unknown id is dropped on the first visit…
    const loginPage = await victim.get('/login')
    expect(String(loginPage.headers['set-cookie'])).toMatch(/vendoc_session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0/)
    // …and even re-planted right before the login form is sent, it is not the one issued.
    victim.cookies.set(SESSION, forged)
    await victim.post('/login', { _csrf: csrfTokenIn(loginPage.body), email: user.email, password: WEB_PASSWORD })
    const issued = victim.cookies.get(SESSION)!
    expect(issued).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(issued).not.toBe(forged)
    expect(await sessionRows(env, forged)).toHaveLength(0)
    expect(await opensDashboard(env, forged)).toBe(false)
    expect(await opensDashboard(env, issued)).toBe(true)
  })

  it('gives a new id at login and deletes a real session planted in the browser before it', async () => {
    // The attacker signs in to their own account and plants that session's cookie in the victim's browser.
    const attacker = await signedInUser(env)
    const planted = attacker.agent.cookies.get(SESSION)!
    const victimUser = await signedInUser(env)
    const victim = new WebAgent(env.app)
    victim.cookies.set(SESSION, planted)
    // The planted session's own form token (what its page would carry), so the login is accepted as a form.
    const dashboard = await victim.get('/dashboard')
    expect(dashboard.statusCode).toBe(200)
    const login = await victim.post('/login', { _csrf: csrfTokenIn(dashboard.body), email: victimUser.user.email, password: WEB_PASSWORD })
    expect(login.statusCode).toBe(303)
    const issued = victim.cookies.get(SESSION)!
    expect(issued).not.toBe(planted)
    expect(await sessionRows(env, planted)).toHaveLength(0)
    expect(await opensDashboard(env, planted)).toBe(false)
    const page = await victim.get('/dashboard')
    expect(page.body).toContain(victimUser.account.account.name)
    expect(page.body).not.toContain(attacker.account.account.name)
  })

  it('issues a session id unrelated to any cookie of the anonymous visit, and a new form token', async () => {
    const { user } = await signedInUser(env)
    const visitor = new WebAgent(env.app)
    const loginPage = await visitor.get('/login')
    const before = new Map(visitor.cookies)
    const visitorToken = csrfTokenIn(loginPage.body)
    await visitor.post('/login', { _csrf: visitorToken, email: user.email, password: WEB_PASSWORD })
    const issued = visitor.cookies.get(SESSION)!
    expect([...before.values()]).not.toContain(issued)
    const formToken = csrfTokenIn((await visitor.get('/dashboard')).body)
    expect(formToken).not.toBe(visitorToken)
    expect(formToken).not.toBe(issued)
  })

  it('logs out on the server: the old cookie no longer works anywhere, and the next login gets another id', async () => {
    const { agent, user } = await signedInUser(env)
    const first = agent.cookies.get(SESSION)!
    expect(await sessionRows(env, first)).toHaveLength(1)
    const copy = new WebAgent(env.app)
    copy.cookies.set(SESSION, first)
    expect((await copy.get('/customers')).statusCode).toBe(200)
    const formToken = csrfTokenIn((await agent.get('/dashboard')).body)

    const logout = await agent.post('/logout', { _csrf: formToken })
    expect(logout.statusCode).toBe(303)
    expect(agent.cookies.has(SESSION)).toBe(false)
    expect(await sessionRows(env, first)).toHaveLength(0)
    // The copy (a stolen cookie, another tab) is dead for pages and for forms.
    expect(await opensDashboard(env, first)).toBe(false)
    for (const url of ['/customers', '/settings/integrations', '/registration-data/templates']) {
      const response = await copy.get(url)
      expect(response.statusCode, url).toBe(303)
      expect(response.headers.location, url).toMatch(/^\/login\?next=/)
    }
    const replayedForm = await env.app.inject({
      method: 'POST', url: '/customers', headers: { cookie: `${SESSION}=${first}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: formToken, name: 'Depois do logout' }).toString(),
    })
    expect(replayedForm.statusCode).toBe(403)
    expect(await env.db.selectFrom('customers').select('id').where('name', '=', 'Depois do logout').execute()).toHaveLength(0)

    await logIn(agent, user.email)
    const second = agent.cookies.get(SESSION)!
    expect(second).not.toBe(first)
    expect(await opensDashboard(env, second)).toBe(true)
  })

  it('does not accept a session id changed by one character', async () => {
    const { agent } = await signedInUser(env)
    const token = agent.cookies.get(SESSION)!
    const altered = token.replace(/^./, (first) => (first === 'a' ? 'b' : 'a'))
    expect(await opensDashboard(env, altered)).toBe(false)
    expect(await opensDashboard(env, token)).toBe(true)
  })
}

/** Every Set-Cookie the app sends on the way through sign-in, a saved form (flash), and logout. */
async function cookiesSetOnAJourney(env: TestApp): Promise<string[]> {
  const seen: string[] = []
  const keep = (response: LightMyRequestResponse) => {
    const header = response.headers['set-cookie']
    seen.push(...(header === undefined ? [] : Array.isArray(header) ? header : [String(header)]))
    return response
  }
  const { user } = await signedInUser(env)
  const agent = new WebAgent(env.app)
  keep(await agent.get('/login'))
  const login = keep(await agent.post('/login', { _csrf: agent.cookies.get('vendoc_csrf')!, email: user.email, password: WEB_PASSWORD }))
  expect(login.statusCode).toBe(303)
  const form = await agent.get('/customers/new')
  const saved = keep(await agent.post('/customers', { _csrf: csrfTokenIn(form.body), name: 'Cliente do cookie' }))
  expect(saved.statusCode).toBe(303)
  keep(await agent.get(String(saved.headers.location)))
  keep(await agent.post('/logout', { _csrf: csrfTokenIn(form.body) }))
  // An unknown session cookie is cleared.
  keep(await env.app.inject({ method: 'GET', url: '/login', headers: { cookie: `${SESSION}=${'Z'.repeat(43)}` } }))
  return seen
}

function expectCookieFlags(cookies: string[], secure: boolean) {
  const names = new Set(cookies.map((cookie) => cookie.split('=')[0]))
  // The session, the visitor's form token and the flash message, each set and cleared.
  expect([...names].sort()).toEqual(['vendoc_csrf', 'vendoc_flash', 'vendoc_session'])
  for (const cookie of cookies) {
    const attributes = cookie.split(';').slice(1).map((part) => part.trim().toLowerCase())
    expect(attributes, cookie).toContain('httponly')
    expect(attributes, cookie).toContain('path=/')
    expect(attributes.some((attribute) => attribute === 'samesite=lax' || attribute === 'samesite=strict'), cookie).toBe(true)
    expect(attributes.includes('secure'), cookie).toBe(secure)
    expect(attributes.some((attribute) => attribute.startsWith('domain=')), `${cookie}: host-only`).toBe(false)
  }
}

// Behind https (both databases): fixation and logout, and every cookie Secure.
describeEachDialect(
  'web sessions behind https',
  (env) => {
    fixationSuite(env)
    it('sets every cookie HttpOnly, SameSite, host-only and Secure', async () => {
      const cookies = await cookiesSetOnAJourney(env)
      expect(cookies.length).toBeGreaterThanOrEqual(6)
      expectCookieFlags(cookies, true)
    })
  },
  { env: { PUBLIC_URL: 'https://vendoc.example' } },
)

// Behind plain http the flags are all that differ, and they do not depend on the database.
describe('web cookie flags behind plain http [sqlite]', () => {
  let env: TestApp
  beforeAll(async () => {
    env = await buildTestApp('sqlite')
  })
  afterAll(async () => {
    await env?.close()
  })
  it('sets every cookie HttpOnly, SameSite and host-only, without Secure (a browser would drop it over http)', async () => {
    expectCookieFlags(await cookiesSetOnAJourney(env), false)
  })
})
