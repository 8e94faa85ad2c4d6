// Internal comments through the API, on both databases: a document in any status takes one; it is
// a `comment_added` history entry with the token as author, a newer updated_at and a
// `proposal.commented` webhook event carrying the text. A bad text is refused on `/text` and changes
// nothing; another account's document reads like a missing one. The customer never sees a
// comment (not in the PDF nor on the signing page), and the LGPD erasure redacts the data
// subject in it like in the rest of the history.
import { expect, it } from 'vitest'
import { signAsSigner } from '../../src/modules/lifecycle/signing.js'
import { erasePersonalData } from '../../src/modules/privacy/erase-personal-data.js'
import { writePersonalDataExport } from '../../src/modules/privacy/export-personal-data.js'
import { COMMENT_MAX_CHARACTERS, COMMENTS_PER_DOCUMENT } from '../../src/modules/proposals/proposal-comments.js'
import { pdfText } from '../documents/pdf-text.js'
import { digitalOverrides, documentIn, makeDraft, postOk } from '../lifecycle/lifecycle-fixtures.js'
import { accountSnapshot } from '../support/account-snapshot.js'
import { describeEachDialect } from '../support/dialects.js'
import { validCpf } from '../support/documents.js'
import { makeAccount, makeCustomer, makeProposal, type TestAccount } from '../support/factories.js'
import { errorPaths, expectProblem } from '../support/http.js'
import type { TestApp } from '../support/test-app.js'

type Detail = { updated_at: string; status: string; events: Array<{ type: string; actor: { type: string; name: string }; at: string; data: Record<string, unknown> }> }

function comment(env: TestApp, account: TestAccount, id: number | string, payload: object, headers: Record<string, string> = {}) {
  return env.app.inject({ method: 'POST', url: `/api/v1/proposals/${id}/comments`, headers: { ...account.auth, ...headers }, payload })
}

/** The account's rows but for what every call writes (its log, the token's last use, the usage counter). */
async function rowsOf(env: TestApp, accountId: number) {
  await env.app.requestLog.flush()
  const { request_logs: _logs, api_tokens: _tokens, api_usage_counters: _usage, ...rest } = await accountSnapshot(env.db, accountId)
  return rest
}

function commentsOf(detail: Detail) {
  return detail.events.filter((event) => event.type === 'comment_added')
}

