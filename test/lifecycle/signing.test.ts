// The signer's side (modules/lifecycle/signing.ts) and the 'proposal.finalize' job, on both
// databases: documents are created and sent through the API, signers act through their tokens.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { finalizeSignedProposal } from '../../src/modules/lifecycle/finalize-signed-proposal.js'
import { openSigningLink, rejectAsSigner, signAsSigner, type SignInput } from '../../src/modules/lifecycle/signing.js'
import { consentSentence } from '../../src/modules/lifecycle/signing-input.js'
import { describeEachDialect } from '../support/dialects.js'
import { validCpf } from '../support/documents.js'
import { makeAccount } from '../support/factories.js'
import { sentDigitalDocument, type SentSigner } from '../support/signing.js'
import type { TestApp } from '../support/test-app.js'

const CLIENT = { ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (signing test)' }
const OPTIONS = { baseUrl: 'http://vendoc.test' }
// A real (tiny) PNG: 1×1 transparent pixel.
const PNG_DATA_URL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='

function typed(signer: { name: string; cpf: string | null }, overrides: Partial<SignInput> = {}): SignInput {
  return { name: signer.name, cpf: signer.cpf ?? '', consent: true, signatureKind: 'typed', signatureData: signer.name, ...overrides }
}

async function proposalRow(env: TestApp, id: number) {
  return env.db.selectFrom('proposals').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

async function signerRow(env: TestApp, id: number) {
  return env.db.selectFrom('proposal_signers').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

async function history(env: TestApp, id: number) {
  return env.db.selectFrom('proposal_events').select(['type', 'actor_type', 'data_json']).where('proposal_id', '=', id).orderBy('id').execute()
}

async function domainEvents(env: TestApp, id: number) {
  return (await env.db.selectFrom('domain_events').select('type').where('proposal_id', '=', id).orderBy('created_at').execute()).map((row) => row.type)
}

async function emails(env: TestApp, id: number) {
  return env.db.selectFrom('outbox_emails').select(['kind', 'to_address', 'subject', 'text_body', 'attachment_file_id']).where('proposal_id', '=', id).orderBy('id').execute()
}

describeEachDialect(
  'signing by link',
  (env) => {
    it('opens the link: the view holds only this signer, the frozen HTML and the hash; the first open marks signer and document viewed, once', async () => {
      const account = await makeAccount(env)
      const cpf = validCpf()
      const doc = await sentDigitalDocument(env, account, [{ name: 'Maria José Souza', cpf, order: 1 }])
      const [signer] = doc.signers
      const before = await proposalRow(env, doc.id)
      expect(before.status).toBe('sent')

      const opened = await openSigningLink(env.db, env.clock, signer!.token, CLIENT, { baseUrl: 'http://vendoc.test' })
      expect(opened.outcome).toBe('ok')
      if (opened.outcome !== 'ok') return
      expect(opened.view.accountName).toBe(account.account.name)
      expect(opened.view.proposal).toMatchObject({ number: doc.number, originalSha256: before.original_sha256 })
      expect(opened.view.signer).toMatchObject({ name: 'Maria José Souza', roleName: 'Contratante', status: 'viewed', hasCpf: true })
      expect(opened.view.isTheirTurn).toBe(true)
      expect(opened.view.html).toContain('<html')
      expect(opened.view.consentText).toContain(before.original_sha256!)
      expect(opened.view.consentText).toBe(consentSentence({ number: doc.number, title: before.title, sha256: before.original_sha256 }))

      const after = await proposalRow(env, doc.id)
      expect(after.status).toBe('viewed')
      expect(after.viewed_at).not.toBeNull()
      expect((await signerRow(env, signer!.id)).viewed_at).not.toBeNull()
      await openSigningLink(env.db, env.clock, signer!.token, CLIENT, { baseUrl: 'http://vendoc.test' })
      const types = (await history(env, doc.id)).map((row) => row.type)
      expect(types.filter((type) => type === 'signer_viewed')).toHaveLength(1)
      expect(types.filter((type) => type === 'viewed')).toHaveLength(1)
      const events = await domainEvents(env, doc.id)
      expect(events.filter((type) => type === 'signer.viewed')).toHaveLength(1)
      expect(events.filter((type) => type === 'proposal.viewed')).toHaveLength(1)
    })

    it('treats unknown and malformed tokens as an invalid link', async () => {
      expect(await openSigningLink(env.db, env.clock, 'x'.repeat(43), CLIENT, { baseUrl: 'http://vendoc.test' })).toEqual({ outcome: 'invalid_link' })
      expect(await openSigningLink(env.db, env.clock, "'; drop table proposals; --", CLIENT, { baseUrl: 'http://vendoc.test' })).toEqual({ outcome: 'invalid_link' })
      expect(await signAsSigner(env.db, env.clock, '', typed({ name: 'A', cpf: validCpf() }), CLIENT, OPTIONS)).toEqual({ outcome: 'invalid_link' })
      expect(await rejectAsSigner(env.db, env.clock, 'y'.repeat(43), 'não', CLIENT)).toEqual({ outcome: 'invalid_link' })
    })

    it('refuses a wrong name, a wrong or invalid CPF, no consent and a bad signature, recording nothing', async () => {
      const account = await makeAccount(env)
      const cpf = validCpf()
      const doc = await sentDigitalDocument(env, account, [{ name: 'João da Silva', cpf, order: 1 }])
      const signer = doc.signers[0]!
      const historyBefore = (await history(env, doc.id)).length

      const cases: Array<[Partial<SignInput>, Record<string, string>]> = [
        [{ name: 'João Silva' }, { name: 'mismatch' }],
        [{ name: '  ' }, { name: 'required' }],
        [{ cpf: validCpf() }, { cpf: 'mismatch' }],
        [{ cpf: '123.456.789-00' }, { cpf: 'invalid' }],
        [{ consent: false }, { consent: 'required' }],
        [{ signatureData: '   ' }, { signature: 'required' }],
        [{ signatureData: 'x'.repeat(201) }, { signature: 'too_long' }],
        [{ signatureKind: 'drawn', signatureData: 'data:image/png;base64,aGVsbG8gd29ybGQ=' }, { signature: 'invalid' }],
        [{ signatureKind: 'drawn', signatureData: `data:image/png;base64,${'A'.repeat(210 * 1024)}` }, { signature: 'too_large' }],
      ]
      for (const [overrides, errors] of cases) {
        const outcome = await signAsSigner(env.db, env.clock, signer.token, typed(signer, overrides), CLIENT, OPTIONS)
        expect(outcome.outcome, JSON.stringify(overrides).slice(0, 80)).toBe('invalid_input')
        if (outcome.outcome === 'invalid_input') expect(outcome.errors).toEqual(errors)
      }
      const row = await signerRow(env, signer.id)
      expect(row.status).toBe('sent')
      expect(row.signed_at).toBeNull()
      expect(row.signed_name).toBeNull()
      expect((await proposalRow(env, doc.id)).status).toBe('sent')
      expect(await history(env, doc.id)).toHaveLength(historyBefore)
    })

    it('follows the signing order: the second signer is refused, then invited only after the first signs; the last signature signs the document and finalizes it', async () => {
      const account = await makeAccount(env)
      const first = { name: 'Ana Beatriz Lima', cpf: validCpf(), order: 1 }
      const second = { name: 'Carlos Eduardo Rocha', cpf: validCpf(), order: 2 }
      const doc = await sentDigitalDocument(env, account, [first, second])
      const [signer1, signer2] = doc.signers as [SentSigner, SentSigner]
      expect((await emails(env, doc.id)).map((email) => [email.kind, email.to_address])).toEqual([['invitation', signer1.email]])
      expect((await signerRow(env, signer2.id)).status).toBe('pending')

      // Signer 2 can read, but not act, before their turn.
      const early = await openSigningLink(env.db, env.clock, signer2.token, CLIENT, { baseUrl: 'http://vendoc.test' })
      expect(early.outcome === 'ok' && early.view.isTheirTurn).toBe(false)
      expect((await signerRow(env, signer2.id)).viewed_at).toBeNull()
      expect((await signAsSigner(env.db, env.clock, signer2.token, typed(signer2), CLIENT, OPTIONS)).outcome).toBe('not_your_turn')
      expect((await rejectAsSigner(env.db, env.clock, signer2.token, 'Não concordo', CLIENT)).outcome).toBe('not_your_turn')

      await openSigningLink(env.db, env.clock, signer1.token, CLIENT, { baseUrl: 'http://vendoc.test' })
      // Case, accents and spacing do not matter; the CPF may be typed with punctuation.
      const cpf1 = signer1.cpf!
      const formatted = `${cpf1.slice(0, 3)}.${cpf1.slice(3, 6)}.${cpf1.slice(6, 9)}-${cpf1.slice(9)}`
      const signed1 = await signAsSigner(env.db, env.clock, signer1.token, typed(signer1, { name: '  ana   BEATRIZ  lima ', cpf: formatted }), CLIENT, OPTIONS)
      expect(signed1.outcome).toBe('signed')
      if (signed1.outcome === 'signed') expect(signed1.documentSigned).toBe(false)
      const proposal = await proposalRow(env, doc.id)
      expect(proposal.status).toBe('viewed')
      const evidence = await signerRow(env, signer1.id)
      expect(evidence).toMatchObject({
        status: 'signed',
        signed_name: 'ana BEATRIZ lima',
        signed_cpf: cpf1,
        signature_kind: 'typed',
        signature_data: 'Ana Beatriz Lima',
        signed_ip: CLIENT.ip,
        signed_user_agent: CLIENT.userAgent,
        signed_document_sha256: proposal.original_sha256,
      })
      expect(evidence.signed_at).not.toBeNull()
      expect(evidence.consent_text).toContain(proposal.original_sha256!)
      // Signing twice is refused.
      expect((await signAsSigner(env.db, env.clock, signer1.token, typed(signer1), CLIENT, OPTIONS)).outcome).toBe('already_done')

      // Now (and only now) the second signer is invited, with their link.
      expect((await signerRow(env, signer2.id)).status).toBe('sent')
      const invitations = (await emails(env, doc.id)).filter((email) => email.kind === 'invitation')
      expect(invitations.map((email) => email.to_address)).toEqual([signer1.email, signer2.email])
      expect(invitations[1]!.text_body).toContain(`http://vendoc.test/sign/${signer2.token}`)
      expect(await env.db.selectFrom('jobs').select('id').where('kind', '=', 'proposal.finalize').where('payload_json', 'like', `%${doc.id}%`).execute()).toHaveLength(0)

      const signed2 = await signAsSigner(env.db, env.clock, signer2.token, typed(signer2, { signatureKind: 'drawn', signatureData: PNG_DATA_URL }), CLIENT, OPTIONS)
      expect(signed2.outcome).toBe('signed')
      if (signed2.outcome === 'signed') expect(signed2.documentSigned).toBe(true)
      const done = await proposalRow(env, doc.id)
      expect(done.status).toBe('signed')
      expect(done.signed_at).not.toBeNull()
      expect(done.signed_sha256).toBeNull()
      expect((await signerRow(env, signer2.id))).toMatchObject({ signature_kind: 'drawn', signature_data: PNG_DATA_URL })
      const types = (await history(env, doc.id)).map((row) => row.type)
      expect(types.filter((type) => type === 'signer_signed')).toHaveLength(2)
      expect(types).toContain('signed')
      const events = await domainEvents(env, doc.id)
      expect(events.filter((type) => type === 'signer.signed')).toHaveLength(2)
      expect(events.filter((type) => type === 'proposal.signed')).toHaveLength(1)
      // The links of a signed document stop working.
      expect((await openSigningLink(env.db, env.clock, signer1.token, CLIENT, { baseUrl: 'http://vendoc.test' })).outcome).toBe('invalid_link')

      await env.app.jobs.runDueJobs()
      const finalized = await proposalRow(env, doc.id)
      const signedFile = await env.db.selectFrom('proposal_files').selectAll().where('proposal_id', '=', doc.id).where('kind', '=', 'signed').execute()
      expect(signedFile).toHaveLength(1)
      expect(finalized.signed_sha256).toBe(signedFile[0]!.sha256)
      expect(createHash('sha256').update(signedFile[0]!.bytes).digest('hex')).toBe(finalized.signed_sha256)
      const completed = (await emails(env, doc.id)).filter((email) => email.kind === 'completed')
      expect(completed.map((email) => email.to_address).sort()).toEqual([signer1.email, signer2.email, account.seller.email].sort())
      expect(completed.every((email) => email.attachment_file_id === signedFile[0]!.id)).toBe(true)

      // A second run changes nothing.
      expect(await finalizeSignedProposal(env.db, env.clock, account.id, doc.id)).toBe(false)
      expect(await env.db.selectFrom('proposal_files').select('id').where('proposal_id', '=', doc.id).where('kind', '=', 'signed').execute()).toHaveLength(1)
      expect((await emails(env, doc.id)).filter((email) => email.kind === 'completed')).toHaveLength(3)
    })

    it('signs a document once when the last two signers of a group sign at the same moment', async () => {
      const account = await makeAccount(env)
      const doc = await sentDigitalDocument(env, account, [{ name: 'Eva Torres', cpf: validCpf(), order: 1 }, { name: 'Igor Mota', cpf: validCpf(), order: 1 }])
      // Both are invited at once: same signing order.
      expect((await emails(env, doc.id)).filter((email) => email.kind === 'invitation')).toHaveLength(2)
      const outcomes = await Promise.all(doc.signers.map((signer) => signAsSigner(env.db, env.clock, signer.token, typed(signer), CLIENT, OPTIONS)))
      expect(outcomes.map((outcome) => outcome.outcome)).toEqual(['signed', 'signed'])
      expect(outcomes.filter((outcome) => outcome.outcome === 'signed' && outcome.documentSigned)).toHaveLength(1)
      expect((await proposalRow(env, doc.id)).status).toBe('signed')
      expect((await domainEvents(env, doc.id)).filter((type) => type === 'proposal.signed')).toHaveLength(1)
      const jobs = await env.db.selectFrom('jobs').select('payload_json').where('kind', '=', 'proposal.finalize').execute()
      expect(jobs.filter((job) => JSON.parse(job.payload_json).proposalId === doc.id)).toHaveLength(1)
    })

    it('asks a signer without a CPF on record for a valid one and stores it', async () => {
      const account = await makeAccount(env)
      const doc = await sentDigitalDocument(env, account, [{ name: 'Pedro Alves', cpf: null, order: 1 }])
      const signer = doc.signers[0]!
      const missing = await signAsSigner(env.db, env.clock, signer.token, typed(signer, { cpf: '' }), CLIENT, OPTIONS)
      expect(missing.outcome === 'invalid_input' && missing.errors).toEqual({ cpf: 'required' })
      const cpf = validCpf()
      expect((await signAsSigner(env.db, env.clock, signer.token, typed(signer, { cpf }), CLIENT, OPTIONS)).outcome).toBe('signed')
      expect(await signerRow(env, signer.id)).toMatchObject({ cpf, signed_cpf: cpf, status: 'signed' })
      expect((await proposalRow(env, doc.id)).status).toBe('signed')
    })

    it('lets a signer reject with a reason: the document is rejected, the seller told, and the links stop working', async () => {
      const account = await makeAccount(env)
      const doc = await sentDigitalDocument(env, account, [{ name: 'Rita Gomes', cpf: validCpf(), order: 1 }, { name: 'Saulo Dias', cpf: validCpf(), order: 2 }])
      const signer = doc.signers[0]!
      const empty = await rejectAsSigner(env.db, env.clock, signer.token, '   ', CLIENT)
      expect(empty.outcome === 'invalid_input' && empty.errors).toEqual({ reason: 'required' })
      expect((await proposalRow(env, doc.id)).status).toBe('sent')

      const rejected = await rejectAsSigner(env.db, env.clock, signer.token, '  O valor está errado.  ', CLIENT)
      expect(rejected.outcome).toBe('rejected')
      const proposal = await proposalRow(env, doc.id)
      expect(proposal.status).toBe('rejected')
      expect(proposal.rejected_at).not.toBeNull()
      expect(await signerRow(env, signer.id)).toMatchObject({ status: 'rejected', reject_reason: 'O valor está errado.' })
      const entry = (await history(env, doc.id)).find((row) => row.type === 'rejected')
      expect(entry?.actor_type).toBe('signer')
      expect(JSON.parse(entry!.data_json)).toMatchObject({ reason: 'O valor está errado.', ip: CLIENT.ip })
      const events = await domainEvents(env, doc.id)
      expect(events).toContain('signer.rejected')
      expect(events).toContain('proposal.rejected')
      const notice = (await emails(env, doc.id)).filter((email) => email.kind === 'rejected')
      expect(notice.map((email) => email.to_address)).toEqual([account.seller.email])
      expect(notice[0]!.text_body).toContain('O valor está errado.')
      for (const s of doc.signers) expect((await openSigningLink(env.db, env.clock, s.token, CLIENT, { baseUrl: 'http://vendoc.test' })).outcome).toBe('invalid_link')
      expect((await signAsSigner(env.db, env.clock, signer.token, typed(signer), CLIENT, OPTIONS)).outcome).toBe('invalid_link')
    })

    it('closes the links of cancelled and expired documents', async () => {
      const account = await makeAccount(env)
      const cancelledDoc = await sentDigitalDocument(env, account, [{ name: 'Luiza Prado', cpf: validCpf(), order: 1 }])
      const cancel = await env.app.inject({ method: 'POST', url: `/api/v1/proposals/${cancelledDoc.id}/cancel`, headers: account.auth, payload: { reason: 'Desistência' } })
      expect(cancel.statusCode, cancel.body).toBe(200)
      const signer = cancelledDoc.signers[0]!
      expect((await openSigningLink(env.db, env.clock, signer.token, CLIENT, { baseUrl: 'http://vendoc.test' })).outcome).toBe('invalid_link')
      expect((await signAsSigner(env.db, env.clock, signer.token, typed(signer), CLIENT, OPTIONS)).outcome).toBe('invalid_link')
      expect((await signerRow(env, signer.id)).status).not.toBe('signed')

      const expiredDoc = await sentDigitalDocument(env, account, [{ name: 'Otávio Reis', cpf: validCpf(), order: 1 }])
      await env.db.updateTable('proposals').set({ status: 'expired', expired_at: new Date().toISOString() }).where('id', '=', expiredDoc.id).execute()
      const expiredSigner = expiredDoc.signers[0]!
      expect((await openSigningLink(env.db, env.clock, expiredSigner.token, CLIENT, { baseUrl: 'http://vendoc.test' })).outcome).toBe('invalid_link')
      expect((await rejectAsSigner(env.db, env.clock, expiredSigner.token, 'tarde', CLIENT)).outcome).toBe('invalid_link')
    })

    it('closes a link the moment valid_until has passed, before the expiry task marks the document', async () => {
      const account = await makeAccount(env)
      const document = await sentDigitalDocument(env, account, [{ name: 'Renata Alves', cpf: validCpf(), order: 1 }])
      const signer = document.signers[0]!
      // Valid until yesterday in São Paulo; the document is still `sent`.
      const yesterday = new Date(env.clock.now().getTime() - 36 * 60 * 60 * 1000).toISOString().slice(0, 10)
      await env.db.updateTable('proposals').set({ valid_until: yesterday }).where('id', '=', document.id).execute()
      expect((await openSigningLink(env.db, env.clock, signer.token, CLIENT, { baseUrl: 'http://vendoc.test' })).outcome).toBe('invalid_link')
      expect((await signAsSigner(env.db, env.clock, signer.token, typed(signer), CLIENT, OPTIONS)).outcome).toBe('invalid_link')
      expect((await rejectAsSigner(env.db, env.clock, signer.token, 'tarde', CLIENT)).outcome).toBe('invalid_link')
      expect((await signerRow(env, signer.id)).status).toBe('sent')
    })
  },
  { env: { JOB_POLL_MS: '0' } },
)

describe('consentSentence', () => {
  it('names the document and its hash', () => {
    const text = consentSentence({ number: 12, title: 'Proposta', sha256: 'ab'.repeat(32) })
    expect(text).toContain('nº 12')
    expect(text).toContain('ab'.repeat(32))
  })
})
