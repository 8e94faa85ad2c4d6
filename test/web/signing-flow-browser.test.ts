// The lifecycle issue's acceptance flow, end to end with real parts: a digital document with two
// signers (orders 1 and 2) is created and sent through the API; the app's e-mails go through SMTP
// to an in-process smtp-server; each signer follows the link they received and signs in Chromium
// (the first at phone width with a typed signature, the second drawing on the canvas); then the
// signed PDF is downloaded through the API and its evidence page read back with pdfjs. The flow runs
// once per database (SQLite and PostgreSQL), each on its own fresh database.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemClock } from '../../src/platform/clock.js'
import { pdfText } from '../documents/pdf-text.js'
import { closedPort, startSmtpReceiver, type SmtpReceiver } from '../notifications/smtp-receiver.js'
import { type BrowserHarness, browserDialectAvailable, chromiumAvailable, startBrowserHarness } from '../support/browser.js'
import { DIALECTS } from '../support/dialects.js'
import { validCpf } from '../support/documents.js'
import { makeAccount, makeCustomer, makeProposal, type TestAccount } from '../support/factories.js'
import type { TestApp } from '../support/test-app.js'

const RESULTS = path.resolve('test-results')
const SIGNER_1 = { name: 'Mariana Conceição Alves', email: 'mariana@cliente.test', cpf: validCpf() }
const SIGNER_2 = { name: 'Otávio Brandão', email: 'otavio@cliente.test', cpf: validCpf() }

function formatCpf(cpf: string): string {
  return `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}`
}

const withChromium = chromiumAvailable('signing-flow-browser')

