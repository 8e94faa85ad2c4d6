// A document's PDF attachments ("anexos") in the web app and on the signer's page, on both
// databases: the "Anexos" card of /proposals/:id/edit (multipart upload with its CSRF token,
// removal forms, flash messages, history entries), the downloads under the name given (RFC 8187
// for accents), refusals that change nothing (not a PDF, no file, the eleventh, an id the document
// does not have, a document already sent), another account's document as the 404 page, the frozen
// original PDF listing each attachment with its SHA-256, and /sign/:token listing and serving them.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { addProposalAttachment, ATTACHMENTS_PER_DOCUMENT } from '../../src/modules/documents/proposal-attachments.js'
import type { ActionContext } from '../../src/modules/lifecycle/action-context.js'
import { pdfText } from '../documents/pdf-text.js'
import { makeDraft, snapshotEverything } from '../lifecycle/lifecycle-fixtures.js'
import { describeEachDialect } from '../support/dialects.js'
import { validCpf } from '../support/documents.js'
import { makeCustomer, makeProposal, type TestAccount } from '../support/factories.js'
import { buildPng } from '../support/png.js'
import { WebAgent } from '../support/web-agent.js'
import { type SignedInUser, signedInUser } from '../support/web-login.js'

const x = t.proposalActions.attachments
const ACCENTED_NAME = 'Especificação técnica.pdf'
const ACCENTED_DISPOSITION = `attachment; filename="Especificacao tecnica.pdf"; filename*=UTF-8''Especifica%C3%A7%C3%A3o%20t%C3%A9cnica.pdf`

