// Security keys (WebAuthn) through the pages, on both databases, with a key in software that signs
// real answers (test/support/software-authenticator.ts): adding one takes two-step verification,
// a name and the password; the answer must be for this site (origin and RP ID), for the challenge
// offered, and is used once. Signing in with a key replaces the app's code after the password,
// once per challenge, counted like codes; a key of another user or account, a replayed or a
// lagging (cloned) answer is refused. Removing a key, turning verification off or an admin's reset
// take keys away; each change e-mails the user.
import { expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { relyingPartyOf } from '../../src/modules/accounts/security-keys.js'
import { LOGIN_FAILURE_WINDOW_MS, SECOND_FACTOR_FAILURE_LIMIT } from '../../src/http/web/index.js'
import { LOGIN_CHALLENGE_MAX_FAILURES } from '../../src/modules/accounts/login-challenges.js'
import { describeEachDialect } from '../support/dialects.js'
import { ManualClock } from '../support/manual-clock.js'
import { type OfferedOptions, offeredOptionsIn, SoftwareAuthenticator } from '../support/software-authenticator.js'
import { storeSecurityKey } from '../support/security-key-rows.js'
import { appOnSameDatabase, type TestApp } from '../support/test-app.js'
import { appCodeAt, turnOnTwoFactor } from '../support/two-factor.js'
import { csrfTokenIn, WebAgent } from '../support/web-agent.js'
import { signedInUser, WEB_PASSWORD, type SignedInUser } from '../support/web-login.js'

const clock = new ManualClock('2026-12-06T12:00:00.000Z')
const OWN = '/account/password'
const tk = t.ownPassword.twoFactor.keys
// WebAuthn needs a secure context: the app is configured as served over HTTPS.
const ORIGIN = 'https://vendoc.test'

/** A signed-in user with two-step verification on; the app's key. */
async function userWithTwoFactor(env: TestApp, options: Parameters<typeof signedInUser>[1] = {}): Promise<SignedInUser & { appKey: string }> {
  const user = await signedInUser(env, options)
  const { key } = await turnOnTwoFactor(user.agent, clock)
  clock.advance(30_000)
  return { ...user, appKey: key }
}

/** The first step on Minha conta: the key's name and the password. */
async function startAdding(user: SignedInUser, name: string, password = WEB_PASSWORD) {
  return user.agent.submit(OWN, '/account/security-keys/new', { name, password })
}

/** The name the registration page carries to its second step (a hidden field). */
function carriedName(html: string): string {
  const match = /<input type="hidden" name="name" value="([^"]*)"/.exec(html)
  if (!match) throw new Error('the page carries no name')
  return match[1]!.replaceAll('&lt;', '<').replaceAll('&quot;', '"').replaceAll('&amp;', '&')
}

/** Adds `key` under `name` through both steps, as a browser sends the page's form; the options the page offered. */
async function addKey(user: SignedInUser, key: SoftwareAuthenticator, name = 'YubiKey azul'): Promise<OfferedOptions> {
  const page = await startAdding(user, name)
  expect(page.statusCode, page.body).toBe(200)
  const options = offeredOptionsIn(page.body)!
  const added = await user.agent.post('/account/security-keys', { _csrf: csrfTokenIn(page.body), name: carriedName(page.body), response: key.register(options, ORIGIN) })
  expect(added.statusCode).toBe(303)
  expect(added.headers.location).toBe('/account/password#chaves')
  return options
}

async function registrationChallenge(env: TestApp, userId: number): Promise<string | null | undefined> {
  return (await env.db.selectFrom('user_authenticators').select('key_challenge').where('user_id', '=', userId).executeTakeFirst())?.key_challenge
}

async function keysOf(env: TestApp, userId: number) {
  return env.db.selectFrom('security_keys').select(['id', 'name', 'sign_count', 'last_used_at', 'credential_id']).where('user_id', '=', userId).orderBy('id').execute()
}

async function lastNoticeText(env: TestApp, email: string): Promise<string> {
  const row = await env.db.selectFrom('outbox_emails').select('text_body').where('kind', '=', 'security_notice').where('to_address', '=', email).orderBy('id', 'desc').executeTakeFirstOrThrow()
  return row.text_body
}

