// What a signer submits, end to end on both databases: a name typed with the apostrophe an iPhone or
// a Mac puts in, and drawn signatures, from the one the page's canvas makes (signed, and shown on the
// evidence page) to PNGs that declare millions of pixels or are not PNGs past their first 8 bytes.
import { expect, it } from 'vitest'
import { signAsSigner, type SignInput } from '../../src/modules/lifecycle/signing.js'
import { pdfText } from '../documents/pdf-text.js'
import { describeEachDialect } from '../support/dialects.js'
import { validCpf } from '../support/documents.js'
import { makeAccount } from '../support/factories.js'
import { buildPng, chromiumDrawnSignature, pngDataUrl } from '../support/png.js'
import { sentDigitalDocument, type SentSigner } from '../support/signing.js'
import type { TestApp } from '../support/test-app.js'
import { WebAgent } from '../support/web-agent.js'

const CLIENT = { ip: '203.0.113.9', userAgent: 'Mozilla/5.0 (iPhone; signing checks)' }
const OPTIONS = { baseUrl: 'http://vendoc.test' }
const JOANA = "Joana Sant'Anna D'Ávila"
/** The reported file: 1-bit greyscale, 14000×14000 pixels, ~31 KB as a data URL. */
const HUGE = pngDataUrl(buildPng({ width: 14_000, height: 14_000, colourType: 0, bitDepth: 1 }))
/** The PNG signature, then bytes that are no PNG. */
const NOT_A_PNG = pngDataUrl(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('x'.repeat(600))]))

function input(signer: SentSigner, overrides: Partial<SignInput> = {}): SignInput {
  return { name: signer.name, cpf: signer.cpf ?? '', consent: true, signatureKind: 'typed', signatureData: signer.name, ...overrides }
}

function formFields(signer: SentSigner, overrides: Record<string, string>): Record<string, string> {
  return { name: signer.name, cpf: signer.cpf ?? '', consent: '1', signature_kind: 'typed', signature_text: signer.name, ...overrides }
}

