// Reminding one signer from the document's page, on both databases: each signer waiting on their
// turn has a "Lembrar este signatário" button that sends the link again to them alone, within
// their own daily cap; the actions panel's reminder still goes to everyone waiting. A signer whose
// turn has not come, one of another document, or an id that is no id is a flash error that sends
// nothing; another account's document is a 404.
import { expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { signAsSigner } from '../../src/modules/lifecycle/signing.js'
import { describeEachDialect } from '../support/dialects.js'
import { validCpf } from '../support/documents.js'
import { makeAccount } from '../support/factories.js'
import { snapshotEverything } from '../lifecycle/lifecycle-fixtures.js'
import { sentDigitalDocument } from '../support/signing.js'
import type { TestApp } from '../support/test-app.js'
import { signedInUser } from '../support/web-login.js'

const a = t.proposalActions

function reminders(env: TestApp, proposalId: number) {
  return env.db.selectFrom('outbox_emails').select('to_address').where('proposal_id', '=', proposalId).where('kind', '=', 'reminder').orderBy('id').execute()
}

const SIGNERS = [
  { name: 'Maria Souza', cpf: validCpf(), order: 1 },
  { name: 'Rui Pacheco', cpf: validCpf(), order: 1 },
  { name: 'João Lima', cpf: validCpf(), order: 2 },
]

describeEachDialect('reminding one signer', (env) => {
  it('offers the button to each signer waiting on their turn, and reminds that one alone', async () => {
    const { agent, account } = await signedInUser(env, { role: 'member' })
    const doc = await sentDigitalDocument(env, account, SIGNERS)
    const [maria, rui, joao] = doc.signers
    const page = `/proposals/${doc.id}/edit`
    const html = (await agent.get(page)).body
    for (const signer of [maria!, rui!]) expect(html).toMatch(new RegExp(`name="signer_id" value="${signer.id}"/><button type="submit" class="button ghost small" aria-label="Lembrar este signatário: ${signer.name}">`))
    // João's turn has not come: no link, no button (his contact form still names him).
    expect(html).not.toContain(`aria-label="Lembrar este signatário: ${joao!.name}"`)

    const sent = await agent.submit(page, `/proposals/${doc.id}/resend`, { signer_id: String(rui!.id) })
    expect(sent.statusCode).toBe(303)
    expect((await agent.get(page)).body).toContain(a.resent(1))
    expect(await reminders(env, doc.id)).toEqual([{ to_address: rui!.email }])
    const history = await env.db.selectFrom('proposal_events').select('data_json').where('proposal_id', '=', doc.id).where('type', '=', 'resent').execute()
    expect(history.map((event) => JSON.parse(event.data_json))).toEqual([{ signer_ids: [rui!.id] }])

    // The panel's reminder, without a signer, still goes to both waiting.
    await agent.submit(page, `/proposals/${doc.id}/resend`, {})
    expect((await reminders(env, doc.id)).map((email) => email.to_address)).toEqual([rui!.email, maria!.email, rui!.email])
  })

  it('keeps the daily cap per signer, and offers no button to a signer who signed', async () => {
    const { agent, account } = await signedInUser(env, { role: 'member' })
    const doc = await sentDigitalDocument(env, account, SIGNERS)
    const [maria, rui] = doc.signers
    const page = `/proposals/${doc.id}/edit`
    for (let reminder = 1; reminder <= 3; reminder++) await agent.submit(page, `/proposals/${doc.id}/resend`, { signer_id: String(maria!.id) })
    expect(await reminders(env, doc.id)).toHaveLength(3)
    const before = await snapshotEverything(env.db)
    await agent.submit(page, `/proposals/${doc.id}/resend`, { signer_id: String(maria!.id) })
    expect((await agent.get(page)).body).toContain(a.resendLimit)
    expect(await snapshotEverything(env.db)).toEqual(before)
    // Rui still can be reminded: the cap is each signer's own.
    await agent.submit(page, `/proposals/${doc.id}/resend`, { signer_id: String(rui!.id) })
    expect((await reminders(env, doc.id)).map((email) => email.to_address)).toEqual([maria!.email, maria!.email, maria!.email, rui!.email])

    const signed = await signAsSigner(env.db, env.clock, rui!.token, { name: rui!.name, cpf: rui!.cpf ?? '', consent: true, signatureKind: 'typed', signatureData: rui!.name }, { ip: '203.0.113.50', userAgent: 'test' }, { baseUrl: 'http://vendoc.test' })
    expect(signed.outcome).toBe('signed')
    const html = (await agent.get(page)).body
    expect(html).toContain(`aria-label="Lembrar este signatário: ${maria!.name}"`)
    expect(html).not.toContain(`aria-label="Lembrar este signatário: ${rui!.name}"`)
  })

  it('refuses a signer not waiting, one of another document, or an id that is no id, sending nothing; another account’s document is a 404', async () => {
    const { agent, account } = await signedInUser(env, { role: 'member' })
    const doc = await sentDigitalDocument(env, account, SIGNERS)
    const other = await sentDigitalDocument(env, account, SIGNERS.slice(0, 1))
    const page = `/proposals/${doc.id}/edit`
    for (const signerId of [String(doc.signers[2]!.id), String(other.signers[0]!.id), 'abc', '0', '-1', '99999999999999999999']) {
      const before = await snapshotEverything(env.db)
      const refused = await agent.submit(page, `/proposals/${doc.id}/resend`, { signer_id: signerId })
      expect(refused.statusCode, signerId).toBe(303)
      expect((await agent.get(page)).body, signerId).toContain(a.signerNotWaiting)
      expect(await snapshotEverything(env.db), signerId).toEqual(before)
    }

    const stranger = await makeAccount(env)
    const foreign = await sentDigitalDocument(env, stranger, SIGNERS.slice(0, 1))
    const before = await snapshotEverything(env.db)
    const answer = await agent.submit(page, `/proposals/${foreign.id}/resend`, { signer_id: String(foreign.signers[0]!.id) })
    expect(answer.statusCode).toBe(404)
    expect(await snapshotEverything(env.db)).toEqual(before)
  })
})
