// "Verificar documento" (/verify), on both databases, as a visitor without an account: the signed
// PDF and the original are recognised as authentic by their bytes (upload); a SHA-256 typed (pasted
// with spaces, in capitals, or as sha256sum's line) finds the document but is not called authentic;
// an original says when its signed version exists; a cancelled document says so; one changed byte
// finds nothing; the page never shows a signer's CPF or e-mail, nor whether a signer who has not
// signed opened the link; bad input is a 422 naming the field; a POST without the form's token, or
// not a multipart form, is refused; lookups are throttled per address, uploads before their body.
import { describe, expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { VERIFICATION_LIMIT } from '../../src/http/web/index.js'
import { VERIFY_FILE_LIMIT } from '../../src/http/web/pages/verification-page.js'
import { signAsSigner } from '../../src/modules/lifecycle/signing.js'
import { describeEachDialect } from '../support/dialects.js'
import { validCpf } from '../support/documents.js'
import { makeAccount } from '../support/factories.js'
import { sentDigitalDocument } from '../support/signing.js'
import type { TestApp } from '../support/test-app.js'
import { WebAgent } from '../support/web-agent.js'
import { pdfPagesText } from '../documents/pdf-text.js'
import { PUBLIC_URL } from '../support/test-app.js'

const v = t.verification
const CLIENT = { ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (verification test)' }

let addresses = 0
/** A visitor from an address of their own, so one test's lookups never count against another's. */
function visitor(env: TestApp): WebAgent {
  addresses += 1
  return new WebAgent(env.app, `198.51.100.${addresses}`)
}

function pdf(bytes: Uint8Array, fileName = 'contrato.pdf') {
  return [{ name: 'file', fileName, contentType: 'application/pdf', bytes }]
}

/** A digital document signed by its one signer, finalised: its original and signed files. */
async function signedDocument(env: TestApp) {
  const account = await makeAccount(env)
  const cpf = validCpf()
  const doc = await sentDigitalDocument(env, account, [{ name: 'Maria José Souza', cpf, order: 1 }])
  const signer = doc.signers[0]!
  const outcome = await signAsSigner(env.db, env.clock, signer.token, { name: signer.name, cpf, consent: true, signatureKind: 'typed', signatureData: signer.name }, CLIENT, { baseUrl: 'http://vendoc.test' })
  expect(outcome.outcome).toBe('signed')
  await env.app.jobs.runDueJobs()
  const files = await env.db.selectFrom('proposal_files').select(['kind', 'bytes', 'sha256']).where('proposal_id', '=', doc.id).execute()
  const file = (kind: string) => files.find((row) => row.kind === kind)!
  return { account, doc, signer, cpf, original: file('original'), signed: file('signed') }
}

describeEachDialect('verifying a document (/verify)', (env) => {
  it('recognises the signed PDF and the original by their bytes, and the original points at its signed version', async () => {
    const { account, doc, signer, cpf, original, signed } = await signedDocument(env)
    const agent = visitor(env)
    const form = await agent.get('/verify')
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('enctype="multipart/form-data"')

    const bySigned = await agent.submitMultipart('/verify', '/verify', {}, pdf(signed.bytes))
    expect(bySigned.statusCode).toBe(200)
    expect(bySigned.body).toContain(v.authentic)
    expect(bySigned.body).toContain(v.authenticSigned(doc.number, account.account.name))
    expect(bySigned.body).toContain(signed.sha256)
    expect(bySigned.body).toContain('Maria José Souza')
    expect(bySigned.body).toContain(t.proposalActions.signerStatus.signed!)
    expect(bySigned.body).toContain(t.proposals.status.signed!)
    // What the file does not already tell stays out: the signer's CPF (in any form) and e-mail.
    const formatted = `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}`
    for (const secret of [cpf, formatted, formatted.slice(3, 12), signer.email]) expect(bySigned.body).not.toContain(secret)

    // The evidence page says where to check the file (the finalize job knows the public URL).
    const evidencePage = (await pdfPagesText(signed.bytes)).at(-1)!.replace(/\s+/g, ' ')
    expect(evidencePage).toContain(`${PUBLIC_URL}/verify`)

    const byOriginal = await agent.submitMultipart('/verify', '/verify', {}, pdf(original.bytes))
    expect(byOriginal.body).toContain(v.authenticOriginal(doc.number, account.account.name))
    expect(byOriginal.body).toContain(v.signedExists)
    expect(byOriginal.body).toContain(signed.sha256)
  })

  it('finds the document of a SHA-256 typed or pasted without calling any file authentic, and nothing for a file with one byte changed', async () => {
    const { doc, account, original } = await signedDocument(env)
    const agent = visitor(env)
    const pasted = original.sha256.toUpperCase().replace(/(.{16})/g, '$1 ')
    for (const typed of [pasted, `${original.sha256}  contrato.pdf`]) {
      const byHash = await agent.get(`/verify?sha256=${encodeURIComponent(typed)}`)
      expect(byHash.statusCode, typed).toBe(200)
      expect(byHash.body).toContain(v.codeOriginal(doc.number, account.account.name))
      // A code is only some file's hash (a forged PDF can carry a genuine one): no "authentic" for it.
      expect(byHash.body).not.toContain(v.authentic)
    }

    const altered = Buffer.from(original.bytes)
    altered[altered.length - 20] = altered[altered.length - 20]! ^ 0x01
    const byAltered = await agent.submitMultipart('/verify', '/verify', {}, pdf(altered))
    expect(byAltered.statusCode).toBe(200)
    expect(byAltered.body).toContain(v.notFound)
    expect(byAltered.body).not.toContain(v.authentic)
    const unknownHash = await agent.get(`/verify?sha256=${'0'.repeat(64)}`)
    expect(unknownHash.body).toContain(v.notFoundTitle)
  })

  it("warns that a cancelled document's file no longer holds", async () => {
    const account = await makeAccount(env)
    const doc = await sentDigitalDocument(env, account, [{ name: 'João Lima', cpf: validCpf(), order: 1 }])
    const cancelled = await env.app.inject({ method: 'POST', url: `/api/v1/proposals/${doc.id}/cancel`, headers: account.auth, payload: { reason: 'Cliente desistiu' } })
    expect(cancelled.statusCode, cancelled.body).toBe(200)
    const original = await env.db.selectFrom('proposal_files').select('sha256').where('proposal_id', '=', doc.id).where('kind', '=', 'original').executeTakeFirstOrThrow()
    const page = await visitor(env).get(`/verify?sha256=${original.sha256}`)
    expect(page.body).toContain(v.warning.cancelled)
    expect(page.body).toContain(t.proposals.status.cancelled!)
    // João was invited and may have opened the link: the page says only that he has not signed.
    expect(page.body).toContain(v.signerStatus.waiting)
    expect(page.body).not.toContain(t.proposalActions.signerStatus.sent!)
  })

  describe('bad input', () => {
    it('answers 422 naming the field, and refuses a POST without the form token', async () => {
      const agent = visitor(env)
      const badHash = await agent.get('/verify?sha256=abc<script>')
      expect(badHash.statusCode).toBe(422)
      expect(badHash.body).toContain(v.errors.badHash)
      expect(badHash.body).not.toContain('<script>')
      const noFile = await agent.submitMultipart('/verify', '/verify', {}, [])
      expect(noFile.statusCode).toBe(422)
      expect(noFile.body).toContain(v.errors.noFile)
      const { original } = await signedDocument(env)
      const forged = await visitor(env).postMultipart('/verify', {}, pdf(original.bytes))
      expect(forged.statusCode).toBe(403)
      expect(forged.body).not.toContain(v.authentic)
      // Only a multipart form is read: any other body is refused before it is, whatever its size.
      const json = await env.app.inject({ method: 'POST', url: '/verify', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ sha256: original.sha256 }), remoteAddress: '192.0.2.77' })
      expect(json.statusCode).toBe(415)
    })

    it(`throttles an address after ${VERIFICATION_LIMIT} lookups (429 with Retry-After) while another is unaffected`, async () => {
      const agent = visitor(env)
      for (let index = 0; index < VERIFICATION_LIMIT; index++) expect((await agent.get(`/verify?sha256=${'a'.repeat(64)}`)).statusCode).toBe(200)
      const refused = await agent.get(`/verify?sha256=${'a'.repeat(64)}`)
      expect(refused.statusCode).toBe(429)
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
      expect(refused.body).not.toContain(v.notFoundTitle)
      // A file upload from that address is refused before its body is read: one past the size
      // limit is a 429, not the 413 reading it would give.
      const upload = await agent.submitMultipart('/verify', '/verify', {}, pdf(Buffer.alloc(VERIFY_FILE_LIMIT + 128 * 1024, 0x25)))
      expect(upload.statusCode).toBe(429)
      const tooLarge = await visitor(env).submitMultipart('/verify', '/verify', {}, pdf(Buffer.alloc(VERIFY_FILE_LIMIT + 128 * 1024, 0x25)))
      expect(tooLarge.statusCode).toBe(413)
      // The form itself still opens, and another address still verifies.
      expect((await agent.get('/verify')).statusCode).toBe(200)
      expect((await visitor(env).get(`/verify?sha256=${'a'.repeat(64)}`)).statusCode).toBe(200)
    })
  })
})
