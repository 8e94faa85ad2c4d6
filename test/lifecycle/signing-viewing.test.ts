// What "the signer has seen the document" records, on both databases: the signer event carries the
// document's status after the change, like every event; a signature posted without the page ever
// opened (a script, a stale tab) records the viewing first, so history and webhooks read
// sent → viewed → signed (or rejected); a refused action's page still shows the document, as opening the link does.
import { expect, it } from 'vitest'
import { openSigningLink, rejectAsSigner, signAsSigner } from '../../src/modules/lifecycle/signing.js'
import { describeEachDialect } from '../support/dialects.js'
import { validCpf } from '../support/documents.js'
import { makeAccount } from '../support/factories.js'
import { sentDigitalDocument, type SentSigner } from '../support/signing.js'
import type { TestApp } from '../support/test-app.js'

const CLIENT = { ip: '203.0.113.9', userAgent: 'Mozilla/5.0 (viewing test)' }
const OPTIONS = { baseUrl: 'http://vendoc.test' }

function typed(signer: SentSigner) {
  return { name: signer.name, cpf: signer.cpf ?? '', consent: true, signatureKind: 'typed' as const, signatureData: signer.name }
}

/**
 * The document's domain events after its sending, each with the document status and signer status
 * it carries, sorted (the events of one transaction share their time, and their ids are random).
 */
async function events(env: TestApp, proposalId: number) {
  const rows = await env.db.selectFrom('domain_events').select(['type', 'payload_json']).where('proposal_id', '=', proposalId).where('type', 'not in', ['proposal.created', 'proposal.sent']).execute()
  return rows.map((row) => {
    const data = (JSON.parse(row.payload_json) as { data: { proposal: { status: string }; signer?: { status: string } } }).data
    return [row.type, data.proposal.status, data.signer?.status ?? null]
  }).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
}

async function historyTypes(env: TestApp, proposalId: number) {
  return (await env.db.selectFrom('proposal_events').select('type').where('proposal_id', '=', proposalId).orderBy('id').execute()).map((row) => row.type)
}

