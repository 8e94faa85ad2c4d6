// The seller hears what the customer does, on both databases: the document's first open on the
// signing page, and each signature short of the last (the last one's "assinado" message comes
// with the signed PDF). Nothing for a second open, for another signer opening a document already
// viewed, or for a signature posted without opening the page first (the signature tells of
// itself). Without an active seller, the account's admins are told; names are escaped in HTML.
import { expect, it } from 'vitest'
import { createUser } from '../../src/modules/accounts/users.js'
import { openSigningLink, signAsSigner } from '../../src/modules/lifecycle/signing.js'
import { describeEachDialect } from '../support/dialects.js'
import { validCpf } from '../support/documents.js'
import { makeAccount, type TestAccount } from '../support/factories.js'
import { sentDigitalDocument, type SentSigner } from '../support/signing.js'
import type { TestApp } from '../support/test-app.js'

const CLIENT = { ip: '203.0.113.20', userAgent: 'Mozilla/5.0 (seller notifications)' }
const OPTIONS = { baseUrl: 'http://vendoc.test/' }

/** The seller's notices about a document, oldest first. */
function notices(env: TestApp, proposalId: number) {
  return env.db
    .selectFrom('outbox_emails')
    .select(['kind', 'to_address', 'subject', 'text_body', 'html_body'])
    .where('proposal_id', '=', proposalId)
    .where('kind', 'in', ['viewed', 'signer_signed'])
    .orderBy('id')
    .execute()
}

function sign(env: TestApp, signer: SentSigner) {
  return signAsSigner(env.db, env.clock, signer.token, { name: signer.name, cpf: signer.cpf ?? '', consent: true, signatureKind: 'typed', signatureData: signer.name }, CLIENT, OPTIONS)
}

async function threeSigners(env: TestApp, account: TestAccount) {
  return sentDigitalDocument(env, account, [
    { name: 'Helena <b>Duarte</b>', cpf: validCpf(), order: 1 },
    { name: 'Rui Pacheco', cpf: validCpf(), order: 1 },
    { name: 'Otávio Lins', cpf: validCpf(), order: 2 },
  ])
}

describeEachDialect('seller notifications', (env) => {
  it('tells the seller of the first open and of each signature short of the last, once each', async () => {
    const account = await makeAccount(env)
    const doc = await threeSigners(env, account)
    const [helena, rui, otavio] = doc.signers as [SentSigner, SentSigner, SentSigner]
    const link = `http://vendoc.test/proposals/${doc.id}/edit`

    expect((await openSigningLink(env.db, env.clock, helena.token, CLIENT, OPTIONS)).outcome).toBe('ok')
    // Opened again, and by the other signer of the same turn: the document was already viewed.
    await openSigningLink(env.db, env.clock, helena.token, CLIENT, OPTIONS)
    await openSigningLink(env.db, env.clock, rui.token, CLIENT, OPTIONS)
    let sent = await notices(env, doc.id)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ kind: 'viewed', to_address: account.seller.email, subject: `Helena <b>Duarte</b> abriu o documento nº ${doc.number} — ${account.account.name}` })
    expect(sent[0]!.text_body).toContain(`Helena <b>Duarte</b> abriu o documento nº ${doc.number}`)
    expect(sent[0]!.text_body).toContain(link)
    expect(sent[0]!.html_body).toContain('Helena &lt;b&gt;Duarte&lt;/b&gt; abriu')
    expect(sent[0]!.html_body).not.toContain('<b>Duarte')
    expect(sent[0]!.html_body).toContain(`href="${link}"`)

    expect((await sign(env, helena)).outcome).toBe('signed')
    expect((await sign(env, rui)).outcome).toBe('signed')
    sent = await notices(env, doc.id)
    expect(sent.map((email) => [email.kind, email.to_address])).toEqual([['viewed', account.seller.email], ['signer_signed', account.seller.email], ['signer_signed', account.seller.email]])
    expect(sent[1]!.subject).toBe(`Helena <b>Duarte</b> assinou o documento nº ${doc.number} — ${account.account.name}`)
    expect(sent[1]!.text_body).toContain('Faltam 2 assinaturas.')
    expect(sent[2]!.subject).toBe(`Rui Pacheco assinou o documento nº ${doc.number} — ${account.account.name}`)
    expect(sent[2]!.text_body).toContain('Falta 1 assinatura.')

    // The last signature completes the document: no notice of its own (the signed PDF's message follows).
    await openSigningLink(env.db, env.clock, otavio.token, CLIENT, OPTIONS)
    const last = await sign(env, otavio)
    expect(last).toMatchObject({ outcome: 'signed', documentSigned: true })
    expect(await notices(env, doc.id)).toHaveLength(3)
  })

  it('says nothing of an open when the signature is posted unopened, and tells the admins when the seller is inactive', async () => {
    const account = await makeAccount(env)
    const admin = await createUser(env.db, env.clock, { accountId: account.id, name: 'Ana Admin', email: `ana.${account.id}@vendoc.test`, role: 'admin', password: 'uma-senha-longa-1' })
    const doc = await threeSigners(env, account)
    // The seller left the company after sending it.
    await env.db.updateTable('users').set({ active: false }).where('account_id', '=', account.id).where('id', '=', account.seller.id).execute()
    const [helena] = doc.signers as [SentSigner, SentSigner, SentSigner]
    expect((await sign(env, helena)).outcome).toBe('signed')
    const sent = await notices(env, doc.id)
    expect(sent.map((email) => [email.kind, email.to_address])).toEqual([['signer_signed', admin.email]])
  })
})
