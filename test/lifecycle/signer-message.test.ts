// The seller's message to the signers and where their replies go, on both databases, through a
// real SMTP server: a message written when sending (API or web form) is kept on the document and
// quoted, escaped, in the invitation of every turn, the reminders, a reinvitation after a corrected
// e-mail and the signing page (which also says whom to ask); every e-mail a signer gets carries a
// Reply-To (the seller, else the company's e-mail, else none and "não responda"), the seller's own
// copy of the signed PDF none.
// Bad messages are 422 on `/message` and change nothing; an erasure removes the subject from it.
// The company's logo heads the HTML of those e-mails, attached inline when each is sent.
import type { ParsedMail } from 'mailparser'
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { removeAccountLogo, saveAccountLogo } from '../../src/modules/accounts/account-logo.js'
import { signAsSigner } from '../../src/modules/lifecycle/signing.js'
import type { ProposalDetail } from '../../src/modules/proposals/proposal-mapper.js'
import { erasePersonalData } from '../../src/modules/privacy/erase-personal-data.js'
import { describeEachDialect } from '../support/dialects.js'
import { validCpf } from '../support/documents.js'
import { buildPng } from '../support/png.js'
import { makeAccount, type TestAccount, uniqueSuffix } from '../support/factories.js'
import { errorPaths, expectProblem } from '../support/http.js'
import type { TestApp } from '../support/test-app.js'
import { signedInUser } from '../support/web-login.js'
import { startSmtpReceiver, type SmtpReceiver } from '../notifications/smtp-receiver.js'
import { makeDraft, post, postOk, snapshotEverything } from './lifecycle-fixtures.js'

const CLIENT = { ip: '203.0.113.30', userAgent: 'Mozilla/5.0 (signer message)' }
const SIGN_OPTIONS = { baseUrl: 'http://localhost:3000' }

let smtp: SmtpReceiver
const options = { env: {} as Record<string, string> }
beforeAll(async () => {
  smtp = await startSmtpReceiver()
  options.env.SMTP_URL = smtp.url
  options.env.MAIL_FROM = 'Vendoc <nao-responda@vendoc.test>'
})
afterAll(async () => {
  await smtp?.close()
})

function replyToOf(mail: ParsedMail): string[] {
  return mail.replyTo?.value.map((entry) => entry.address ?? '') ?? []
}

/** The one message of `kind` (by subject) that reached `address`, after the queue ran. */
function onlyMail(address: string, subject: RegExp): ParsedMail {
  const found = smtp.to(address).filter((mail) => subject.test(mail.subject ?? ''))
  expect(found, `${address} ${subject}`).toHaveLength(1)
  return found[0]!
}

async function tokenOf(env: TestApp, signerId: number): Promise<string> {
  const row = await env.db.selectFrom('proposal_signers').select('sign_token').where('id', '=', signerId).executeTakeFirstOrThrow()
  return row.sign_token!
}

async function sign(env: TestApp, detail: ProposalDetail, signerId: number) {
  const signer = detail.signers.find((entry) => entry.id === signerId)!
  const outcome = await signAsSigner(env.db, env.clock, await tokenOf(env, signerId), { name: signer.name, cpf: signer.cpf ?? '', consent: true, signatureKind: 'typed', signatureData: signer.name }, CLIENT, SIGN_OPTIONS)
  expect(outcome.outcome).toBe('signed')
}

async function withCompanyEmail(env: TestApp, account: TestAccount): Promise<string> {
  const email = `contato.${uniqueSuffix()}@empresa.test`
  await env.db.updateTable('accounts').set({ email }).where('id', '=', account.id).execute()
  return email
}

