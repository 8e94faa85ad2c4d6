// The web app's foundation through app.inject on both databases: sign-up, login, logout, the
// session cookie and its expiry, CSRF, login throttling, roles, escaping, headers and error pages.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createUser } from '../../src/modules/accounts/users.js'
import { pruneWebSessions } from '../../src/modules/accounts/web-sessions.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, uniqueSuffix } from '../support/factories.js'
import { expectProblem } from '../support/http.js'
import { ManualClock } from '../support/manual-clock.js'
import type { TestApp } from '../support/test-app.js'
import { WebAgent, csrfTokenIn } from '../support/web-agent.js'

const PASSWORD = 'senha-forte-123'
const clock = new ManualClock()

function newPerson() {
  const suffix = uniqueSuffix()
  return { accountName: `Comercial ${suffix} Ltda`, name: `Ana ${suffix}`, email: `ana.${suffix}@vendoc.test`, password: PASSWORD }
}

let signUps = 0

/** Signed up from an address of its own, so the sign-up throttle (20 an hour per address) stays out of the way. */
async function signedUp(env: TestApp, person = newPerson()) {
  signUps += 1
  const agent = new WebAgent(env.app, `10.1.${Math.floor(signUps / 250)}.${(signUps % 250) + 1}`)
  const response = await agent.submit('/signup', '/signup', person)
  expect(response.statusCode, response.body).toBe(303)
  expect(response.headers.location).toBe('/dashboard')
  return { agent, person }
}

async function accountIdOf(env: TestApp, email: string): Promise<number> {
  const user = await env.db.selectFrom('users').select('account_id').where('email', '=', email).executeTakeFirstOrThrow()
  return user.account_id
}

