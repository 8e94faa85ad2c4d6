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
import { describeEachDialect } from '../support/dialects.js'
import { ManualClock } from '../support/manual-clock.js'
import { type OfferedOptions, offeredOptionsIn, SoftwareAuthenticator } from '../support/software-authenticator.js'
import { storeSecurityKey } from '../support/security-key-rows.js'
import { appOnSameDatabase, PUBLIC_URL, type TestApp } from '../support/test-app.js'
import { appCodeAt, turnOnTwoFactor } from '../support/two-factor.js'
import { csrfTokenIn, WebAgent } from '../support/web-agent.js'
import { signedInUser, WEB_PASSWORD, type SignedInUser } from '../support/web-login.js'

const clock = new ManualClock('2026-12-06T12:00:00.000Z')
const OWN = '/account/password'
const tk = t.ownPassword.twoFactor.keys
const ORIGIN = new URL(PUBLIC_URL).origin

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

/** Adds `key` under `name` through both steps; the options the page offered. */
async function addKey(user: SignedInUser, key: SoftwareAuthenticator, name = 'YubiKey azul'): Promise<OfferedOptions> {
  const page = await startAdding(user, name)
  expect(page.statusCode, page.body).toBe(200)
  const options = offeredOptionsIn(page.body)!
  const added = await user.agent.post('/account/security-keys', { _csrf: csrfTokenIn(page.body), name, response: key.register(options, ORIGIN) })
  expect(added.statusCode).toBe(303)
  expect(added.headers.location).toBe('/account/password#chaves')
  return options
}

async function keysOf(env: TestApp, userId: number) {
  return env.db.selectFrom('security_keys').select(['id', 'name', 'sign_count', 'last_used_at', 'credential_id']).where('user_id', '=', userId).orderBy('id').execute()
}

async function noticeSubjects(env: TestApp, email: string): Promise<string[]> {
  const rows = await env.db.selectFrom('outbox_emails').select('subject').where('kind', '=', 'security_notice').where('to_address', '=', email).orderBy('id').execute()
  return rows.map((row) => row.subject)
}