async function noticeSubjects(env: TestApp, email: string): Promise<string[]> {
  const rows = await env.db.selectFrom('outbox_emails').select('subject').where('kind', '=', 'security_notice').where('to_address', '=', email).orderBy('id').execute()
  return rows.map((row) => row.subject)
}

/** A fresh browser past the password: on the code page, with the options it offered the keys. */
async function pastPassword(env: TestApp, email: string, remoteAddress = '127.0.0.1'): Promise<{ agent: WebAgent; page: string; options: OfferedOptions | null }> {
  const agent = new WebAgent(env.app, remoteAddress)
  const login = await agent.submit('/login', '/login', { email, password: WEB_PASSWORD })
  expect(login.headers.location).toBe('/login/two-factor')
  const page = await agent.get('/login/two-factor')
  expect(page.statusCode).toBe(200)
  return { agent, page: page.body, options: offeredOptionsIn(page.body) }
}

async function keyStep(agent: WebAgent, page: string, response: string) {
  return agent.post('/login/two-factor/key', { _csrf: csrfTokenIn(page), response })
}

async function isSignedIn(agent: WebAgent): Promise<boolean> {
  return (await agent.get('/dashboard')).statusCode === 200
}

async function flashAfter(agent: WebAgent): Promise<string> {
  return (await agent.get(OWN)).body
}