describeEachDialect(
  "the seller's message and the signers' replies",
  (env) => {
    it('quotes the message, escaped, in every turn, reminder, reinvitation and the signing page; replies go to the seller', async () => {
      const account = await makeAccount(env)
      await withCompanyEmail(env, account)
      const seller = account.seller
      const draft = await makeDraft(env, account, 'digital', { seller_id: seller.id })
      const [ana, beto, caio] = draft.signers

      const sent = await postOk(env, account, `${draft.id}/send`, { message: '  Olá, Ana & Beto!\r\n\r\nSegue a <b>proposta</b>.\n  ' })
      const stored = 'Olá, Ana & Beto!\n\nSegue a <b>proposta</b>.'
      expect(sent.signer_message).toBe(stored)
      expect(sent.events.find((event) => event.type === 'sent')!.data).toMatchObject({ signer_message: true })
      await env.app.jobs.runDueJobs()

      const invitation = onlyMail(ana!.email, /para assinatura/)
      expect(replyToOf(invitation)).toEqual([seller.email])
      expect(invitation.text).toContain(`Mensagem de ${account.account.name}:\n> Olá, Ana & Beto!\n>\n> Segue a <b>proposta</b>.\n`)
      expect(invitation.text).toContain(`responda a este e-mail: a resposta vai para ${seller.name}.`)
      expect(invitation.text).not.toContain('Não responda')
      expect(invitation.html).toContain('Olá, Ana &amp; Beto!<br><br>Segue a &lt;b&gt;proposta&lt;/b&gt;.')
      expect(invitation.html).not.toContain('<b>proposta')
      expect(replyToOf(onlyMail(beto!.email, /para assinatura/))).toEqual([seller.email])
      // The outbox page shows where replies go.
      const outbox = await env.db.selectFrom('outbox_emails').select(['id', 'reply_to']).where('proposal_id', '=', draft.id).where('to_address', '=', ana!.email).executeTakeFirstOrThrow()
      expect(outbox.reply_to).toBe(seller.email)
      const admin = await signedInUser(env, { account })
      const outboxPage = await admin.agent.get(`/settings/emails/${outbox.id}`)
      expect(outboxPage.statusCode).toBe(200)
      expect(outboxPage.body).toMatch(new RegExp(`<dt>Respostas para</dt><dd>${seller.email.replaceAll('.', '\\.')}</dd>`))
      expect(invitation.html).toContain(`a resposta vai para ${seller.name}.</small>`)

      const page = await env.app.inject({ method: 'GET', url: `/sign/${await tokenOf(env, ana!.id)}` })
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain(`Mensagem de ${account.account.name}`)
      expect(page.body).toContain('Olá, Ana &amp; Beto!\n\nSegue a &lt;b')
      // Whom to ask, as the e-mails' Reply-To.
      expect(page.body).toContain(`Dúvidas? Fale com ${seller.name}: <a href="mailto:${seller.email}">${seller.email}</a>`)
      expect(page.body).not.toContain('<b>proposta')

      await postOk(env, account, `${draft.id}/resend`, { signer_ids: [ana!.id] })
      await env.app.jobs.runDueJobs()
      const reminder = onlyMail(ana!.email, /^Lembrete/)
      expect(replyToOf(reminder)).toEqual([seller.email])
      expect(reminder.text).toContain('> Segue a <b>proposta</b>.')

      // The second turn's invitation, then its reinvitation at a corrected address, carry it too.
      await sign(env, sent, ana!.id)
      await sign(env, sent, beto!.id)
      await env.app.jobs.runDueJobs()
      const second = onlyMail(caio!.email, /para assinatura/)
      expect(replyToOf(second)).toEqual([seller.email])
      expect(second.text).toContain('> Olá, Ana & Beto!')
      const corrected = `caio.correto.${uniqueSuffix()}@cliente.test`
      const patched = await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${draft.id}/signers/${caio!.id}`, headers: account.auth, payload: { email: corrected } })
      expect(patched.statusCode, patched.body).toBe(200)
      await env.app.jobs.runDueJobs()
      const reinvitation = onlyMail(corrected, /para assinatura/)
      expect(replyToOf(reinvitation)).toEqual([seller.email])
      expect(reinvitation.text).toContain('> Segue a <b>proposta</b>.')

      // Signed: each signer's copy answers to the seller; the seller's own copy asks for no reply.
      await sign(env, patched.json<ProposalDetail>(), caio!.id)
      await env.app.jobs.runDueJobs()
      await env.app.jobs.runDueJobs()
      for (const address of [ana!.email, beto!.email, corrected]) {
        const completed = onlyMail(address, / assinado — /)
        expect(replyToOf(completed)).toEqual([seller.email])
        expect(completed.text).toContain(`a resposta vai para ${seller.name}.`)
      }
      const own = onlyMail(seller.email, / assinado — /)
      expect(replyToOf(own)).toEqual([])
      expect(own.text).toContain('Não responda a este e-mail.')
    })

    it("sends replies to the company's e-mail when the seller is inactive, and asks for none when there is no address", async () => {
      const account = await makeAccount(env)
      const company = await withCompanyEmail(env, account)
      const draft = await makeDraft(env, account, 'digital', { seller_id: account.otherSeller.id })
      await env.db.updateTable('users').set({ active: false }).where('id', '=', account.otherSeller.id).execute()
      await postOk(env, account, `${draft.id}/send`, {})
      await env.app.jobs.runDueJobs()
      const toCompany = onlyMail(draft.signers[0]!.email, /para assinatura/)
      expect(replyToOf(toCompany)).toEqual([company])
      expect(toCompany.text).toContain(`a resposta vai para ${account.account.name}.`)
      expect(toCompany.text).not.toContain('Mensagem de')
      const companyPage = await env.app.inject({ method: 'GET', url: `/sign/${await tokenOf(env, draft.signers[0]!.id)}` })
      expect(companyPage.body).toContain(`Dúvidas? Fale com ${account.account.name}: <a href="mailto:${company}">${company}</a>`)

      await env.db.updateTable('accounts').set({ email: null }).where('id', '=', account.id).execute()
      // A document without a seller (its column is nullable), in an account without an e-mail.
      const anonymous = await makeDraft(env, account, 'digital')
      await env.db.updateTable('proposals').set({ seller_id: null }).where('id', '=', anonymous.id).execute()
      const detail = await postOk(env, account, `${anonymous.id}/send`)
      expect(detail.signer_message).toBeNull()
      await env.app.jobs.runDueJobs()
      const noReply = onlyMail(anonymous.signers[0]!.email, /para assinatura/)
      expect(replyToOf(noReply)).toEqual([])
      expect(noReply.text).toContain('Não responda a este e-mail.')
      const row = await env.db.selectFrom('outbox_emails').select('reply_to').where('proposal_id', '=', anonymous.id).where('kind', '=', 'invitation').executeTakeFirstOrThrow()
      expect(row.reply_to).toBeNull()
      const nobodyPage = await env.app.inject({ method: 'GET', url: `/sign/${await tokenOf(env, anonymous.signers[0]!.id)}` })
      expect(nobodyPage.statusCode).toBe(200)
      expect(nobodyPage.body).not.toContain('Dúvidas?')
    })

    it('gives no Reply-To to a signer who is the reply address (a seller signing their own document)', async () => {
      const account = await makeAccount(env)
      const seller = account.seller
      const signers = [
        { name: seller.name, email: seller.email.toUpperCase(), cpf: validCpf(), role_id: account.roles.party.id, signing_order: 1 },
        { name: 'Cliente Assinante', email: `cliente.${uniqueSuffix()}@cliente.test`, cpf: validCpf(), role_id: account.roles.party.id, signing_order: 1 },
      ]
      const draft = await makeDraft(env, account, 'digital', { seller_id: seller.id, signers })
      await postOk(env, account, `${draft.id}/send`, { message: 'Assinemos.' })
      await env.app.jobs.runDueJobs()
      const own = onlyMail(seller.email, /para assinatura/)
      expect(replyToOf(own)).toEqual([])
      expect(own.text).toContain('Não responda a este e-mail.')
      expect(own.text).toContain('> Assinemos.')
      expect(replyToOf(onlyMail(signers[1]!.email, /para assinatura/))).toEqual([seller.email])
    })

    it("heads the HTML with the company's logo, attached inline; a logo removed before sending leaves no broken image", async () => {
      const account = await makeAccount(env)
      const png = buildPng({ width: 300, height: 100 })
      expect((await saveAccountLogo(env.db, env.clock, account.id, png)).ok).toBe(true)
      const draft = await makeDraft(env, account, 'digital')
      await postOk(env, account, `${draft.id}/send`, {})
      await env.app.jobs.runDueJobs()
      const withLogo = onlyMail(draft.signers[0]!.email, /para assinatura/)
      // mailparser inlines a cid: image it received as the attachment's data URI: the reference resolved.
      expect(withLogo.html).toContain(`<img src="data:image/png;base64,${png.toString('base64')}" alt="${account.account.name}" width="144" height="48"`)
      const contentId = `account-logo-${createHash('sha256').update(png).digest('hex').slice(0, 32)}@vendoc`
      const inline = withLogo.attachments.filter((attachment) => attachment.cid === contentId)
      expect(inline).toHaveLength(1)
      expect(inline[0]!.contentType).toBe('image/png')
      expect(Buffer.compare(inline[0]!.content, png)).toBe(0)

      // Queued with the logo, sent after it was removed: the paragraph goes, nothing is attached.
      const second = await makeDraft(env, account, 'digital')
      await postOk(env, account, `${second.id}/send`, {})
      const queued = await env.db.selectFrom('outbox_emails').select('html_body').where('proposal_id', '=', second.id).where('kind', '=', 'invitation').execute()
      expect(queued.every((row) => row.html_body!.includes(`cid:${contentId}`))).toBe(true)
      await removeAccountLogo(env.db, env.clock, account.id)
      await env.app.jobs.runDueJobs()
      const without = onlyMail(second.signers[0]!.email, /para assinatura/)
      expect(without.html).not.toContain('<img')
      expect(without.html).not.toContain('vendoc-logo')
      expect(without.html).toContain('Ler e assinar o documento')
      expect(without.attachments).toEqual([])

      // Queued with one logo, sent after another replaced it: not the new image at the old one's size.
      expect((await saveAccountLogo(env.db, env.clock, account.id, png)).ok).toBe(true)
      const third = await makeDraft(env, account, 'digital')
      await postOk(env, account, `${third.id}/send`, {})
      expect((await saveAccountLogo(env.db, env.clock, account.id, buildPng({ width: 100, height: 300 }))).ok).toBe(true)
      await env.app.jobs.runDueJobs()
      const replaced = onlyMail(third.signers[0]!.email, /para assinatura/)
      expect(replaced.html).not.toContain('<img')
      expect(replaced.attachments).toEqual([])
      // Text that spells the Content-ID (the seller's message) attaches nothing: only the logo's own paragraph counts.
      await removeAccountLogo(env.db, env.clock, account.id)
      const fourth = await makeDraft(env, account, 'digital')
      await postOk(env, account, `${fourth.id}/send`, { message: `<p class="vendoc-logo"><img src="cid:${contentId}"></p>` })
      await env.app.jobs.runDueJobs()
      const spelled = onlyMail(fourth.signers[0]!.email, /para assinatura/)
      expect(spelled.attachments).toEqual([])
      expect(spelled.html).toContain('&lt;p class=&quot;vendoc-logo&quot;&gt;')
    })

    it('refuses a bad message with 422 on /message and changes nothing; a blank one is none; 1,000 characters are counted as characters', async () => {
      const account = await makeAccount(env)
      const digital = await makeDraft(env, account, 'digital')
      const paper = await makeDraft(env, account, 'paper')
      const cases: Array<[string, number, unknown]> = [
        ['too long', digital.id, { message: 'a'.repeat(1001) }],
        ['too long once its line breaks are one character each', digital.id, { message: 'a\r\n'.repeat(500) + 'a' }],
        ['a control character', digital.id, { message: 'Olá\u0007' }],
        ['a C1 control character', digital.id, { message: 'Olá\u0085 mundo' }],
        ['a bidirectional override', digital.id, { message: 'Valor: \u202e00,001 R$' }],
        ['not a string', digital.id, { message: 5 }],
        ['a paper document', paper.id, { message: 'Assine na loja.' }],
      ]
      for (const [label, id, payload] of cases) {
        const before = await snapshotEverything(env.db)
        const problem = expectProblem(await post(env, account, `${id}/send`, payload), 422, 'validation_failed')
        expect(errorPaths(problem), label).toEqual(['/message'])
        expect(await snapshotEverything(env.db), label).toEqual(before)
      }
      const unknown = expectProblem(await post(env, account, `${digital.id}/send`, { message: 'ok', note: 'x' }), 422, 'validation_failed')
      expect(errorPaths(unknown)).toEqual(['/note'])

      // Paper with a blank (or invisible) message: nothing to refuse. The limit counts the text once
      // trimmed, emoji as one character each (not two UTF-16 units).
      expect((await postOk(env, account, `${paper.id}/send`, { message: ' \n\u200b ' })).signer_message).toBeNull()
      const emoji = '😀'.repeat(1000)
      expect((await postOk(env, account, `${digital.id}/send`, { message: `\r\n  ${emoji}\n\n  ` })).signer_message).toBe(emoji)
    })

    it('takes the message from the web form and shows it on the document; a bad one is a flash error that sends nothing', async () => {
      const user = await signedInUser(env)
      const draft = await makeDraft(env, user.account, 'digital')
      const edit = `/proposals/${draft.id}/edit`
      const form = await user.agent.get(edit)
      expect(form.body).toContain('name="message"')
      expect(form.body).toContain('maxlength="1000"')

      // Past the textarea's maxlength (a script or an old browser), or with a control character.
      for (const message of ['Oi\u0001', 'b'.repeat(1001)]) {
        const before = await snapshotEverything(env.db)
        const refused = await user.agent.submit(edit, `/proposals/${draft.id}/send`, { message })
        expect(refused.statusCode).toBe(303)
        const refusedPage = await user.agent.get(edit)
        expect(refusedPage.body).toContain('A mensagem aos signatários não foi aceita')
        expect(await snapshotEverything(env.db)).toEqual(before)
      }

      const sent = await user.agent.submit(edit, `/proposals/${draft.id}/send`, { message: 'Bom dia!\r\nQualquer dúvida, responda.' })
      expect(sent.statusCode).toBe(303)
      const row = await env.db.selectFrom('proposals').select(['status', 'signer_message']).where('id', '=', draft.id).executeTakeFirstOrThrow()
      expect(row).toEqual({ status: 'sent', signer_message: 'Bom dia!\nQualquer dúvida, responda.' })
      const page = await user.agent.get(edit)
      expect(page.body).toContain('Mensagem aos signatários')
      expect(page.body).toContain('Bom dia!\nQualquer dúvida, responda.')
      // Once sent, the form (and its message field) is gone.
      expect(page.body).not.toContain('name="message"')
    })

    it("erases the customer's and signers' names from the message", async () => {
      const account = await makeAccount(env)
      const draft = await makeDraft(env, account, 'digital')
      const ana = draft.signers[0]!
      await postOk(env, account, `${draft.id}/send`, { message: `Prezada ${ana.name}, segue a proposta para ${draft.customer.name}.` })
      await erasePersonalData(env.db, env.clock, account.id, String(draft.customer.id), { erasedBy: 'test' })
      const row = await env.db.selectFrom('proposals').select('signer_message').where('id', '=', draft.id).executeTakeFirstOrThrow()
      expect(row.signer_message).not.toContain(ana.name)
      expect(row.signer_message).not.toContain(draft.customer.name)
      // The placeholders take their places, so the text still reads.
      expect(row.signer_message).toMatch(/^Prezada .+, segue a proposta para .+\.$/)
      expect(row.signer_message).not.toBe(`Prezada ${ana.name}, segue a proposta para ${draft.customer.name}.`)
      expect(row.signer_message!.length).toBeGreaterThan('Prezada , segue a proposta para .'.length)
    })
  },
  options,
)