/** A fresh browser past the password: on the code page, with the options it offered the keys. */
async function pastPassword(env: TestApp, email: string): Promise<{ agent: WebAgent; page: string; options: OfferedOptions | null }> {
  const agent = new WebAgent(env.app)
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
      const without = await startAdding(plain, 'YubiKey')
      expect(without.headers.location).toBe('/account/password#chaves')
      expect(await flashAfter(plain.agent)).toContain(tk.errors.not_enabled)
      expect(await env.db.selectFrom('user_authenticators').select('user_id').where('user_id', '=', plain.user.id).execute()).toEqual([])

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
      expect(await keysOf(env, user.user.id)).toEqual([])

      const page = await startAdding(user, '  YubiKey\n azul ')
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain('<script src="/assets/security-key')
      const options = offeredOptionsIn(page.body)!
      expect(options).toMatchObject({ rp: { id: 'vendoc.test', name: 'Vendoc' }, user: { name: user.user.email }, attestation: 'none', excludeCredentials: [] })
      const key = new SoftwareAuthenticator()
      const csrf = csrfTokenIn(page.body)
      const finish = (response: string) => user.agent.post('/account/security-keys', { _csrf: csrf, name: 'YubiKey azul', response })

      // Answers made for another site, another RP ID or another challenge, and no answer at all.
      for (const response of [key.register(options, 'https://vendoc-login.example'), key.register(options, ORIGIN, { rpId: 'example.com' }), key.register(options, ORIGIN, { challenge: 'b3V0cm8tZGVzYWZpbw' }), '', '{"id":1}', 'not json']) {
        const answer = await finish(response)
        expect(answer.statusCode).toBe(303)
        expect(await flashAfter(user.agent)).toContain(tk.errors.invalid_key)
      }
      expect(await keysOf(env, user.user.id)).toEqual([])

      const response = key.register(options, ORIGIN)
      expect((await finish(response)).headers.location).toBe('/account/password#chaves')
      const listed = await flashAfter(user.agent)
      expect(listed).toContain(tk.addedFlash('YubiKey azul'))
      expect(listed).toContain('<td>YubiKey azul</td>')
      expect(listed).toContain(tk.neverUsed)
      expect(await keysOf(env, user.user.id)).toEqual([expect.objectContaining({ name: 'YubiKey azul', credential_id: key.id })])
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

      // A user without keys sees no key form.
      const keyless = await userWithTwoFactor(env)
      expect((await pastPassword(env, keyless.user.email)).options).toBeNull()

      const first = await pastPassword(env, user.user.email)
      expect(first.page).toContain(t.login.twoFactor.useKey)
      expect(first.options).toMatchObject({ rpId: 'vendoc.test', allowCredentials: [{ id: key.id }] })
      const options = first.options!

      // Another account's key, an answer for another site, a replay of another challenge: refused, each counted.
      for (const response of [strangerKey.assert(options, ORIGIN), key.assert(options, 'https://vendoc-login.example'), key.assert(options, ORIGIN, { challenge: 'b3V0cm8tZGVzYWZpbw' })]) {
        const refused = await keyStep(first.agent, first.page, response)
        expect(refused.statusCode).toBe(401)
        expect(refused.body).toContain(t.login.twoFactor.keyInvalid)
      }
      expect(await isSignedIn(first.agent)).toBe(false)
      const challenge = await env.db.selectFrom('login_challenges').select('failures').where('user_id', '=', user.user.id).executeTakeFirstOrThrow()
      expect(challenge.failures).toBe(3)

      // Each page offers a new challenge: the first page's is gone once another is shown.
      const latest = await first.agent.get('/login/two-factor')
      const stale = await keyStep(first.agent, latest.body, key.assert(options, ORIGIN))
      expect(stale.statusCode).toBe(401)
      const current = offeredOptionsIn(stale.body)!
      expect(current.challenge).not.toBe(options.challenge)
      const answer = key.assert(current, ORIGIN)
      const passed = await keyStep(first.agent, stale.body, answer)
      expect(passed.statusCode).toBe(303)
      expect(passed.headers.location).toBe('/dashboard')
      expect(await isSignedIn(first.agent)).toBe(true)
      const [stored] = await keysOf(env, user.user.id)
      expect(stored!.last_used_at).not.toBeNull()
      // The key counted every signature it made, the refused ones too.
      expect(Number(stored!.sign_count)).toBe(4)

      // The same answer from another browser (its own challenge) is refused.
      const second = await pastPassword(env, user.user.email)
      expect((await keyStep(second.agent, second.page, answer)).statusCode).toBe(401)
      // A key whose counter did not move forward is a clone: refused.
      const secondOptions = offeredOptionsIn((await second.agent.get('/login/two-factor')).body)!
      const lagging = await second.agent.get('/login/two-factor')
      const lagOptions = offeredOptionsIn(lagging.body)!
      expect(lagOptions.challenge).not.toBe(secondOptions.challenge)
      expect((await keyStep(second.agent, lagging.body, key.assert(lagOptions, ORIGIN, { counter: 4 }))).statusCode).toBe(401)
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

      // The admin turns their own off (password and code): their key goes too.
      const own = await admin.agent.get(OWN)
      const off = await admin.agent.post('/account/two-factor/disable', { _csrf: csrfTokenIn(own.body), password: WEB_PASSWORD, code: appCodeAt(clock, admin.appKey) })
      expect(off.statusCode).toBe(303)
      expect(await keysOf(env, admin.user.id)).toEqual([])
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
      expect(await keysOf(env, user.user.id)).toHaveLength(10)
    })

    it('offers no keys when PUBLIC_URL is an IP address, which browsers refuse as a relying party', async () => {
      expect(relyingPartyOf('https://vendoc.example.com.br')).toEqual({ id: 'vendoc.example.com.br', origin: 'https://vendoc.example.com.br' })
      expect(relyingPartyOf('http://localhost:3000')).toEqual({ id: 'localhost', origin: 'http://localhost:3000' })
      expect(relyingPartyOf('http://10.0.0.5:3000')).toBeNull()
      expect(relyingPartyOf('http://[::1]:3000')).toBeNull()

      const user = await userWithTwoFactor(env)
      const byAddress = await appOnSameDatabase(env, { PUBLIC_URL: 'http://10.0.0.5:3000' })
      try {
        const agent = new WebAgent(byAddress)
        agent.cookies.set('vendoc_session', user.agent.cookies.get('vendoc_session')!)
        const card = await agent.get(OWN)
        expect(card.statusCode).toBe(200)
        expect(card.body).toContain(tk.unavailable)
        expect(card.body).not.toContain('action="/account/security-keys/new"')
        const attempt = await agent.post('/account/security-keys/new', { _csrf: csrfTokenIn(card.body), name: 'YubiKey', password: WEB_PASSWORD })
        expect(attempt.statusCode).toBe(303)
        expect(await keysOf(env, user.user.id)).toEqual([])
      } finally {
        await byAddress.close()
      }
    })
  },
  { clock },
)
