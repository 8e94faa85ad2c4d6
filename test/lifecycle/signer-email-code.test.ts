// A signer asked for a code by e-mail (authentication 'email_code', lifecycle/signer-email-code.ts),
// end to end on both databases: the API's field, the signing page's two forms, the code that
// crosses a real SMTP server and never shows in the outbox, the caps on guesses and sends, the
// evidence kept, a corrected e-mail, the web form's checkbox, and an installation without SMTP.
import { describe, expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { maskEmailAddress as maskedEmail } from '../../src/modules/integrations/request-log/mask-sensitive.js'
import { checkEmailCode, consumeEmailCode, EMAIL_CODE_MAX_ATTEMPTS, EMAIL_CODE_MAX_SENDS, parseEmailCode } from '../../src/modules/lifecycle/signer-email-code.js'
import { smtpForSuite } from '../notifications/smtp-receiver.js'
import { describeEachDialect } from '../support/dialects.js'
import { validCpf } from '../support/documents.js'
import { makeAccount, makeCustomer, makeProposal, proposalBody, type TestAccount } from '../support/factories.js'
import { ManualClock } from '../support/manual-clock.js'
import { sentDigitalDocument, type SentSigner } from '../support/signing.js'
import type { TestApp } from '../support/test-app.js'
import { csrfTokenIn, WebAgent } from '../support/web-agent.js'
import { signedInUser } from '../support/web-login.js'
import { postFormsIn } from '../security/support/web-forms.js'
import { pdfText } from '../documents/pdf-text.js'

const s = t.signing

function escaped(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')
}

/** The signer's browser, having opened their page once: its posts carry the page's CSRF token, as the forms do. */
async function signerAgent(env: TestApp, url: string) {
  const agent = new WebAgent(env.app)
  const page = await agent.get(url)
  expect(page.statusCode).toBe(200)
  const csrf = csrfTokenIn(page.body)
  return { get: (path: string) => agent.get(path), post: (path: string, fields: Record<string, string>) => agent.post(path, { _csrf: csrf, ...fields }) }
}

function signFields(signer: SentSigner, code: string, overrides: Record<string, string> = {}): Record<string, string> {
  return { name: signer.name, cpf: signer.cpf ?? '', consent: '1', signature_kind: 'typed', signature_text: signer.name, email_code: code, ...overrides }
}

async function signerRow(env: TestApp, id: number) {
  return env.db.selectFrom('proposal_signers').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

async function codeRow(env: TestApp, signerId: number) {
  return env.db.selectFrom('signer_email_codes').selectAll().where('signer_id', '=', signerId).executeTakeFirst()
}

describe('signer e-mail codes', () => {
  const clock = new ManualClock('2026-11-29T12:00:00.000Z')
  const { options, smtp, delivered } = smtpForSuite(clock)

  describeEachDialect(
    'with SMTP',
    (env) => {
      const isCode = (mail: { subject?: string | undefined }) => mail.subject?.startsWith('Código para assinar') === true

      /** The six digits of the latest code that crossed the wire to `to`. */
      async function deliveredCode(to: string): Promise<string> {
        const match = /^\s*(\d{6})\s*$/m.exec((await delivered(env, to, isCode)).text ?? '')
        if (!match) throw new Error(`no code in the message to ${to}`)
        return match[1]!
      }

      async function codeSigner(account?: TestAccount) {
        const doc = await sentDigitalDocument(env, account ?? (await makeAccount(env)), [{ name: 'Rui Barbosa', cpf: validCpf(), order: 1, authentication: 'email_code' }])
        const signer = doc.signers[0]!
        const agent = await signerAgent(env, `/sign/${signer.token}`)
        return { doc, signer, agent, url: `/sign/${signer.token}` }
      }

      it('signs only with the code that crossed the wire, which the outbox never shows; the evidence says how the signer was confirmed', async () => {
        const account = await makeAccount(env)
        const { doc, signer, agent, url } = await codeSigner(account)
        const detail = JSON.parse((await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${doc.id}`, headers: account.auth })).body)
        expect(detail.signers[0]).toMatchObject({ authentication: 'email_code', signed_authentication: null })
        // The seller sees which signers sign with a code.
        const admin = await signedInUser(env, { account })
        expect((await admin.agent.get(`/proposals/${doc.id}/edit`)).body).toContain(t.proposalActions.withEmailCode)

        const page = (await agent.get(url)).body
        expect(page).toContain(`action="/sign/${signer.token}/code"`)
        expect(page).toContain(escaped(s.emailCodeIntro(maskedEmail(signer.email))))
        expect(page).not.toContain(signer.email)
        expect(page).toContain('autocomplete="one-time-code"')

        // Without a code, and with one never asked for: refused, nothing recorded.
        const bare = await agent.post(url, signFields(signer, ''))
        expect(bare.statusCode).toBe(422)
        expect(bare.body).toContain(s.errors.emailCode.required)
        const unasked = await agent.post(url, signFields(signer, '123456'))
        expect(unasked.statusCode).toBe(422)
        expect(unasked.body).toContain(escaped(s.errors.emailCode.not_sent!))
        expect((await signerRow(env, signer.id)).status).not.toBe('signed')

        const asked = await agent.post(`${url}/code`, {})
        expect(asked.statusCode).toBe(200)
        expect(asked.body).toContain(s.emailCodeSent(maskedEmail(signer.email)))
        const code = await deliveredCode(signer.email)
        const message = smtp().to(signer.email).filter(isCode).at(-1)!
        expect(message.subject).toBe(`Código para assinar o documento nº ${doc.number} — ${account.account.name}`)
        expect(message.subject).not.toContain(code)
        expect(message.text).toContain('vale por 10 minutos')
        // Gone from the outbox once it left: whoever sent the document cannot sign in the signer's place.
        const kept = await env.db.selectFrom('outbox_emails').select(['kind', 'state', 'text_body', 'html_body']).where('to_address', '=', signer.email).where('kind', '=', 'signer_code').executeTakeFirstOrThrow()
        expect(kept).toEqual({ kind: 'signer_code', state: 'sent', text_body: '', html_body: null })
        expect((await codeRow(env, signer.id))!.code_hash).not.toContain(code)

        // Asked again at once: refused for a minute, nothing sent.
        const again = await agent.post(`${url}/code`, {})
        expect(again.statusCode).toBe(429)
        expect(again.headers['retry-after']).toBe('60')
        expect(again.body).toContain(s.codeRequest.tooSoon(60))
        // Said next to the request's button: the signature's form was not sent, so no banner for it.
        expect(again.body).not.toContain(s.formHasErrors)
        await env.app.jobs.runDueJobs()
        expect(smtp().to(signer.email).filter(isCode)).toHaveLength(1)

        // A wrong code counts; a right code with another field wrong is not judged, so it is not spent.
        const wrongCode = code === '000000' ? '111111' : '000000'
        const wrong = await agent.post(url, signFields(signer, wrongCode))
        expect(wrong.statusCode).toBe(422)
        expect(wrong.body).toContain(s.errors.emailCode.wrong)
        expect((await codeRow(env, signer.id))!.attempts).toBe(1)
        const otherWrong = await agent.post(url, signFields(signer, code, { name: 'Outra Pessoa' }))
        expect(otherWrong.statusCode).toBe(422)
        expect(otherWrong.body).not.toContain(s.errors.emailCode.wrong)
        expect(otherWrong.body).toContain(`value="${code}"`)
        expect((await codeRow(env, signer.id))!.attempts).toBe(1)

        // The right one, typed with a space as people copy it.
        const signed = await agent.post(url, signFields(signer, `${code.slice(0, 3)} ${code.slice(3)}`))
        expect(signed.statusCode, signed.body).toBe(200)
        expect(signed.body).toContain(s.signedTitle)
        const row = await signerRow(env, signer.id)
        expect(row).toMatchObject({ status: 'signed', signed_authentication: 'email_code' })
        expect(await codeRow(env, signer.id)).toBeUndefined()
        const history = await env.db.selectFrom('proposal_events').select('data_json').where('proposal_id', '=', doc.id).where('type', '=', 'signer_signed').executeTakeFirstOrThrow()
        expect(JSON.parse(history.data_json)).toMatchObject({ authentication: 'email_code' })
        // The integrator learns it too: in the detail, and in the signer.signed webhook's signer.
        const signedDetail = JSON.parse((await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${doc.id}`, headers: account.auth })).body)
        expect(signedDetail.signers[0]).toMatchObject({ status: 'signed', signed_authentication: 'email_code' })
        const event = await env.db.selectFrom('domain_events').select('payload_json').where('signer_id', '=', signer.id).where('type', '=', 'signer.signed').executeTakeFirstOrThrow()
        expect(JSON.parse(event.payload_json).data.signer).toMatchObject({ id: signer.id, status: 'signed', authentication: 'email_code' })
        // And the seller, on the document's page: how it was confirmed.
        expect((await admin.agent.get(`/proposals/${doc.id}/edit`)).body).toContain(t.proposalActions.signedBy.email_code)

        // The signed PDF's evidence page names the code and the address it went to.
        await env.app.jobs.runDueJobs()
        const pdf = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${doc.id}/pdf?version=signed`, headers: account.auth })
        expect(pdf.statusCode).toBe(200)
        expect((await pdfText(pdf.rawPayload)).replace(/\s+/g, ' ')).toContain(`código de uso único enviado a ${signer.email}`)
      })

      it('ends a code after five wrong guesses and at its expiry, lets a new one be asked for each minute, and ten per link at most', async () => {
        const { signer, agent, url } = await codeSigner()
        expect((await agent.post(`${url}/code`, {})).statusCode).toBe(200)
        const code = await deliveredCode(signer.email)
        const wrongCode = code === '000000' ? '111111' : '000000'
        for (let attempt = 1; attempt <= EMAIL_CODE_MAX_ATTEMPTS; attempt++) {
          const response = await agent.post(url, signFields(signer, wrongCode))
          expect(response.body).toContain(attempt < EMAIL_CODE_MAX_ATTEMPTS ? s.errors.emailCode.wrong : s.errors.emailCode.locked)
        }
        const spent = await agent.post(url, signFields(signer, code))
        expect(spent.statusCode).toBe(422)
        expect(spent.body).toContain(s.errors.emailCode.locked)

        // A minute later a new code replaces it (and the worn-out one stays dead).
        clock.advance(61_000)
        expect((await agent.post(`${url}/code`, {})).statusCode).toBe(200)
        const second = await deliveredCode(signer.email)
        expect((await codeRow(env, signer.id))!.attempts).toBe(0)
        // Past its ten minutes it is refused as expired.
        clock.advance(10 * 60_000 + 1000)
        const late = await agent.post(url, signFields(signer, second))
        expect(late.statusCode).toBe(422)
        expect(late.body).toContain(escaped(s.errors.emailCode.expired!))

        for (let sends = 2; sends < EMAIL_CODE_MAX_SENDS; sends++) {
          clock.advance(61_000)
          expect((await agent.post(`${url}/code`, {})).statusCode).toBe(200)
        }
        clock.advance(61_000)
        const tooMany = await agent.post(`${url}/code`, {})
        expect(tooMany.statusCode).toBe(429)
        expect(tooMany.body).toContain(s.codeRequest.tooMany)
        expect(Number(tooMany.headers['retry-after'])).toBe(24 * 3600 - 61)
        expect((await codeRow(env, signer.id))!.sends).toBe(EMAIL_CODE_MAX_SENDS)
        expect((await signerRow(env, signer.id)).status).not.toBe('signed')
        // A day after the last one, the count starts over.
        clock.advance(24 * 3600 * 1000)
        expect((await agent.post(`${url}/code`, {})).statusCode).toBe(200)
        expect((await codeRow(env, signer.id))!.sends).toBe(1)
        const fresh = await deliveredCode(signer.email)
        expect((await agent.post(url, signFields(signer, fresh))).statusCode).toBe(200)
      })

      it('counts guesses sent at once before judging them: five at most are judged, and then even the right code is refused', async () => {
        const { signer, agent, url } = await codeSigner()
        clock.advance(61_000)
        expect((await agent.post(`${url}/code`, {})).statusCode).toBe(200)
        const code = await deliveredCode(signer.email)
        const wrongCodes = Array.from({ length: 12 }, (_, index) => String((Number(code) + 1 + index) % 1_000_000).padStart(6, '0'))
        const answers = await Promise.all(wrongCodes.map((guess) => agent.post(url, signFields(signer, guess))))
        expect(answers.every((answer) => answer.statusCode === 422)).toBe(true)
        const judgedWrong = answers.filter((answer) => answer.body.includes(s.errors.emailCode.wrong!)).length
        expect(judgedWrong).toBeLessThanOrEqual(EMAIL_CODE_MAX_ATTEMPTS - 1)
        expect((await codeRow(env, signer.id))!.attempts).toBe(EMAIL_CODE_MAX_ATTEMPTS)
        const right = await agent.post(url, signFields(signer, code))
        expect(right.body).toContain(s.errors.emailCode.locked)
        expect((await signerRow(env, signer.id)).status).not.toBe('signed')
      })

      it('asking for a code keeps what the signature form showed, and a code asked for again replaces the last one', async () => {
        const { signer, agent, url } = await codeSigner()
        clock.advance(61_000)
        const typed = { name: signer.name, cpf: signer.cpf ?? '', consent: '1', signature_kind: 'typed', signature_text: 'Rui B.' }
        const asked = await agent.post(`${url}/code`, typed)
        expect(asked.statusCode).toBe(200)
        for (const value of [signer.name, 'Rui B.']) expect(asked.body).toContain(`value="${escaped(value)}"`)
        expect(asked.body).toMatch(/<input type="checkbox" id="field-consent" name="consent" value="1" checked/)
        const first = await deliveredCode(signer.email)
        clock.advance(61_000)
        expect((await agent.post(`${url}/code`, typed)).statusCode).toBe(200)
        const second = await deliveredCode(signer.email)
        if (first !== second) {
          const replaced = await agent.post(url, signFields(signer, first))
          expect(replaced.body).toContain(s.errors.emailCode.wrong)
        }
        expect((await agent.post(url, signFields(signer, second))).statusCode).toBe(200)
      })

      it('a code replaced between its judging and the signature is not spent: nothing may be recorded with it', async () => {
        const { signer, agent, url } = await codeSigner()
        clock.advance(61_000)
        expect((await agent.post(`${url}/code`, {})).statusCode).toBe(200)
        const judged = await checkEmailCode(env.db, clock, (await signerRow(env, signer.id)).account_id, signer.id, await deliveredCode(signer.email))
        if (!judged.ok) throw new Error(`the delivered code was refused: ${judged.problem}`)
        clock.advance(61_000)
        expect((await agent.post(`${url}/code`, {})).statusCode).toBe(200)
        expect(await consumeEmailCode(env.db, clock, (await signerRow(env, signer.id)).account_id, signer.id, judged.digest)).toBe(false)
        expect(await codeRow(env, signer.id)).toBeDefined()
      })

      it("a corrected e-mail discards the code sent to the old address, and the new link asks for its own", async () => {
        const account = await makeAccount(env)
        const { doc, signer, agent, url } = await codeSigner(account)
        clock.advance(61_000)
        expect((await agent.post(`${url}/code`, {})).statusCode).toBe(200)
        const oldCode = await deliveredCode(signer.email)
        const newEmail = `corrigido.${signer.id}@cliente.test`
        const corrected = await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${doc.id}/signers/${signer.id}`, headers: account.auth, payload: { email: newEmail } })
        expect(corrected.statusCode, corrected.body).toBe(200)
        expect(await codeRow(env, signer.id)).toBeUndefined()
        const token = (await signerRow(env, signer.id)).sign_token!
        const fresh = await signerAgent(env, `/sign/${token}`)
        expect((await fresh.get(`/sign/${token}`)).body).toContain(escaped(s.emailCodeIntro(maskedEmail(newEmail))))
        const withOld = await fresh.post(`/sign/${token}`, signFields({ ...signer, email: newEmail, token }, oldCode))
        expect(withOld.statusCode).toBe(422)
        expect(withOld.body).toContain(escaped(s.errors.emailCode.not_sent!))
        expect((await agent.post(`${url}/code`, {})).statusCode).toBe(404)

        // The new address gets its code and signs; the evidence page says the address was corrected, by whom.
        expect((await fresh.post(`/sign/${token}/code`, {})).statusCode).toBe(200)
        const newCode = await deliveredCode(newEmail)
        expect((await fresh.post(`/sign/${token}`, signFields({ ...signer, email: newEmail, token }, newCode))).statusCode).toBe(200)
        await env.app.jobs.runDueJobs()
        const pdf = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${doc.id}/pdf?version=signed`, headers: account.auth })
        expect(pdf.statusCode).toBe(200)
        const evidence = (await pdfText(pdf.rawPayload)).replace(/\s+/g, ' ')
        expect(evidence).toContain(`código de uso único enviado a ${newEmail}`)
        expect(evidence).toMatch(/E-mail corrigido após o envio por [^,]+, em \d{2}\/\d{2}\/\d{4}/)
      })

      it('a signer with the link alone has no code step: the page offers none, its form signs without one, /code is refused, and the detail says the link alone confirmed it', async () => {
        const account = await makeAccount(env)
        const doc = await sentDigitalDocument(env, account, [{ name: 'Ana Néri', cpf: validCpf(), order: 1 }])
        const signer = doc.signers[0]!
        const agent = await signerAgent(env, `/sign/${signer.token}`)
        const page = (await agent.get(`/sign/${signer.token}`)).body
        expect(page).not.toContain('/code"')
        expect(page).not.toContain('name="email_code"')
        expect((await agent.post(`/sign/${signer.token}/code`, {})).statusCode).toBe(409)
        expect(await codeRow(env, signer.id)).toBeUndefined()
        const signed = await agent.post(`/sign/${signer.token}`, signFields(signer, ''))
        expect(signed.statusCode).toBe(200)
        expect(await signerRow(env, signer.id)).toMatchObject({ status: 'signed', signed_authentication: null })
        const detail = JSON.parse((await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${doc.id}`, headers: account.auth })).body)
        expect(detail.signers[0]).toMatchObject({ authentication: 'link', signed_authentication: 'link' })
        const admin = await signedInUser(env, { account })
        expect((await admin.agent.get(`/proposals/${doc.id}/edit`)).body).toContain(t.proposalActions.signedBy.link)
      })

      it('the API sets it per signer (link by default), refuses it on paper, and a draft changes it; the web form ticks it', async () => {
        const account = await makeAccount(env)
        const customer = await makeCustomer(env, account)
        const signer = (email: string, extra: Record<string, unknown> = {}) => ({ name: 'Maria Souza', email, role_id: account.roles.party.id, ...extra })
        const created = await makeProposal(env, account, customer, { signature_type: 'digital', signers: [signer('a@cliente.test'), signer('b@cliente.test', { authentication: 'email_code' })] })
        expect(created.signers.map((one: { authentication: string }) => one.authentication)).toEqual(['link', 'email_code'])

        const paper = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: account.auth, payload: { ...paperBody(account, customer.id), signers: [signer('c@cliente.test', { authentication: 'email_code' })] } })
        expect(paper.statusCode).toBe(422)
        expect(JSON.parse(paper.body).errors).toEqual([expect.objectContaining({ path: '/signers/0/authentication' })])
        const unknown = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: account.auth, payload: { ...paperBody(account, customer.id), signature_type: 'digital', signers: [signer('d@cliente.test', { authentication: 'sms' })] } })
        expect(unknown.statusCode).toBe(422)
        expect(unknown.body).toContain('/signers/0/authentication')

        const patched = await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${created.id}`, headers: account.auth, payload: { signers: [signer('a@cliente.test', { authentication: 'email_code' })] } })
        expect(patched.statusCode, patched.body).toBe(200)
        expect(JSON.parse(patched.body).signers.map((one: { authentication: string }) => one.authentication)).toEqual(['email_code'])
        // Signers sent again without the field sign with the link alone.
        const resent = await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${created.id}`, headers: account.auth, payload: { signers: [signer('a@cliente.test')] } })
        expect(JSON.parse(resent.body).signers.map((one: { authentication: string }) => one.authentication)).toEqual(['link'])
        const again = await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${created.id}`, headers: account.auth, payload: { signers: [signer('a@cliente.test', { authentication: 'email_code' })] } })
        expect(again.statusCode).toBe(200)

        // A draft turned paper cannot keep a signer who signs with a code.
        const toPaper = await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${created.id}`, headers: account.auth, payload: { signature_type: 'paper' } })
        expect(toPaper.statusCode).toBe(422)
        expect(toPaper.body).toContain('/signers/0/authentication')

        // The editor shows the choice ticked and keeps it, or drops it, on save; "Duplicar" copies it.
        const admin = await signedInUser(env, { account })
        const edit = (await admin.agent.get(`/proposals/${created.id}/edit`)).body
        expect(edit).toMatch(/<input type="checkbox" id="field-signers-0-email_code" name="signers\[0\]\[email_code\]" value="1" checked/)
        expect((await admin.agent.get(`/proposals/new?from=${created.id}`)).body).toMatch(/<input type="checkbox" id="field-signers-0-email_code" name="signers\[0\]\[email_code\]" value="1" checked/)
        const fields = editFields(edit, created.id)
        delete fields['signers[0][email_code]']
        const saved = await admin.agent.post(`/proposals/${created.id}`, fields)
        expect(saved.statusCode, saved.body).toBe(303)
        expect((await env.db.selectFrom('proposal_signers').select('authentication').where('proposal_id', '=', created.id).executeTakeFirstOrThrow()).authentication).toBe('link')
        const ticked = await admin.agent.post(`/proposals/${created.id}`, { ...fields, 'signers[0][email_code]': '1' })
        expect(ticked.statusCode, ticked.body).toBe(303)
        expect((await env.db.selectFrom('proposal_signers').select('authentication').where('proposal_id', '=', created.id).executeTakeFirstOrThrow()).authentication).toBe('email_code')
      })
    },
    options,
  )

  describeEachDialect('without SMTP', (env) => {
    it('refuses to send a document whose signer needs an e-mailed code, changing nothing, by the API and the web app', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const created = await makeProposal(env, account, customer, { signature_type: 'digital', signers: [{ name: 'Maria Souza', email: 'm@cliente.test', role_id: account.roles.party.id, authentication: 'email_code' }] })
      const sent = await env.app.inject({ method: 'POST', url: `/api/v1/proposals/${created.id}/send`, headers: account.auth, payload: {} })
      expect(sent.statusCode).toBe(422)
      expect(JSON.parse(sent.body).code).toBe('email_delivery_required')
      const admin = await signedInUser(env, { account })
      const viaWeb = await admin.agent.submit(`/proposals/${created.id}/edit`, `/proposals/${created.id}/send`, { message: '' })
      expect(viaWeb.statusCode).toBe(303)
      expect((await admin.agent.get(String(viaWeb.headers.location))).body).toContain(escaped(t.proposalActions.emailDeliveryRequired))
      expect((await env.db.selectFrom('proposals').select('status').where('id', '=', created.id).executeTakeFirstOrThrow()).status).toBe('draft')
      expect(await env.db.selectFrom('outbox_emails').select('id').where('proposal_id', '=', created.id).execute()).toEqual([])
    })

    it('a signer asked for a code after e-mail delivery was turned off is told so on the page, and nothing is queued', async () => {
      const doc = await sentDigitalDocument(env, await makeAccount(env), [{ name: 'Rui Barbosa', cpf: validCpf(), order: 1 }])
      const signer = doc.signers[0]!
      // As if SMTP_URL had been removed after sending.
      await env.db.updateTable('proposal_signers').set({ authentication: 'email_code' }).where('id', '=', signer.id).execute()
      const agent = await signerAgent(env, `/sign/${signer.token}`)
      const asked = await agent.post(`/sign/${signer.token}/code`, {})
      expect(asked.statusCode).toBe(409)
      expect(asked.body).toContain(s.codeRequest.unavailable)
      expect(await codeRow(env, signer.id)).toBeUndefined()
      expect(await env.db.selectFrom('outbox_emails').select('id').where('kind', '=', 'signer_code').where('to_address', '=', signer.email).execute()).toEqual([])
    })
  })

  it('reads a code typed with spaces, dots or a dash, says why anything else is none, and masks an address enough to recognise it', () => {
    expect(parseEmailCode(' 123 456 ')).toEqual({ code: '123456' })
    expect(parseEmailCode('123-456')).toEqual({ code: '123456' })
    expect(parseEmailCode('  ')).toEqual({ problem: 'required' })
    for (const bad of ['12345', '1234567', '12345a']) expect(parseEmailCode(bad)).toEqual({ problem: 'format' })
    expect(maskedEmail('maria.souza@acme.com.br')).toBe('m***@acme.com.br')
  })
})

/** A paper document's API body for the account's catalogue (the factories' defaults). */
function paperBody(account: TestAccount, customerId: number) {
  return { ...proposalBody(account, { id: customerId }), signature_type: 'paper' }
}

/** The edit form's fields as a browser posts it untouched (unchecked boxes left out). */
function editFields(html: string, proposalId: number): Record<string, string> {
  const form = postFormsIn(`/proposals/${proposalId}/edit`, html, { asBrowser: true }).find((found) => found.action === `/proposals/${proposalId}`)
  if (!form) throw new Error('no edit form on the page')
  return Object.fromEntries(form.fields)
}
