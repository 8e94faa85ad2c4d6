// Correcting a signer's e-mail or phone after sending, on both databases, through the document's
// page: a new address kills the old link, gets a new one and (on their turn) a new invitation; the
// history says who changed what; a signer who signed or refused, a closed document, a bad or
// duplicate address change nothing; another account's document is a 404; and an erasure of the
// customer's data (LGPD) also removes the address that was replaced.
import { expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { signAsSigner } from '../../src/modules/lifecycle/signing.js'
import { erasePersonalData } from '../../src/modules/privacy/erase-personal-data.js'
import { describeEachDialect } from '../support/dialects.js'
import { validCpf } from '../support/documents.js'
import { makeAccount } from '../support/factories.js'
import { sentDigitalDocument } from '../support/signing.js'
import type { TestApp } from '../support/test-app.js'
import { WebAgent } from '../support/web-agent.js'
import { signedInUser } from '../support/web-login.js'

const c = t.proposalActions.contact

async function signerRow(env: TestApp, id: number) {
  return env.db.selectFrom('proposal_signers').select(['email', 'phone', 'sign_token', 'status']).where('id', '=', id).executeTakeFirstOrThrow()
}

describeEachDialect("correcting a signer's contact", (env) => {
  it('gives a new address a new link and, on their turn, a new invitation; the old link stops working', async () => {
    const { agent, account } = await signedInUser(env, { role: 'member' })
    const doc = await sentDigitalDocument(env, account, [{ name: 'Maria Souza', cpf: validCpf(), order: 1 }, { name: 'João Lima', cpf: validCpf(), order: 2 }])
    const [maria, joao] = doc.signers
    const page = `/proposals/${doc.id}/edit`
    const edit = await agent.get(page)
    expect(edit.body).toContain(`action="/proposals/${doc.id}/signer-contact"`)
    expect(edit.body).toContain(`value="${maria!.email}"`)

    const saved = await agent.submit(page, `/proposals/${doc.id}/signer-contact`, { signer_id: String(maria!.id), email: ' Maria.Souza@Acme.test ', phone: '(11) 98888-7777' })
    expect(saved.statusCode).toBe(303)
    expect((await agent.get(page)).body).toContain(c.saved('Maria Souza', true))
    const after = await signerRow(env, maria!.id)
    expect(after).toMatchObject({ email: 'maria.souza@acme.test', phone: '(11) 98888-7777', status: 'sent' })
    expect(after.sign_token).not.toBe(maria!.token)
    // The old link is dead; the new one opens.
    const visitor = new WebAgent(env.app)
    expect((await visitor.get(`/sign/${maria!.token}`)).statusCode).toBe(404)
    expect((await visitor.get(`/sign/${after.sign_token}`)).statusCode).toBe(200)
    const invitations = await env.db.selectFrom('outbox_emails').select(['to_address', 'text_body']).where('proposal_id', '=', doc.id).where('kind', '=', 'invitation').orderBy('id').execute()
    expect(invitations.map((email) => email.to_address)).toEqual([maria!.email, 'maria.souza@acme.test'])
    expect(invitations[1]!.text_body).toContain(`/sign/${after.sign_token}`)
    const history = await env.db.selectFrom('proposal_events').select(['actor_type', 'data_json']).where('proposal_id', '=', doc.id).where('type', '=', 'signer_contact_changed').execute()
    expect(history).toHaveLength(1)
    expect(history[0]!.actor_type).toBe('user')
    expect(JSON.parse(history[0]!.data_json)).toEqual({
      signer: { id: maria!.id, name: 'Maria Souza' }, email: { from: maria!.email, to: 'maria.souza@acme.test' }, phone: { from: null, to: '(11) 98888-7777' }, new_link: true, reinvited: true,
    })
    expect((await agent.get(page)).body).toContain(t.proposals.events.signer_contact_changed!)

    // João's turn has not come: a new link, no invitation yet.
    await agent.submit(page, `/proposals/${doc.id}/signer-contact`, { signer_id: String(joao!.id), email: 'joao.lima@acme.test', phone: '' })
    expect((await signerRow(env, joao!.id)).sign_token).not.toBe(joao!.token)
    expect(await env.db.selectFrom('outbox_emails').select('id').where('proposal_id', '=', doc.id).where('to_address', '=', 'joao.lima@acme.test').execute()).toEqual([])
    // The same contact again changes nothing.
    await agent.submit(page, `/proposals/${doc.id}/signer-contact`, { signer_id: String(joao!.id), email: 'joao.lima@acme.test', phone: '' })
    expect((await agent.get(page)).body).toContain(c.unchanged)
  })

  it('refuses bad input, duplicates, signers who signed, closed documents and foreign ids, changing nothing', async () => {
    const { agent, account } = await signedInUser(env)
    const doc = await sentDigitalDocument(env, account, [{ name: 'Ana Reis', cpf: validCpf(), order: 1 }, { name: 'Bia Dias', cpf: validCpf(), order: 1 }])
    const [ana, bia] = doc.signers
    const page = `/proposals/${doc.id}/edit`
    const post = (fields: Record<string, string>) => agent.submit(page, `/proposals/${doc.id}/signer-contact`, fields)
    const before = await signerRow(env, ana!.id)
    for (const [fields, message] of [
      [{ signer_id: String(ana!.id), email: 'sem-arroba', phone: '' }, c.invalidEmail],
      [{ signer_id: String(ana!.id), email: '', phone: '' }, c.invalidEmail],
      [{ signer_id: String(ana!.id), email: bia!.email.toUpperCase(), phone: '' }, c.duplicateEmail],
      [{ signer_id: String(ana!.id), email: 'ana@novo.test', phone: 'ligue já' }, c.invalidPhone],
      [{ signer_id: 'abc', email: 'ana@novo.test', phone: '' }, c.unknownSigner],
      [{ signer_id: '999999999', email: 'ana@novo.test', phone: '' }, c.unknownSigner],
    ] as const) {
      expect((await post(fields)).statusCode).toBe(303)
      expect((await agent.get(page)).body, JSON.stringify(fields)).toContain(message)
      expect(await signerRow(env, ana!.id)).toEqual(before)
    }
    // Bia signs: her record is evidence.
    await signAsSigner(env.db, env.clock, bia!.token, { name: bia!.name, cpf: bia!.cpf ?? '', consent: true, signatureKind: 'typed', signatureData: bia!.name }, { ip: '203.0.113.1', userAgent: 'x' }, { baseUrl: 'http://vendoc.test' })
    await post({ signer_id: String(bia!.id), email: 'bia@novo.test', phone: '' })
    expect((await agent.get(page)).body).toContain(c.notChangeable)
    expect((await signerRow(env, bia!.id)).email).toBe(bia!.email)
    // Another account's signer reads as missing; another account's document is a 404.
    const stranger = await makeAccount(env)
    const theirs = await sentDigitalDocument(env, stranger, [{ name: 'Caio Alves', cpf: validCpf(), order: 1 }])
    await post({ signer_id: String(theirs.signers[0]!.id), email: 'caio@novo.test', phone: '' })
    expect((await agent.get(page)).body).toContain(c.unknownSigner)
    expect((await agent.submit(page, `/proposals/${theirs.id}/signer-contact`, { signer_id: String(theirs.signers[0]!.id), email: 'caio@novo.test', phone: '' })).statusCode).toBe(404)
    expect((await signerRow(env, theirs.signers[0]!.id)).email).toBe(theirs.signers[0]!.email)
    // A cancelled document: no form, and a post is refused.
    await env.db.updateTable('proposals').set({ status: 'cancelled' }).where('id', '=', doc.id).execute()
    expect((await agent.get(page)).body).not.toContain('/signer-contact"')
    await post({ signer_id: String(ana!.id), email: 'ana@novo.test', phone: '' })
    expect((await agent.get(page)).body).toContain(t.proposalActions.invalidTransition(t.proposals.status.cancelled!))
    expect(await signerRow(env, ana!.id)).toEqual(before)
    expect(await env.db.selectFrom('proposal_events').select('id').where('proposal_id', '=', doc.id).where('type', '=', 'signer_contact_changed').execute()).toEqual([])
  })

  it('holds each new address to the daily cap, forgets an open of the old link, and restarts the automatic wait', async () => {
    const { agent, account } = await signedInUser(env)
    const doc = await sentDigitalDocument(env, account, [{ name: 'Lia Moreira', cpf: validCpf(), order: 1 }])
    const [lia] = doc.signers
    const page = `/proposals/${doc.id}/edit`
    // Someone opened the link sent to the wrong address.
    expect((await new WebAgent(env.app).get(`/sign/${lia!.token}`)).statusCode).toBe(200)
    expect((await signerRow(env, lia!.id)).status).toBe('viewed')
    await agent.submit(page, `/proposals/${doc.id}/signer-contact`, { signer_id: String(lia!.id), email: 'lia.a@acme.test', phone: '' })
    const corrected = await env.db.selectFrom('proposal_signers').select(['status', 'viewed_at', 'reminded_at']).where('id', '=', lia!.id).executeTakeFirstOrThrow()
    expect(corrected).toMatchObject({ status: 'sent', viewed_at: null })
    expect(corrected.reminded_at).not.toBeNull()
    // Back and forth between two addresses: each gets at most three messages a day.
    for (let round = 0; round < 6; round++) {
      await agent.submit(page, `/proposals/${doc.id}/signer-contact`, { signer_id: String(lia!.id), email: round % 2 === 0 ? 'lia.b@acme.test' : 'lia.a@acme.test', phone: '' })
    }
    const sent = await env.db.selectFrom('outbox_emails').select('to_address').where('proposal_id', '=', doc.id).where('kind', '=', 'invitation').execute()
    expect(sent.filter((email) => email.to_address === 'lia.a@acme.test')).toHaveLength(3)
    expect(sent.filter((email) => email.to_address === 'lia.b@acme.test')).toHaveLength(3)
    expect((await agent.get(page)).body).toContain(t.proposalActions.resendLimit)
    // The refused correction changed nothing: the last address that got its invitation stays.
    expect((await signerRow(env, lia!.id)).email).toBe('lia.b@acme.test')
  })

  it("erases the replaced address too when the customer's personal data is erased", async () => {
    const { agent, account } = await signedInUser(env)
    const doc = await sentDigitalDocument(env, account, [{ name: 'Otávio Brandão', cpf: validCpf(), order: 1 }])
    const [otavio] = doc.signers
    await agent.submit(`/proposals/${doc.id}/edit`, `/proposals/${doc.id}/signer-contact`, { signer_id: String(otavio!.id), email: 'otavio.certo@acme.test', phone: '(21) 3333-4444' })
    const customerId = (await env.db.selectFrom('proposals').select('customer_id').where('id', '=', doc.id).executeTakeFirstOrThrow()).customer_id
    await erasePersonalData(env.db, env.clock, account.id, String(customerId), { erasedBy: 'test' })
    const outbox = await env.db.selectFrom('outbox_emails').select(['to_address', 'text_body']).where('proposal_id', '=', doc.id).execute()
    const history = await env.db.selectFrom('proposal_events').select('data_json').where('proposal_id', '=', doc.id).execute()
    const kept = JSON.stringify([outbox, history]).toLowerCase()
    for (const identifier of [otavio!.email, 'otavio.certo@acme.test', '(21) 3333-4444']) expect(kept).not.toContain(identifier.toLowerCase())
  })
})
