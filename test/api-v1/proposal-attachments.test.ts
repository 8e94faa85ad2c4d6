// A document's PDF attachments through the API, on both databases: a draft takes up to ten PDFs
// (JSON with base64, as mark-signed takes a scan), lists and serves them, removes them; each
// change is a history entry, a `proposal.updated` event and a newer updated_at. A bad file, a bad
// name, an eleventh file or a sent document are refused and change nothing; another account's
// document or attachment reads like a missing one. The PDF lists each attachment with its
// SHA-256, and sending freezes them (test/lifecycle/send-race.test.ts: one added
// while the PDF is built is listed too).
import { createHash } from 'node:crypto'
import { expect, it } from 'vitest'
import { pdfText } from '../documents/pdf-text.js'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { signAsSigner } from '../../src/modules/lifecycle/signing.js'
import { renderProposalHtml } from '../../src/modules/rendering/render-proposal.js'
import { copyProposalAttachments } from '../../src/modules/documents/proposal-attachments.js'
import { SYSTEM_ACTOR } from '../../src/modules/proposals/actor.js'
import { validCpf } from '../support/documents.js'
import { erasePersonalData } from '../../src/modules/privacy/erase-personal-data.js'
import { writePersonalDataExport } from '../../src/modules/privacy/export-personal-data.js'
import { accountSnapshot } from '../support/account-snapshot.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, makeProposal, type TestAccount } from '../support/factories.js'
import { errorPaths, expectProblem } from '../support/http.js'
import { makeDraft, postOk } from '../lifecycle/lifecycle-fixtures.js'
import type { TestApp } from '../support/test-app.js'

