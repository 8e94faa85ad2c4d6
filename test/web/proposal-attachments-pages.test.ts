// A document's PDF attachments ("anexos") in the web app and on the signer's page, on both
// databases: the "Anexos" card of /proposals/:id/edit (multipart upload with its CSRF token,
// removal forms, flash messages, history entries), the downloads under the name given (RFC 8187
// for accents), refusals that change nothing (not a PDF, no file, the eleventh, an id the document
// does not have, a document already sent), another account's document as the 404 page, the frozen
// original PDF listing each attachment with its SHA-256, and /sign/:token listing and serving them.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { addProposalAttachment, ATTACHMENT_NAME_MAX, ATTACHMENTS_PER_DOCUMENT, type AttachmentView } from '../../src/modules/documents/proposal-attachments.js'
import type { ActionContext } from '../../src/modules/lifecycle/action-context.js'
import { formatFileSize } from '../../src/platform/pt-br-format.js'
import { pdfText } from '../documents/pdf-text.js'
import { documentIn, makeDraft, postOk, snapshotEverything } from '../lifecycle/lifecycle-fixtures.js'
import { postFormsIn } from '../security/support/web-forms.js'
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

/** The "Anexos" card of a copy's form ("Duplicar"), or null when the form has none. */
function copyCardOf(html: string): string | null {
  const start = html.indexOf('data-copy-attachments')
  return start === -1 ? null : html.slice(start, html.indexOf('</section>', start))
}

/** The fields of the form posting to /proposals on `page`, as a browser sends it untouched. */
function newDocumentForm(page: string, html: string): Map<string, string> {
  const forms = postFormsIn(page, html, { asBrowser: true }).filter((found) => found.action === '/proposals')
  expect(forms, 'the page has one form posting to /proposals').toHaveLength(1)
  return forms[0]!.fields
}