async function signerRow(env: TestApp, id: number) {
  return env.db.selectFrom('proposal_signers').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

async function loneSigner(env: TestApp, name: string) {
  const account = await makeAccount(env)
  const doc = await sentDigitalDocument(env, account, [{ name, cpf: validCpf(), order: 1 }])
  return { doc, signer: doc.signers[0]! }
}

/** Runs the finalize job and reads the evidence page(s) of the signed PDF back as text. */
async function signedPdfText(env: TestApp, proposalId: number): Promise<string> {
  await env.app.jobs.runDueJobs()
  const file = await env.db.selectFrom('proposal_files').select('bytes').where('proposal_id', '=', proposalId).where('kind', '=', 'signed').executeTakeFirstOrThrow()
  return pdfText(file.bytes)
}

describeEachDialect(
  'signer checks',
  (env) => {
    it(`lets ${JOANA} sign with the ’ her iPhone types, through the module and through the page`, async () => {
      const { doc, signer } = await loneSigner(env, JOANA)
      const typed = 'Joana Sant’Anna D’Ávila'
      const signed = await signAsSigner(env.db, env.clock, signer.token, input(signer, { name: typed, signatureData: typed }), CLIENT, OPTIONS)
      expect(signed.outcome).toBe('signed')
      expect(await signerRow(env, signer.id)).toMatchObject({ status: 'signed', signed_name: typed })
      expect((await env.db.selectFrom('proposals').select('status').where('id', '=', doc.id).executeTakeFirstOrThrow()).status).toBe('signed')

      const other = await loneSigner(env, 'Ana-Maria Sant’Anna')
      const url = `/sign/${other.signer.token}`
      const page = await new WebAgent(env.app).submit(url, url, formFields(other.signer, { name: "ana–maria sant'anna" }))
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain('Todas as partes assinaram')
      expect((await signerRow(env, other.signer.id)).status).toBe('signed')
    })

    it('refuses on the page, with a 422 in Portuguese, a drawing declaring 14000×14000 pixels or holding no PNG after its signature; nothing is recorded', async () => {
      const { signer } = await loneSigner(env, 'Rui Barbosa')
      const url = `/sign/${signer.token}`
      const agent = new WebAgent(env.app)
      const cases: Array<[string, string]> = [
        [HUGE, 'O desenho da assinatura é grande demais; limpe e desenhe de novo.'],
        [NOT_A_PNG, 'Não foi possível ler o desenho da assinatura; limpe e desenhe de novo.'],
      ]
      for (const [drawing, message] of cases) {
        const refused = await agent.submit(url, url, formFields(signer, { signature_kind: 'drawn', signature_text: '', signature_drawn: drawing }))
        expect(refused.statusCode).toBe(422)
        expect(refused.body).toContain(message)
      }
      expect(await signerRow(env, signer.id)).toMatchObject({ status: 'viewed', signed_at: null, signature_data: null })
      expect(await signAsSigner(env.db, env.clock, signer.token, input(signer, { signatureKind: 'drawn', signatureData: HUGE }), CLIENT, OPTIONS)).toMatchObject({ outcome: 'invalid_input', errors: { signature: 'too_large' } })
    })

    it("signs with the canvas drawing as Chromium makes it, and the signed PDF's evidence page shows it", async () => {
      const { doc, signer } = await loneSigner(env, 'Otávio Brandão')
      const drawing = chromiumDrawnSignature()
      expect((await signAsSigner(env.db, env.clock, signer.token, input(signer, { signatureKind: 'drawn', signatureData: drawing }), CLIENT, OPTIONS)).outcome).toBe('signed')
      expect(await signerRow(env, signer.id)).toMatchObject({ signature_kind: 'drawn', signature_data: drawing })
      const evidence = await signedPdfText(env, doc.id)
      expect(evidence).toContain('assinatura desenhada (imagem abaixo)')
      expect(evidence).not.toContain('ilegível')
    })

    it("prints the account's own time zone: the template's dates in the frozen original, the signing times on the evidence page", async () => {
      const account = await makeAccount(env, { timeZone: 'America/Manaus' })
      const body = '<p>Instante: {{ "2026-03-01T02:00:00Z" | date: "%d/%m %H:%M" }}</p>'
      await env.db.updateTable('templates').set({ body }).where('account_id', '=', account.id).where('id', '=', account.template.id).execute()
      const doc = await sentDigitalDocument(env, account, [{ name: 'Iara Tupinambá', cpf: validCpf(), order: 1 }])
      const signer = doc.signers[0]!
      expect((await signAsSigner(env.db, env.clock, signer.token, input(signer), CLIENT, OPTIONS)).outcome).toBe('signed')
      const signedAt = (await signerRow(env, signer.id)).signed_at!
      const manaus = new Intl.DateTimeFormat('pt-BR', { timeZone: 'America/Manaus', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(signedAt))
      const text = await signedPdfText(env, doc.id)
      // Manaus is UTC−4 all year: 02:00 UTC is 22:00 the evening before (São Paulo would say 23:00).
      expect(text).toContain('Instante: 28/02 22:00')
      expect(text).toContain('Assinado em (America/Manaus)')
      expect(text).toContain(`${manaus} GMT-4`)
      expect(text).not.toContain('America/Sao_Paulo')
    })

    it('finalizes a document whose stored drawing (signed before the check) is over the bounds without decoding it: the evidence says illegible', async () => {
      const { doc, signer } = await loneSigner(env, 'Célia Prado')
      expect((await signAsSigner(env.db, env.clock, signer.token, input(signer, { signatureKind: 'drawn', signatureData: chromiumDrawnSignature() }), CLIENT, OPTIONS)).outcome).toBe('signed')
      // What the old check let through: a well-formed PNG, 2500×500 (pdf-lib decodes it fine).
      const oversized = pngDataUrl(buildPng({ width: 2500, height: 500, colourType: 0, bitDepth: 1 }))
      await env.db.updateTable('proposal_signers').set({ signature_data: oversized }).where('id', '=', signer.id).execute()
      const evidence = await signedPdfText(env, doc.id)
      expect(evidence).toContain('assinatura desenhada')
      expect(evidence).toContain('ilegível')
    })
  },
  { env: { JOB_POLL_MS: '0' } },
)
