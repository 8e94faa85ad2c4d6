// Two-step verification through the pages, on both databases, with a clock the test moves (codes
// change every 30 s): setting it up (QR code and key; a wrong first code keeps it off), signing in
// (the password alone gives no session; the app's code does, once; a recovery code does, once;
// five wrong codes end the challenge; the login's throttle counts wrong codes), renewing the
// recovery codes, turning it off (password and code), and an admin's reset for a lost phone.
// The codes are computed from the key the page shows, as an authenticator app would.
import { expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { LOGIN_FAILURE_LIMIT, LOGIN_FAILURE_WINDOW_MS } from '../../src/http/web/index.js'
import { LOGIN_CHALLENGE_MAX_FAILURES } from '../../src/modules/accounts/login-challenges.js'
import { describeEachDialect } from '../support/dialects.js'
import { ManualClock } from '../support/manual-clock.js'
import type { TestApp } from '../support/test-app.js'
import { appCodeAt, codesIn, keyIn, turnOnTwoFactor } from '../support/two-factor.js'
import { csrfTokenIn, WebAgent } from '../support/web-agent.js'
import { signedInUser, WEB_PASSWORD, type SignedInUser } from '../support/web-login.js'

const clock = new ManualClock('2026-12-06T12:00:00.000Z')
const OWN = '/account/password'

/** The app's code now (or `steps` steps from now). */
function appCode(key: string, steps = 0): string {
  return appCodeAt(clock, key, steps)
}

/** The next 30-second step: a code used once is refused until the app shows the next one. */
function nextStep(): void {
  clock.advance(30_000)
}

async function turnOn(user: SignedInUser): Promise<{ key: string; codes: string[] }> {
  const result = await turnOnTwoFactor(user.agent, clock)
  nextStep()
  return result
}

/** The password step of the login, from a fresh browser; returns that browser. */
async function passwordStep(env: TestApp, email: string, remoteAddress = '127.0.0.1'): Promise<WebAgent> {
  const agent = new WebAgent(env.app, remoteAddress)
  const login = await agent.submit('/login', '/login', { email, password: WEB_PASSWORD })
  expect(login.statusCode, login.body).toBe(303)
  expect(login.headers.location).toBe('/login/two-factor')
  return agent
}

async function codeStep(agent: WebAgent, code: string) {
  return agent.submit('/login/two-factor', '/login/two-factor', { code })
}

/** The security notices e-mailed to `email`, oldest first: subject and text. */
async function noticesTo(env: TestApp, email: string): Promise<Array<{ subject: string; text_body: string }>> {
  return env.db.selectFrom('outbox_emails').select(['subject', 'text_body']).where('kind', '=', 'security_notice').where('to_address', '=', email).orderBy('id').execute()
}

async function isSignedIn(agent: WebAgent): Promise<boolean> {
  return (await agent.get('/dashboard')).statusCode === 200
}

describeEachDialect('two-step verification (web)', (env) => {
  it('turns on with the first code of the key shown, and not with a wrong one', async () => {
    const user = await signedInUser(env)
    const page = await user.agent.get(OWN)
    expect(page.body).toContain(t.ownPassword.twoFactor.start)
    const setup = await user.agent.submit(OWN, '/account/two-factor/setup', {})
    const key = keyIn(setup.body)
    const wrong = String((Number(appCode(key)) + 1) % 1_000_000).padStart(6, '0')
    const refused = await user.agent.post('/account/two-factor/enable', { _csrf: csrfTokenIn(setup.body), code: wrong, password: WEB_PASSWORD })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toMatch(new RegExp(`id="field-code-error">${t.ownPassword.twoFactor.errors.invalid_code}<`))
    // The right code without the password (a session left open) is refused too.
    const noPassword = await user.agent.post('/account/two-factor/enable', { _csrf: csrfTokenIn(setup.body), code: appCode(key), password: 'nao-e-a-senha' })
    expect(noPassword.statusCode).toBe(422)
    expect(noPassword.body).toMatch(new RegExp(`id="field-password-error">${t.ownPassword.twoFactor.errors.wrong_password}<`))
    // The same key again beside the error: the app already holds it.
    expect(keyIn(refused.body)).toBe(key)
    expect(await env.db.selectFrom('user_authenticators').select(['secret', 'pending_secret']).where('user_id', '=', user.user.id).executeTakeFirstOrThrow()).toEqual({ secret: null, pending_secret: key })
    // Signing in still takes the password alone.
    const agent = new WebAgent(env.app)
    expect((await agent.submit('/login', '/login', { email: user.user.email, password: WEB_PASSWORD })).headers.location).toBe('/dashboard')

    // Another browser signed in before: turning it on ends that session, opened without a code.
    const elsewhere = new WebAgent(env.app)
    expect((await elsewhere.submit('/login', '/login', { email: user.user.email, password: WEB_PASSWORD })).headers.location).toBe('/dashboard')
    const enabled = await user.agent.post('/account/two-factor/enable', { _csrf: csrfTokenIn(setup.body), code: appCode(key, -1), password: WEB_PASSWORD })
    expect(enabled.statusCode).toBe(200)
    expect(await isSignedIn(elsewhere)).toBe(false)
    expect(await isSignedIn(user.agent)).toBe(true)
    // The user is told, so a change they did not make does not go unseen; the refused tries told nothing.
    expect((await noticesTo(env, user.user.email)).map((notice) => notice.subject)).toEqual(['Verificação em duas etapas ativada — Vendoc'])
    const codes = codesIn(enabled.body)
    expect(new Set(codes).size).toBe(10)
    for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/)
    // Stored as digests only.
    const stored = await env.db.selectFrom('recovery_codes').select('id').where('user_id', '=', user.user.id).execute()
    expect(stored).toHaveLength(10)
    for (const row of stored) expect(row.id).toMatch(/^[0-9a-f]{64}$/)
    const after = await user.agent.get(OWN)
    expect(after.body).toContain('Ativada desde 06/12/2026')
    expect(after.body).toContain('Restam 10 códigos de recuperação.')
    // A second setup while it is on changes nothing.
    const again = await user.agent.post('/account/two-factor/setup', { _csrf: csrfTokenIn(after.body) })
    expect(again.statusCode).toBe(303)
    expect((await env.db.selectFrom('user_authenticators').select('secret').where('user_id', '=', user.user.id).executeTakeFirstOrThrow()).secret).toBe(key)
  })

  it('asks for the code after the password; the app’s code signs in once and goes where the login was headed', async () => {
    const user = await signedInUser(env)
    const { key } = await turnOn(user)
    const agent = new WebAgent(env.app)
    const login = await agent.submit('/login?next=/customers', '/login', { email: user.user.email, password: WEB_PASSWORD, next: '/customers' })
    expect(login.headers.location).toBe('/login/two-factor')
    // No session yet: the app's pages send the browser back to the login.
    expect(await isSignedIn(agent)).toBe(false)
    const form = await agent.get('/login/two-factor')
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('autocomplete="one-time-code"')
    const passed = await codeStep(agent, appCode(key).replace(/^(\d{3})/, '$1 '))
    expect(passed.statusCode, passed.body).toBe(303)
    expect(passed.headers.location).toBe('/customers')
    expect(await isSignedIn(agent)).toBe(true)
    expect(agent.cookies.has('vendoc_login_challenge')).toBe(false)

    // The same code, from another browser that knows the password, is refused: each code works once.
    const other = await passwordStep(env, user.user.email)
    const replay = await codeStep(other, appCode(key))
    expect(replay.statusCode).toBe(401)
    expect(replay.body).toContain(t.login.twoFactor.invalid)
    expect(await isSignedIn(other)).toBe(false)
    nextStep()
    expect((await codeStep(other, appCode(key))).statusCode).toBe(303)
    expect(await isSignedIn(other)).toBe(true)
  })

  it('takes each recovery code once, and says how many are left', async () => {
    const user = await signedInUser(env)
    const { codes } = await turnOn(user)
    const agent = await passwordStep(env, user.user.email)
    const passed = await codeStep(agent, codes[0]!.toLowerCase().replace('-', ' '))
    expect(passed.statusCode, passed.body).toBe(303)
    const dashboard = await agent.get('/dashboard')
    expect(dashboard.body).toContain('restam 9')
    const again = await passwordStep(env, user.user.email)
    expect((await codeStep(again, codes[0]!)).statusCode).toBe(401)
    expect((await env.db.selectFrom('recovery_codes').select('id').where('user_id', '=', user.user.id).execute())).toHaveLength(9)
    const notices = await noticesTo(env, user.user.email)
    expect(notices.map((notice) => notice.subject)).toEqual(['Verificação em duas etapas ativada — Vendoc', 'Código de recuperação usado — Vendoc'])
    expect(notices[1]!.text_body).toContain('Restam 9 códigos.')
    expect(notices[1]!.text_body).not.toContain(codes[0]!)
  })

  it('ends the challenge after five wrong codes, and the login’s throttle counts wrong codes too', async () => {
    const user = await signedInUser(env)
    const { key } = await turnOn(user)
    const wrong = String((Number(appCode(key)) + 500_000) % 1_000_000).padStart(6, '0')
    const agent = await passwordStep(env, user.user.email, '198.51.100.7')
    for (let attempt = 1; attempt < LOGIN_CHALLENGE_MAX_FAILURES; attempt++) expect((await codeStep(agent, wrong)).statusCode, `attempt ${attempt}`).toBe(401)
    const page = await agent.get('/login/two-factor')
    const fifth = await agent.post('/login/two-factor', { _csrf: csrfTokenIn(page.body), code: wrong })
    expect(fifth.statusCode).toBe(303)
    expect(fifth.headers.location).toBe('/login?challenge_ended')
    expect((await agent.get('/login/two-factor')).headers.location).toBe('/login?challenge_ended')
    expect((await agent.get('/login?challenge_ended')).body).toContain(t.login.challengeEnded)
    // The right code no longer helps this challenge: the password is asked again.
    expect((await agent.post('/login/two-factor', { _csrf: csrfTokenIn(page.body), code: appCode(key) })).headers.location).toBe('/login?challenge_ended')
    expect(await isSignedIn(agent)).toBe(false)
    expect(await env.db.selectFrom('login_challenges').select('id').where('user_id', '=', user.user.id).execute()).toEqual([])

    // The login's throttle (LOGIN_FAILURE_LIMIT per e-mail and address) counted the password step,
    // which no accepted code gave back, and the five wrong codes: four wrong passwords remain, then
    // even the right one is refused.
    const throttled = new WebAgent(env.app, '198.51.100.7')
    for (let attempt = 0; attempt < LOGIN_FAILURE_LIMIT - 6; attempt++) {
      expect((await throttled.submit('/login', '/login', { email: user.user.email, password: 'senha-errada-000' })).statusCode).toBe(401)
    }
    expect((await throttled.submit('/login', '/login', { email: user.user.email, password: WEB_PASSWORD })).statusCode).toBe(429)
  })

  it('limits wrong codes per user across addresses, and a passed code gives the login throttle back whole', async () => {
    const user = await signedInUser(env)
    const { key } = await turnOn(user)
    const wrong = String((Number(appCode(key)) + 500_000) % 1_000_000).padStart(6, '0')
    // Ten wrong codes from ten addresses (a fresh challenge each two): the user's budget is spent,
    // and the right code from an eleventh address is refused too.
    for (let address = 1; address <= 5; address++) {
      const agent = await passwordStep(env, user.user.email, `203.0.113.${address}`)
      for (let attempt = 0; attempt < 2; attempt++) expect((await codeStep(agent, wrong)).statusCode).toBe(401)
    }
    const late = await passwordStep(env, user.user.email, '203.0.113.99')
    const refused = await codeStep(late, appCode(key))
    expect(refused.statusCode).toBe(429)
    expect(refused.headers['retry-after']).toBeDefined()
    expect(await isSignedIn(late)).toBe(false)
    clock.advance(LOGIN_FAILURE_WINDOW_MS)

    // Eleven two-step sign-ins in a row from one address: each gives back what it counted.
    for (let login = 0; login < LOGIN_FAILURE_LIMIT + 1; login++) {
      const agent = await passwordStep(env, user.user.email, '192.0.2.44')
      expect((await codeStep(agent, appCode(key))).statusCode, `login ${login}`).toBe(303)
      nextStep()
    }
  })

  it('throttles the card’s forms with the password form’s limit per user, and a passed check gives its attempt back', async () => {
    const user = await signedInUser(env)
    const { key } = await turnOn(user)
    const own = await user.agent.get(OWN)
    const disable = (password: string) => user.agent.post('/account/two-factor/disable', { _csrf: csrfTokenIn(own.body), password, code: appCode(key) })
    // A right password with a right code renews the codes and gives its attempt back: it never adds up.
    for (let round = 0; round < LOGIN_FAILURE_LIMIT + 2; round++) {
      expect((await user.agent.post('/account/two-factor/recovery-codes', { _csrf: csrfTokenIn(own.body), code: appCode(key) })).statusCode, `round ${round}`).toBe(200)
      nextStep()
    }
    for (let attempt = 0; attempt < LOGIN_FAILURE_LIMIT; attempt++) expect((await disable('senha-errada-000')).statusCode).toBe(422)
    const throttled = await disable(WEB_PASSWORD)
    expect(throttled.statusCode).toBe(429)
    expect(throttled.headers['retry-after']).toBeDefined()
    expect(throttled.body).toContain(t.ownPassword.twoFactor.errors.throttled)
    expect(await env.db.selectFrom('user_authenticators').select('user_id').where('user_id', '=', user.user.id).execute()).toHaveLength(1)
    clock.advance(LOGIN_FAILURE_WINDOW_MS)
  })

  it('ends a sign-in waiting for its code when the password changes', async () => {
    const user = await signedInUser(env)
    await turnOn(user)
    const waiting = await passwordStep(env, user.user.email)
    const own = await user.agent.get(OWN)
    const changed = await user.agent.post('/account/password', { _csrf: csrfTokenIn(own.body), current_password: WEB_PASSWORD, new_password: 'outra-senha-forte-9', confirmation: 'outra-senha-forte-9' })
    expect(changed.statusCode).toBe(303)
    expect((await waiting.get('/login/two-factor')).headers.location).toBe('/login?challenge_ended')
    expect(await env.db.selectFrom('login_challenges').select('id').where('user_id', '=', user.user.id).execute()).toEqual([])
    expect(await isSignedIn(waiting)).toBe(false)
  })

  it('renews the recovery codes with a code, and turns off with the password and a code', async () => {
    const user = await signedInUser(env)
    const { key, codes } = await turnOn(user)
    const own = await user.agent.get(OWN)
    const refused = await user.agent.post('/account/two-factor/recovery-codes', { _csrf: csrfTokenIn(own.body), code: '000000' === appCode(key) ? '111111' : '000000' })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain(t.ownPassword.twoFactor.errors.invalid_code)
    const renewed = await user.agent.post('/account/two-factor/recovery-codes', { _csrf: csrfTokenIn(own.body), code: appCode(key) })
    expect(renewed.statusCode).toBe(200)
    const fresh = codesIn(renewed.body)
    expect(fresh.some((code) => codes.includes(code))).toBe(false)
    nextStep()
    // The old codes are gone.
    const agent = await passwordStep(env, user.user.email)
    expect((await codeStep(agent, codes[1]!)).statusCode).toBe(401)

    // Off: the password and a code, each checked.
    const wrongPassword = await user.agent.post('/account/two-factor/disable', { _csrf: csrfTokenIn(own.body), password: 'nao-e-a-senha', code: appCode(key) })
    expect(wrongPassword.statusCode).toBe(422)
    expect(wrongPassword.body).toContain(t.ownPassword.twoFactor.errors.wrong_password)
    const noCode = await user.agent.post('/account/two-factor/disable', { _csrf: csrfTokenIn(own.body), password: WEB_PASSWORD, code: '' })
    expect(noCode.statusCode).toBe(422)
    expect((await env.db.selectFrom('user_authenticators').select('secret').where('user_id', '=', user.user.id).executeTakeFirstOrThrow()).secret).toBe(key)
    const off = await user.agent.post('/account/two-factor/disable', { _csrf: csrfTokenIn(own.body), password: WEB_PASSWORD, code: fresh[0]! })
    expect(off.statusCode, off.body).toBe(303)
    expect(await env.db.selectFrom('user_authenticators').select('user_id').where('user_id', '=', user.user.id).execute()).toEqual([])
    expect(await env.db.selectFrom('recovery_codes').select('id').where('user_id', '=', user.user.id).execute()).toEqual([])
    const plain = new WebAgent(env.app)
    expect((await plain.submit('/login', '/login', { email: user.user.email, password: WEB_PASSWORD })).headers.location).toBe('/dashboard')
    // Renewed codes, then off (the recovery code that confirmed it is told by that notice, not as a sign-in).
    expect((await noticesTo(env, user.user.email)).map((notice) => notice.subject)).toEqual([
      'Verificação em duas etapas ativada — Vendoc', 'Novos códigos de recuperação — Vendoc', 'Verificação em duas etapas desativada — Vendoc',
    ])
  })

  it('treats a setup never confirmed as off: an admin’s reset drops it untold', async () => {
    const admin = await signedInUser(env)
    const member = await signedInUser(env, { account: admin.account, role: 'member' })
    expect((await member.agent.submit(OWN, '/account/two-factor/setup', {})).statusCode).toBe(200)
    const edit = `/registration-data/users/${member.user.id}/edit`
    expect((await admin.agent.get(edit)).body).not.toContain('/two-factor/reset"')
    const reset = await admin.agent.post(`/registration-data/users/${member.user.id}/two-factor/reset`, { _csrf: csrfTokenIn((await admin.agent.get(edit)).body) })
    expect(reset.statusCode).toBe(303)
    expect((await admin.agent.get(edit)).body).toContain(t.registrationData.users.twoFactorWasOff(member.user.email))
    expect(await noticesTo(env, member.user.email)).toEqual([])
    expect(await env.db.selectFrom('user_authenticators').select('user_id').where('user_id', '=', member.user.id).execute()).toEqual([])
  })

  it('lets an admin turn it off for a user of the account who lost their phone, and no other account’s', async () => {
    const admin = await signedInUser(env)
    const member = await signedInUser(env, { account: admin.account, role: 'member' })
    await turnOn(member)
    const edit = `/registration-data/users/${member.user.id}/edit`
    const page = await admin.agent.get(edit)
    expect(page.body).toContain(`action="/registration-data/users/${member.user.id}/two-factor/reset"`)
    // Another account's admin gets the missing page and changes nothing.
    const stranger = await signedInUser(env)
    const foreign = await stranger.agent.post(`/registration-data/users/${member.user.id}/two-factor/reset`, { _csrf: csrfTokenIn((await stranger.agent.get('/dashboard')).body) })
    expect(foreign.statusCode).toBe(404)
    expect(await env.db.selectFrom('user_authenticators').select('user_id').where('user_id', '=', member.user.id).execute()).toHaveLength(1)
    // A member cannot.
    const denied = await member.agent.post(`/registration-data/users/${member.user.id}/two-factor/reset`, { _csrf: csrfTokenIn((await member.agent.get('/dashboard')).body) })
    expect(denied.statusCode).toBe(403)

    // Not the admin's own: that takes the password and a code, in Minha conta.
    await turnOn(admin)
    const ownEdit = await admin.agent.get(`/registration-data/users/${admin.user.id}/edit`)
    expect(ownEdit.body).not.toContain('/two-factor/reset"')
    const own = await admin.agent.post(`/registration-data/users/${admin.user.id}/two-factor/reset`, { _csrf: csrfTokenIn(ownEdit.body) })
    expect(own.statusCode).toBe(303)
    expect(await env.db.selectFrom('user_authenticators').select('user_id').where('user_id', '=', admin.user.id).execute()).toHaveLength(1)

    const reset = await admin.agent.post(`/registration-data/users/${member.user.id}/two-factor/reset`, { _csrf: csrfTokenIn(page.body) })
    expect(reset.statusCode).toBe(303)
    expect((await admin.agent.get(edit)).body).toContain(t.registrationData.users.twoFactorWasReset(member.user.email))
    expect(await env.db.selectFrom('user_authenticators').select('user_id').where('user_id', '=', member.user.id).execute()).toEqual([])
    const notices = await noticesTo(env, member.user.email)
    expect(notices.map((notice) => notice.subject)).toEqual(['Verificação em duas etapas ativada — Vendoc', 'Verificação em duas etapas desativada — Vendoc'])
    expect(notices[1]!.text_body).toContain(`${admin.user.name} desativou a verificação em duas etapas`)
    // Without security keys, no word of them (security-keys.test.ts has the e-mails with some).
    expect(notices[1]!.text_body).not.toContain('chave')
    const plain = new WebAgent(env.app)
    expect((await plain.submit('/login', '/login', { email: member.user.email, password: WEB_PASSWORD })).headers.location).toBe('/dashboard')
  })
}, { clock })