describeEachDialect('signing: the viewing', (env) => {
  it('carries the document as it is after the viewing in signer.viewed, as proposal.viewed does', async () => {
    const account = await makeAccount(env)
    const doc = await sentDigitalDocument(env, account, [{ name: 'Helena Duarte', cpf: validCpf(), order: 1 }, { name: 'Rui Pacheco', cpf: validCpf(), order: 1 }])
    const [first, second] = doc.signers as [SentSigner, SentSigner]
    expect((await openSigningLink(env.db, env.clock, first.token, CLIENT, { baseUrl: 'http://vendoc.test' })).outcome).toBe('ok')
    expect((await openSigningLink(env.db, env.clock, second.token, CLIENT, { baseUrl: 'http://vendoc.test' })).outcome).toBe('ok')
    expect((await events(env, doc.id))).toEqual([
      // The second opening finds the document viewed already: it says so, and records no proposal.viewed.
      ['proposal.viewed', 'viewed', null],
      ['signer.viewed', 'viewed', 'viewed'],
      ['signer.viewed', 'viewed', 'viewed'],
      // Each opening is also the signer's first visit, which carries the document as the link read it after the viewing.
      ['signer.visited', 'viewed', 'viewed'],
      ['signer.visited', 'viewed', 'viewed'],
    ])
  })

  it('records the viewing of a signature posted without the page opened: history and events read sent → viewed → signed', async () => {
    const account = await makeAccount(env)
    const doc = await sentDigitalDocument(env, account, [{ name: 'Paulo Sérgio Nunes', cpf: validCpf(), order: 1 }])
    const signer = doc.signers[0]!
    const signed = await signAsSigner(env.db, env.clock, signer.token, typed(signer), CLIENT, OPTIONS)
    expect(signed.outcome).toBe('signed')
    const document = await env.db.selectFrom('proposals').select(['status', 'viewed_at', 'signed_at']).where('id', '=', doc.id).executeTakeFirstOrThrow()
    expect(document.status).toBe('signed')
    expect(document.viewed_at).not.toBeNull()
    expect(await historyTypes(env, doc.id)).toEqual(['created', 'sent', 'signer_viewed', 'viewed', 'signer_signed', 'signed'])
    const signedEntry = await env.db.selectFrom('proposal_events').select('data_json').where('proposal_id', '=', doc.id).where('type', '=', 'signed').executeTakeFirstOrThrow()
    expect(JSON.parse(signedEntry.data_json)).toMatchObject({ from: 'viewed', to: 'signed' })
    expect((await events(env, doc.id))).toEqual([
      ['proposal.signed', 'signed', null],
      ['proposal.viewed', 'viewed', null],
      ['signer.signed', 'signed', 'signed'],
      ['signer.viewed', 'viewed', 'viewed'],
    ])
  })

  it('records the viewing of a rejection posted without the page opened: sent → viewed → rejected', async () => {
    const account = await makeAccount(env)
    const doc = await sentDigitalDocument(env, account, [{ name: 'Teresa Quintal', cpf: validCpf(), order: 1 }])
    expect((await rejectAsSigner(env.db, env.clock, doc.signers[0]!.token, 'Valor acima do combinado', CLIENT)).outcome).toBe('rejected')
    expect(await historyTypes(env, doc.id)).toEqual(['created', 'sent', 'signer_viewed', 'viewed', 'rejected'])
    const rejection = await env.db.selectFrom('proposal_events').select('data_json').where('proposal_id', '=', doc.id).where('type', '=', 'rejected').executeTakeFirstOrThrow()
    expect(JSON.parse(rejection.data_json)).toMatchObject({ from: 'viewed', to: 'rejected', reason: 'Valor acima do combinado' })
    const document = await env.db.selectFrom('proposals').select(['status', 'viewed_at']).where('id', '=', doc.id).executeTakeFirstOrThrow()
    expect(document.status).toBe('rejected')
    expect(document.viewed_at).not.toBeNull()
  })

  it('signs a signer who had opened the page without recording a second viewing', async () => {
    const account = await makeAccount(env)
    const doc = await sentDigitalDocument(env, account, [{ name: 'Lia Moreira', cpf: validCpf(), order: 1 }])
    const signer = doc.signers[0]!
    await openSigningLink(env.db, env.clock, signer.token, CLIENT, { baseUrl: 'http://vendoc.test' })
    expect((await signAsSigner(env.db, env.clock, signer.token, typed(signer), CLIENT, OPTIONS)).outcome).toBe('signed')
    expect(await historyTypes(env, doc.id)).toEqual(['created', 'sent', 'signer_viewed', 'viewed', 'signer_signed', 'signed'])
  })

  it('shows the document on the page of a refused action (not their turn, already signed)', async () => {
    const account = await makeAccount(env)
    const doc = await sentDigitalDocument(env, account, [{ name: 'Bruna Lopes', cpf: validCpf(), order: 1 }, { name: 'Caio Vieira', cpf: validCpf(), order: 2 }])
    const [first, second] = doc.signers as [SentSigner, SentSigner]
    const early = await signAsSigner(env.db, env.clock, second.token, typed(second), CLIENT, OPTIONS)
    expect(early.outcome).toBe('not_your_turn')
    if (early.outcome === 'not_your_turn') expect(early.view.html).toContain('<html')
    const earlyRejection = await rejectAsSigner(env.db, env.clock, second.token, 'Não concordo', CLIENT)
    expect(earlyRejection.outcome).toBe('not_your_turn')
    if (earlyRejection.outcome === 'not_your_turn') expect(earlyRejection.view.html).toContain('<html')
    expect((await signAsSigner(env.db, env.clock, first.token, typed(first), CLIENT, OPTIONS)).outcome).toBe('signed')
    const again = await signAsSigner(env.db, env.clock, first.token, typed(first), CLIENT, OPTIONS)
    expect(again.outcome).toBe('already_done')
    if (again.outcome === 'already_done') expect(again.view.html).toContain('<html')
  })
})
