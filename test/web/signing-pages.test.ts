// The signer's pages (/sign/:token) through app.inject, on both databases: no session, the token is
// the credential and the visitor's double-submit cookie protects the forms.
import { createHash } from 'node:crypto'
import { expect, it } from 'vitest'
import { DOCUMENT_CONTENT_SECURITY_POLICY } from '../../src/http/web/routes/template-routes.js'
import { describeEachDialect } from '../support/dialects.js'
import { validCpf } from '../support/documents.js'
import { makeAccount } from '../support/factories.js'
import { sentDigitalDocument, type SentSigner } from '../support/signing.js'
import type { TestApp } from '../support/test-app.js'
import { csrfTokenIn, WebAgent } from '../support/web-agent.js'

const PNG_DATA_URL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='

function fieldsFor(signer: SentSigner, overrides: Record<string, string> = {}): Record<string, string> {
  return { name: signer.name, cpf: signer.cpf ?? '', consent: '1', signature_kind: 'typed', signature_text: signer.name, ...overrides }
}

async function signerRow(env: TestApp, id: number) {
  return env.db.selectFrom('proposal_signers').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

async function statusOf(env: TestApp, id: number) {
  return (await env.db.selectFrom('proposals').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status
}

/** A sent digital document with one signer, and a browser of that signer on their signing page. */
async function loneSignerOnTheirPage(env: TestApp) {
  const account = await makeAccount(env)
  const doc = await sentDigitalDocument(env, account, [{ name: 'Rui Barbosa', cpf: validCpf(), order: 1 }])
  const signer = doc.signers[0]!
  return { doc, signer, agent: new WebAgent(env.app), url: `/sign/${signer.token}` }
}

function expectInvalidLinkPage(response: { statusCode: number; body: string }) {
  expect(response.statusCode).toBe(404)
  expect(response.body).toContain('Link de assinatura inválido')
  expect(response.body).not.toContain('name="cpf"')
}

describeEachDialect(
  'signing pages',
  (env) => {
    it('shows the document in a sandboxed frame, its hash and PDF, and the labelled form, without any app navigation', async () => {
      const account = await makeAccount(env)
      const doc = await sentDigitalDocument(env, account, [{ name: 'Maria Souza', cpf: validCpf(), order: 1 }])
      const signer = doc.signers[0]!
      const proposal = await env.db.selectFrom('proposals').selectAll().where('id', '=', doc.id).executeTakeFirstOrThrow()
      const agent = new WebAgent(env.app)

      const page = await agent.get(`/sign/${signer.token}`)
      expect(page.statusCode).toBe(200)
      expect(page.headers['cache-control']).toBe('no-store')
      expect(page.headers['referrer-policy']).toBe('no-referrer')
      expect(page.body).toContain(`<iframe class="signing-frame" sandbox src="/sign/${signer.token}/document"`)
      expect(page.body).toContain(`href="/sign/${signer.token}/pdf"`)
      expect(page.body).toContain(proposal.original_sha256!)
      expect(page.body).toContain(account.account.name)
      for (const id of ['field-name', 'field-cpf', 'field-consent', 'field-signature']) expect(page.body).toContain(`<label for="${id}"`)
      expect(page.body).toContain('data-signature-canvas')
      expect(page.body).toMatch(/<script src="\/assets\/signature-pad\.js\?v=[0-9a-f]+" defer>/)
      expect(page.body).not.toContain('main-nav')
      expect(page.body).not.toContain('/logout')
      expect(agent.cookies.size).toBeGreaterThan(0)

      const frame = await agent.get(`/sign/${signer.token}/document`)
      expect(frame.statusCode).toBe(200)
      expect(frame.headers['content-security-policy']).toBe(DOCUMENT_CONTENT_SECURITY_POLICY)
      expect(String(frame.headers['content-security-policy'])).toContain('sandbox')
      expect(frame.headers['x-frame-options']).toBe('SAMEORIGIN')
      const html = await env.db.selectFrom('proposal_files').select('bytes').where('proposal_id', '=', doc.id).where('kind', '=', 'html').executeTakeFirstOrThrow()
      expect(frame.body).toBe(Buffer.from(html.bytes).toString('utf8'))

      const pdf = await agent.get(`/sign/${signer.token}/pdf`)
      expect(pdf.statusCode).toBe(200)
      expect(pdf.headers['content-type']).toBe('application/pdf')
      expect(createHash('sha256').update(pdf.rawPayload).digest('hex')).toBe(proposal.original_sha256)
    })

    it('answers 422 with each error next to its field and the input kept for a wrong name, a wrong CPF or no consent, recording nothing', async () => {
      const account = await makeAccount(env)
      const doc = await sentDigitalDocument(env, account, [{ name: 'João Pereira', cpf: validCpf(), order: 1 }])
      const signer = doc.signers[0]!
      const agent = new WebAgent(env.app)
      const url = `/sign/${signer.token}`
      const otherCpf = validCpf()

      const response = await agent.submit(url, url, fieldsFor(signer, { name: 'Joana Pereira', cpf: otherCpf, consent: '', signature_text: 'Joana P.' }))
      expect(response.statusCode).toBe(422)
      expect(response.body).toContain('Corrija os campos indicados para assinar.')
      expect(response.body).toContain('id="field-name-error"')
      expect(response.body).toContain('O nome não confere com o do convite.')
      expect(response.body).toContain('O CPF não confere com o cadastrado para esta assinatura.')
      expect(response.body).toContain('Marque a declaração para assinar.')
      expect(response.body).toContain('value="Joana Pereira"')
      expect(response.body).toContain(`value="${otherCpf}"`)
      expect(response.body).toContain('value="Joana P."')

      const invalidCpf = await agent.submit(url, url, fieldsFor(signer, { cpf: '111.222.333-44' }))
      expect(invalidCpf.statusCode).toBe(422)
      expect(invalidCpf.body).toContain('CPF inválido: confira os dígitos.')

      const row = await signerRow(env, signer.id)
      expect(row.status).toBe('viewed')
      expect(row.signed_at).toBeNull()
      expect(row.signed_name).toBeNull()
      expect(await statusOf(env, doc.id)).toBe('viewed')
    })

    it('refuses a POST without the visitor CSRF token', async () => {
      const account = await makeAccount(env)
      const doc = await sentDigitalDocument(env, account, [{ name: 'Célia Nunes', cpf: validCpf(), order: 1 }])
      const signer = doc.signers[0]!
      const agent = new WebAgent(env.app)
      await agent.get(`/sign/${signer.token}`)
      const forged = await agent.post(`/sign/${signer.token}`, { ...fieldsFor(signer), _csrf: 'forged' })
      expect(forged.statusCode).toBe(403)
      const stranger = await new WebAgent(env.app).post(`/sign/${signer.token}`, fieldsFor(signer))
      expect(stranger.statusCode).toBe(403)
      expect((await signerRow(env, signer.id)).status).not.toBe('signed')
    })

    it('signs in order: the second signer is refused before their turn, then both sign (typed, then drawn)', async () => {
      const account = await makeAccount(env)
      const doc = await sentDigitalDocument(env, account, [{ name: 'Ana Lima', cpf: validCpf(), order: 1 }, { name: 'Bruno Costa', cpf: validCpf(), order: 2 }])
      const [first, second] = doc.signers as [SentSigner, SentSigner]
      const agent2 = new WebAgent(env.app)

      const waiting = await agent2.get(`/sign/${second.token}`)
      expect(waiting.statusCode).toBe(200)
      expect(waiting.body).toContain('Aguardando outras assinaturas')
      expect(waiting.body).not.toContain('name="cpf"')
      const early = await agent2.post(`/sign/${second.token}`, { _csrf: csrfTokenIn(await (await agent2.get(`/sign/${first.token}`)).body), ...fieldsFor(second) })
      expect(early.statusCode).toBe(409)
      expect((await signerRow(env, second.id)).status).toBe('pending')

      const agent1 = new WebAgent(env.app)
      const signed1 = await agent1.submit(`/sign/${first.token}`, `/sign/${first.token}`, fieldsFor(first, { name: 'ANA  LIMA' }))
      expect(signed1.statusCode).toBe(200)
      expect(signed1.body).toContain('Documento assinado')
      expect((await signerRow(env, first.id)).status).toBe('signed')
      // Back on the page, the first signer sees their signature, not the form.
      const again = await agent1.get(`/sign/${first.token}`)
      expect(again.body).toContain('Você já assinou este documento')
      expect(again.body).not.toContain('name="cpf"')

      const signed2 = await agent2.submit(`/sign/${second.token}`, `/sign/${second.token}`, fieldsFor(second, { signature_kind: 'drawn', signature_text: '', signature_drawn: PNG_DATA_URL }))
      expect(signed2.statusCode).toBe(200)
      expect(signed2.body).toContain('Todas as partes assinaram')
      expect(await signerRow(env, second.id)).toMatchObject({ status: 'signed', signature_kind: 'drawn', signature_data: PNG_DATA_URL, signed_ip: '127.0.0.1' })
      expect(await statusOf(env, doc.id)).toBe('signed')
      expectInvalidLinkPage(await agent2.get(`/sign/${second.token}`))
    })

    it('refuses a form holding U+0000 with the bad-request page, changing nothing', async () => {
      // PostgreSQL's text cannot hold U+0000: such a reason once made the refusal fail with a 500
      // there (and was stored on SQLite). Every form of the web app is refused so, before any work.
      const { doc, signer, agent, url } = await loneSignerOnTheirPage(env)
      const refused = await agent.submit(url, `${url}/reject`, { reason: 'Prazo\u0000 incompatível.' })
      expect(refused.statusCode).toBe(400)
      expect(refused.body).toContain('Requisição inválida')
      expect(await statusOf(env, doc.id)).toBe('viewed')
      expect(await signerRow(env, signer.id)).toMatchObject({ status: 'viewed', reject_reason: null })
    })

    it('lets a signer refuse with a reason; without one the page answers 422', async () => {
      const { doc, signer, agent, url } = await loneSignerOnTheirPage(env)

      const empty = await agent.submit(url, `${url}/reject`, { reason: '  ' })
      expect(empty.statusCode).toBe(422)
      expect(empty.body).toContain('Informe o motivo da recusa.')
      expect(await statusOf(env, doc.id)).toBe('viewed')

      const rejected = await agent.submit(url, `${url}/reject`, { reason: 'Prazo de entrega incompatível.' })
      expect(rejected.statusCode).toBe(200)
      expect(rejected.body).toContain('Assinatura recusada')
      expect(await statusOf(env, doc.id)).toBe('rejected')
      expect(await signerRow(env, signer.id)).toMatchObject({ status: 'rejected', reject_reason: 'Prazo de entrega incompatível.' })
      expectInvalidLinkPage(await agent.get(url))
    })

    it('shows the invalid-link page (404) for unknown, cancelled and expired links, and serves none of their files', async () => {
      const account = await makeAccount(env)
      const agent = new WebAgent(env.app)
      expectInvalidLinkPage(await agent.get(`/sign/${'a'.repeat(43)}`))
      expectInvalidLinkPage(await agent.get('/sign/short'))

      const cancelled = await sentDigitalDocument(env, account, [{ name: 'Lia Prado', cpf: validCpf(), order: 1 }])
      const cancel = await env.app.inject({ method: 'POST', url: `/api/v1/proposals/${cancelled.id}/cancel`, headers: account.auth, payload: { reason: 'Desistência' } })
      expect(cancel.statusCode, cancel.body).toBe(200)
      const cancelledToken = cancelled.signers[0]!.token
      expectInvalidLinkPage(await agent.get(`/sign/${cancelledToken}`))
      expectInvalidLinkPage(await agent.get(`/sign/${cancelledToken}/document`))
      expectInvalidLinkPage(await agent.get(`/sign/${cancelledToken}/pdf`))

      const expired = await sentDigitalDocument(env, account, [{ name: 'Ivo Santos', cpf: validCpf(), order: 1 }])
      const expiredSigner = expired.signers[0]!
      const form = await agent.get(`/sign/${expiredSigner.token}`)
      expect(form.statusCode).toBe(200)
      await env.db.updateTable('proposals').set({ status: 'expired', expired_at: new Date().toISOString() }).where('id', '=', expired.id).execute()
      expectInvalidLinkPage(await agent.get(`/sign/${expiredSigner.token}`))
      // A form opened before the expiry cannot be submitted after it.
      const late = await agent.post(`/sign/${expiredSigner.token}`, { _csrf: csrfTokenIn(form.body), ...fieldsFor(expiredSigner) })
      expectInvalidLinkPage(late)
      expect((await signerRow(env, expiredSigner.id)).status).not.toBe('signed')
    })
  },
  { env: { JOB_POLL_MS: '0' } },
)