describeEachDialect(
  'Web sign-up, login and sessions',
  (env) => {
    describe('happy path', () => {
      it('signs up on the basico plan, lands on the dashboard, logs out and logs back in', async () => {
        const { agent, person } = await signedUp(env)
        const user = await env.db.selectFrom('users').innerJoin('accounts', 'accounts.id', 'users.account_id').innerJoin('plans', 'plans.id', 'accounts.plan_id')
          .select(['users.role', 'users.password_hash', 'plans.code', 'accounts.name']).where('users.email', '=', person.email).executeTakeFirstOrThrow()
        expect(user).toMatchObject({ role: 'admin', code: 'basico', name: person.accountName })
        expect(user.password_hash).toMatch(/^scrypt\$/)

        const dashboard = await agent.get('/dashboard')
        expect(dashboard.statusCode).toBe(200)
        expect(dashboard.headers['content-type']).toMatch(/^text\/html/)
        expect(dashboard.body).toContain(person.accountName)
        expect(dashboard.body).toContain('Painel')
        expect(dashboard.body).toContain('Básico')

        const logout = await agent.post('/logout', { _csrf: csrfTokenIn(dashboard.body) })
        expect(logout.statusCode).toBe(303)
        expect(logout.headers.location).toBe('/login?logged_out')
        expect((await agent.get('/dashboard')).headers.location).toBe('/login?next=%2Fdashboard')

        const login = await agent.submit('/login', '/login', { email: person.email.toUpperCase(), password: PASSWORD })
        expect(login.statusCode).toBe(303)
        expect(login.headers.location).toBe('/dashboard')
        const again = await agent.get('/dashboard')
        expect(again.statusCode).toBe(200)
        expect(again.body).toContain(person.accountName)
      })

      it('sets an HttpOnly, SameSite=Lax session cookie and stores only its SHA-256', async () => {
        const { agent } = await signedUp(env)
        const token = agent.cookies.get('vendoc_session')!
        expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
        const login = await new WebAgent(env.app).get('/login')
        expect(String(login.headers['set-cookie'])).toMatch(/vendoc_csrf=.+; Path=\/; HttpOnly; SameSite=Lax/)
        const stored = await env.db.selectFrom('web_sessions').select('id').where('id', '=', createHash('sha256').update(token).digest('hex')).execute()
        expect(stored).toHaveLength(1)
        expect(await env.db.selectFrom('web_sessions').select('id').where('id', '=', token).execute()).toHaveLength(0)
      })

      it('sends / to the login page, or to the dashboard when signed in', async () => {
        expect((await new WebAgent(env.app).get('/')).headers.location).toBe('/login')
        const { agent } = await signedUp(env)
        expect((await agent.get('/')).headers.location).toBe('/dashboard')
        expect((await agent.get('/login')).headers.location).toBe('/dashboard')
      })

      it('returns to the page asked for after login, but never to another site', async () => {
        const { person } = await signedUp(env)
        const agent = new WebAgent(env.app)
        const login = await agent.submit('/login?next=%2Fsettings%2Fintegrations', '/login', { email: person.email, password: PASSWORD, next: '/settings/integrations' })
        expect(login.headers.location).toBe('/settings/integrations')
        const other = new WebAgent(env.app)
        const offsite = await other.submit('/login', '/login', { email: person.email, password: PASSWORD, next: '//evil.example/' })
        expect(offsite.headers.location).toBe('/dashboard')
      })
    })

    describe('errors', () => {
      it('refuses a wrong password or an unknown e-mail with the same message, keeping the e-mail', async () => {
        const { person } = await signedUp(env)
        for (const email of [person.email, `ninguem.${uniqueSuffix()}@vendoc.test`]) {
          const agent = new WebAgent(env.app)
          const response = await agent.submit('/login', '/login', { email, password: 'senha-errada' })
          expect(response.statusCode).toBe(401)
          expect(response.body).toContain('E-mail ou senha incorretos.')
          expect(response.body).toContain(`value="${email}"`)
          expect(agent.cookies.has('vendoc_session')).toBe(false)
        }
      })

      it('shows sign-up errors next to their fields and keeps what was typed', async () => {
        const agent = new WebAgent(env.app)
        const response = await agent.submit('/signup', '/signup', { accountName: 'Loja Azul', name: '', email: 'não-é-email', password: 'curta' })
        expect(response.statusCode).toBe(422)
        expect(response.body).toMatch(/id="field-name"[^>]*aria-invalid="true"/)
        expect(response.body).toContain('<p class="field-error" id="field-name-error">Preencha este campo.</p>')
        expect(response.body).toContain('id="field-email-error">Informe um e-mail válido')
        expect(response.body).toContain('id="field-password-error">A senha precisa ter pelo menos 8 caracteres.')
        expect(response.body).toContain('value="Loja Azul"')
        expect(response.body).not.toContain('value="curta"')
        expect(await env.db.selectFrom('accounts').select('id').where('name', '=', 'Loja Azul').execute()).toHaveLength(0)
      })

      it('refuses a second sign-up with a taken e-mail and creates no account', async () => {
        const { person } = await signedUp(env)
        const again = { ...newPerson(), email: person.email }
        const response = await new WebAgent(env.app).submit('/signup', '/signup', again)
        expect(response.statusCode).toBe(422)
        expect(response.body).toContain('Já existe um usuário com este e-mail.')
        expect(await env.db.selectFrom('accounts').select('id').where('name', '=', again.accountName).execute()).toHaveLength(0)
      })

      it('answers unknown web paths with a page, and unknown API paths with problem+json', async () => {
        const page = await new WebAgent(env.app).get('/nao-existe')
        expect(page.statusCode).toBe(404)
        expect(page.headers['content-type']).toMatch(/^text\/html/)
        expect(page.body).toContain('Página não encontrada')
        const api = await env.app.inject({ method: 'GET', url: '/api/nao-existe' })
        expect(api.statusCode).toBe(404)
        expect(api.headers['content-type']).toMatch(/^application\/problem\+json/)
      })
    })

    describe('security', () => {
      it('refuses every form without the right CSRF token (403) and does nothing', async () => {
        const { agent, person } = await signedUp(env)
        const visitor = new WebAgent(env.app)
        await visitor.get('/login')
        expect((await visitor.post('/login', { email: person.email, password: PASSWORD })).statusCode).toBe(403)
        expect((await visitor.post('/login', { _csrf: 'x'.repeat(43), email: person.email, password: PASSWORD })).statusCode).toBe(403)
        expect(visitor.cookies.has('vendoc_session')).toBe(false)
        // A token without the cookie it was issued with (another browser's) does not count.
        const stranger = new WebAgent(env.app)
        const page = await visitor.get('/signup')
        const forged = await stranger.post('/signup', { _csrf: csrfTokenIn(page.body), ...newPerson() })
        expect(forged.statusCode).toBe(403)
        expect(forged.body).toContain('Formulário expirado')

        const other = await signedUp(env)
        const otherToken = csrfTokenIn((await other.agent.get('/dashboard')).body)
        expect((await agent.post('/logout', { _csrf: otherToken })).statusCode).toBe(403)
        expect((await agent.post('/logout', {})).statusCode).toBe(403)
        expect((await agent.get('/dashboard')).statusCode).toBe(200)
      })

      it('ends a session after 12 hours idle, and 7 days after login however active', async () => {
        const { agent } = await signedUp(env)
        clock.advance(11 * 60 * 60 * 1000)
        expect((await agent.get('/dashboard')).statusCode).toBe(200)
        clock.advance(11 * 60 * 60 * 1000)
        expect((await agent.get('/dashboard')).statusCode).toBe(200)
        clock.advance(12 * 60 * 60 * 1000 + 1000)
        const idle = await agent.get('/dashboard')
        expect(idle.statusCode).toBe(303)
        expect(idle.headers.location).toMatch(/^\/login/)

        const { agent: busy } = await signedUp(env)
        for (let hours = 11; hours < 7 * 24; hours += 11) {
          clock.advance(11 * 60 * 60 * 1000)
          expect((await busy.get('/dashboard')).statusCode, `after ${hours} hours`).toBe(200)
        }
        clock.advance(11 * 60 * 60 * 1000)
        expect((await busy.get('/dashboard')).statusCode).toBe(303)
        expect(await env.db.selectFrom('web_sessions').select('id').where('id', '=', createHash('sha256').update(busy.cookies.get('vendoc_session') ?? '').digest('hex')).execute()).toHaveLength(0)
      })

      it('prunes expired sessions and keeps live ones', async () => {
        const { agent: old } = await signedUp(env)
        const oldId = createHash('sha256').update(old.cookies.get('vendoc_session')!).digest('hex')
        clock.advance(13 * 60 * 60 * 1000)
        const { agent: fresh } = await signedUp(env)
        const freshId = createHash('sha256').update(fresh.cookies.get('vendoc_session')!).digest('hex')
        expect(await pruneWebSessions(env.db, clock)).toBeGreaterThanOrEqual(1)
        const left = await env.db.selectFrom('web_sessions').select('id').where('id', 'in', [oldId, freshId]).execute()
        expect(left.map((row) => row.id)).toEqual([freshId])
      })

      it('throttles failed logins per e-mail and address, even with the right password', async () => {
        const { person } = await signedUp(env)
        const agent = new WebAgent(env.app, '10.0.0.7')
        for (let attempt = 0; attempt < 10; attempt += 1) {
          expect((await agent.submit('/login', '/login', { email: person.email, password: 'errada' })).statusCode).toBe(401)
        }
        const blocked = await agent.submit('/login', '/login', { email: person.email, password: PASSWORD })
        expect(blocked.statusCode).toBe(429)
        expect(blocked.body).toContain('Muitas tentativas')
        expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0)
        // Another address is not blocked by this one's failures.
        expect((await new WebAgent(env.app, '10.0.0.8').submit('/login', '/login', { email: person.email, password: PASSWORD })).statusCode).toBe(303)
        clock.advance(15 * 60 * 1000)
        expect((await agent.submit('/login', '/login', { email: person.email, password: PASSWORD })).statusCode).toBe(303)
      })

      it('throttles a burst of login attempts sent at once as if they came one by one', async () => {
        const { person } = await signedUp(env)
        const agent = new WebAgent(env.app, '10.0.0.9')
        const csrf = csrfTokenIn((await agent.get('/login')).body)
        // 30 attempts in flight together, the right password among them: the first 10 to arrive
        // are checked, the rest refused before their password is looked at.
        const passwords = Array.from({ length: 30 }, (_, index) => (index === 15 ? PASSWORD : `errada-${index}`))
        const answers = await Promise.all(passwords.map((password) => agent.post('/login', { _csrf: csrf, email: person.email, password })))
        const statuses = answers.map((answer) => answer.statusCode)
        expect(statuses.filter((status) => status === 429)).toHaveLength(20)
        expect(statuses.filter((status) => status !== 429).length).toBe(10)
        expect((await agent.post('/login', { _csrf: csrf, email: person.email, password: PASSWORD })).statusCode).toBe(429)
      })

      it('gives a successful login its attempt back: it is not a failure', async () => {
        const { person } = await signedUp(env)
        const agent = new WebAgent(env.app, '10.0.0.10')
        for (let attempt = 0; attempt < 9; attempt += 1) expect((await agent.submit('/login', '/login', { email: person.email, password: 'errada' })).statusCode).toBe(401)
        for (let attempt = 0; attempt < 3; attempt += 1) {
          const other = new WebAgent(env.app, '10.0.0.10')
          expect((await other.submit('/login', '/login', { email: person.email, password: PASSWORD })).statusCode).toBe(303)
        }
        expect((await agent.submit('/login', '/login', { email: person.email, password: 'errada' })).statusCode).toBe(401)
        expect((await agent.submit('/login', '/login', { email: person.email, password: PASSWORD })).statusCode).toBe(429)
      })

      it('throttles sign-ups per address, before any account is made', async () => {
        const address = '10.0.0.11'
        for (let attempt = 0; attempt < 20; attempt += 1) {
          // Refused forms count too: each one may hash a password.
          const person = attempt % 2 === 0 ? newPerson() : { ...newPerson(), password: 'curta' }
          expect((await new WebAgent(env.app, address).submit('/signup', '/signup', person)).statusCode).toBe(attempt % 2 === 0 ? 303 : 422)
        }
        const person = newPerson()
        const refused = await new WebAgent(env.app, address).submit('/signup', '/signup', person)
        expect(refused.statusCode).toBe(429)
        expect(refused.body).toContain('Muitas tentativas')
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
        expect(await env.db.selectFrom('users').select('id').where('email', '=', person.email).executeTakeFirst()).toBeUndefined()
        // Another address signs up.
        await signedUp(env)
        clock.advance(60 * 60 * 1000)
        expect((await new WebAgent(env.app, address).submit('/signup', '/signup', newPerson())).statusCode).toBe(303)
      })

      it('drops a return path a redirect cannot carry (non-ASCII) instead of failing the login', async () => {
        const { person } = await signedUp(env)
        const agent = new WebAgent(env.app)
        const login = await agent.submit('/login', '/login', { email: person.email, password: PASSWORD, next: '/日' })
        expect(login.statusCode).toBe(303)
        expect(login.headers.location).toBe('/dashboard')
        const again = await agent.get('/login?next=/%E6%97%A5')
        expect(again.statusCode).toBe(303)
        expect(again.headers.location).toBe('/dashboard')
        // An encoded one is kept.
        expect((await agent.get('/login?next=%2Fcustomers%3Fq%3D%25E6%2597%25A5')).headers.location).toBe('/customers?q=%E6%97%A5')
      })

      it('renders user text as text: an account named <script> is escaped', async () => {
        const { agent } = await signedUp(env, { ...newPerson(), accountName: '<script>alert(1)</script>', name: '"><img src=x onerror=alert(1)>' })
        const dashboard = await agent.get('/dashboard')
        expect(dashboard.statusCode).toBe(200)
        expect(dashboard.body).toContain('&lt;script>alert(1)&lt;/script>')
        expect(dashboard.body).not.toContain('<script>alert(1)')
        expect(dashboard.body).not.toContain('<img src=x')
      })

      it('lets admins open integrations and answers 403 to members', async () => {
        const { agent: admin, person } = await signedUp(env)
        const page = await admin.get('/settings/integrations')
        expect(page.statusCode).toBe(200)
        expect(page.body).toContain('Integrações')

        const memberEmail = `membro.${uniqueSuffix()}@vendoc.test`
        await createUser(env.db, env.clock, { accountId: await accountIdOf(env, person.email), email: memberEmail, name: 'Membro', role: 'member', password: PASSWORD })
        const member = new WebAgent(env.app)
        expect((await member.submit('/login', '/login', { email: memberEmail, password: PASSWORD })).statusCode).toBe(303)
        const dashboard = await member.get('/dashboard')
        expect(dashboard.statusCode).toBe(200)
        expect(dashboard.body).not.toContain('/settings/integrations')
        const forbidden = await member.get('/settings/integrations')
        expect(forbidden.statusCode).toBe(403)
        expect(forbidden.body).toContain('Acesso negado')
        expect((await new WebAgent(env.app).get('/settings/integrations')).statusCode).toBe(303)
      })

      it('keeps the form parser, sessions and CSRF out of the API', async () => {
        const account = await makeAccount(env)
        const { agent } = await signedUp(env)
        const response = await env.app.inject({
          method: 'POST',
          url: '/api/v1/proposals',
          headers: { ...account.auth, cookie: `vendoc_session=${agent.cookies.get('vendoc_session')}`, 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'customer_id=1',
        })
        expectProblem(response, 415, 'unsupported_media_type')
        expect(response.headers['set-cookie']).toBeUndefined()
        // A session cookie alone is no API credential.
        const cookieOnly = await env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: { cookie: `vendoc_session=${agent.cookies.get('vendoc_session')}` } })
        expect(cookieOnly.statusCode).toBe(401)
      })

      it('sends security headers with pages and serves the stylesheet', async () => {
        const page = await new WebAgent(env.app).get('/login')
        expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'")
        expect(page.headers['content-security-policy']).toContain("script-src 'self'")
        expect(page.headers['content-security-policy']).not.toContain('unsafe-inline')
        expect(page.headers['x-content-type-options']).toBe('nosniff')
        expect(page.headers['referrer-policy']).toBe('same-origin')
        expect(page.headers['cache-control']).toBe('no-store')
        const href = /<link rel="stylesheet" href="([^"]+)"/.exec(page.body)![1]!
        const css = await env.app.inject({ method: 'GET', url: href })
        expect(css.statusCode).toBe(200)
        expect(css.headers['content-type']).toMatch(/^text\/css/)
        expect(css.body).toContain(':focus-visible')
      })
    })
  },
  { clock },
)

describeEachDialect(
  'Web session cookie behind HTTPS',
  (env) => {
    it('marks the cookies Secure when PUBLIC_URL is https', async () => {
      const agent = new WebAgent(env.app)
      const response = await agent.submit('/signup', '/signup', newPerson())
      expect(response.statusCode).toBe(303)
      expect(String(response.headers['set-cookie'])).toMatch(/vendoc_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=604800; Secure/)
    })
  },
  { env: { PUBLIC_URL: 'https://vendoc.example' } },
)
