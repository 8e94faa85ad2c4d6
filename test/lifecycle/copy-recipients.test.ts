// Copy recipients (proposals/copy-recipients.ts), on both databases: the API takes `copy_to` on a
// digital document (lower-cased, none repeated nor a signer's, at most 10, none on paper) and a
// refused body writes nothing; PATCH replaces the list; once the last signer signs, each address
// gets the signed PDF with the signers and the seller (and an erasure of the customer's personal
// data clears them); the web form takes them one per line and shows them on the document's page.
import { expect, it } from 'vitest'
import { validCpf } from '../support/documents.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, proposalBody, type TestAccount } from '../support/factories.js'
import { errorPaths, expectProblem } from '../support/http.js'
import { sentDigitalDocument } from '../support/signing.js'
import { snapshotDatabase } from '../support/snapshot.js'
import type { TestApp } from '../support/test-app.js'
import { signedInUser } from '../support/web-login.js'
import { signAsSigner } from '../../src/modules/lifecycle/signing.js'
import { erasePersonalData } from '../../src/modules/privacy/erase-personal-data.js'
import { writePersonalDataExport } from '../../src/modules/privacy/export-personal-data.js'
import type { ProposalDetail } from '../../src/modules/proposals/proposal-mapper.js'
import { digitalOverrides } from './lifecycle-fixtures.js'

const CLIENT = { ip: '203.0.113.9', userAgent: 'Mozilla/5.0 (copy test)' }

async function create(env: TestApp, account: TestAccount, overrides: Record<string, unknown>, customer?: { id: number }) {
  customer ??= await makeCustomer(env, account)
  return env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: account.auth, payload: proposalBody(account, customer, { ...digitalOverrides(account), ...overrides }) })
}