for (const dialect of DIALECTS) {
  describe.skipIf(!withChromium || !browserDialectAvailable(dialect, 'signing-flow-browser'))(`Digital signature flow in Chromium (issue 5 acceptance) [${dialect}]`, () => {
    let harness: BrowserHarness
    let smtp: SmtpReceiver
    let env: TestApp
    let account: TestAccount
    const problems: string[] = []

    beforeAll(async () => {
      smtp = await startSmtpReceiver()
      // The links in the e-mails must work: the app listens where its PUBLIC_URL says.
      const port = await closedPort()
      harness = await startBrowserHarness(undefined, { SMTP_URL: smtp.url, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, JOB_POLL_MS: '0' }, { dialect })
      env = { dialect, databaseUrl: '', app: harness.app, db: harness.database.db, clock: systemClock, close: async () => undefined }
      account = await makeAccount(env)
    }, 60_000)

    afterAll(async () => {
      await harness?.close()
      await smtp?.close()
    })

    async function newPage(viewport: { width: number; height: number }): Promise<Page> {
      const context = await harness.browser.newContext({ viewport })
      const page = await context.newPage()
      page.on('console', (message) => {
        // The refused form (422) and the invalid-link page (404) are answered on purpose; anything else (a CSP refusal, a script error) is a defect.
        if (message.type() === 'error' && !/status of (404|422)/.test(message.text())) problems.push(message.text())
      })
      page.on('pageerror', (error) => problems.push(error.message))
      return page
    }

    /** Screenshots the page into test-results/, after checking every visible control has a label. */
    async function shoot(page: Page, name: string): Promise<void> {
      const unlabelled = await page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input:not([type=hidden]), textarea'))
          .filter((control) => control.getClientRects().length > 0)
          .filter((control) => (control.labels?.length ?? 0) === 0 && !control.getAttribute('aria-label') && !control.getAttribute('aria-labelledby'))
          .map((control) => control.name || control.id),
      )
      expect(unlabelled, `unlabelled controls on ${name}`).toEqual([])
      fs.mkdirSync(RESULTS, { recursive: true })
      // SQLite keeps the historical file names; the PostgreSQL run adds its dialect.
      await page.screenshot({ path: path.join(RESULTS, `${dialect === 'sqlite' ? name : `${name}-${dialect}`}.png`), fullPage: true })
    }

    async function runJobs(): Promise<void> {
      // Jobs queued by jobs (finalize → completion e-mails) become due in the same instant.
      for (let round = 0; round < 5 && (await harness.app.jobs.runDueJobs()) > 0; round += 1);
    }

    function invitationLink(address: string): string {
      const invitations = smtp.to(address).filter((message) => /para assinatura/.test(message.subject ?? ''))
      expect(invitations, `invitations to ${address}`).toHaveLength(1)
      const link = /http:\/\/127\.0\.0\.1:\d+\/sign\/[A-Za-z0-9_-]+/.exec(invitations[0]!.text ?? '')?.[0]
      expect(link, 'a signing link in the invitation').toBeDefined()
      return link!
    }

    async function sendDocument(): Promise<{ id: number }> {
      const customer = await makeCustomer(env, account)
      const created = await makeProposal(env, account, customer, {
        signature_type: 'digital',
        seller_id: account.seller.id,
        title: 'Contrato de implantação',
        signers: [
          { name: SIGNER_1.name, email: SIGNER_1.email, cpf: SIGNER_1.cpf, role_id: account.roles.party.id, signing_order: 1 },
          { name: SIGNER_2.name, email: SIGNER_2.email, cpf: SIGNER_2.cpf, role_id: account.roles.witness.id, signing_order: 2 },
        ],
      })
      const sent = await harness.app.inject({ method: 'POST', url: `/api/v1/proposals/${created.id}/send`, headers: account.auth, payload: {} })
      expect(sent.statusCode, sent.body).toBe(200)
      return created
    }

    it('creates, sends, and has both signers sign in order through their e-mailed links; the signed PDF carries the evidence', async () => {
      const doc = await sendDocument()
      await runJobs()
      // Exactly one invitation, to the first signer: the second waits for their turn.
      expect(smtp.messages).toHaveLength(1)
      const link1 = invitationLink(SIGNER_1.email)
      expect(smtp.to(SIGNER_2.email)).toHaveLength(0)

      // Signer 1, on a phone, with a typed signature.
      const phone = await newPage({ width: 390, height: 844 })
      await phone.goto(link1)
      await expect.poll(() => phone.title()).toContain('Assinatura do documento')
      expect(await phone.locator('iframe.signing-frame').getAttribute('sandbox')).toBe('')
      const frame = phone.frameLocator('iframe.signing-frame')
      // The frozen HTML is shown inside the sandboxed frame (the template says "Olá {{ customer.name }}").
      await frame.getByText('Olá Cliente').waitFor()
      expect(await phone.locator('#document-hash').textContent()).toMatch(/^[0-9a-f]{64}$/)
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      expect(overflow, 'no horizontal scrolling at phone width').toBeLessThanOrEqual(0)
      await phone.getByLabel('Nome completo').fill(SIGNER_1.name.toUpperCase())
      await phone.getByLabel('CPF').fill(formatCpf(SIGNER_1.cpf))
      await phone.getByLabel('Li o documento e concordo com a declaração abaixo.').check()
      await phone.getByLabel('Assinatura digitada').fill(SIGNER_1.name)
      await shoot(phone, 'signing-phone')
      await phone.getByRole('button', { name: 'Assinar documento' }).click()
      await phone.getByRole('heading', { name: 'Documento assinado' }).waitFor()

      // Only now is signer 2 invited.
      await runJobs()
      const link2 = invitationLink(SIGNER_2.email)

      // Signer 2, on a desktop, drawing the signature; a first try without consent is refused and keeps the input.
      const desktop = await newPage({ width: 1280, height: 900 })
      await desktop.goto(link2)
      await desktop.getByLabel('Nome completo').fill(SIGNER_2.name)
      await desktop.getByLabel('CPF').fill(SIGNER_2.cpf)
      await desktop.getByLabel('Desenhar a assinatura').check()
      const canvas = desktop.locator('canvas.signature-canvas')
      await canvas.waitFor({ state: 'visible' })
      expect(await desktop.getByLabel('Assinatura digitada').isVisible()).toBe(false)
      const box = (await canvas.boundingBox())!
      await desktop.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.6)
      await desktop.mouse.down()
      for (let step = 1; step <= 24; step += 1) {
        await desktop.mouse.move(box.x + box.width * (0.1 + step * 0.033), box.y + box.height * (0.6 - 0.3 * Math.sin(step / 3)))
      }
      await desktop.mouse.up()
      expect(await desktop.locator('input[name="signature_drawn"]').inputValue()).toMatch(/^data:image\/png;base64,/)
      await desktop.getByRole('button', { name: 'Assinar documento' }).click()
      await desktop.getByText('Marque a declaração para assinar.').waitFor()
      await shoot(desktop, 'signing-desktop-refused')
      expect(await desktop.getByLabel('Nome completo').inputValue()).toBe(SIGNER_2.name)
      await desktop.getByLabel('Li o documento e concordo com a declaração abaixo.').check()
      // The drawing was kept across the refused submission.
      expect(await desktop.locator('input[name="signature_drawn"]').inputValue()).toMatch(/^data:image\/png;base64,/)
      await desktop.getByRole('button', { name: 'Assinar documento' }).click()
      await desktop.getByRole('heading', { name: 'Documento assinado' }).waitFor()

      const signers = await env.db.selectFrom('proposal_signers').select(['email', 'status', 'signature_kind', 'signature_data']).where('proposal_id', '=', doc.id).orderBy('signing_order').execute()
      expect(signers.map((signer) => [signer.email, signer.status, signer.signature_kind])).toEqual([
        [SIGNER_1.email, 'signed', 'typed'],
        [SIGNER_2.email, 'signed', 'drawn'],
      ])
      expect(signers[1]!.signature_data).toMatch(/^data:image\/png;base64,/)

      await runJobs()
      const detail = await harness.app.inject({ method: 'GET', url: `/api/v1/proposals/${doc.id}`, headers: account.auth })
      expect(detail.json().status).toBe('signed')
      const row = await env.db.selectFrom('proposals').select(['original_sha256', 'signed_sha256']).where('id', '=', doc.id).executeTakeFirstOrThrow()
      expect(row.signed_sha256).toMatch(/^[0-9a-f]{64}$/)

      const download = await harness.app.inject({ method: 'GET', url: `/api/v1/proposals/${doc.id}/pdf?version=signed`, headers: account.auth })
      expect(download.statusCode, download.body.slice(0, 200)).toBe(200)
      expect(download.headers['content-type']).toContain('application/pdf')
      expect(createHash('sha256').update(download.rawPayload).digest('hex')).toBe(row.signed_sha256)
      const text = await pdfText(new Uint8Array(download.rawPayload))
      expect(text).toContain(SIGNER_1.name)
      expect(text).toContain(SIGNER_2.name)
      expect(text.replace(/\s+/g, '')).toContain(row.original_sha256!)

      // The hash recomputed from the stored original is the one recorded at sending.
      const original = await env.db.selectFrom('proposal_files').select('bytes').where('proposal_id', '=', doc.id).where('kind', '=', 'original').executeTakeFirstOrThrow()
      expect(createHash('sha256').update(original.bytes).digest('hex')).toBe(row.original_sha256)

      // Everyone got the signed PDF by e-mail.
      for (const address of [SIGNER_1.email, SIGNER_2.email, account.seller.email]) {
        const completed = smtp.to(address).filter((message) => /assinado/.test(message.subject ?? '') && !/para assinatura/.test(message.subject ?? ''))
        expect(completed, `completion e-mail to ${address}`).toHaveLength(1)
        expect(completed[0]!.attachments.map((attachment) => attachment.contentType)).toEqual(['application/pdf'])
        expect(createHash('sha256').update(completed[0]!.attachments[0]!.content).digest('hex')).toBe(row.signed_sha256)
      }
      expect(problems).toEqual([])
    }, 120_000)

    it("shows the invalid-link page for a cancelled document's link", async () => {
      const doc = await sendDocument()
      await runJobs()
      const invitation = smtp.to(SIGNER_1.email).at(-1)!
      const link = /http:\/\/127\.0\.0\.1:\d+\/sign\/[A-Za-z0-9_-]+/.exec(invitation.text ?? '')![0]
      const cancel = await harness.app.inject({ method: 'POST', url: `/api/v1/proposals/${doc.id}/cancel`, headers: account.auth, payload: { reason: 'Cliente desistiu' } })
      expect(cancel.statusCode, cancel.body).toBe(200)

      const page = await newPage({ width: 390, height: 844 })
      const response = await page.goto(link)
      expect(response?.status()).toBe(404)
      await page.getByRole('heading', { name: 'Link de assinatura inválido' }).waitFor()
      expect(await page.locator('input[name="cpf"]').count()).toBe(0)
      expect(problems).toEqual([])
    }, 60_000)

    it('a signer asked for an e-mail code requests it on the page, types it from the e-mail and signs with Enter', async () => {
      const signer = { name: 'Renata Sampaio', email: 'renata@cliente.test', cpf: validCpf() }
      const customer = await makeCustomer(env, account)
      const created = await makeProposal(env, account, customer, {
        signature_type: 'digital',
        signers: [{ name: signer.name, email: signer.email, cpf: signer.cpf, role_id: account.roles.party.id, authentication: 'email_code' }],
      })
      expect((await harness.app.inject({ method: 'POST', url: `/api/v1/proposals/${created.id}/send`, headers: account.auth, payload: {} })).statusCode).toBe(200)
      await runJobs()
      const page = await newPage({ width: 390, height: 844 })
      await page.goto(invitationLink(signer.email))
      await page.getByLabel('Nome completo').fill(signer.name)
      await page.getByRole('button', { name: 'Enviar código por e-mail' }).click()
      await page.getByText('Enviamos um código de 6 dígitos para r***@cliente.test').waitFor()
      // What was typed before asking is still there.
      expect(await page.getByLabel('Nome completo').inputValue()).toBe(signer.name)
      await runJobs()
      const mail = smtp.to(signer.email).find((message) => (message.subject ?? '').startsWith('Código para assinar'))
      const code = /^\s*(\d{6})\s*$/m.exec(mail?.text ?? '')?.[1]
      expect(code, 'a code in the e-mail').toBeDefined()
      await page.getByLabel('CPF').fill(signer.cpf)
      await page.getByLabel('Li o documento e concordo com a declaração abaixo.').check()
      await page.getByLabel('Assinatura digitada').fill(signer.name)
      await page.getByLabel('Código recebido por e-mail').fill(code!)
      await shoot(page, 'signing-email-code')
      // Enter in a field of the signature's form signs: the code's request is a form of its own.
      await page.getByLabel('Código recebido por e-mail').press('Enter')
      await page.getByRole('heading', { name: 'Documento assinado' }).waitFor()
      const row = await env.db.selectFrom('proposal_signers').select(['status', 'signed_authentication']).where('proposal_id', '=', created.id).executeTakeFirstOrThrow()
      expect(row).toEqual({ status: 'signed', signed_authentication: 'email_code' })
      expect(smtp.to(signer.email).filter((message) => (message.subject ?? '').startsWith('Código para assinar'))).toHaveLength(1)
      expect(problems).toEqual([])
    }, 60_000)
  })
}