describeEachDialect(
  'security keys (web)',
  (env) => {
    it('adds a key with a name and the password, only for this site and the challenge offered, once', async () => {
      const plain = await signedInUser(env)
      // Without two-step verification the card offers no keys (they are a way through it), and a
      // form sent anyway adds none.
      expect((await plain.agent.get(OWN)).body).not.toContain(tk.heading)
      // A user part-way through setting up the app (a pending key): not on yet, so no challenge is stored.
      await plain.agent.submit(OWN, '/account/two-factor/setup', {})
      const without = await startAdding(plain, 'YubiKey')
      expect(without.headers.location).toBe('/account/password#chaves')
      expect(await flashAfter(plain.agent)).toContain(tk.errors.not_enabled)
      expect(await registrationChallenge(env, plain.user.id)).toBeNull()

      const user = await userWithTwoFactor(env)
      const card = await user.agent.get(OWN)
      expect(card.body).toContain(tk.heading)
      expect(card.body).toContain(tk.none)

      // A wrong password and an empty name are both told, beside their fields; nothing is stored.
      const refused = await startAdding(user, '  ', 'nao-e-a-senha')
      expect(refused.statusCode).toBe(422)
      expect(refused.body).toMatch(new RegExp(`id="field-key-name-error">${tk.errors.name_required}<`))
      expect(refused.body).toMatch(new RegExp(`id="field-key-password-error">${t.ownPassword.twoFactor.errors.wrong_password}<`))
      const tooLong = await startAdding(user, 'x'.repeat(61))
      expect(tooLong.statusCode).toBe(422)
      expect(tooLong.body).toMatch(new RegExp(`id="field-key-name-error">${tk.errors.name_too_long}<`))
      expect(tooLong.body).toContain(`value="${'x'.repeat(61)}"`)
      // Invisible characters (a zero-width space) are refused; the joiner inside an emoji is not.
      const invisible = await startAdding(user, 'Chave\u200b')
      expect(invisible.statusCode).toBe(422)
      expect(invisible.body).toMatch(new RegExp(`id="field-key-name-error">${tk.errors.name_invalid}<`))
      expect((await startAdding(user, 'Notebook 👩‍💻')).statusCode).toBe(200)
      expect(await keysOf(env, user.user.id)).toEqual([])

      const page = await startAdding(user, '  YubiKey\n azul ')
      expect(page.statusCode).toBe(200)
      expect(carriedName(page.body)).toBe('YubiKey azul')
      expect(page.body).toContain('<script src="/assets/security-key')
      const options = offeredOptionsIn(page.body)!
      expect(options).toMatchObject({ rp: { id: 'vendoc.test', name: 'Vendoc' }, user: { name: user.user.email }, attestation: 'none', excludeCredentials: [] })
      // The algorithms offered are the ones the answer is checked against: ES256, EdDSA, RS256.
      expect((options as { pubKeyCredParams?: { alg: number }[] }).pubKeyCredParams?.map((param) => param.alg)).toEqual([-7, -8, -257])
      const key = new SoftwareAuthenticator()
      const csrf = csrfTokenIn(page.body)
      const finish = (response: string) => user.agent.post('/account/security-keys', { _csrf: csrf, name: carriedName(page.body), response })

      // Answers made for another site, another RP ID or another challenge, and no answer at all:
      // each is refused and uses the challenge up (trying again starts over, with the password).
      const forged: Array<(offered: OfferedOptions) => string> = [
        (offered) => key.register(offered, 'https://vendoc-login.example'),
        (offered) => key.register(offered, ORIGIN, { rpId: 'example.com' }),
        (offered) => key.register(offered, ORIGIN, { challenge: 'b3V0cm8tZGVzYWZpbw' }),
        () => '',
        () => '{"id":1}',
        () => 'not json',
      ]
      for (const forge of forged) {
        const again = await startAdding(user, 'YubiKey azul')
        const answer = await user.agent.post('/account/security-keys', { _csrf: csrfTokenIn(again.body), name: 'YubiKey azul', response: forge(offeredOptionsIn(again.body)!) })
        expect(answer.statusCode).toBe(303)
        expect(await flashAfter(user.agent)).toContain(tk.errors.invalid_key)
        expect(await registrationChallenge(env, user.user.id)).toBeNull()
      }
      expect(await keysOf(env, user.user.id)).toEqual([])

      // The page's own challenge was replaced by the later starts: its answer is too late now.
      await finish(key.register(options, ORIGIN))
      expect(await flashAfter(user.agent)).toContain(tk.errors.expired)
      const current = await startAdding(user, '  YubiKey\n azul ')
      // Transports are the browser's word: only the known ones are kept.
      const response = key.register(offeredOptionsIn(current.body)!, ORIGIN, { transports: ['usb', 'telepatia', 'usb', 'nfc'] })
      expect((await finish(response)).headers.location).toBe('/account/password#chaves')
      const listed = await flashAfter(user.agent)
      expect(await registrationChallenge(env, user.user.id)).toBeNull()
      expect(listed).toContain(tk.addedFlash('YubiKey azul'))
      expect(listed).toContain('<td>YubiKey azul</td>')
      expect(listed).toContain(tk.neverUsed)
      expect(await keysOf(env, user.user.id)).toEqual([expect.objectContaining({ name: 'YubiKey azul', credential_id: key.id })])
      expect((await env.db.selectFrom('security_keys').select('transports').where('user_id', '=', user.user.id).executeTakeFirstOrThrow()).transports).toBe('["usb","nfc"]')
      expect(await noticeSubjects(env, user.user.email)).toEqual(['Verificação em duas etapas ativada — Vendoc', 'Chave de segurança adicionada — Vendoc'])

      // The same answer again: its challenge is used up.
      await finish(response)
      expect(await flashAfter(user.agent)).toContain(tk.errors.expired)
      expect(await keysOf(env, user.user.id)).toHaveLength(1)

      // The next registration tells the browser which keys are already there.
      const next = await startAdding(user, 'Notebook')
      expect(offeredOptionsIn(next.body)!.excludeCredentials).toEqual([expect.objectContaining({ id: key.id })])
      // …and a challenge lasts five minutes.
      clock.advance(5 * 60_000 + 1_000)
      await user.agent.post('/account/security-keys', { _csrf: csrfTokenIn(next.body), name: 'Notebook', response: new SoftwareAuthenticator().register(offeredOptionsIn(next.body)!, ORIGIN) })
      expect(await flashAfter(user.agent)).toContain(tk.errors.expired)
      expect(await keysOf(env, user.user.id)).toHaveLength(1)
    })

    it('signs in with a key after the password, once per challenge; other keys, replays and lagging counters are refused and counted', async () => {
      const user = await userWithTwoFactor(env)
      const key = new SoftwareAuthenticator()
      await addKey(user, key)
      const stranger = await userWithTwoFactor(env)
      const strangerKey = new SoftwareAuthenticator()
      await addKey(stranger, strangerKey)
      const colleague = await userWithTwoFactor(env, { account: user.account, role: 'member' })
      const colleagueKey = new SoftwareAuthenticator()
      await addKey(colleague, colleagueKey)

      // A user without keys sees no key form.
      const keyless = await userWithTwoFactor(env)
      expect((await pastPassword(env, keyless.user.email)).options).toBeNull()

      const first = await pastPassword(env, user.user.email)
      expect(first.page).toContain(t.login.twoFactor.useKey)
      expect(first.options).toMatchObject({ rpId: 'vendoc.test', allowCredentials: [{ id: key.id }] })
      const options = first.options!

      // Another account's key, a colleague's key, an answer for another site, a replay of another
      // challenge: refused, each counted, the message in the key's form (the code field untouched).
      for (const response of [strangerKey.assert(options, ORIGIN), colleagueKey.assert(options, ORIGIN), key.assert(options, 'https://vendoc-login.example'), key.assert(options, ORIGIN, { challenge: 'b3V0cm8tZGVzYWZpbw' })]) {
        const refused = await keyStep(first.agent, first.page, response)
        expect(refused.statusCode).toBe(401)
        expect(refused.body).toContain(t.login.twoFactor.keyInvalid)
        expect(refused.body).not.toContain('aria-invalid="true"')
      }
      expect(await isSignedIn(first.agent)).toBe(false)
      const challenge = await env.db.selectFrom('login_challenges').select('failures').where('user_id', '=', user.user.id).executeTakeFirstOrThrow()
      expect(challenge.failures).toBe(4)

      // The latest page's challenge passes.
      const latest = await first.agent.get('/login/two-factor')
      const current = offeredOptionsIn(latest.body)!
      expect(current.challenge).not.toBe(options.challenge)
      const answer = key.assert(current, ORIGIN)
      const passed = await keyStep(first.agent, latest.body, answer)
      expect(passed.statusCode).toBe(303)
      expect(passed.headers.location).toBe('/dashboard')
      expect(await isSignedIn(first.agent)).toBe(true)
      const [stored] = await keysOf(env, user.user.id)
      expect(stored!.last_used_at).not.toBeNull()
      // The key counted every signature it made, the refused ones too.
      expect(Number(stored!.sign_count)).toBe(3)

      // Each page offers a new challenge: an earlier page's is gone once another is shown.
      const second = await pastPassword(env, user.user.email)
      const lagging = await second.agent.get('/login/two-factor')
      const lagOptions = offeredOptionsIn(lagging.body)!
      expect(lagOptions.challenge).not.toBe(second.options!.challenge)
      expect((await keyStep(second.agent, lagging.body, key.assert(second.options!, ORIGIN))).statusCode).toBe(401)
      // The first browser's answer again (its challenge is used) is refused.
      expect((await keyStep(second.agent, lagging.body, answer)).statusCode).toBe(401)
      // A key whose counter did not move forward is a clone: refused.
      const now = offeredOptionsIn((await second.agent.get('/login/two-factor')).body)!
      expect((await keyStep(second.agent, lagging.body, key.assert(now, ORIGIN, { counter: 3 }))).statusCode).toBe(401)
      expect(await isSignedIn(second.agent)).toBe(false)
      // The app's code still works beside the keys.
      const code = await second.agent.post('/login/two-factor', { _csrf: csrfTokenIn(lagging.body), code: appCodeAt(clock, user.appKey) })
      expect(code.statusCode).toBe(303)
      expect(await isSignedIn(second.agent)).toBe(true)
    })

    it('signs in with a key that keeps no counter, every time; its name is text on the page and in the e-mail', async () => {
      const user = await userWithTwoFactor(env)
      const passkey = new SoftwareAuthenticator(false)
      await addKey(user, passkey, 'Celular <b>novo</b>')
      const card = await user.agent.get(OWN)
      expect(card.body).toContain('<td>Celular &lt;b>novo&lt;/b></td>')
      expect(card.body).not.toContain('<b>novo</b>')
      const notice = await env.db.selectFrom('outbox_emails').select(['html_body', 'text_body']).where('to_address', '=', user.user.email).orderBy('id', 'desc').executeTakeFirstOrThrow()
      expect(notice.text_body).toContain('“Celular <b>novo</b>”')
      expect(notice.html_body).toContain('Celular &lt;b&gt;novo&lt;/b&gt;')
      for (let round = 0; round < 2; round++) {
        const { agent, page, options } = await pastPassword(env, user.user.email)
        expect((await keyStep(agent, page, passkey.assert(options!, ORIGIN))).statusCode).toBe(303)
        expect(await isSignedIn(agent)).toBe(true)
      }
      expect((await keysOf(env, user.user.id)).map((row) => Number(row.sign_count))).toEqual([0])
    })

    it('counts refused keys as wrong codes: five end the challenge, the budget per user answers 429, a pass gives back and follows the login’s next page', async () => {
      const user = await userWithTwoFactor(env)
      const key = new SoftwareAuthenticator()
      await addKey(user, key)
      // A credential id no database takes (a NUL) is an ordinary refusal, never a 500.
      const { agent, page, options } = await pastPassword(env, user.user.email)
      const nul = JSON.stringify({ ...JSON.parse(key.assert(options!, ORIGIN)), id: 'AAAA\u0000AAAAAAAAAAAAAAAA', rawId: 'AAAA\u0000AAAAAAAAAAAAAAAA' })
      let last = await keyStep(agent, page, nul)
      expect(last.statusCode).toBe(401)
      for (let attempt = 2; attempt <= LOGIN_CHALLENGE_MAX_FAILURES; attempt++) last = await keyStep(agent, last.body, key.assert(offeredOptionsIn(last.body)!, 'https://vendoc-login.example'))
      expect(last.statusCode).toBe(303)
      expect(last.headers.location).toBe('/login?challenge_ended')

      // The user's budget for the second step, from every address, spent on keys: a right answer waits too.
      for (let attempt = LOGIN_CHALLENGE_MAX_FAILURES; attempt < SECOND_FACTOR_FAILURE_LIMIT; attempt++) {
        const other = await pastPassword(env, user.user.email, `203.0.113.${attempt}`)
        expect((await keyStep(other.agent, other.page, '{}')).statusCode).toBe(401)
      }
      const late = await pastPassword(env, user.user.email, '203.0.113.99')
      const throttled = await keyStep(late.agent, late.page, key.assert(late.options!, ORIGIN))
      expect(throttled.statusCode).toBe(429)
      expect(throttled.headers['retry-after']).toBeDefined()
      expect(await isSignedIn(late.agent)).toBe(false)
      clock.advance(LOGIN_FAILURE_WINDOW_MS)

      const headed = new WebAgent(env.app)
      await headed.submit('/login?next=/customers', '/login', { email: user.user.email, password: WEB_PASSWORD, next: '/customers' })
      const codePage = await headed.get('/login/two-factor')
      const passed = await keyStep(headed, codePage.body, key.assert(offeredOptionsIn(codePage.body)!, ORIGIN))
      expect(passed.headers.location).toBe('/customers')
      // Passing gave back what it counted: another eleven passes in a row are not throttled.
      for (let login = 0; login < SECOND_FACTOR_FAILURE_LIMIT + 1; login++) {
        const next = await pastPassword(env, user.user.email)
        expect((await keyStep(next.agent, next.page, key.assert(next.options!, ORIGIN))).statusCode, `login ${login}`).toBe(303)
      }
    })

    it('refuses a key already registered, by this user or anyone', async () => {
      const user = await userWithTwoFactor(env)
      const other = await userWithTwoFactor(env)
      const key = new SoftwareAuthenticator()
      await addKey(user, key)
      // The same key twice for one user (a browser would not offer it, being in excludeCredentials).
      const twice = await startAdding(user, 'De novo')
      await user.agent.post('/account/security-keys', { _csrf: csrfTokenIn(twice.body), name: 'De novo', response: key.register(offeredOptionsIn(twice.body)!, ORIGIN) })
      expect(await flashAfter(user.agent)).toContain(tk.errors.already_registered)
      const page = await startAdding(other, 'Emprestada')
      await other.agent.post('/account/security-keys', { _csrf: csrfTokenIn(page.body), name: 'Emprestada', response: key.register(offeredOptionsIn(page.body)!, ORIGIN) })
      expect(await flashAfter(other.agent)).toContain(tk.errors.already_registered)
      expect(await keysOf(env, other.user.id)).toEqual([])
      expect(await keysOf(env, user.user.id)).toHaveLength(1)
    })

    it('removes only the user’s own keys; turning verification off or an admin’s reset takes every key away', async () => {
      const admin = await userWithTwoFactor(env)
      const member = await userWithTwoFactor(env, { account: admin.account, role: 'member' })
      const adminKey = new SoftwareAuthenticator()
      await addKey(admin, adminKey, 'Chave do admin')
      await addKey(member, new SoftwareAuthenticator(), 'Chave 1')
      await addKey(member, new SoftwareAuthenticator(), 'Chave 2')
      const [adminRow] = await keysOf(env, admin.user.id)
      const memberRows = await keysOf(env, member.user.id)

      // Someone else's key looks exactly like one that does not exist.
      const card = await member.agent.get(OWN)
      const foreign = await member.agent.post(`/account/security-keys/${adminRow!.id}/remove`, { _csrf: csrfTokenIn(card.body) })
      const missing = await member.agent.post('/account/security-keys/999999999/remove', { _csrf: csrfTokenIn(card.body) })
      expect(foreign.statusCode).toBe(404)
      expect(missing.statusCode).toBe(404)
      expect(foreign.body).toBe(missing.body)
      expect(await keysOf(env, admin.user.id)).toHaveLength(1)

      const removed = await member.agent.post(`/account/security-keys/${memberRows[0]!.id}/remove`, { _csrf: csrfTokenIn(card.body) })
      expect(removed.headers.location).toBe('/account/password#chaves')
      expect(await flashAfter(member.agent)).toContain(tk.removed('Chave 1'))
      expect((await keysOf(env, member.user.id)).map((row) => row.name)).toEqual(['Chave 2'])
      expect((await noticeSubjects(env, member.user.email)).at(-1)).toBe('Chave de segurança removida — Vendoc')

      // The admin resets the member's verification (a lost phone): the keys go with it.
      const users = await admin.agent.get(`/registration-data/users/${member.user.id}/edit`)
      expect(users.statusCode).toBe(200)
      const reset = await admin.agent.post(`/registration-data/users/${member.user.id}/two-factor/reset`, { _csrf: csrfTokenIn(users.body) })
      expect(reset.statusCode).toBe(303)
      expect(await keysOf(env, member.user.id)).toEqual([])
      // The e-mail says the key went too, or the member would find out at the next sign-in.
      expect(await lastNoticeText(env, member.user.email)).toContain('A sua chave de segurança também foi removida.')

      // The admin turns their own off (password and code): their keys go too.
      await storeSecurityKey(env.db, { accountId: admin.account.id, userId: admin.user.id }, 'Reserva')
      const own = await admin.agent.get(OWN)
      const off = await admin.agent.post('/account/two-factor/disable', { _csrf: csrfTokenIn(own.body), password: WEB_PASSWORD, code: appCodeAt(clock, admin.appKey) })
      expect(off.statusCode).toBe(303)
      expect(await keysOf(env, admin.user.id)).toEqual([])
      const adminNotice = await lastNoticeText(env, admin.user.email)
      expect(adminNotice).toContain('A verificação em duas etapas foi desativada')
      expect(adminNotice).toContain('As suas 2 chaves de segurança também foram removidas.')
    })

    it('holds at most ten keys per user', async () => {
      const user = await userWithTwoFactor(env)
      for (let index = 1; index < 10; index++) await storeSecurityKey(env.db, { accountId: user.account.id, userId: user.user.id }, `Chave ${index}`)
      // The tenth through the pages; the eleventh is refused at both steps.
      const page = await startAdding(user, 'Décima')
      const options = offeredOptionsIn(page.body)!
      await storeSecurityKey(env.db, { accountId: user.account.id, userId: user.user.id }, 'Corrida')
      await user.agent.post('/account/security-keys', { _csrf: csrfTokenIn(page.body), name: 'Décima', response: new SoftwareAuthenticator().register(options, ORIGIN) })
      expect(await flashAfter(user.agent)).toContain(tk.errors.too_many_keys)
      const card = await user.agent.get(OWN)
      expect(card.body).toContain(tk.limit(10))
      expect(card.body).not.toContain('action="/account/security-keys/new"')
      const eleventh = await user.agent.post('/account/security-keys/new', { _csrf: csrfTokenIn(card.body), name: 'Mais uma', password: WEB_PASSWORD })
      expect(eleventh.headers.location).toBe('/account/password#chaves')
      expect(await flashAfter(user.agent)).toContain(tk.errors.too_many_keys)
      expect(await registrationChallenge(env, user.user.id)).toBeNull()
      expect(await keysOf(env, user.user.id)).toHaveLength(10)
    })

    it('offers no keys where browsers refuse them: PUBLIC_URL on an IP address, or plain http off localhost', async () => {
      expect(relyingPartyOf('https://vendoc.example.com.br')).toEqual({ id: 'vendoc.example.com.br', origin: 'https://vendoc.example.com.br' })
      expect(relyingPartyOf('http://localhost:3000')).toEqual({ id: 'localhost', origin: 'http://localhost:3000' })
      expect(relyingPartyOf('http://vendoc.localhost:3000')).toEqual({ id: 'vendoc.localhost', origin: 'http://vendoc.localhost:3000' })
      expect(relyingPartyOf('http://vendoc.example.com.br')).toBeNull()
      expect(relyingPartyOf('https://10.0.0.5:3000')).toBeNull()
      expect(relyingPartyOf('http://[::1]:3000')).toBeNull()

      // A key added while the app answered at its domain, then the app moved to an address.
      const user = await userWithTwoFactor(env)
      const key = new SoftwareAuthenticator()
      await addKey(user, key)
      const started = await startAdding(user, 'Outra')
      const byAddress = await appOnSameDatabase(env, { PUBLIC_URL: 'https://10.0.0.5:3000' })
      try {
        const agent = new WebAgent(byAddress)
        agent.cookies.set('vendoc_session', user.agent.cookies.get('vendoc_session')!)
        const card = await agent.get(OWN)
        expect(card.statusCode).toBe(200)
        expect(card.body).toContain(tk.unavailable)
        expect(card.body).toContain('<td>YubiKey azul</td>')
        expect(card.body).not.toContain('action="/account/security-keys/new"')
        const attempt = await agent.post('/account/security-keys/new', { _csrf: csrfTokenIn(card.body), name: 'YubiKey', password: WEB_PASSWORD })
        expect(attempt.statusCode).toBe(303)
        expect(await flashAfter(agent)).toContain(tk.unavailable)
        // A registration started at the domain is refused here before its answer is looked at.
        const finish = await agent.post('/account/security-keys', { _csrf: csrfTokenIn(card.body), name: 'Outra', response: new SoftwareAuthenticator().register(offeredOptionsIn(started.body)!, ORIGIN) })
        expect(finish.statusCode).toBe(303)
        expect(await flashAfter(agent)).toContain(tk.unavailable)
        expect(await registrationChallenge(env, user.user.id)).not.toBeNull()
        expect(await keysOf(env, user.user.id)).toHaveLength(1)
        // The code page offers no key; the app's code still signs in.
        const login = new WebAgent(byAddress)
        await login.submit('/login', '/login', { email: user.user.email, password: WEB_PASSWORD })
        const codePage = await login.get('/login/two-factor')
        expect(offeredOptionsIn(codePage.body)).toBeNull()
        expect((await login.post('/login/two-factor', { _csrf: csrfTokenIn(codePage.body), code: appCodeAt(clock, user.appKey) })).statusCode).toBe(303)
      } finally {
        await byAddress.close()
      }
    })
  },
  { clock, env: { PUBLIC_URL: ORIGIN } },
)