describeEachDialect('Copy recipients', (env) => {
  it('stores the addresses of a digital document lower-cased, and PATCH replaces them', async () => {
    const account = await makeAccount(env)
    const created = await create(env, account, { copy_to: ['Financeiro@Cliente.test', 'juridico@cliente.test'] })
    expect(created.statusCode, created.body).toBe(201)
    const detail = created.json<ProposalDetail>()
    expect(detail.copy_to).toEqual(['financeiro@cliente.test', 'juridico@cliente.test'])

    const patched = await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${detail.id}`, headers: account.auth, payload: { copy_to: ['diretoria@cliente.test'] } })
    expect(patched.statusCode, patched.body).toBe(200)
    expect(patched.json<ProposalDetail>().copy_to).toEqual(['diretoria@cliente.test'])
    // Another field patched keeps the list.
    const retitled = await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${detail.id}`, headers: account.auth, payload: { title: 'Outro título' } })
    expect(retitled.json<ProposalDetail>().copy_to).toEqual(['diretoria@cliente.test'])
    // Without the field: none.
    const plain = await create(env, account, {})
    expect(plain.json<ProposalDetail>().copy_to).toEqual([])
  })

  it('refuses a bad, repeated or signer’s address, more than 10, and any on paper, naming each, and writes nothing', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const before = await snapshotDatabase(env.db)
    const digital = digitalOverrides(account)
    const signerEmail = (digital.signers as Array<{ email: string }>)[0]!.email
    const cases: Array<[Record<string, unknown>, number, string[]]> = [
      [{ copy_to: ['não é e-mail'] }, 422, ['/copy_to/0']],
      [{ copy_to: Array.from({ length: 11 }, (_, index) => `copia${index}@cliente.test`) }, 422, ['/copy_to']],
      [{ copy_to: ['a@cliente.test', 'A@Cliente.test'] }, 422, ['/copy_to/1']],
      [{ copy_to: ['outro@cliente.test', signerEmail.toUpperCase()] }, 422, ['/copy_to/1']],
      [{ copy_to: [{ email: 'a@cliente.test' }] }, 422, ['/copy_to/0']],
      [{ signature_type: 'paper', signers: [], copy_to: ['a@cliente.test'] }, 422, ['/copy_to']],
    ]
    for (const [overrides, status, paths] of cases) {
      const response = await create(env, account, { ...digital, ...overrides }, customer)
      const problem = expectProblem(response, status, 'validation_failed')
      expect(errorPaths(problem), JSON.stringify(overrides)).toEqual(paths)
    }
    expect(await snapshotDatabase(env.db)).toEqual(before)

    // A draft switched to paper must drop its list in the same patch.
    const draft = (await create(env, account, { copy_to: ['a@cliente.test'] })).json<ProposalDetail>()
    const toPaper = await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${draft.id}`, headers: account.auth, payload: { signature_type: 'paper' } })
    expect(errorPaths(expectProblem(toPaper, 422, 'validation_failed'))).toEqual(['/copy_to'])
    const dropped = await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${draft.id}`, headers: account.auth, payload: { signature_type: 'paper', copy_to: [] } })
    expect(dropped.statusCode, dropped.body).toBe(200)
    expect(dropped.json<ProposalDetail>()).toMatchObject({ signature_type: { id: 'paper' }, copy_to: [] })
  })

  it('sends the signed PDF to each address with the signers and the seller, once the last one signs', async () => {
    const account = await makeAccount(env)
    const cpf = validCpf()
    const doc = await sentDigitalDocument(env, account, [{ name: 'Lia Campos', cpf, order: 1 }], { copy_to: ['financeiro@cliente.test', account.seller.email] })
    const [signer] = doc.signers
    const signed = await signAsSigner(env.db, env.clock, signer!.token, { name: signer!.name, cpf, signatureKind: 'typed', signatureData: signer!.name, consent: true }, CLIENT, { baseUrl: 'http://vendoc.test' })
    expect(signed.outcome).toBe('signed')
    await env.app.jobs.runDueJobs()
    const signedFile = await env.db.selectFrom('proposal_files').select('id').where('proposal_id', '=', doc.id).where('kind', '=', 'signed').executeTakeFirstOrThrow()
    const completed = await env.db.selectFrom('outbox_emails').selectAll().where('proposal_id', '=', doc.id).where('kind', '=', 'completed').orderBy('id').execute()
    // The seller named again in copy_to gets one message, as the seller.
    expect(completed.map((email) => email.to_address)).toEqual([signer!.email, account.seller.email, 'financeiro@cliente.test'])
    expect(completed.every((email) => email.attachment_file_id === signedFile.id)).toBe(true)
    const copy = completed[2]!
    expect(copy.text_body).toMatch(/^Olá,\n/)
    expect(copy.text_body).toContain('Você recebe esta cópia porque')
    expect(copy.text_body).toContain('segue anexa em PDF')
    expect(completed[0]!.text_body).toContain(`Olá, ${signer!.name},`)
    expect(completed[0]!.text_body).not.toContain('Você recebe esta cópia')

    // The customer's personal data export (LGPD, art. 18 II) lists them with the document.
    const { customer_id: customerId } = await env.db.selectFrom('proposals').select('customer_id').where('id', '=', doc.id).executeTakeFirstOrThrow()
    let text = ''
    await writePersonalDataExport(env.db, env.clock, account.id, String(customerId), (piece) => (text += piece))
    const exported = JSON.parse(text) as { documents: Array<{ id: number; copy_to: string[] }> }
    expect(exported.documents.find((document) => document.id === doc.id)?.copy_to).toEqual(['financeiro@cliente.test', account.seller.email])

    // Erasing them (art. 18 IV, VI) removes the customer's copy address, in the list and where its copy went.
    await erasePersonalData(env.db, env.clock, account.id, String(customerId), { erasedBy: 'Encarregado de dados' })
    const erased = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${doc.id}`, headers: account.auth })
    expect(erased.json<ProposalDetail>().copy_to).toEqual([account.seller.email])
    const after = await env.db.selectFrom('outbox_emails').select(['id', 'to_address']).where('proposal_id', '=', doc.id).where('kind', '=', 'completed').orderBy('id').execute()
    // The seller, copied too, is the account's own: their address and message stay.
    expect(after.map((email) => email.to_address)).toEqual([`signatario-${signer!.id}@anonimizado.invalid`, account.seller.email, `copia-${doc.id}@anonimizado.invalid`])
    const stored = await env.db.selectFrom('proposals').select('copy_to_json').where('id', '=', doc.id).executeTakeFirstOrThrow()
    expect(JSON.parse(stored.copy_to_json)).toEqual([account.seller.email])
  })

  it('takes the addresses in the web form, one per line, and shows them on the document’s page', async () => {
    const account = await makeAccount(env)
    const { agent } = await signedInUser(env, { account })
    const customer = await makeCustomer(env, account)
    const draft = (await create(env, account, {})).json<ProposalDetail>()
    const page = `/proposals/${draft.id}/edit`
    const form = await agent.get(page)
    expect(form.body).toContain('name="copy_to"')
    const fields = (copyTo: string, signatureType = 'digital') => ({
      customer_id: String(customer.id),
      template_id: String(account.template.id),
      signature_type: signatureType,
      payment_method_id: String(account.paymentMethods.pix.id),
      installments: '1',
      'items[0][product_id]': String(account.products.main.id),
      'items[0][quantity]': '1',
      'signers[0][name]': 'Rui Prado',
      'signers[0][email]': 'rui@cliente.test',
      'signers[0][role_id]': String(account.roles.party.id),
      copy_to: copyTo,
    })
    for (const [copyTo, signatureType, message] of [
      ['financeiro@cliente.test\nerrado', 'digital', 'E-mail inválido: errado'],
      ['a@cliente.test; A@cliente.test', 'digital', 'E-mail repetido: A@cliente.test'],
      ['RUI@cliente.test', 'digital', 'Um destes e-mails é de um signatário, que já recebe a via assinada.'],
      ['a@cliente.test', 'paper', 'Documentos em papel não enviam e-mail'],
    ] as const) {
      const refused = await agent.submit(page, `/proposals/${draft.id}`, fields(copyTo, signatureType))
      expect(refused.statusCode, copyTo).toBe(422)
      expect(refused.body, copyTo).toContain('id="field-copy_to-error"')
      expect(refused.body, copyTo).toContain(message)
    }
    const saved = await agent.submit(page, `/proposals/${draft.id}`, fields('Financeiro@cliente.test\r\n  juridico@cliente.test, diretoria@cliente.test\r\n'))
    expect(saved.statusCode, saved.body).toBe(303)
    const stored = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${draft.id}`, headers: account.auth })
    expect(stored.json<ProposalDetail>().copy_to).toEqual(['financeiro@cliente.test', 'juridico@cliente.test', 'diretoria@cliente.test'])
    expect((await agent.get(page)).body).toMatch(/name="copy_to"[^>]*>financeiro@cliente.test\njuridico@cliente.test\ndiretoria@cliente.test<\/textarea>/)

    // Sent: read-only, the addresses listed.
    const sent = await env.app.inject({ method: 'POST', url: `/api/v1/proposals/${draft.id}/send`, headers: account.auth, payload: {} })
    expect(sent.statusCode, sent.body).toBe(200)
    const readOnly = (await agent.get(page)).body
    expect(readOnly).toContain('<h2 id="copy-to-heading">Cópia da via assinada</h2><ul><li>financeiro@cliente.test</li><li>juridico@cliente.test</li><li>diretoria@cliente.test</li></ul>')
  })

  it("sends every signed copy to the account's own list too (Configurações → Conta), checked like a document's", async () => {
    const account = await makeAccount(env)
    const { agent } = await signedInUser(env, { account })
    const settings = (signedCopyTo: string) => ({ name: account.account.name, time_zone: 'America/Sao_Paulo', signed_copy_to: signedCopyTo })
    for (const [typed, message] of [
      ['arquivo@empresa.test\nnao-e-email', 'E-mail inválido: nao-e-email'],
      ['arquivo@empresa.test, ARQUIVO@empresa.test', 'E-mail repetido: ARQUIVO@empresa.test'],
      [Array.from({ length: 11 }, (_, index) => `a${index}@empresa.test`).join('\n'), 'No máximo 10 e-mails.'],
    ] as const) {
      const refused = await agent.submit('/settings/account', '/settings/account', settings(typed))
      expect(refused.statusCode, typed).toBe(422)
      expect(refused.body, typed).toContain('id="field-signed_copy_to-error"')
      expect(refused.body, typed).toContain(message)
    }
    expect((await env.db.selectFrom('accounts').select('signed_copy_to_json').where('id', '=', account.id).executeTakeFirstOrThrow()).signed_copy_to_json).toBe('[]')
    const saved = await agent.submit('/settings/account', '/settings/account', settings('Arquivo@Empresa.test\r\nfinanceiro@empresa.test'))
    expect(saved.statusCode, saved.body).toBe(303)
    expect((await agent.get('/settings/account')).body).toMatch(/name="signed_copy_to"[^>]*>arquivo@empresa.test\nfinanceiro@empresa.test<\/textarea>/)

    // A document copying the archive itself: one message to it.
    const cpf = validCpf()
    const doc = await sentDigitalDocument(env, account, [{ name: 'Caio Reis', cpf, order: 1 }], { copy_to: ['arquivo@empresa.test', 'juridico@cliente.test'] })
    const [signer] = doc.signers
    await signAsSigner(env.db, env.clock, signer!.token, { name: signer!.name, cpf, signatureKind: 'typed', signatureData: signer!.name, consent: true }, CLIENT, { baseUrl: 'http://vendoc.test' })
    await env.app.jobs.runDueJobs()
    const completed = await env.db.selectFrom('outbox_emails').select('to_address').where('proposal_id', '=', doc.id).where('kind', '=', 'completed').orderBy('id').execute()
    expect(completed.map((email) => email.to_address)).toEqual([signer!.email, account.seller.email, 'arquivo@empresa.test', 'juridico@cliente.test', 'financeiro@empresa.test'])

    // The account's archive is not the customer's data: an erasure keeps it, in the list and where the copy went.
    const { customer_id: customerId } = await env.db.selectFrom('proposals').select('customer_id').where('id', '=', doc.id).executeTakeFirstOrThrow()
    await erasePersonalData(env.db, env.clock, account.id, String(customerId), { erasedBy: 'Encarregado de dados' })
    const after = await env.db.selectFrom('outbox_emails').select('to_address').where('proposal_id', '=', doc.id).where('kind', '=', 'completed').orderBy('id').execute()
    expect(after.map((email) => email.to_address).slice(1)).toEqual([account.seller.email, 'arquivo@empresa.test', `copia-${doc.id}@anonimizado.invalid`, 'financeiro@empresa.test'])
  })
})
