// CSRF on every form of the web app, walked from the route table: a new POST route is covered
// without anyone listing it. Every POST is refused with 403 — and the database is left exactly as
// it was — when the `_csrf` field is missing, wrong, another signed-in session's token, the
// visitor token this browser had before login, or sent in the query string instead of the body.
//
// No route is exempt: one preHandler of the web plugin (src/http/web/index.tsx) checks every POST.
// The forms shown before a session exists cannot use a session's token; they use a double-submit
// token instead (cookie `vendoc_csrf` = field `_csrf`), tested here as a visitor:
//   POST /login, POST /signup           — no session yet;
//   POST /sign/:token, /sign/:token/code, /sign/:token/reject — the signer has no account; the link is the credential.
import { expect, it } from 'vitest'
import { describeEachDialect } from '../support/dialects.js'
import type { TestApp } from '../support/test-app.js'
import { csrfTokenIn, WebAgent } from '../support/web-agent.js'
import { signedInUser, WEB_PASSWORD } from '../support/web-login.js'
import { snapshotTables } from './support/web-table-snapshot.js'
import { fillWebPath, ownRecords, webRoutes } from './support/web-own-records.js'

/** The forms that work without a session, protected by the visitor's double-submit cookie. */
const PRE_SESSION_FORMS = ['/login', '/login/two-factor', '/login/two-factor/key', '/signup', '/sign/:token', '/sign/:token/code', '/sign/:token/reject', '/forgot-password', '/reset-password/:token', '/verify']

/** Fields that would make most forms valid, so that only the token stands between the request and a change. */
function plausibleFields(email: string): Record<string, string> {
  return {
    name: 'Forjado', code: 'FORJ-1', kind: 'product', unit: 'un', price: '10,00', max_installments: '1', body: 'forjado', description: 'forjado',
    email, password: WEB_PASSWORD, accountName: 'Forjada Ltda', role: 'admin', url: 'https://example.com/hook', events: 'proposal.sent', active: '1',
    document: '', reason: 'forjado', consent: '1', signature_kind: 'typed', signature_text: 'Maria Souza', label: 'forjado', confirmation: WEB_PASSWORD,
  }
}

/** Forms that take a file and nothing else (any other body is a 415 before it is read): forged as a browser would send them. */
const MULTIPART_ONLY_FORMS = ['/verify']

async function attempt(env: TestApp, agent: WebAgent, url: string, fields: Record<string, string>, label: string) {
  const multipart = MULTIPART_ONLY_FORMS.includes(url.split('?')[0]!)
  const response = multipart ? await agent.postMultipart(url, fields) : await agent.post(url, fields)
  expect(response.statusCode, `${label}: POST ${url}`).toBe(403)
  expect(response.body, `${label}: POST ${url}`).toContain('Formulário expirado')
}

describeEachDialect('CSRF on every form', (env) => {
  it('refuses every signed-in POST without this session’s token, changing nothing', async () => {
    const { agent, account, user } = await signedInUser(env)
    const other = await signedInUser(env)
    const records = await ownRecords(env, account)
    const ownToken = csrfTokenIn((await agent.get('/dashboard')).body)
    const otherToken = csrfTokenIn((await other.agent.get('/dashboard')).body)
    const visitorToken = agent.cookies.get('vendoc_csrf')
    expect(visitorToken, 'the login page handed this browser a visitor token').toBeDefined()
    expect(new Set([ownToken, otherToken, visitorToken]).size).toBe(3)

    const routes = webRoutes(env, 'POST')
    // Auth, customers, documents and their actions, five kinds of registration data, template preview, tokens, signing, webhooks.
    expect(routes.length).toBeGreaterThanOrEqual(30)
    const before = await snapshotTables(env.db)
    const fields = plausibleFields(user.email)
    let attempts = 0
    for (const route of routes) {
      const url = fillWebPath(route.url, records)
      const variants: Array<[string, string, Record<string, string>]> = [
        ['no _csrf', url, fields],
        ['empty _csrf', url, { ...fields, _csrf: '' }],
        ['wrong _csrf', url, { ...fields, _csrf: ownToken.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A')) }],
        ['another session’s token', url, { ...fields, _csrf: otherToken }],
        ['the pre-login visitor token', url, { ...fields, _csrf: visitorToken! }],
        ['token in the query string', `${url}?_csrf=${ownToken}`, fields],
      ]
      for (const [label, target, body] of variants) {
        await attempt(env, agent, target, body, label)
        attempts += 1
      }
    }
    expect(await snapshotTables(env.db)).toEqual(before)
    // Still signed in: the refused logouts did not end the session.
    expect((await agent.get('/dashboard')).statusCode).toBe(200)
    console.info(`[csrf ${env.dialect}] ${routes.length} POST routes × 6 forgeries = ${attempts} requests, all 403, no row changed`)

    // The control: the same kind of request with the right token does change things, so the snapshot can see a change.
    const created = await agent.post('/customers', { _csrf: ownToken, name: 'Cliente Legítimo', document: '', email: '', code: '' })
    expect(created.statusCode, created.body).toBe(303)
    expect(await snapshotTables(env.db)).not.toEqual(before)
    expect((await agent.post('/logout', { _csrf: ownToken })).statusCode).toBe(303)
  })

  it('protects the pre-session forms with the visitor’s double-submit cookie', async () => {
    const { account, user } = await signedInUser(env)
    const records = await ownRecords(env, account)
    const forms = webRoutes(env, 'POST').filter((route) => PRE_SESSION_FORMS.includes(route.url))
    expect(forms.map((route) => route.url).sort()).toEqual([...PRE_SESSION_FORMS].sort())

    const visitor = new WebAgent(env.app)
    const page = await visitor.get('/login')
    const token = csrfTokenIn(page.body)
    expect(visitor.cookies.get('vendoc_csrf')).toBe(token)
    const stranger = new WebAgent(env.app)
    await stranger.get('/login')
    const strangerToken = stranger.cookies.get('vendoc_csrf')!
    const fields = plausibleFields(user.email)
    const before = await snapshotTables(env.db)
    let attempts = 0
    for (const route of forms) {
      const url = fillWebPath(route.url, records)
      await attempt(env, visitor, url, fields, 'visitor without _csrf')
      await attempt(env, visitor, url, { ...fields, _csrf: 'x'.repeat(token.length) }, 'visitor with a made-up token')
      await attempt(env, visitor, url, { ...fields, _csrf: strangerToken }, 'visitor with another visitor’s token')
      // A page's token carried to a browser that never got the cookie (what a forging site can do at best).
      await attempt(env, new WebAgent(env.app), url, { ...fields, _csrf: token }, 'token without its cookie')
      attempts += 4
    }
    expect(await snapshotTables(env.db)).toEqual(before)
    expect(visitor.cookies.has('vendoc_session')).toBe(false)
    console.info(`[csrf ${env.dialect}] ${forms.length} pre-session forms × 4 forgeries = ${attempts} requests, all 403, no row changed`)

    // The control: the real form with its token logs in.
    const login = await visitor.post('/login', { _csrf: token, email: user.email, password: WEB_PASSWORD })
    expect(login.statusCode).toBe(303)
    expect(visitor.cookies.has('vendoc_session')).toBe(true)
  })
})