/** A small PDF (only its first bytes are checked), padded with spaces to `size` bytes when given. */
function pdfFile(label: string, size = 0): Buffer {
  const head = Buffer.from(`%PDF-1.4\n% ${label}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`)
  return size > head.length ? Buffer.concat([head, Buffer.alloc(size - head.length, 0x20)]) : head
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** The "Anexos" card of a document's page. */
function attachmentsCard(html: string): string {
  const start = html.indexOf('aria-labelledby="attachments-heading"')
  expect(start, 'the page has no attachments card').toBeGreaterThan(-1)
  return html.slice(start, html.indexOf('</section>', start))
}

/** The history table of a document's page. */
function historyTable(html: string): string {
  const start = html.indexOf('id="history-heading"')
  expect(start, 'the page has no history').toBeGreaterThan(-1)
  return html.slice(start, html.indexOf('</section>', start))
}

/** The message the page shows once after a redirect. */
function flashOf(html: string): string {
  const match = /<p class="alert (\w+) flash"[^>]*>([\s\S]*?)<\/p>/.exec(html)
  return match ? `${match[1]}: ${match[2]}` : ''
}

describeEachDialect('proposal attachment pages', (env) => {
  const attachmentRows = (proposalId: number) =>
    env.db.selectFrom('proposal_files').select(['id', 'kind', 'content_type', 'file_name', 'size', 'sha256', 'bytes']).where('proposal_id', '=', proposalId).where('kind', '=', 'attachment').orderBy('id').execute()

  /** What the module needs to add an attachment directly, acting as `user`. */
  function actingAs(account: TestAccount, user: SignedInUser['user']): ActionContext {
    return { accountId: account.id, timeZone: account.account.time_zone, clock: env.clock, actor: { type: 'user', id: user.id, name: user.name }, publicUrl: 'http://vendoc.test' }
  }

  /** A member signed in with a digital draft of their account, and its page's address. */
  async function memberWithDraft() {
    const user = await signedInUser(env, { role: 'member' })
    const draft = await makeDraft(env, user.account, 'digital')
    return { ...user, draft, url: `/proposals/${draft.id}/edit`, action: `/proposals/${draft.id}/attachments` }
  }

  function upload(agent: WebAgent, url: string, action: string, fileName: string, bytes: Uint8Array, contentType = 'application/pdf') {
    return agent.submitMultipart(url, action, {}, [{ name: 'file', fileName, contentType, bytes }])
  }

  describe('adding and removing on a draft', () => {
    it('a member uploads a PDF: 303 back to the page, the flash, the card, the stored row, the history and the download', async () => {
      const { agent, user, draft, url, action } = await memberWithDraft()
      const before = (await agent.get(url)).body
      const card = attachmentsCard(before)
      expect(card).toContain(x.none)
      expect(card).toContain(`action="${action}"`)
      expect(card).toContain('enctype="multipart/form-data"')
      expect(card).toContain('name="_csrf"')
      expect(card).toContain('type="file"')

      const pdf = pdfFile('especificação', 2560)
      const response = await upload(agent, url, action, ACCENTED_NAME, pdf)
      expect(response.statusCode, response.body).toBe(303)
      expect(response.headers.location).toBe(url)

      const rows = await attachmentRows(draft.id)
      expect(rows).toHaveLength(1)
      const row = rows[0]!
      expect(row).toMatchObject({ kind: 'attachment', content_type: 'application/pdf', file_name: ACCENTED_NAME, sha256: sha256(pdf) })
      expect(Number(row.size)).toBe(pdf.length)
      expect(Buffer.from(row.bytes).equals(pdf)).toBe(true)
      const events = await env.db.selectFrom('proposal_events').select(['type', 'actor_type', 'actor_id']).where('proposal_id', '=', draft.id).orderBy('id').execute()
      expect(events.at(-1)).toMatchObject({ type: 'attachment_added', actor_type: 'user', actor_id: user.id })

      const after = (await agent.get(url)).body
      expect(flashOf(after)).toBe(`success: ${x.added(ACCENTED_NAME)}`)
      const listed = attachmentsCard(after)
      expect(listed).not.toContain(x.none)
      expect(listed).toContain(`href="/proposals/${draft.id}/attachments/${row.id}"`)
      expect(listed).toContain(`>${ACCENTED_NAME}</a>`)
      expect(listed).toContain('2,5 KB')
      expect(listed).toContain(`action="/proposals/${draft.id}/attachments/remove"`)
      expect(listed).toContain(`name="attachment_id" value="${row.id}"`)
      expect(historyTable(after)).toContain(`<td>${t.proposals.events.attachment_added}: ${ACCENTED_NAME}</td>`)
      // The flash is shown once.
      expect(flashOf((await agent.get(url)).body)).toBe('')

      const download = await agent.get(`/proposals/${draft.id}/attachments/${row.id}`)
      expect(download.statusCode).toBe(200)
      expect(download.headers['content-type']).toBe('application/pdf')
      expect(download.headers['content-disposition']).toBe(ACCENTED_DISPOSITION)
      expect(download.headers['x-document-sha256']).toBe(sha256(pdf))
      expect(download.rawPayload.equals(pdf)).toBe(true)
    })

    it('names a file without ".pdf" with it, trims the name, and serves a plain ASCII name as a simple filename', async () => {
      const { agent, draft, url, action } = await memberWithDraft()
      const pdf = pdfFile('proposta')
      expect((await upload(agent, url, action, '  Portfolio 2025  ', pdf)).statusCode).toBe(303)
      const [row] = await attachmentRows(draft.id)
      expect(row!.file_name).toBe('Portfolio 2025.pdf')
      const page = (await agent.get(url)).body
      expect(flashOf(page)).toBe(`success: ${x.added('Portfolio 2025.pdf')}`)
      expect(attachmentsCard(page)).toContain(`${pdf.length} bytes`)
      const download = await agent.get(`/proposals/${draft.id}/attachments/${row!.id}`)
      expect(download.headers['content-disposition']).toBe('attachment; filename="Portfolio 2025.pdf"')
      expect(download.rawPayload.equals(pdf)).toBe(true)
    })

    it('removes one through its removal form: the row goes, the flash and the history say so, the others stay', async () => {
      const { agent, user, account, draft, url } = await memberWithDraft()
      const kept = await addProposalAttachment(env.db, actingAs(account, user), draft.id, { fileName: 'Portfólio.pdf', bytes: pdfFile('portfolio') })
      const gone = await addProposalAttachment(env.db, actingAs(account, user), draft.id, { fileName: 'Condições gerais.pdf', bytes: pdfFile('condicoes') })
      const page = (await agent.get(url)).body
      expect(attachmentsCard(page)).toContain(`aria-label="${x.removeLabel('Condições gerais.pdf')}"`)

      const response = await agent.submit(url, `/proposals/${draft.id}/attachments/remove`, { attachment_id: String(gone.id) })
      expect(response.statusCode).toBe(303)
      expect(response.headers.location).toBe(url)
      expect((await attachmentRows(draft.id)).map((row) => Number(row.id))).toEqual([kept.id])

      const after = (await agent.get(url)).body
      expect(flashOf(after)).toBe(`success: ${x.removed('Condições gerais.pdf')}`)
      const card = attachmentsCard(after)
      expect(card).toContain('>Portfólio.pdf</a>')
      expect(card).not.toContain('Condições gerais.pdf')
      expect(historyTable(after)).toContain(`<td>${t.proposals.events.attachment_removed}: Condições gerais.pdf</td>`)
      const events = await env.db.selectFrom('proposal_events').select(['type', 'actor_id']).where('proposal_id', '=', draft.id).orderBy('id').execute()
      expect(events.at(-1)).toEqual({ type: 'attachment_removed', actor_id: user.id })
      // Removed: its download is the 404 page now.
      expect((await agent.get(`/proposals/${draft.id}/attachments/${gone.id}`)).statusCode).toBe(404)
    })
  })

  describe('refusals change nothing and say why', () => {
    it('refuses a file that is not a PDF, whatever it is called or declared', async () => {
      const { agent, url, action } = await memberWithDraft()
      const before = await snapshotEverything(env.db)
      const response = await upload(agent, url, action, 'foto.pdf', buildPng({ width: 4, height: 3 }))
      expect(response.statusCode).toBe(303)
      expect(response.headers.location).toBe(url)
      expect(await snapshotEverything(env.db)).toEqual(before)
      const page = (await agent.get(url)).body
      expect(flashOf(page)).toBe(`error: ${x.invalidFile}`)
      expect(attachmentsCard(page)).toContain(x.none)
    })

    it('refuses a form whose file input was left empty', async () => {
      const { agent, url, action } = await memberWithDraft()
      const before = await snapshotEverything(env.db)
      const response = await upload(agent, url, action, '', new Uint8Array(), 'application/octet-stream')
      expect(response.statusCode).toBe(303)
      expect(await snapshotEverything(env.db)).toEqual(before)
      expect(flashOf((await agent.get(url)).body)).toBe(`error: ${x.invalidFile}`)
    })

    it(`refuses an attachment past the ${ATTACHMENTS_PER_DOCUMENT}th, and offers no upload form at the limit`, async () => {
      const { agent, user, account, draft, url, action } = await memberWithDraft()
      for (let index = 1; index <= ATTACHMENTS_PER_DOCUMENT; index += 1) {
        await addProposalAttachment(env.db, actingAs(account, user), draft.id, { fileName: `Anexo ${index}`, bytes: pdfFile(`anexo ${index}`) })
      }
      const full = attachmentsCard((await agent.get(url)).body)
      expect(full.match(/data-attachment-id="/g)).toHaveLength(ATTACHMENTS_PER_DOCUMENT)
      expect(full).not.toContain(`action="${action}"`)
      expect(full).toContain(`action="${action}/remove"`)

      // A page opened before the tenth still posts its form.
      const before = await snapshotEverything(env.db)
      const response = await upload(agent, url, action, 'Décimo primeiro.pdf', pdfFile('onze'))
      expect(response.statusCode).toBe(303)
      expect(await snapshotEverything(env.db)).toEqual(before)
      expect(flashOf((await agent.get(url)).body)).toBe(`error: ${x.tooMany(ATTACHMENTS_PER_DOCUMENT)}`)
      expect(await attachmentRows(draft.id)).toHaveLength(ATTACHMENTS_PER_DOCUMENT)
    })

    it('refuses to remove an id the document does not have (another document’s, none, not a number)', async () => {
      const { agent, user, account, draft, url } = await memberWithDraft()
      const own = await addProposalAttachment(env.db, actingAs(account, user), draft.id, { fileName: 'Meu anexo', bytes: pdfFile('meu') })
      const sibling = await makeDraft(env, account, 'paper')
      const elsewhere = await addProposalAttachment(env.db, actingAs(account, user), sibling.id, { fileName: 'De outro documento', bytes: pdfFile('outro') })
      for (const attachmentId of [String(elsewhere.id), '999999999', '', 'abc']) {
        const before = await snapshotEverything(env.db)
        const response = await agent.submit(url, `/proposals/${draft.id}/attachments/remove`, { attachment_id: attachmentId })
        expect(response.statusCode).toBe(303)
        expect(await snapshotEverything(env.db)).toEqual(before)
        expect(flashOf((await agent.get(url)).body), attachmentId).toBe(`error: ${x.notFound}`)
      }
      expect((await attachmentRows(draft.id)).map((row) => Number(row.id))).toEqual([own.id])
      expect((await attachmentRows(sibling.id)).map((row) => Number(row.id))).toEqual([elsewhere.id])
      // Nor is another document's attachment downloaded through this one.
      expect((await agent.get(`/proposals/${draft.id}/attachments/${elsewhere.id}`)).statusCode).toBe(404)
    })

    it('refuses the upload without the page’s CSRF token (403)', async () => {
      const { agent, draft, url, action } = await memberWithDraft()
      await agent.get(url)
      const before = await snapshotEverything(env.db)
      const response = await agent.postMultipart(action, {}, [{ name: 'file', fileName: 'a.pdf', contentType: 'application/pdf', bytes: pdfFile('sem token') }])
      expect(response.statusCode).toBe(403)
      expect(await snapshotEverything(env.db)).toEqual(before)
      expect(await attachmentRows(draft.id)).toHaveLength(0)
    })
  })

  describe('another account', () => {
    it('cannot download, add to or remove from another account’s document: the 404 page, and nothing changes', async () => {
      const owner = await memberWithDraft()
      const attachment = await addProposalAttachment(env.db, actingAs(owner.account, owner.user), owner.draft.id, { fileName: 'Sigiloso', bytes: pdfFile('sigiloso') })
      const stranger = await signedInUser(env)
      // A page of the stranger's own, for their CSRF token.
      const ownDraft = await makeDraft(env, stranger.account, 'paper')
      const ownUrl = `/proposals/${ownDraft.id}/edit`

      const download = await stranger.agent.get(`/proposals/${owner.draft.id}/attachments/${attachment.id}`)
      expect(download.statusCode).toBe(404)
      expect(download.body).toContain(t.errors.notFoundTitle)
      expect(download.body).not.toContain('%PDF')
      // Nor through a document of their own.
      expect((await stranger.agent.get(`/proposals/${ownDraft.id}/attachments/${attachment.id}`)).statusCode).toBe(404)

      const before = await snapshotEverything(env.db)
      const added = await stranger.agent.submitMultipart(ownUrl, owner.action, {}, [{ name: 'file', fileName: 'intruso.pdf', contentType: 'application/pdf', bytes: pdfFile('intruso') }])
      expect(added.statusCode).toBe(404)
      expect(added.body).toContain(t.errors.notFoundTitle)
      const removed = await stranger.agent.submit(ownUrl, `/proposals/${owner.draft.id}/attachments/remove`, { attachment_id: String(attachment.id) })
      expect(removed.statusCode).toBe(404)
      expect(removed.body).toContain(t.errors.notFoundTitle)
      // A missing document answers the same.
      const missing = await stranger.agent.submit(ownUrl, '/proposals/999999999/attachments/remove', { attachment_id: String(attachment.id) })
      expect(missing.statusCode).toBe(404)
      expect(await snapshotEverything(env.db)).toEqual(before)
      expect((await attachmentRows(owner.draft.id)).map((row) => Number(row.id))).toEqual([attachment.id])
      expect(await attachmentRows(ownDraft.id)).toHaveLength(0)

      // The owner still downloads it.
      expect((await owner.agent.get(`/proposals/${owner.draft.id}/attachments/${attachment.id}`)).statusCode).toBe(200)
    })
  })

  describe('once sent', () => {
    it('freezes them: no forms on the card, an upload or removal is refused, and the original PDF lists each with its SHA-256', async () => {
      const { agent, draft, url, action } = await memberWithDraft()
      const pdf = pdfFile('especificação', 2560)
      expect((await upload(agent, url, action, ACCENTED_NAME, pdf)).statusCode).toBe(303)
      const [row] = await attachmentRows(draft.id)
      const sent = await agent.submit(url, `/proposals/${draft.id}/send`, {})
      expect(sent.statusCode).toBe(303)
      expect((await env.db.selectFrom('proposals').select('status').where('id', '=', draft.id).executeTakeFirstOrThrow()).status).toBe('sent')

      const page = (await agent.get(url)).body
      const card = attachmentsCard(page)
      expect(card).toContain(x.frozen)
      expect(card).not.toContain(x.intro)
      expect(card).toContain(`href="/proposals/${draft.id}/attachments/${row!.id}"`)
      expect(card).toContain(`>${ACCENTED_NAME}</a>`)
      expect(card).not.toContain('<form')
      expect(card).not.toContain(`action="${action}"`)
      expect(card).not.toContain('attachments/remove')
      expect(card).not.toContain(`>${x.remove}<`)
      expect(card).not.toContain('type="file"')

      // A page opened while it was a draft still posts its forms.
      const before = await snapshotEverything(env.db)
      const added = await upload(agent, url, action, 'Tarde demais.pdf', pdfFile('tarde'))
      expect(added.statusCode).toBe(303)
      expect(added.headers.location).toBe(url)
      expect(flashOf((await agent.get(url)).body)).toBe(`error: ${t.proposalActions.invalidTransition(t.proposals.status.sent!)}`)
      const removed = await agent.submit(url, `/proposals/${draft.id}/attachments/remove`, { attachment_id: String(row!.id) })
      expect(removed.statusCode).toBe(303)
      expect(flashOf((await agent.get(url)).body)).toBe(`error: ${t.proposalActions.invalidTransition(t.proposals.status.sent!)}`)
      expect(await snapshotEverything(env.db)).toEqual(before)

      // Still downloadable, the same bytes.
      const download = await agent.get(`/proposals/${draft.id}/attachments/${row!.id}`)
      expect(download.statusCode).toBe(200)
      expect(download.rawPayload.equals(pdf)).toBe(true)

      const original = await agent.get(`/proposals/${draft.id}/pdf?version=original`)
      expect(original.statusCode).toBe(200)
      expect(original.headers['content-type']).toBe('application/pdf')
      const text = await pdfText(original.rawPayload)
      expect(text).toContain('Anexos')
      expect(text).toContain(ACCENTED_NAME)
      expect(text).toContain('2,5 KB')
      expect(text).toContain(`SHA-256 ${sha256(pdf)}`)
    })
  })

  describe('the signer’s page', () => {
    /** A digital draft with one signer, given an attachment by a member while a draft, then sent through the API. */
    async function sentWithAttachment(pdf: Buffer) {
      const { agent, account, user } = await signedInUser(env, { role: 'member' })
      const customer = await makeCustomer(env, account)
      const draft = await makeProposal(env, account, customer, {
        signature_type: 'digital',
        seller_id: account.seller.id,
        signers: [{ name: 'Helena Prado', email: `helena.${Date.now().toString(36)}@cliente.test`, cpf: validCpf(), role_id: account.roles.party.id, signing_order: 1 }],
      })
      const url = `/proposals/${draft.id}/edit`
      expect((await upload(agent, url, `/proposals/${draft.id}/attachments`, ACCENTED_NAME, pdf)).statusCode).toBe(303)
      const [attachment] = await attachmentRows(draft.id)
      const sent = await env.app.inject({ method: 'POST', url: `/api/v1/proposals/${draft.id}/send`, headers: account.auth, payload: {} })
      expect(sent.statusCode, sent.body).toBe(200)
      const signer = await env.db.selectFrom('proposal_signers').select('sign_token').where('proposal_id', '=', draft.id).executeTakeFirstOrThrow()
      return { account, user, draft, attachmentId: Number(attachment!.id), token: signer.sign_token! }
    }

    it('lists the attachments and serves each, never cached; another document’s attachment or a wrong link is the invalid-link page', async () => {
      const pdf = pdfFile('para o signatário', 2560)
      const { account, user, draft, attachmentId, token } = await sentWithAttachment(pdf)
      const signerBrowser = new WebAgent(env.app)

      const page = await signerBrowser.get(`/sign/${token}`)
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain(t.signing.attachmentsHeading)
      expect(page.body).toContain(`href="/sign/${token}/attachments/${attachmentId}"`)
      expect(page.body).toContain(`aria-label="${t.signing.downloadAttachment(ACCENTED_NAME)}"`)
      expect(page.body).toContain(`>${ACCENTED_NAME}</a>`)
      expect(page.body).toContain('2,5 KB')
      // The signer's page offers downloads only, no form of the web app's card.
      expect(page.body).not.toContain(`/proposals/${draft.id}/attachments`)

      const download = await signerBrowser.get(`/sign/${token}/attachments/${attachmentId}`)
      expect(download.statusCode).toBe(200)
      expect(download.headers['content-type']).toBe('application/pdf')
      expect(download.headers['cache-control']).toBe('no-store')
      expect(download.headers['referrer-policy']).toBe('no-referrer')
      expect(download.headers['content-disposition']).toBe(ACCENTED_DISPOSITION)
      expect(download.rawPayload.equals(pdf)).toBe(true)

      // Another document of the same account, with its own attachment: not reachable through this link.
      const other = await makeDraft(env, account, 'paper')
      const foreign = await addProposalAttachment(env.db, actingAs(account, user), other.id, { fileName: 'Outro', bytes: pdfFile('outro documento') })
      for (const url of [`/sign/${token}/attachments/${foreign.id}`, `/sign/${token}/attachments/999999999`, `/sign/${token}/attachments/abc`, `/sign/${token}x/attachments/${attachmentId}`]) {
        const refused = await signerBrowser.get(url)
        expect(refused.statusCode, url).toBe(404)
        expect(refused.body, url).toContain(t.signing.invalidTitle)
        expect(refused.body, url).not.toContain('%PDF')
      }
    })

    it('shows no attachments section for a document without any', async () => {
      const { account } = await signedInUser(env, { role: 'member' })
      const customer = await makeCustomer(env, account)
      const draft = await makeProposal(env, account, customer, {
        signature_type: 'digital',
        seller_id: account.seller.id,
        signers: [{ name: 'Igor Sales', email: `igor.${Date.now().toString(36)}@cliente.test`, cpf: validCpf(), role_id: account.roles.party.id, signing_order: 1 }],
      })
      const sent = await env.app.inject({ method: 'POST', url: `/api/v1/proposals/${draft.id}/send`, headers: account.auth, payload: {} })
      expect(sent.statusCode, sent.body).toBe(200)
      const signer = await env.db.selectFrom('proposal_signers').select('sign_token').where('proposal_id', '=', draft.id).executeTakeFirstOrThrow()
      const page = await new WebAgent(env.app).get(`/sign/${signer.sign_token}`)
      expect(page.statusCode).toBe(200)
      expect(page.body).not.toContain('data-attachments')
      expect(page.body).not.toContain(t.signing.attachmentsHeading)
    })
  })
})