/** A small PDF: only its first bytes are checked, the rest is the account's business. */
function pdf(text: string): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`)
}

/** The account's rows but for what every call writes (its log, the token's last use, the usage counter). */
async function rowsOf(env: TestApp, accountId: number) {
  await env.app.requestLog.flush()
  const { request_logs: _logs, api_tokens: _tokens, api_usage_counters: _usage, ...rest } = await accountSnapshot(env.db, accountId)
  return rest
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex')
}

function attach(env: TestApp, account: TestAccount, id: number | string, payload: object, headers: Record<string, string> = {}) {
  return env.app.inject({ method: 'POST', url: `/api/v1/proposals/${id}/attachments`, headers: { ...account.auth, ...headers }, payload })
}

function pdfBody(fileName: string, bytes: Buffer) {
  return { file_name: fileName, content_base64: bytes.toString('base64') }
}

describeEachDialect('Document attachments (API)', (env) => {
  it('adds, lists, serves and removes a draft’s PDFs, each change in the history, the events and updated_at', async () => {
    const account = await makeAccount(env)
    const draft = await makeDraft(env, account, 'digital')
    const spec = pdf('especificação')
    const added = await attach(env, account, draft.id, pdfBody('  Especificação técnica  ', spec))
    expect(added.statusCode, added.body).toBe(201)
    const attachment = added.json()
    // Trimmed, with ".pdf" added; the hash is the bytes' own.
    expect(attachment).toEqual({ id: expect.any(Number), file_name: 'Especificação técnica.pdf', content_type: 'application/pdf', size: spec.length, sha256: sha256(spec), created_at: expect.any(String) })
    expect(added.headers.location).toMatch(new RegExp(`/api/v1/proposals/${draft.id}/attachments/${attachment.id}$`))

    const second = await attach(env, account, draft.id, { file_name: 'portfolio.PDF', content_base64: pdf('portfólio').toString('base64url') })
    expect(second.statusCode, second.body).toBe(201)
    expect(second.json().file_name).toBe('portfolio.PDF')

    const list = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${draft.id}/attachments`, headers: account.auth })
    expect(list.statusCode).toBe(200)
    expect(list.json().data.map((row: { file_name: string }) => row.file_name)).toEqual(['Especificação técnica.pdf', 'portfolio.PDF'])

    const download = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${draft.id}/attachments/${attachment.id}`, headers: account.auth })
    expect(download.statusCode).toBe(200)
    expect(download.headers['content-type']).toBe('application/pdf')
    expect(download.headers['x-document-sha256']).toBe(sha256(spec))
    expect(download.headers['content-disposition']).toBe(`attachment; filename="Especificacao tecnica.pdf"; filename*=UTF-8''Especifica%C3%A7%C3%A3o%20t%C3%A9cnica.pdf`)
    expect(download.rawPayload.equals(spec)).toBe(true)

    const removed = await env.app.inject({ method: 'DELETE', url: `/api/v1/proposals/${draft.id}/attachments/${second.json().id}`, headers: account.auth })
    expect(removed.statusCode, removed.body).toBe(204)
    expect((await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${draft.id}/attachments`, headers: account.auth })).json().data).toHaveLength(1)

    const detail = (await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${draft.id}`, headers: account.auth })).json()
    const history = detail.events.filter((event: { type: string }) => event.type.startsWith('attachment_'))
    expect(history.map((event: { type: string; data: { file_name: string } }) => [event.type, event.data.file_name])).toEqual([
      ['attachment_added', 'Especificação técnica.pdf'],
      ['attachment_added', 'portfolio.PDF'],
      ['attachment_removed', 'portfolio.PDF'],
    ])
    expect(history[0].data.sha256).toBe(sha256(spec))
    expect(history[0].actor.type).toBe('api_token')
    // Both kinds of entry name the file alike: its id, name, size and hash.
    for (const event of history) expect(Object.keys(event.data).sort()).toEqual(['attachment_id', 'file_name', 'sha256', 'size'])
    expect(history[2].data).toEqual({ attachment_id: second.json().id, file_name: 'portfolio.PDF', size: second.json().size, sha256: second.json().sha256 })
    // The answer's time is the row's: listing it again reads the same.
    expect(list.json().data[0].created_at).toBe(attachment.created_at)
    const updates = await env.db.selectFrom('domain_events').select('type').where('account_id', '=', account.id).where('proposal_id', '=', draft.id).where('type', '=', 'proposal.updated').execute()
    expect(updates).toHaveLength(3)
    expect(detail.updated_at > draft.updated_at).toBe(true)
  })

  it('prints each attachment with its hash in the PDF, and sending freezes them with the document', async () => {
    const account = await makeAccount(env)
    const draft = await makeDraft(env, account, 'digital')
    const spec = pdf('ficha técnica')
    expect((await attach(env, account, draft.id, pdfBody('ficha-tecnica.pdf', spec))).statusCode).toBe(201)
    const preview = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${draft.id}/pdf`, headers: account.auth })
    const previewText = (await pdfText(preview.rawPayload)).replace(/\s+/g, ' ')
    expect(previewText).toContain('Anexos')
    expect(previewText).toContain('1. ficha-tecnica.pdf')
    expect(previewText).toContain(`SHA-256 ${sha256(spec)}`)

    // Templates see them too, in their order ({% for attachment in attachments %}).
    const body = '{% for attachment in attachments %}<p>Anexo {{ attachment.position }}: {{ attachment.name }} ({{ attachment.size }}) {{ attachment.sha256 }}</p>{% endfor %}'
    expect(await renderProposalHtml(env.db, account.id, draft.id, { now: env.clock.now(), body })).toBe(`<p>Anexo 1: ficha-tecnica.pdf (${spec.length} bytes) ${sha256(spec)}</p>`)

    const sent = await postOk(env, account, `${draft.id}/send`, {})
    expect(sent.status).toBe('sent')
    // The "sent" entry records what was frozen: each attachment's id and hash.
    const [attached] = (await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${draft.id}/attachments`, headers: account.auth })).json().data
    expect(sent.events.find((event) => event.type === 'sent')!.data.attachments).toEqual([{ id: attached.id, sha256: sha256(spec) }])
    const original = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${draft.id}/pdf?version=original`, headers: account.auth })
    expect((await pdfText(original.rawPayload)).replace(/\s+/g, ' ')).toContain(`SHA-256 ${sha256(spec)}`)

    // Frozen: neither added nor removed once sent, and nothing changes; still listed and served.
    const before = await rowsOf(env, account.id)
    const refused = expectProblem(await attach(env, account, draft.id, pdfBody('outro.pdf', pdf('outro'))), 409, 'invalid_status_transition')
    expect(refused.current_status).toBe('sent')
    const [{ id }] = (await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${draft.id}/attachments`, headers: account.auth })).json().data
    expectProblem(await env.app.inject({ method: 'DELETE', url: `/api/v1/proposals/${draft.id}/attachments/${id}`, headers: account.auth }), 409, 'invalid_status_transition')
    expect(await rowsOf(env, account.id)).toEqual(before)
    expect((await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${draft.id}/attachments/${id}`, headers: account.auth })).rawPayload.equals(spec)).toBe(true)
  })

  // Two 10 MB bodies through the API's parsing, logging and contract check: ~8 s alone, several
  // times that beside two other test files on a 2-core machine.
  it('refuses a bad file or name, an eleventh file and an unknown attachment, each naming its field, and changes nothing', async () => {
    const account = await makeAccount(env)
    const draft = await makeDraft(env, account, 'paper')
    const before = await rowsOf(env, account.id)

    const notPdf = expectProblem(await attach(env, account, draft.id, pdfBody('foto.pdf', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))), 422, 'validation_failed')
    expect(errorPaths(notPdf)).toEqual(['/content_base64'])
    expect(errorPaths(expectProblem(await attach(env, account, draft.id, { file_name: 'a.pdf', content_base64: 'não é base64!' }), 422, 'validation_failed'))).toEqual(['/content_base64'])
    expect(errorPaths(expectProblem(await attach(env, account, draft.id, pdfBody('   ', pdf('x'))), 422, 'validation_failed'))).toEqual(['/file_name'])
    expect(errorPaths(expectProblem(await attach(env, account, draft.id, pdfBody('pasta/arquivo.pdf', pdf('x'))), 422, 'validation_failed'))).toEqual(['/file_name'])
    expect(errorPaths(expectProblem(await attach(env, account, draft.id, pdfBody('tab\there.pdf', pdf('x'))), 422, 'validation_failed'))).toEqual(['/file_name'])
    expect(errorPaths(expectProblem(await attach(env, account, draft.id, pdfBody(`${'a'.repeat(117)}.pdf`, pdf('x'))), 422, 'validation_failed'))).toEqual(['/file_name'])
    for (const name of ['.pdf', 'contrato\u202Efdp.exe.pdf', 'linha\u2028quebrada.pdf', 'lone \ud800.pdf', 'pasta\\arquivo.pdf']) {
      expect(errorPaths(expectProblem(await attach(env, account, draft.id, pdfBody(name, pdf('x'))), 422, 'validation_failed')), JSON.stringify(name)).toEqual(['/file_name'])
    }
    // A cut base64 text (one character past whole groups, or padding in the middle of a group) is no file.
    const whole = pdf('inteiro').toString('base64').replace(/=+$/, '')
    const oneOver = `${whole}${'A'.repeat((5 - (whole.length % 4)) % 4)}`
    expect(oneOver.length % 4).toBe(1)
    for (const cut of [oneOver, `${whole.slice(0, 10)}=`]) {
      expect(errorPaths(expectProblem(await attach(env, account, draft.id, { file_name: 'a.pdf', content_base64: cut }), 422, 'validation_failed')), cut.slice(-12)).toEqual(['/content_base64'])
    }
    // One byte past 10 MB.
    const tooBig = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20)
    tooBig.write('%PDF-1.4\n')
    const big = expectProblem(await attach(env, account, draft.id, pdfBody('grande.pdf', tooBig)), 422, 'validation_failed')
    expect(big.errors!.map((error) => [error.path, error.message])).toEqual([['/content_base64', 'the file must be at most 10485760 bytes']])
    // Both at once: every bad field in one answer.
    expect(errorPaths(expectProblem(await attach(env, account, draft.id, pdfBody('   ', Buffer.from('GIF89a'))), 422, 'validation_failed')).sort()).toEqual(['/content_base64', '/file_name'])
    expectProblem(await attach(env, account, draft.id, { file_name: 'a.pdf' }), 422, 'validation_failed')
    expectProblem(await attach(env, account, draft.id, { ...pdfBody('a.pdf', pdf('x')), extra: 1 }), 422, 'validation_failed')
    expectProblem(await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${draft.id}/attachments/999999`, headers: account.auth }), 404, 'attachment_not_found')
    expectProblem(await env.app.inject({ method: 'DELETE', url: `/api/v1/proposals/${draft.id}/attachments/999999`, headers: account.auth }), 404, 'attachment_not_found')
    expect(await rowsOf(env, account.id)).toEqual(before)

    // Exactly 10 MB, base64 wrapped at 76 characters as MIME encoders write it, fits the route's body limit.
    const largest = Buffer.alloc(10 * 1024 * 1024, 0x20)
    largest.write('%PDF-1.4\n')
    const wrapped = largest.toString('base64').replace(/(.{76})/g, '$1\r\n')
    const accepted = await attach(env, account, draft.id, { file_name: 'maior.pdf', content_base64: wrapped })
    expect(accepted.statusCode, accepted.body.slice(0, 300)).toBe(201)
    expect(accepted.json()).toMatchObject({ size: largest.length, sha256: sha256(largest) })
    expect((await env.app.inject({ method: 'DELETE', url: `/api/v1/proposals/${draft.id}/attachments/${accepted.json().id}`, headers: account.auth })).statusCode).toBe(204)

    // Unpadded URL-safe base64 of either remainder decodes to the very bytes.
    for (const extra of ['', 'x', 'xy']) {
      const bytes = Buffer.concat([pdf('url-safe ÿ?>'), Buffer.from(extra)])
      const sent = await attach(env, account, draft.id, { file_name: 'url.pdf', content_base64: bytes.toString('base64url') })
      expect(sent.statusCode, sent.body).toBe(201)
      expect(sent.json().sha256).toBe(sha256(bytes))
      expect((await env.app.inject({ method: 'DELETE', url: `/api/v1/proposals/${draft.id}/attachments/${sent.json().id}`, headers: account.auth })).statusCode).toBe(204)
    }

    // A name of exactly 120 characters is taken.
    expect((await attach(env, account, draft.id, pdfBody(`${'a'.repeat(116)}.pdf`, pdf('x')))).statusCode).toBe(201)
    for (let index = 2; index <= 9; index += 1) expect((await attach(env, account, draft.id, pdfBody(`anexo-${index}.pdf`, pdf(String(index))))).statusCode).toBe(201)
    // Two at once for the last place: the document's lock lets one in, the other finds ten.
    const race = await Promise.all([attach(env, account, draft.id, pdfBody('anexo-10a.pdf', pdf('10a'))), attach(env, account, draft.id, pdfBody('anexo-10b.pdf', pdf('10b')))])
    expect(race.map((response) => response.statusCode).sort()).toEqual([201, 409])
    const full = await rowsOf(env, account.id)
    expectProblem(await attach(env, account, draft.id, pdfBody('anexo-11.pdf', pdf('11'))), 409, 'too_many_attachments')
    expect(await rowsOf(env, account.id)).toEqual(full)
  }, 120_000)

  it('keeps another account’s documents and attachments out of reach, as missing ones', async () => {
    const owner = await makeAccount(env)
    const other = await makeAccount(env)
    const draft = await makeDraft(env, owner, 'paper')
    const otherDraft = await makeDraft(env, other, 'paper')
    const mine = (await attach(env, owner, draft.id, pdfBody('contrato.pdf', pdf('segredo')))).json()
    const before = await rowsOf(env, owner.id)

    expectProblem(await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${draft.id}/attachments`, headers: other.auth }), 404, 'proposal_not_found')
    expectProblem(await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${draft.id}/attachments/${mine.id}`, headers: other.auth }), 404, 'proposal_not_found')
    expectProblem(await attach(env, other, draft.id, pdfBody('intruso.pdf', pdf('x'))), 404, 'proposal_not_found')
    expectProblem(await env.app.inject({ method: 'DELETE', url: `/api/v1/proposals/${draft.id}/attachments/${mine.id}`, headers: other.auth }), 404, 'proposal_not_found')
    // Through its own document, the other account still cannot reach the attachment.
    expectProblem(await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${otherDraft.id}/attachments/${mine.id}`, headers: other.auth }), 404, 'attachment_not_found')
    expectProblem(await env.app.inject({ method: 'DELETE', url: `/api/v1/proposals/${otherDraft.id}/attachments/${mine.id}`, headers: other.auth }), 404, 'attachment_not_found')
    expect((await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${otherDraft.id}/attachments`, headers: other.auth })).json().data).toEqual([])
    expect(await rowsOf(env, owner.id)).toEqual(before)
  })

  it('answers a retried addition with the same Idempotency-Key with the first answer, adding one file', async () => {
    const account = await makeAccount(env)
    const draft = await makeDraft(env, account, 'paper')
    const body = pdfBody('proposta-comercial.pdf', pdf('uma vez'))
    const first = await attach(env, account, draft.id, body, { 'idempotency-key': 'anexo-1' })
    const again = await attach(env, account, draft.id, body, { 'idempotency-key': 'anexo-1' })
    expect(first.statusCode).toBe(201)
    expect(again.statusCode).toBe(201)
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(again.json()).toEqual(first.json())
    expect(again.headers.location).toBe(first.headers.location)
    const rows = await env.db.selectFrom('proposal_files').select('id').where('account_id', '=', account.id).where('proposal_id', '=', draft.id).where('kind', '=', 'attachment').execute()
    expect(rows).toHaveLength(1)
  })

  it('lists them in the customer’s LGPD export; the erasure deletes an unsigned document’s and keeps a signed one’s; /verify does not take one for the document', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const draft = await makeProposal(env, account, customer)
    const paper = await makeProposal(env, account, customer)
    const draftFile = pdf('rascunho')
    const signedFile = pdf('assinado')
    expect((await attach(env, account, draft.id, pdfBody('ficha.pdf', draftFile))).statusCode).toBe(201)
    expect((await attach(env, account, paper.id, pdfBody('condicoes.pdf', signedFile))).statusCode).toBe(201)
    await postOk(env, account, `${paper.id}/send`, {})
    await postOk(env, account, `${paper.id}/mark-signed`, {})

    let exported = ''
    await writePersonalDataExport(env.db, env.clock, account.id, String(customer.id), (text) => { exported += text })
    const files = (JSON.parse(exported).documents as Array<{ id: number; files: Array<{ kind: string; file_name: string; sha256: string }> }>).flatMap((doc) => doc.files.filter((file) => file.kind === 'attachment').map((file) => [doc.id, file.file_name, file.sha256]))
    expect(files.sort()).toEqual([[draft.id, 'ficha.pdf', sha256(draftFile)], [paper.id, 'condicoes.pdf', sha256(signedFile)]].sort())

    // An attachment's hash is not a document Vendoc issued.
    const verify = await env.app.inject({ method: 'GET', url: `/verify?sha256=${sha256(signedFile)}` })
    expect(verify.statusCode).toBe(200)
    expect(verify.body).toContain(t.verification.notFoundTitle)

    const summary = await erasePersonalData(env.db, env.clock, account.id, String(customer.id), { erasedBy: 'DPO' })
    const left = await env.db.selectFrom('proposal_files').select(['proposal_id', 'file_name', 'sha256']).where('account_id', '=', account.id).where('kind', '=', 'attachment').execute()
    expect(left).toEqual([{ proposal_id: paper.id, file_name: 'condicoes.pdf', sha256: sha256(signedFile) }])
    expect(summary.deleted_files).toBeGreaterThanOrEqual(1)
    expect(summary.kept_signed_files).toBeGreaterThanOrEqual(3)
  })

  it('binds the signers’ declaration to the attachments, and names them in the completion e-mail beside the signed PDF', async () => {
    const account = await makeAccount(env)
    const cpf = validCpf()
    const draft = await makeDraft(env, account, 'digital', { signers: [{ name: 'Lia Campos', email: `lia.${Date.now()}@cliente.test`, cpf, role_id: account.roles.party.id, signing_order: 1 }] })
    const conditions = pdf('condições')
    expect((await attach(env, account, draft.id, pdfBody('Condições gerais.pdf', conditions))).statusCode).toBe(201)
    await postOk(env, account, `${draft.id}/send`, {})
    const signer = await env.db.selectFrom('proposal_signers').select(['name', 'sign_token']).where('proposal_id', '=', draft.id).executeTakeFirstOrThrow()
    const signed = await signAsSigner(env.db, env.clock, signer.sign_token!, { name: signer.name, cpf, consent: true, signatureKind: 'typed', signatureData: signer.name }, { ip: '203.0.113.7', userAgent: 'teste' }, { baseUrl: 'http://vendoc.test' })
    expect(signed.outcome).toBe('signed')
    const evidence = await env.db.selectFrom('proposal_signers').select('consent_text').where('proposal_id', '=', draft.id).executeTakeFirstOrThrow()
    expect(evidence.consent_text).toContain(', bem como o anexo nele listado com o seu código SHA-256, que dele faz parte, e concordo em assiná-lo')
    await env.app.jobs.runDueJobs()
    const completed = await env.db.selectFrom('outbox_emails').select('text_body').where('proposal_id', '=', draft.id).where('kind', '=', 'completed').execute()
    expect(completed.length).toBeGreaterThan(0)
    for (const email of completed) expect(email.text_body).toContain('Faz parte do documento o anexo Condições gerais.pdf, identificado no PDF assinado pelo seu código SHA-256 (o arquivo não segue neste e-mail).')
    // The signer can reply to ask for it; the seller's own copy is not told to ask itself.
    const bySigner = await env.db.selectFrom('outbox_emails').select('text_body').where('proposal_id', '=', draft.id).where('kind', '=', 'completed').where('to_address', '!=', account.seller.email).execute()
    expect(bySigner.length).toBeGreaterThan(0)
    for (const email of bySigner) expect(email.text_body).toContain('Se não guardou uma cópia, responda a este e-mail para solicitá-la a')
    const toSeller = await env.db.selectFrom('outbox_emails').select('text_body').where('proposal_id', '=', draft.id).where('kind', '=', 'completed').where('to_address', '=', account.seller.email).execute()
    for (const email of toSeller) expect(email.text_body).not.toContain('Se não guardou uma cópia')
    const signedPdf = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${draft.id}/pdf?version=signed`, headers: account.auth })
    expect(signedPdf.statusCode).toBe(200)
    expect((await pdfText(signedPdf.rawPayload)).replace(/\s+/g, ' ')).toContain(`SHA-256 ${sha256(conditions)}`)
  })

  it('copies another document’s attachments in order up to the limit, none of another account’s', async () => {
    const account = await makeAccount(env)
    const other = await makeAccount(env)
    const context = { accountId: account.id, timeZone: 'America/Sao_Paulo', clock: env.clock, actor: SYSTEM_ACTOR, publicUrl: 'http://localhost' }
    const source = await makeDraft(env, account, 'paper')
    const target = await makeDraft(env, account, 'paper')
    for (const name of ['a.pdf', 'b.pdf', 'c.pdf']) expect((await attach(env, account, source.id, pdfBody(name, pdf(name)))).statusCode).toBe(201)
    for (let index = 1; index <= 9; index += 1) expect((await attach(env, account, target.id, pdfBody(`t${index}.pdf`, pdf(String(index))))).statusCode).toBe(201)
    // One place left: the source's first file takes it, the others are not copied.
    expect(await copyProposalAttachments(env.db, context, source.id, target.id)).toBe(1)
    const names = (await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${target.id}/attachments`, headers: account.auth })).json().data.map((row: { file_name: string }) => row.file_name)
    expect(names).toEqual(['t1.pdf', 't2.pdf', 't3.pdf', 't4.pdf', 't5.pdf', 't6.pdf', 't7.pdf', 't8.pdf', 't9.pdf', 'a.pdf'])
    expect(await copyProposalAttachments(env.db, context, source.id, target.id)).toBe(0)
    // Another account's document, named by its id, has nothing to copy into this account.
    const foreign = await makeDraft(env, other, 'paper')
    expect((await attach(env, other, foreign.id, pdfBody('segredo.pdf', pdf('segredo')))).statusCode).toBe(201)
    const fresh = await makeDraft(env, account, 'paper')
    expect(await copyProposalAttachments(env.db, context, foreign.id, fresh.id)).toBe(0)
    expect((await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${fresh.id}/attachments`, headers: account.auth })).json().data).toEqual([])
  })
})
