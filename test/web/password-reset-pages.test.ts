// "Esqueci minha senha" through app.inject on both databases: the link by e-mail (through the
// outbox), the same answer for any e-mail, one use within the hour, the user's sessions ended,
// the throttles, and the link never shown in the account's outbox.
import { expect, it } from 'vitest'
import { createUser } from '../../src/modules/accounts/users.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, uniqueSuffix } from '../support/factories.js'
import { ManualClock } from '../support/manual-clock.js'
import type { TestApp } from '../support/test-app.js'
import { WebAgent } from '../support/web-agent.js'
import { WEB_PASSWORD, signedInUser } from '../support/web-login.js'

const clock = new ManualClock('2026-11-15T15:00:00.000Z')
let addresses = 0

/** A browser from an address of its own, so the per-address throttle stays out of the way. */
function visitor(env: TestApp): WebAgent {
  addresses += 1
  return new WebAgent(env.app, `10.2.${Math.floor(addresses / 250)}.${(addresses % 250) + 1}`)
}

describeEachDialect(
  'password reset pages',
  (env) => {
    async function resetMails(to: string) {
      return env.db.selectFrom('outbox_emails').select(['id', 'account_id', 'kind', 'subject', 'text_body']).where('to_address', '=', to).orderBy('id').execute()
    }

    /** The link of the latest reset e-mail to `to`, as the recipient reads it. */
    async function linkSentTo(to: string): Promise<string> {
      const mails = await resetMails(to)
      const match = /\/reset-password\/[A-Za-z0-9_-]+/.exec(mails.at(-1)?.text_body ?? '')
      if (!match) throw new Error(`no reset link was sent to ${to}`)
      return match[0]
    }

    async function userWithSession() {
      const signedIn = await signedInUser(env, { role: 'member' })
      return { ...signedIn, email: signedIn.user.email }
    }

    it('e-mails a link that sets a new password once, ending every session of the user', async () => {
      const { agent: elsewhere, email } = await userWithSession()
      const browser = visitor(env)
      expect((await browser.get('/login')).body).toContain('href="/forgot-password"')
      const asked = await browser.submit('/forgot-password', '/forgot-password', { email: email.toUpperCase() })
      expect(asked.statusCode).toBe(200)
      expect(asked.body).toContain('Se o e-mail estiver cadastrado')
      const [mail] = await resetMails(email)
      expect(mail).toMatchObject({ kind: 'password_reset', subject: 'Redefinição de senha do Vendoc' })
      const link = await linkSentTo(email)

      const form = await browser.get(link)
      expect(form.statusCode).toBe(200)
      const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!
      const mismatch = await browser.submit(link, link, { password: 'nova-senha-forte', confirmation: 'outra-coisa' })
      expect(mismatch.statusCode).toBe(422)
      expect(mismatch.body).toContain('As duas senhas não são iguais.')
      const short = await browser.submit(link, link, { password: 'curta', confirmation: 'curta' })
      expect(short.statusCode).toBe(422)

      const reset = await browser.submit(link, link, { password: 'nova-senha-forte', confirmation: 'nova-senha-forte' })
      expect(reset.statusCode).toBe(303)
      expect(reset.headers.location).toBe('/login?password_reset')
      expect((await browser.get('/login?password_reset')).body).toContain('Senha redefinida.')
      // The session open elsewhere is over; the old password no longer works, the new one does.
      expect((await elsewhere.get('/dashboard')).statusCode).toBe(303)
      expect((await visitor(env).submit('/login', '/login', { email, password: WEB_PASSWORD })).statusCode).toBe(401)
      expect((await visitor(env).submit('/login', '/login', { email, password: 'nova-senha-forte' })).statusCode).toBe(303)
      // Used once: the link now opens the invalid-link page, and posting to it changes nothing.
      const again = await browser.get(link)
      expect(again.statusCode).toBe(404)
      expect(again.body).toContain('Link inválido ou expirado')
      expect((await browser.post(link, { _csrf: csrf, password: 'terceira-senha', confirmation: 'terceira-senha' })).statusCode).toBe(404)
      expect((await visitor(env).submit('/login', '/login', { email, password: 'terceira-senha' })).statusCode).toBe(401)
    })

    it('answers an unknown or deactivated e-mail exactly like a known one, sending nothing', async () => {
      const { email } = await userWithSession()
      const account = await makeAccount(env)
      const inactive = `inativa.${uniqueSuffix()}@vendoc.test`
      await createUser(env.db, env.clock, { accountId: account.id, name: 'Inativa', email: inactive, role: 'member', password: WEB_PASSWORD })
      await env.db.updateTable('users').set({ active: false }).where('email', '=', inactive).execute()
      const known = await visitor(env).submit('/forgot-password', '/forgot-password', { email })
      const strip = (body: string) => body.replace(/name="_csrf" value="[^"]+"/g, '').replace(/value="[^"]*@[^"]*"/g, '')
      for (const other of [`ninguem.${uniqueSuffix()}@vendoc.test`, inactive]) {
        const answer = await visitor(env).submit('/forgot-password', '/forgot-password', { email: other })
        expect(answer.statusCode).toBe(known.statusCode)
        expect(strip(answer.body)).toBe(strip(known.body))
        expect(await resetMails(other)).toEqual([])
      }
    })

    it('lets a link expire after an hour', async () => {
      const { email } = await userWithSession()
      const browser = visitor(env)
      await browser.submit('/forgot-password', '/forgot-password', { email })
      const link = await linkSentTo(email)
      const page = await browser.get(link)
      clock.advance(60 * 60 * 1000 + 1000)
      expect((await browser.get(link)).statusCode).toBe(404)
      const form = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!
      const late = await browser.post(link, { _csrf: form, password: 'nova-senha-forte', confirmation: 'nova-senha-forte' })
      expect(late.statusCode).toBe(404)
      expect((await visitor(env).submit('/login', '/login', { email, password: WEB_PASSWORD })).statusCode).toBe(303)
    })

    it('throttles requests per address, and stops sending to one inbox past its share without saying so', async () => {
      const { email } = await userWithSession()
      const browser = visitor(env)
      for (let attempt = 0; attempt < 5; attempt += 1) expect((await browser.submit('/forgot-password', '/forgot-password', { email: `x${attempt}@vendoc.test` })).statusCode).toBe(200)
      const refused = await browser.submit('/forgot-password', '/forgot-password', { email })
      expect(refused.statusCode).toBe(429)
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
      expect(await resetMails(email)).toEqual([])
      // From many addresses, one inbox gets at most 5 links an hour; the page reads the same.
      for (let attempt = 0; attempt < 7; attempt += 1) {
        const answer = await visitor(env).submit('/forgot-password', '/forgot-password', { email })
        expect(answer.statusCode).toBe(200)
        expect(answer.body).toContain('Se o e-mail estiver cadastrado')
      }
      expect(await resetMails(email)).toHaveLength(5)
    })

    it("never shows the link in the account's outbox", async () => {
      const { email, account } = await userWithSession()
      const admin = await signedInUser(env, { account })
      await visitor(env).submit('/forgot-password', '/forgot-password', { email })
      const [mail] = await resetMails(email)
      const link = await linkSentTo(email)
      const page = await admin.agent.get(`/settings/emails/${mail!.id}`)
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain('Redefinição de senha')
      expect(page.body).toContain('não é exibido')
      expect(page.body).not.toContain(link.slice('/reset-password/'.length, '/reset-password/'.length + 12))
    })
  },
  { clock },
)