describeEachDialect('Internal comments (API)', (env) => {
  it('adds a comment to a draft: the answer is the document, its history ending with the comment by the token; updated_at moves and the webhook event carries it', async () => {
    const account = await makeAccount(env)
    const draft = await makeDraft(env, account, 'digital')
    // A later millisecond than the creation, so updated_at visibly moves.
    await new Promise((resolve) => setTimeout(resolve, 5))
    const answer = await comment(env, account, draft.id, { text: '  Cliente pediu prazo de 60 dias.\r\nCombinado com a diretoria.  ' })
    expect(answer.statusCode, answer.body).toBe(200)
    const detail = answer.json<Detail>()
    const last = detail.events.at(-1)!
    expect(last.type).toBe('comment_added')
    // Trimmed, its line break made "\n".
    expect(last.data).toEqual({ text: 'Cliente pediu prazo de 60 dias.\nCombinado com a diretoria.' })
    expect(last.actor.type).toBe('api_token')
    expect(last.actor.name).toBe(account.token.name)
    expect(detail.updated_at > draft.updated_at).toBe(true)
    expect(detail.updated_at).toBe(last.at)
    // A comment is not an edit: the document is still the draft it was.
    expect(detail.status).toBe('draft')

    const events = await env.db.selectFrom('domain_events').select(['type', 'payload_json']).where('account_id', '=', account.id).where('proposal_id', '=', draft.id).where('type', '=', 'proposal.commented').execute()
    expect(events).toHaveLength(1)
    const payload = JSON.parse(events[0]!.payload_json) as { data: { proposal: { id: number }; comment: unknown } }
    expect(payload.data.proposal.id).toBe(draft.id)
    expect(payload.data.comment).toEqual({ text: 'Cliente pediu prazo de 60 dias.\nCombinado com a diretoria.', author: { type: 'api_token', name: account.token.name }, at: last.at, notified: [] })

    // The change feed lists the document again.
    const feed = await env.app.inject({ method: 'GET', url: `/api/v1/proposals?updated_since=${encodeURIComponent(draft.updated_at)}`, headers: account.auth })
    expect(feed.statusCode, feed.body).toBe(200)
    expect(feed.json<{ data: Array<{ id: number }> }>().data.map((row) => row.id)).toContain(draft.id)
  })

  it('takes comments in every status, in order, by external_uuid too', async () => {
    const account = await makeAccount(env)
    for (const status of ['sent', 'viewed', 'signed', 'rejected', 'cancelled', 'expired'] as const) {
      const document = await documentIn(env, account, status === 'viewed' || status === 'rejected' ? 'digital' : 'paper', status)
      expect((await comment(env, account, document.id, { text: 'Primeiro' })).statusCode, status).toBe(200)
      const second = await comment(env, account, document.external_uuid, { text: 'Segundo 👨‍👩‍👧' })
      expect(second.statusCode, second.body).toBe(200)
      const detail = second.json<Detail>()
      expect(detail.status).toBe(status)
      expect(commentsOf(detail).map((event) => event.data.text)).toEqual(['Primeiro', 'Segundo 👨‍👩‍👧'])
    }
  })

  it('refuses an empty, invisible, too long or unprintable text on /text, an unknown field, and changes nothing', async () => {
    const account = await makeAccount(env)
    const draft = await makeDraft(env, account, 'paper')
    const before = await rowsOf(env, account.id)
    for (const text of ['', '   \n  ', '\u200b\u200b', 'x'.repeat(COMMENT_MAX_CHARACTERS + 1), '😀'.repeat(COMMENT_MAX_CHARACTERS + 1), 'sino\u0007', 'ao contrário \u202e']) {
      const problem = expectProblem(await comment(env, account, draft.id, { text }), 422, 'validation_failed')
      expect(errorPaths(problem), JSON.stringify(text)).toEqual(['/text'])
    }
    expect(errorPaths(expectProblem(await comment(env, account, draft.id, {}), 422, 'validation_failed'))).toEqual(['/text'])
    expectProblem(await comment(env, account, draft.id, { text: 'ok', author: 'Outro' }), 422, 'validation_failed')
    expect(await rowsOf(env, account.id)).toEqual(before)

    // The limit counts characters, not UTF-16 units: 2,000 emoji are a comment.
    const full = await comment(env, account, draft.id, { text: '😀'.repeat(COMMENT_MAX_CHARACTERS) })
    expect(full.statusCode, full.body.slice(0, 300)).toBe(200)
    // A tab and line breaks are text.
    expect((await comment(env, account, draft.id, { text: 'item\tvalor\nok' })).statusCode).toBe(200)
  })

  it('answers another account’s document like a missing one, and writes nothing to either', async () => {
    const owner = await makeAccount(env)
    const stranger = await makeAccount(env)
    const draft = await makeDraft(env, owner, 'paper')
    const ownerBefore = await rowsOf(env, owner.id)
    const strangerBefore = await rowsOf(env, stranger.id)
    const foreign = expectProblem(await comment(env, stranger, draft.id, { text: 'Tomado' }), 404, 'proposal_not_found')
    const missing = expectProblem(await comment(env, stranger, 987654321, { text: 'Tomado' }), 404, 'proposal_not_found')
    expect({ ...foreign, detail: undefined, instance: undefined, request_id: undefined }).toEqual({ ...missing, detail: undefined, instance: undefined, request_id: undefined })
    expect(await rowsOf(env, owner.id)).toEqual(ownerBefore)
    expect(await rowsOf(env, stranger.id)).toEqual(strangerBefore)
  })

  it('answers a retry with the same Idempotency-Key with the first answer, commenting once', async () => {
    const account = await makeAccount(env)
    const draft = await makeDraft(env, account, 'paper')
    const headers = { 'idempotency-key': `comentario-${draft.id}` }
    const first = await comment(env, account, draft.id, { text: 'Uma vez só' }, headers)
    const again = await comment(env, account, draft.id, { text: 'Uma vez só' }, headers)
    expect(first.statusCode).toBe(200)
    expect(again.statusCode).toBe(200)
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(again.body).toBe(first.body)
    const detail = (await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${draft.id}`, headers: account.auth })).json<Detail>()
    expect(commentsOf(detail)).toHaveLength(1)
  })

  it('never shows a comment to the customer: not in the PDFs, the signing page, the invitation, the reminder nor the completion e-mail', async () => {
    const account = await makeAccount(env)
    const cpf = validCpf()
    const draft = await makeDraft(env, account, 'digital', { signers: [{ name: 'Lia Campos', email: `lia.${Date.now()}@cliente.test`, cpf, role_id: account.roles.party.id, signing_order: 1 }] })
    const secret = 'Margem mínima aceitável 12 por cento'
    expect((await comment(env, account, draft.id, { text: secret })).statusCode).toBe(200)
    const sent = await postOk(env, account, `${draft.id}/send`, {})
    // Commented again while it waits, then a reminder goes out.
    expect((await comment(env, account, draft.id, { text: 'Margem confirmada com a diretoria' })).statusCode).toBe(200)
    await postOk(env, account, `${draft.id}/resend`, {})
    expect(commentsOf((await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${draft.id}`, headers: account.auth })).json<Detail>())).toHaveLength(2)

    const original = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${draft.id}/pdf?version=original`, headers: account.auth })
    const originalText = (await pdfText(original.rawPayload)).replace(/\s+/g, ' ')
    expect(originalText).toContain(sent.title)
    expect(originalText).not.toContain('Margem')
    const link = sent.signers[0]!.url_to_sign!
    const page = await env.app.inject({ method: 'GET', url: new URL(link).pathname })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Lia Campos')
    expect(page.body).not.toContain('Margem')

    const signer = await env.db.selectFrom('proposal_signers').select(['name', 'sign_token']).where('proposal_id', '=', draft.id).executeTakeFirstOrThrow()
    const signed = await signAsSigner(env.db, env.clock, signer.sign_token!, { name: signer.name, cpf, consent: true, signatureKind: 'typed', signatureData: signer.name }, { ip: '203.0.113.7', userAgent: 'teste' }, { baseUrl: 'http://vendoc.test' })
    expect(signed.outcome).toBe('signed')
    await env.app.jobs.runDueJobs()
    const signedPdf = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${draft.id}/pdf?version=signed`, headers: account.auth })
    expect(signedPdf.statusCode).toBe(200)
    const signedText = (await pdfText(signedPdf.rawPayload)).replace(/\s+/g, ' ')
    expect(signedText).toContain('Lia Campos')
    expect(signedText).not.toContain('Margem')

    const emails = await env.db.selectFrom('outbox_emails').select(['kind', 'to_address', 'subject', 'text_body', 'html_body']).where('proposal_id', '=', draft.id).execute()
    expect(emails.map((email) => email.kind)).toEqual(expect.arrayContaining(['invitation', 'reminder', 'completed']))
    // The comments' notices go to the document's seller, a colleague; nothing else carries a comment.
    const notices = emails.filter((email) => email.kind === 'comment')
    expect(notices.map((email) => email.to_address)).toEqual([account.seller.email, account.seller.email])
    for (const email of emails.filter((email) => email.kind !== 'comment')) expect(`${email.subject} ${email.text_body} ${email.html_body ?? ''}`, email.kind).not.toContain('Margem')
  })

  it('refuses a comment past the 500th with 409 too_many_comments, writing nothing', async () => {
    const account = await makeAccount(env)
    const draft = await makeDraft(env, account, 'paper')
    const at = new Date().toISOString()
    const row = { account_id: account.id, proposal_id: draft.id, type: 'comment_added' as const, actor_type: 'system' as const, actor_id: null, actor_name: 'Vendoc', created_at: at }
    // 499 written directly (as 499 calls would), the 500th through the route.
    await env.db.insertInto('proposal_events').values(Array.from({ length: COMMENTS_PER_DOCUMENT - 1 }, (_, index) => ({ ...row, data_json: JSON.stringify({ text: `Comentário ${index + 1}` }) }))).execute()
    expect((await comment(env, account, draft.id, { text: 'O último que cabe' })).statusCode).toBe(200)
    const before = await rowsOf(env, account.id)
    expectProblem(await comment(env, account, draft.id, { text: 'Um a mais' }), 409, 'too_many_comments')
    expect(await rowsOf(env, account.id)).toEqual(before)
  })

  it('is in the customer’s LGPD export, and has the data subject redacted by the erasure (the history and the webhook event’s copy), the rest kept', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const draft = await makeProposal(env, account, customer, digitalOverrides(account))
    const signer = draft.signers[0]!
    expect((await comment(env, account, draft.id, { text: `Falei com ${signer.name} (${signer.email}) sobre o prazo.` })).statusCode).toBe(200)
    // The customer's LGPD export carries it (a data subject's access covers what was written of them).
    let exported = ''
    await writePersonalDataExport(env.db, env.clock, account.id, String(customer.id), (chunk) => { exported += chunk })
    expect(exported).toContain(`Falei com ${signer.name} (${signer.email}) sobre o prazo.`)
    await erasePersonalData(env.db, env.clock, account.id, String(customer.id), { erasedBy: 'DPO' })
    const row = await env.db.selectFrom('proposal_events').select('data_json').where('account_id', '=', account.id).where('proposal_id', '=', draft.id).where('type', '=', 'comment_added').executeTakeFirstOrThrow()
    const { text } = JSON.parse(row.data_json) as { text: string }
    expect(text).not.toContain(signer.name)
    expect(text).not.toContain(signer.email)
    expect(text).toMatch(/^Falei com .+ sobre o prazo\.$/)
    // The webhook event's copy too.
    const event = await env.db.selectFrom('domain_events').select('payload_json').where('account_id', '=', account.id).where('proposal_id', '=', draft.id).where('type', '=', 'proposal.commented').executeTakeFirstOrThrow()
    expect(event.payload_json).not.toContain(signer.name)
    expect(event.payload_json).not.toContain(signer.email)
    expect(event.payload_json).toContain('sobre o prazo.')
  })
})
