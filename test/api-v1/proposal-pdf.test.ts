// GET /api/v1/proposals/{id}/pdf (and the web app's /proposals/:id/pdf): a draft's PDF rendered
// on the fly, the original frozen at sending, the signed one with its evidence page, 409 before
// signing, 404 for missing and foreign documents.
import { createHash } from 'node:crypto'
import { expect, it } from 'vitest'
import { buildOriginalPdf } from '../../src/modules/documents/build-original-pdf.js'
import { buildSignedPdf } from '../../src/modules/documents/build-signed-pdf.js'
import { storeProposalFile } from '../../src/modules/documents/proposal-files.js'
import type { ProposalStatus } from '../../src/platform/db/schema.js'
import { makeRichDocument, plain } from '../documents/document-fixtures.js'
import { pdfPagesText, pdfText } from '../documents/pdf-text.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount } from '../support/factories.js'
import { expectProblem } from '../support/http.js'
import { signedInUser } from '../support/web-login.js'

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

describeEachDialect('GET /api/v1/proposals/{id}/pdf', (env) => {
  /** Freezes the original as sending does (and, with `signed`, the signed PDF), at that status. */
  async function freeze(accountId: number, proposalId: number, status: ProposalStatus, options: { signed?: boolean } = {}) {
    const original = (await buildOriginalPdf(env.db, accountId, proposalId, { now: new Date('2026-11-16T13:30:00Z') }))!
    const signed = options.signed
      ? await buildSignedPdf(original.bytes, { proposal: { number: 1, title: 'x', accountName: 'y' }, timeZone: 'America/Sao_Paulo', originalSha256: original.sha256, completedAt: '2026-11-17T10:00:00Z', signers: [] })
      : undefined
    await env.db.transaction().execute(async (trx) => {
      await storeProposalFile(trx, env.clock, { accountId, proposalId, kind: 'original', contentType: 'application/pdf', fileName: 'p.pdf', bytes: original.bytes })
      if (signed) await storeProposalFile(trx, env.clock, { accountId, proposalId, kind: 'signed', contentType: 'application/pdf', fileName: 'p.pdf', bytes: signed.bytes })
      await trx
        .updateTable('proposals')
        .set({ status, original_sha256: original.sha256, signed_sha256: signed?.sha256 ?? null })
        .where('account_id', '=', accountId)
        .where('id', '=', proposalId)
        .execute()
    })
    return { original, signed }
  }

  it('renders a draft on the fly, marked as a draft and not stored', async () => {
    const { account, detail, customerName } = await makeRichDocument(env)
    const response = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${detail.id}/pdf`, headers: account.auth })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.headers['content-type']).toBe('application/pdf')
    expect(response.headers['content-disposition']).toBe(`attachment; filename="proposta-${detail.number}.pdf"`)
    expect(response.headers['x-document-draft']).toBe('true')
    expect(response.headers['x-document-version']).toBe('original')
    const bytes = response.rawPayload
    expect(response.headers['x-document-sha256']).toBe(sha256(bytes))
    expect(response.headers.etag).toBe(`"${sha256(bytes)}"`)
    expect(response.headers['access-control-expose-headers']).toContain('X-Document-SHA256')
    const text = plain(await pdfText(bytes))
    expect(text).toContain(customerName)
    expect(text).toContain('RASCUNHO')
    const stored = await env.db.selectFrom('proposal_files').select('id').where('proposal_id', '=', detail.id).execute()
    expect(stored).toEqual([])
    const problem = expectProblem(await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${detail.id}/pdf?version=signed`, headers: account.auth }), 409, 'document_not_signed')
    expect(problem.current_status).toBe('draft')
  })

  it('answers the original frozen at sending, by any reference, with 304 for a matching ETag and 409 for the signed version', async () => {
    const { account, detail } = await makeRichDocument(env)
    const { original } = await freeze(account.id, detail.id, 'sent')
    for (const url of [
      `/api/v1/proposals/${detail.id}/pdf`,
      `/api/v1/proposals/${detail.id}/pdf?version=original`,
      `/api/v1/proposals/${detail.external_uuid}/pdf`,
      `/api/v1/proposals/${encodeURIComponent(detail.external_reference!)}/pdf?by=external_reference`,
    ]) {
      const response = await env.app.inject({ method: 'GET', url, headers: account.auth })
      expect(response.statusCode, url).toBe(200)
      expect(Buffer.compare(response.rawPayload, Buffer.from(original.bytes)), url).toBe(0)
      expect(response.headers['x-document-sha256']).toBe(original.sha256)
      expect(response.headers['x-document-draft']).toBeUndefined()
    }
    const notModified = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${detail.id}/pdf`, headers: { ...account.auth, 'if-none-match': `"${original.sha256}"` } })
    expect(notModified.statusCode).toBe(304)
    expect(notModified.body).toBe('')
    const problem = expectProblem(await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${detail.id}/pdf?version=signed`, headers: account.auth }), 409, 'document_not_signed')
    expect(problem.current_status).toBe('sent')
  })

  it('answers the signed PDF by default once it exists, and the original on request', async () => {
    const { account, detail } = await makeRichDocument(env, { signatureType: 'digital' })
    const { original, signed } = await freeze(account.id, detail.id, 'signed', { signed: true })
    const byDefault = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${detail.id}/pdf`, headers: account.auth })
    expect(byDefault.statusCode).toBe(200)
    expect(byDefault.headers['x-document-version']).toBe('signed')
    expect(byDefault.headers['x-document-sha256']).toBe(signed!.sha256)
    expect(sha256(byDefault.rawPayload)).toBe(signed!.sha256)
    const pages = await pdfPagesText(byDefault.rawPayload)
    expect(pages[pages.length - 1]).toContain('Página de evidências')
    const explicit = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${detail.id}/pdf?version=signed`, headers: account.auth })
    expect(explicit.headers['x-document-sha256']).toBe(signed!.sha256)
    const originalResponse = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${detail.id}/pdf?version=original`, headers: account.auth })
    expect(originalResponse.headers['x-document-sha256']).toBe(original.sha256)
    expect(Buffer.compare(originalResponse.rawPayload, Buffer.from(original.bytes))).toBe(0)
  })

  it('answers 404 for a missing or foreign document and 422 for an unknown version', async () => {
    const { account, detail } = await makeRichDocument(env)
    await freeze(account.id, detail.id, 'sent')
    const other = await makeAccount(env)
    expectProblem(await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${detail.id}/pdf`, headers: other.auth }), 404, 'proposal_not_found')
    expectProblem(await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${detail.external_uuid}/pdf?version=original`, headers: other.auth }), 404, 'proposal_not_found')
    expectProblem(await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${detail.id}/pdf?version=signed`, headers: other.auth }), 404, 'proposal_not_found')
    expectProblem(await env.app.inject({ method: 'GET', url: '/api/v1/proposals/999999999/pdf', headers: account.auth }), 404, 'proposal_not_found')
    expectProblem(await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${detail.id}/pdf?version=final`, headers: account.auth }), 422, 'validation_failed')
    expectProblem(await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${detail.id}/pdf` }), 401, 'missing_token')
  })

  it('serves the same bytes in the web app to members of the account, and the 404 page to others', async () => {
    const { account, detail } = await makeRichDocument(env)
    const { original } = await freeze(account.id, detail.id, 'sent')
    const member = await signedInUser(env, { account, role: 'member' })
    const page = await member.agent.get(`/proposals/${detail.id}/pdf`)
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toBe('application/pdf')
    expect(page.headers['content-disposition']).toBe(`attachment; filename="proposta-${detail.number}.pdf"`)
    expect(Buffer.compare(page.rawPayload, Buffer.from(original.bytes))).toBe(0)
    expect((await member.agent.get(`/proposals/${detail.id}/pdf?version=signed`)).statusCode).toBe(404)
    expect((await member.agent.get(`/proposals/${detail.id}/pdf?version=nope`)).statusCode).toBe(404)
    expect((await member.agent.get('/proposals/999999999/pdf')).statusCode).toBe(404)

    const stranger = await signedInUser(env)
    const foreign = await stranger.agent.get(`/proposals/${detail.id}/pdf`)
    expect(foreign.statusCode).toBe(404)
    expect(foreign.headers['content-type']).toContain('text/html')

    const anonymous = await env.app.inject({ method: 'GET', url: `/proposals/${detail.id}/pdf` })
    expect(anonymous.statusCode).toBe(303)
    expect(anonymous.headers.location).toContain('/login')
  })
})