/** The sentence under the signing page's consent box. */
function consentHintOf(html: string): string {
  const match = /<p class="field-hint" id="field-consent-hint">([\s\S]*?)<\/p>/.exec(html)
  expect(match, 'the page has no consent hint').not.toBeNull()
  return match![1]!
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
      expect(card).not.toContain(x.intro(true))
      expect(card).not.toContain(x.intro(false))
      expect(card).not.toContain(x.closed)
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

  describe('the card in each state', () => {
    it('tells a digital draft its signers download them on the signing page, and a paper draft nothing of a signing page', async () => {
      const { agent, account, url } = await memberWithDraft()
      const digital = attachmentsCard((await agent.get(url)).body)
      expect(digital).toContain(x.intro(true))
      expect(digital).toContain('página de assinatura')

      const paper = await makeDraft(env, account, 'paper')
      const card = attachmentsCard((await agent.get(`/proposals/${paper.id}/edit`)).body)
      expect(card).toContain(x.intro(false))
      expect(card).not.toContain(x.intro(true))
      expect(card).not.toContain('página de assinatura')
      // Still a draft: the upload form is there.
      expect(card).toContain(`action="/proposals/${paper.id}/attachments"`)
      expect(card).toContain(x.none)
    })

    it('is hidden on a document that can no longer change and has none: sent, or a draft cancelled unsent', async () => {
      const { agent, account } = await signedInUser(env, { role: 'member' })
      for (const [kind, status] of [['digital', 'sent'], ['paper', 'cancelled'], ['digital', 'cancelled']] as const) {
        const document = await documentIn(env, account, kind, status)
        const page = await agent.get(`/proposals/${document.id}/edit`)
        expect(page.statusCode, `${kind} ${status}`).toBe(200)
        expect(page.body, `${kind} ${status}`).not.toContain('id="attachments-heading"')
        expect(page.body, `${kind} ${status}`).not.toContain('data-attachments=""')
        expect(page.body, `${kind} ${status}`).not.toContain(x.none)
      }
    })

    it('says a cancelled draft’s attachments can no longer change (not “frozen at sending”), and keeps their downloads', async () => {
      const { agent, user, account } = await signedInUser(env, { role: 'member' })
      const draft = await makeDraft(env, account, 'digital')
      const pdf = pdfFile('cancelado')
      const attachment = await addProposalAttachment(env.db, actingAs(account, user), draft.id, { fileName: 'Condições gerais.pdf', bytes: pdf })
      const cancelled = await postOk(env, account, `${draft.id}/cancel`, { reason: 'Desistência' })
      expect(cancelled.status).toBe('cancelled')

      const card = attachmentsCard((await agent.get(`/proposals/${draft.id}/edit`)).body)
      expect(card).toContain(x.closed)
      expect(card).not.toContain(x.frozen)
      expect(card).not.toContain(x.intro(true))
      expect(card).not.toContain(x.intro(false))
      expect(card).toContain(`href="/proposals/${draft.id}/attachments/${attachment.id}"`)
      expect(card).not.toContain('<form')
      expect(card).not.toContain('type="file"')
      const download = await agent.get(`/proposals/${draft.id}/attachments/${attachment.id}`)
      expect(download.statusCode).toBe(200)
      expect(download.rawPayload.equals(pdf)).toBe(true)

      // A sent one's, beside it, says "frozen".
      const sentDraft = await makeDraft(env, account, 'digital')
      await addProposalAttachment(env.db, actingAs(account, user), sentDraft.id, { fileName: 'Enviado.pdf', bytes: pdfFile('enviado') })
      await postOk(env, account, `${sentDraft.id}/send`)
      const sentCard = attachmentsCard((await agent.get(`/proposals/${sentDraft.id}/edit`)).body)
      expect(sentCard).toContain(x.frozen)
      expect(sentCard).not.toContain(x.closed)
    })
  })

  describe('“Duplicar” offers to copy them', () => {
    const c = t.proposals.copy

    /** A member's digital draft with the given attachments, added in order. */
    async function sourceWith(files: Array<{ name: string; bytes: Buffer }>) {
      const member = await memberWithDraft()
      const added: AttachmentView[] = []
      for (const file of files) added.push(await addProposalAttachment(env.db, actingAs(member.account, member.user), member.draft.id, { fileName: file.name, bytes: file.bytes }))
      return { ...member, source: member.draft, added, copyUrl: `/proposals/new?from=${member.draft.id}` }
    }

    /** The new draft a 303 of POST /proposals went to. */
    function createdId(response: { statusCode: number; headers: Record<string, unknown>; body: string }): number {
      expect(response.statusCode, response.body.slice(0, 2000)).toBe(303)
      const match = /^\/proposals\/(\d+)\/edit$/.exec(String(response.headers.location))
      expect(match, String(response.headers.location)).not.toBeNull()
      return Number(match![1])
    }

    async function numberOf(id: number): Promise<number> {
      return (await env.db.selectFrom('proposals').select('number').where('id', '=', id).executeTakeFirstOrThrow()).number
    }

    async function addedEvents(proposalId: number) {
      const rows = await env.db.selectFrom('proposal_events').select(['type', 'actor_type', 'actor_id', 'data_json']).where('proposal_id', '=', proposalId).where('type', '=', 'attachment_added').orderBy('id').execute()
      return rows.map((row) => ({ actor_type: row.actor_type, actor_id: row.actor_id, data: JSON.parse(row.data_json) as Record<string, unknown> }))
    }

    const FILES = [
      { name: ACCENTED_NAME, bytes: pdfFile('especificação', 2560) },
      { name: 'Portfólio.pdf', bytes: pdfFile('portfolio') },
    ]

    it('shows the source’s attachments, ticked; saved, the new draft has copies in order, the flash counts them and the history names the source', async () => {
      const { agent, user, source, added, copyUrl } = await sourceWith(FILES)
      const form = await agent.get(copyUrl)
      expect(form.statusCode).toBe(200)
      const card = copyCardOf(form.body)
      expect(card, 'the copy has no attachments card').not.toBeNull()
      expect(card).toContain(`<h2 id="copy-attachments-heading">${c.attachmentsTitle}</h2>`)
      expect(card).toContain(`<input type="hidden" name="attachments_from" value="${source.id}"`)
      expect(card).toContain(`>${c.attachmentsLabel(source.number, 2)}</label>`)
      expect(c.attachmentsLabel(source.number, 2)).toContain(`os 2 anexos do documento nº ${source.number}`)
      expect(card).toContain(`${ACCENTED_NAME} (2,5 KB) · Portfólio.pdf (${formatFileSize(FILES[1]!.bytes.length)})`)
      const fields = newDocumentForm(copyUrl, form.body)
      expect(fields.get('attachments_from')).toBe(String(source.id))
      expect(fields.get('copy_attachments')).toBe('1')

      const saved = await agent.post('/proposals', Object.fromEntries(fields))
      const copyId = createdId(saved)
      expect(copyId).not.toBe(source.id)

      const copies = await attachmentRows(copyId)
      expect(copies.map((row) => row.file_name)).toEqual([ACCENTED_NAME, 'Portfólio.pdf'])
      expect(copies.map((row) => row.sha256)).toEqual(FILES.map((file) => sha256(file.bytes)))
      expect(copies.map((row) => Number(row.size))).toEqual(FILES.map((file) => file.bytes.length))
      copies.forEach((row, index) => expect(Buffer.from(row.bytes).equals(FILES[index]!.bytes), row.file_name).toBe(true))
      // New rows; the source keeps its own.
      expect(copies.map((row) => Number(row.id)).filter((id) => added.some((attachment) => attachment.id === id))).toEqual([])
      expect((await attachmentRows(source.id)).map((row) => Number(row.id))).toEqual(added.map((attachment) => attachment.id))

      const page = (await agent.get(`/proposals/${copyId}/edit`)).body
      expect(flashOf(page)).toBe(`success: ${t.proposals.created(await numberOf(copyId))} ${c.attachmentsCopied(2)}`)
      expect(c.attachmentsCopied(2)).toBe('2 anexos copiados.')
      const listed = attachmentsCard(page)
      for (const row of copies) expect(listed).toContain(`href="/proposals/${copyId}/attachments/${row.id}"`)

      expect(await addedEvents(copyId)).toEqual(
        copies.map((row) => ({
          actor_type: 'user',
          actor_id: user.id,
          data: { attachment_id: Number(row.id), file_name: row.file_name, size: Number(row.size), sha256: row.sha256, copied_from: source.id },
        })),
      )
      // The source's history got nothing new from the copy.
      expect((await addedEvents(source.id)).every((event) => !('copied_from' in event.data))).toBe(true)
    })

    it('copies nothing when the box is unticked: the draft has none, the flash says nothing of them', async () => {
      const { agent, source, copyUrl } = await sourceWith(FILES)
      const fields = newDocumentForm(copyUrl, (await agent.get(copyUrl)).body)
      fields.delete('copy_attachments')
      const copyId = createdId(await agent.post('/proposals', Object.fromEntries(fields)))
      expect(await attachmentRows(copyId)).toHaveLength(0)
      expect(await addedEvents(copyId)).toEqual([])
      const page = (await agent.get(`/proposals/${copyId}/edit`)).body
      expect(flashOf(page)).toBe(`success: ${t.proposals.created(await numberOf(copyId))}`)
      expect(attachmentsCard(page)).toContain(x.none)
      expect(await attachmentRows(source.id)).toHaveLength(2)
    })

    it('offers nothing for a source without attachments', async () => {
      const { agent, copyUrl } = await sourceWith([])
      const form = await agent.get(copyUrl)
      expect(form.statusCode).toBe(200)
      expect(copyCardOf(form.body)).toBeNull()
      expect(form.body).not.toContain('copy-attachments-heading')
      const fields = newDocumentForm(copyUrl, form.body)
      expect(fields.has('attachments_from')).toBe(false)
      expect(fields.has('copy_attachments')).toBe(false)
      const copyId = createdId(await agent.post('/proposals', Object.fromEntries(fields)))
      expect(await attachmentRows(copyId)).toHaveLength(0)
    })

    it('copies nothing from another account’s document named in a posted form, nor shows its files; the draft is still made', async () => {
      const stranger = await sourceWith([{ name: 'Sigiloso.pdf', bytes: pdfFile('sigiloso') }])
      const { agent, account, copyUrl } = await sourceWith([])
      const fields = newDocumentForm(copyUrl, (await agent.get(copyUrl)).body)
      fields.set('attachments_from', String(stranger.source.id))
      fields.set('copy_attachments', '1')
      const theirsBefore = await attachmentRows(stranger.source.id)

      // Sent back with an error, the form shows no offer of the stranger's files.
      const invalid = await agent.post('/proposals', { ...Object.fromEntries(fields), title: 'x'.repeat(201) })
      expect(invalid.statusCode).toBe(422)
      expect(copyCardOf(invalid.body)).toBeNull()
      expect(invalid.body).not.toContain('Sigiloso.pdf')

      const copyId = createdId(await agent.post('/proposals', Object.fromEntries(fields)))
      expect((await env.db.selectFrom('proposals').select('account_id').where('id', '=', copyId).executeTakeFirstOrThrow()).account_id).toBe(account.id)
      expect(await attachmentRows(copyId)).toHaveLength(0)
      expect(await addedEvents(copyId)).toEqual([])
      expect(flashOf((await agent.get(`/proposals/${copyId}/edit`)).body)).toBe(`success: ${t.proposals.created(await numberOf(copyId))}`)
      expect(await attachmentRows(stranger.source.id)).toEqual(theirsBefore)
    })

    it('keeps the card, ticked or not as the user left it, on a form sent back with errors (422); fixed and saved, it does what the box says', async () => {
      const { agent, account, source, copyUrl } = await sourceWith(FILES)
      const fields = newDocumentForm(copyUrl, (await agent.get(copyUrl)).body)
      const documents = async () => (await env.db.selectFrom('proposals').select('id').where('account_id', '=', account.id).execute()).length

      for (const ticked of [true, false]) {
        const before = await documents()
        const sent = Object.fromEntries(fields)
        if (!ticked) delete sent.copy_attachments
        const invalid = await agent.post('/proposals', { ...sent, title: 'x'.repeat(201) })
        expect(invalid.statusCode, `ticked: ${ticked}`).toBe(422)
        const card = copyCardOf(invalid.body)
        expect(card, `ticked: ${ticked}`).not.toBeNull()
        expect(card).toContain(`>${c.attachmentsLabel(source.number, 2)}</label>`)
        expect(card).toContain(ACCENTED_NAME)
        const back = newDocumentForm('/proposals', invalid.body)
        expect(back.get('attachments_from')).toBe(String(source.id))
        expect(back.get('copy_attachments'), `ticked: ${ticked}`).toBe(ticked ? '1' : undefined)
        expect(await documents()).toBe(before)

        // The user fixes the title and saves the page as it came back.
        back.set('title', 'Título corrigido')
        const copyId = createdId(await agent.post('/proposals', Object.fromEntries(back)))
        expect(await attachmentRows(copyId), `ticked: ${ticked}`).toHaveLength(ticked ? 2 : 0)
        const flash = flashOf((await agent.get(`/proposals/${copyId}/edit`)).body)
        expect(flash.endsWith(c.attachmentsCopied(2)), `ticked: ${ticked}`).toBe(ticked)
      }
    })

    it(`copies all ${ATTACHMENTS_PER_DOCUMENT} of a source at the limit`, async () => {
      const files = Array.from({ length: ATTACHMENTS_PER_DOCUMENT }, (_, index) => ({ name: `Anexo ${index + 1}.pdf`, bytes: pdfFile(`anexo ${index + 1}`) }))
      const { agent, source, copyUrl } = await sourceWith(files)
      const form = await agent.get(copyUrl)
      expect(copyCardOf(form.body)).toContain(`>${c.attachmentsLabel(source.number, ATTACHMENTS_PER_DOCUMENT)}</label>`)
      const copyId = createdId(await agent.post('/proposals', Object.fromEntries(newDocumentForm(copyUrl, form.body))))
      const copies = await attachmentRows(copyId)
      expect(copies.map((row) => row.file_name)).toEqual(files.map((file) => file.name))
      expect(copies.map((row) => row.sha256)).toEqual(files.map((file) => sha256(file.bytes)))
      const page = (await agent.get(`/proposals/${copyId}/edit`)).body
      expect(flashOf(page)).toBe(`success: ${t.proposals.created(await numberOf(copyId))} ${c.attachmentsCopied(ATTACHMENTS_PER_DOCUMENT)}`)
      // Full: the copy's card offers no upload.
      expect(attachmentsCard(page)).not.toContain(`action="/proposals/${copyId}/attachments"`)
    })
  })

  describe('the name a browser gives the file', () => {
    async function uploadedAs(fileName: string) {
      const { agent, draft, url, action } = await memberWithDraft()
      const response = await upload(agent, url, action, fileName, pdfFile('nome'))
      expect(response.statusCode).toBe(303)
      const flash = flashOf((await agent.get(url)).body)
      const rows = await attachmentRows(draft.id)
      expect(rows, `${JSON.stringify(fileName)}: ${flash}`).toHaveLength(1)
      expect(flash).toBe(`success: ${x.added(rows[0]!.file_name)}`)
      return rows[0]!.file_name
    }

    it('keeps only the file’s own name of a Windows path', async () => {
      expect(await uploadedAs('C:\\docs\\Proposta.pdf')).toBe('Proposta.pdf')
      expect(await uploadedAs('/home/ana/Relatórios/Proposta final.pdf')).toBe('Proposta final.pdf')
    })

    it('keeps the extension’s case as the browser sent it (C:\\docs\\Proposta.PDF is stored as Proposta.PDF)', async () => {
      expect(await uploadedAs('C:\\docs\\Proposta.PDF')).toBe('Proposta.PDF')
    })

    it('drops a right-to-left override and a line separator instead of refusing the file', async () => {
      expect(await uploadedAs('fatura\u202Efdp.exe.pdf')).toBe('faturafdp.exe.pdf')
      expect(await uploadedAs('Linha\u2028quebrada.pdf')).toBe('Linhaquebrada.pdf')
    })

    it(`cuts a long name to ${ATTACHMENT_NAME_MAX} characters ending in ".pdf", and appends ".pdf" to a name without it`, async () => {
      const stem = 'Especificação'.repeat(16).slice(0, 200)
      expect([...stem]).toHaveLength(200)
      const long = await uploadedAs(`${stem}.pdf`)
      expect([...long]).toHaveLength(ATTACHMENT_NAME_MAX)
      expect(long).toBe(`${[...stem].slice(0, ATTACHMENT_NAME_MAX - 4).join('')}.pdf`)
      const longWithout = await uploadedAs(stem)
      expect(longWithout).toBe(long)
      expect(await uploadedAs('Contrato social')).toBe('Contrato social.pdf')
    })
  })

  describe('the signer’s page: hashes and the consent sentence', () => {
    const CONSENT_END = 'e concordo em assiná-lo eletronicamente, reconhecendo esta assinatura como válida e vinculante (Medida Provisória nº 2.200-2/2001 e Lei nº 14.063/2020).'

    /** A digital draft with one signer, given `files` by a member while a draft, then sent through the API (the signer has not opened it). */
    async function sentWith(files: Array<{ name: string; bytes: Buffer }>) {
      const { account, user } = await signedInUser(env, { role: 'member' })
      const customer = await makeCustomer(env, account)
      const cpf = validCpf()
      const draft = await makeProposal(env, account, customer, {
        title: 'Implantação do sistema',
        signature_type: 'digital',
        seller_id: account.seller.id,
        signers: [{ name: 'Lúcia Ramos', email: `lucia.${Date.now().toString(36)}@cliente.test`, cpf, role_id: account.roles.party.id, signing_order: 1 }],
      })
      const added: AttachmentView[] = []
      for (const file of files) added.push(await addProposalAttachment(env.db, actingAs(account, user), draft.id, { fileName: file.name, bytes: file.bytes }))
      const sent = await env.app.inject({ method: 'POST', url: `/api/v1/proposals/${draft.id}/send`, headers: account.auth, payload: {} })
      expect(sent.statusCode, sent.body).toBe(200)
      const signer = await env.db.selectFrom('proposal_signers').select(['id', 'name', 'sign_token']).where('proposal_id', '=', draft.id).executeTakeFirstOrThrow()
      const { original_sha256: original } = await env.db.selectFrom('proposals').select('original_sha256').where('id', '=', draft.id).executeTakeFirstOrThrow()
      return { draft, added, original: original!, signer: { id: signer.id, name: signer.name, cpf, token: signer.sign_token! } }
    }

    /** Signs through the page, as the signer's browser does. */
    async function signOnThePage(signer: { id: number; name: string; cpf: string; token: string }) {
      const url = `/sign/${signer.token}`
      const signed = await new WebAgent(env.app).submit(url, url, { name: signer.name, cpf: signer.cpf, consent: '1', signature_kind: 'typed', signature_text: signer.name })
      expect(signed.statusCode, signed.body.slice(0, 2000)).toBe(200)
      const row = await env.db.selectFrom('proposal_signers').select(['status', 'consent_text']).where('id', '=', signer.id).executeTakeFirstOrThrow()
      expect(row.status).toBe('signed')
      return row.consent_text!
    }

    it('one attachment: its SHA-256 beside it, the hint to keep a copy, and a consent sentence naming it, on the page and kept with the signature', async () => {
      const pdf = pdfFile('único anexo', 2560)
      const { draft, original, signer } = await sentWith([{ name: ACCENTED_NAME, bytes: pdf }])
      const page = await new WebAgent(env.app).get(`/sign/${signer.token}`)
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain(`<code class="attachment-hash">SHA-256 ${sha256(pdf)}</code>`)
      expect(page.body).toContain(t.signing.attachmentsHint)
      const hint = consentHintOf(page.body)
      expect(hint).toContain(`cujo código SHA-256 é ${original}, bem como o anexo nele listado com o seu código SHA-256, que dele faz parte, e concordo`)
      expect(hint).not.toContain('anexos')

      const consent = await signOnThePage(signer)
      expect(consent).toBe(`Declaro que li o documento nº ${draft.number} ("Implantação do sistema"), cujo código SHA-256 é ${original}, bem como o anexo nele listado com o seu código SHA-256, que dele faz parte, ${CONSENT_END}`)
    })

    it('two attachments: each with its own SHA-256, and the sentence counts them', async () => {
      const files = [{ name: 'Especificação.pdf', bytes: pdfFile('primeiro') }, { name: 'Portfólio.pdf', bytes: pdfFile('segundo', 4096) }]
      const { draft, original, signer } = await sentWith(files)
      const page = await new WebAgent(env.app).get(`/sign/${signer.token}`)
      expect(page.statusCode).toBe(200)
      const hashes = [...page.body.matchAll(/<code class="attachment-hash">SHA-256 ([0-9a-f]{64})<\/code>/g)].map((match) => match[1])
      expect(hashes).toEqual(files.map((file) => sha256(file.bytes)))
      expect(consentHintOf(page.body)).toContain(`cujo código SHA-256 é ${original}, bem como os 2 anexos nele listados com os seus códigos SHA-256, que dele fazem parte, e concordo`)

      const consent = await signOnThePage(signer)
      expect(consent).toBe(`Declaro que li o documento nº ${draft.number} ("Implantação do sistema"), cujo código SHA-256 é ${original}, bem como os 2 anexos nele listados com os seus códigos SHA-256, que dele fazem parte, ${CONSENT_END}`)
    })

    it('a document without attachments keeps the sentence it always had', async () => {
      const { draft, original, signer } = await sentWith([])
      const page = await new WebAgent(env.app).get(`/sign/${signer.token}`)
      expect(page.statusCode).toBe(200)
      expect(page.body).not.toContain('attachment-hash')
      expect(page.body).not.toContain(t.signing.attachmentsHint)
      const hint = consentHintOf(page.body)
      expect(hint).toContain(`cujo código SHA-256 é ${original}, e concordo`)
      expect(hint).not.toContain('anexo')

      const consent = await signOnThePage(signer)
      expect(consent).toBe(`Declaro que li o documento nº ${draft.number} ("Implantação do sistema"), cujo código SHA-256 é ${original}, ${CONSENT_END}`)
      expect(consent).not.toContain('anexo')
    })

    it('answers an attachment id that is not one with the invalid-link page without recording the signer’s first view', async () => {
      const { draft, added, signer } = await sentWith([{ name: 'Anexo.pdf', bytes: pdfFile('não aberto') }])
      const signerViews = async () => (await env.db.selectFrom('proposal_events').select('id').where('proposal_id', '=', draft.id).where('type', '=', 'signer_viewed').execute()).length
      const browser = new WebAgent(env.app)
      const before = await snapshotEverything(env.db)

      for (const bad of ['abc', '0', '-1', '1e3']) {
        const refused = await browser.get(`/sign/${signer.token}/attachments/${bad}`)
        expect(refused.statusCode, bad).toBe(404)
        expect(refused.body, bad).toContain(t.signing.invalidTitle)
      }
      expect(await snapshotEverything(env.db)).toEqual(before)
      expect((await env.db.selectFrom('proposal_signers').select(['status', 'viewed_at']).where('id', '=', signer.id).executeTakeFirstOrThrow())).toEqual({ status: 'sent', viewed_at: null })
      expect((await env.db.selectFrom('proposals').select('status').where('id', '=', draft.id).executeTakeFirstOrThrow()).status).toBe('sent')
      expect(await signerViews()).toBe(0)

      // Downloading a real attachment through the link is opening it: that one is recorded.
      const download = await browser.get(`/sign/${signer.token}/attachments/${added[0]!.id}`)
      expect(download.statusCode).toBe(200)
      expect((await env.db.selectFrom('proposal_signers').select('viewed_at').where('id', '=', signer.id).executeTakeFirstOrThrow()).viewed_at).not.toBeNull()
      expect(await signerViews()).toBe(1)
    })
  })
})
