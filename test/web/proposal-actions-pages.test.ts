// The lifecycle actions in the web app: forms on the document page, CSRF, flash messages,
// friendly refusals, status times and signing links, 404 for foreign or missing documents.
import { describe, expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { openSigningLink, rejectAsSigner, signAsSigner } from '../../src/modules/lifecycle/signing.js'
import type { ProposalEventType } from '../../src/platform/db/schema.js'
import { localDate } from '../../src/platform/time-zones.js'
import { describeEachDialect } from '../support/dialects.js'
import { validCpf } from '../support/documents.js'
import { sentDigitalDocument } from '../support/signing.js'
import { buildPng } from '../support/png.js'
import { WebAgent } from '../support/web-agent.js'
import { signedInUser } from '../support/web-login.js'
import { makeDraft, post, snapshotEverything } from '../lifecycle/lifecycle-fixtures.js'

describeEachDialect('proposal action pages', (env) => {
  const statusOf = async (id: number) => (await env.db.selectFrom('proposals').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status

  describe('happy paths', () => {
    it('a member sends a digital draft from its page, sees the flash, the times and each signer’s copyable link', async () => {
      const { agent, account } = await signedInUser(env, { role: 'member' })
      const draft = await makeDraft(env, account, 'digital')
      const url = `/proposals/${draft.id}/edit`
      const page = await agent.get(url)
      expect(page.body).toContain(`action="/proposals/${draft.id}/send"`)
      expect(page.body).toContain(`action="/proposals/${draft.id}/cancel"`)
      expect(page.body).not.toContain(`action="/proposals/${draft.id}/mark-signed"`)

      const response = await agent.submit(url, `/proposals/${draft.id}/send`, {})
      expect(response.statusCode).toBe(303)
      expect(response.headers.location).toBe(url)
      expect(await statusOf(draft.id)).toBe('sent')
      const after = await agent.get(url)
      expect(after.body).toContain(`Documento nº ${draft.number} enviado.`)
      expect(after.body).toContain('Enviado em')
      const signers = await env.db.selectFrom('proposal_signers').select(['id', 'sign_token', 'status']).where('proposal_id', '=', draft.id).orderBy('signing_order').orderBy('id').execute()
      expect(after.body).toContain(`value="http://vendoc.test/sign/${signers[0]!.sign_token}"`)
      expect(after.body).toContain(`data-copy-target="signing-link-${signers[0]!.id}"`)
      expect(after.body).not.toContain(signers[2]!.sign_token!)
      expect(after.body).toContain(`action="/proposals/${draft.id}/resend"`)
      const history = await env.db.selectFrom('proposal_events').select(['type', 'actor_type', 'actor_name']).where('proposal_id', '=', draft.id).orderBy('id').execute()
      expect(history.at(-1)).toMatchObject({ type: 'sent', actor_type: 'user' })

      const resent = await agent.submit(url, `/proposals/${draft.id}/resend`, {})
      expect(resent.statusCode).toBe(303)
      expect((await agent.get(url)).body).toContain('Lembrete enviado a 2 signatários.')
    })

    it('cancels with a reason, and marks a paper document signed on a date', async () => {
      const { agent, account } = await signedInUser(env, { role: 'admin' })
      const digital = await makeDraft(env, account, 'digital')
      const url = `/proposals/${digital.id}/edit`
      const empty = await agent.submit(url, `/proposals/${digital.id}/cancel`, { reason: '   ' })
      expect(empty.statusCode).toBe(303)
      expect((await agent.get(url)).body).toContain('Informe o motivo do cancelamento')
      expect(await statusOf(digital.id)).toBe('draft')
      await agent.submit(url, `/proposals/${digital.id}/cancel`, { reason: 'Cliente desistiu' })
      expect(await statusOf(digital.id)).toBe('cancelled')
      const cancelledPage = await agent.get(url)
      expect(cancelledPage.body).toContain(`Documento nº ${digital.number} cancelado.`)
      expect(cancelledPage.body).toContain('Cliente desistiu')

      const paper = await makeDraft(env, account, 'paper')
      const paperUrl = `/proposals/${paper.id}/edit`
      await agent.submit(paperUrl, `/proposals/${paper.id}/send`, {})
      expect((await agent.get(paperUrl)).body).toContain(`action="/proposals/${paper.id}/mark-signed"`)
      // Today in the account's time zone (a date after today would be refused as in the future).
      const today = localDate(new Date(), account.account.time_zone)
      const marked = await agent.submit(paperUrl, `/proposals/${paper.id}/mark-signed`, { signed_on: today })
      expect(marked.statusCode).toBe(303)
      expect(await statusOf(paper.id)).toBe('signed')
      expect((await agent.get(paperUrl)).body).toContain(`Documento nº ${paper.number} registrado como assinado.`)
    })
  })

  describe('history', () => {
    it('names every entry of a signer’s viewing, signing and rejection in Portuguese, and shows the rejection’s reason', async () => {
      const { agent, account } = await signedInUser(env, { role: 'member' })
      const doc = await sentDigitalDocument(env, account, [{ name: 'Vera Lúcia Campos', cpf: validCpf(), order: 1 }, { name: 'Otto Bastos', cpf: validCpf(), order: 2 }])
      const [first, second] = doc.signers
      const client = { ip: '203.0.113.8', userAgent: 'Mozilla/5.0 (history test)' }
      await openSigningLink(env.db, env.clock, first!.token, client, { baseUrl: 'http://vendoc.test' })
      await signAsSigner(env.db, env.clock, first!.token, { name: first!.name, cpf: first!.cpf!, consent: true, signatureKind: 'typed', signatureData: first!.name }, client, { baseUrl: 'http://vendoc.test' })
      expect((await rejectAsSigner(env.db, env.clock, second!.token, 'Prazo de entrega longo demais', client)).outcome).toBe('rejected')
      const types = (await env.db.selectFrom('proposal_events').select('type').where('proposal_id', '=', doc.id).orderBy('id').execute()).map((row) => row.type)
      expect(types).toEqual(['created', 'sent', 'signer_viewed', 'viewed', 'signer_signed', 'signers_invited', 'signer_viewed', 'rejected'] satisfies ProposalEventType[])

      const page = (await agent.get(`/proposals/${doc.id}/edit`)).body
      const historyTable = page.slice(page.indexOf('id="history-heading"'))
      for (const type of types) {
        expect(historyTable).toContain(`<td>${t.proposals.events[type]}`)
        expect(historyTable).not.toContain(`<td>${type}`)
      }
      expect(page).toContain(t.proposalActions.rejectReasonLabel)
      expect(page).toContain('Prazo de entrega longo demais')
    })
  })

  describe('PDFs', () => {
    it('links the draft’s PDF, then the frozen original and, once signed, the signed PDF, each a download that answers', async () => {
      const { agent, account } = await signedInUser(env, { role: 'member' })
      const draft = await makeDraft(env, account, 'digital')
      const draftPage = (await agent.get(`/proposals/${draft.id}/edit`)).body
      expect(draftPage).toContain(`href="/proposals/${draft.id}/pdf" download>${t.proposals.downloadDraftPdf}`)
      expect(draftPage).not.toContain('pdf?version=signed')

      const doc = await sentDigitalDocument(env, account, [{ name: 'Sílvia Antunes', cpf: validCpf(), order: 1 }])
      const signer = doc.signers[0]!
      const url = `/proposals/${doc.id}/edit`
      expect((await agent.get(url)).body).toContain(`href="/proposals/${doc.id}/pdf?version=original" download>${t.proposals.downloadPdf}`)
      await signAsSigner(env.db, env.clock, signer.token, { name: signer.name, cpf: signer.cpf!, consent: true, signatureKind: 'typed', signatureData: signer.name }, { ip: '203.0.113.8', userAgent: 'pdf test' }, { baseUrl: 'http://vendoc.test' })
      await env.app.jobs.runDueJobs()
      const signedPage = (await agent.get(url)).body
      const stored = await env.db.selectFrom('proposals').select(['original_sha256', 'signed_sha256']).where('id', '=', doc.id).executeTakeFirstOrThrow()
      expect(stored.signed_sha256).toMatch(/^[0-9a-f]{64}$/)
      for (const [href, sha256] of [[`/proposals/${doc.id}/pdf?version=original`, stored.original_sha256], [`/proposals/${doc.id}/pdf?version=signed`, stored.signed_sha256]] as const) {
        expect(signedPage).toContain(`href="${href}" download>`)
        const pdf = await agent.get(href)
        expect(pdf.statusCode).toBe(200)
        expect(pdf.headers['content-type']).toBe('application/pdf')
        expect(pdf.headers['x-document-sha256']).toBe(sha256)
      }
      expect(signedPage).toContain(t.proposals.downloadSignedPdf)
    })

    it('links a paper document’s scan once one is attached, and serves it; another account’s is the 404 page', async () => {
      const { agent, account } = await signedInUser(env)
      const paper = await makeDraft(env, account, 'paper')
      await post(env, account, `${paper.id}/send`, {})
      const url = `/proposals/${paper.id}/edit`
      expect((await agent.get(url)).body).not.toContain(`/proposals/${paper.id}/scan`)
      const pdf = Buffer.from('%PDF-1.4\n% digitalizado\n')
      const marked = await post(env, account, `${paper.id}/mark-signed`, { scan: { file_name: 'scan.pdf', content_type: 'application/pdf', content_base64: pdf.toString('base64') } })
      expect(marked.statusCode, marked.body).toBe(200)
      expect((await agent.get(url)).body).toContain(`href="/proposals/${paper.id}/scan" download>${t.proposals.downloadScan}`)
      const scan = await agent.get(`/proposals/${paper.id}/scan`)
      expect(scan.statusCode).toBe(200)
      expect(scan.headers['content-type']).toBe('application/pdf')
      expect(scan.rawPayload.equals(pdf)).toBe(true)
      const stranger = await signedInUser(env)
      expect((await stranger.agent.get(`/proposals/${paper.id}/scan`)).statusCode).toBe(404)
    })
  })

  describe('a paper signature’s scan uploaded with the form', () => {
    async function sentPaper() {
      const user = await signedInUser(env, { role: 'member' })
      const paper = await makeDraft(env, user.account, 'paper')
      await post(env, user.account, `${paper.id}/send`, {})
      return { ...user, paper, url: `/proposals/${paper.id}/edit` }
    }

    it('keeps the file chosen in the form, typed by its bytes whatever the browser declared, and serves it back', async () => {
      const { agent, paper, url } = await sentPaper()
      const page = (await agent.get(url)).body
      expect(page).toContain('enctype="multipart/form-data"')
      expect(page).toContain('type="file"')
      const png = buildPng({ width: 4, height: 3 })
      const marked = await agent.submitMultipart(url, `/proposals/${paper.id}/mark-signed`, { signed_on: '' }, [{ name: 'scan', fileName: 'C:\\fotos\\contrato assinado.png', contentType: 'application/octet-stream', bytes: png }])
      expect(marked.statusCode, marked.body).toBe(303)
      expect(await statusOf(paper.id)).toBe('signed')
      const stored = await env.db.selectFrom('proposal_files').select(['content_type', 'file_name', 'size']).where('proposal_id', '=', paper.id).where('kind', '=', 'scan').executeTakeFirstOrThrow()
      expect(stored).toEqual({ content_type: 'image/png', file_name: 'contrato assinado.png', size: png.length })
      const after = (await agent.get(url)).body
      expect(after).toContain(`Documento nº ${paper.number} registrado como assinado.`)
      const scan = await agent.get(`/proposals/${paper.id}/scan`)
      expect(scan.headers['content-type']).toBe('image/png')
      expect(scan.rawPayload.equals(png)).toBe(true)
    })

    it('marks it signed without a scan when the file input is left empty', async () => {
      const { agent, paper, url } = await sentPaper()
      const marked = await agent.submitMultipart(url, `/proposals/${paper.id}/mark-signed`, { signed_on: '' }, [{ name: 'scan', fileName: '', contentType: 'application/octet-stream', bytes: new Uint8Array() }])
      expect(marked.statusCode, marked.body).toBe(303)
      expect(await statusOf(paper.id)).toBe('signed')
      expect(await env.db.selectFrom('proposal_files').select('id').where('proposal_id', '=', paper.id).where('kind', '=', 'scan').executeTakeFirst()).toBeUndefined()
    })

    it('refuses a file that is not a PDF, JPEG or PNG with an error flash, and changes nothing', async () => {
      const { agent, paper, url } = await sentPaper()
      const before = await snapshotEverything(env.db)
      const response = await agent.submitMultipart(url, `/proposals/${paper.id}/mark-signed`, {}, [{ name: 'scan', fileName: 'contrato.pdf', contentType: 'application/pdf', bytes: Buffer.from('<html>not a pdf</html>') }])
      expect(response.statusCode).toBe(303)
      expect(await snapshotEverything(env.db)).toEqual(before)
      expect((await agent.get(url)).body).toContain(t.proposalActions.invalidScan)
    })

    it('answers a file over 10 MB with the “too large” page, and changes nothing', async () => {
      const { agent, paper, url } = await sentPaper()
      const before = await snapshotEverything(env.db)
      const huge = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024 + 70 * 1024, 0x20)])
      const response = await agent.submitMultipart(url, `/proposals/${paper.id}/mark-signed`, {}, [{ name: 'scan', fileName: 'grande.pdf', contentType: 'application/pdf', bytes: huge }])
      expect(response.statusCode).toBe(413)
      expect(response.body).toContain(t.errors.tooLargeTitle)
      expect(await snapshotEverything(env.db)).toEqual(before)
    })

    it('refuses two files, a form without its CSRF token, and a plain form’s route sent more than a plain form', async () => {
      const { agent, paper, url } = await sentPaper()
      const before = await snapshotEverything(env.db)
      const pdf = { name: 'scan', fileName: 'a.pdf', contentType: 'application/pdf', bytes: Buffer.from('%PDF-1.4\n') }
      expect((await agent.submitMultipart(url, `/proposals/${paper.id}/mark-signed`, {}, [pdf, { ...pdf, fileName: 'b.pdf' }])).statusCode).toBe(400)
      expect((await agent.postMultipart(`/proposals/${paper.id}/mark-signed`, {}, [pdf])).statusCode).toBe(403)
      // Only the routes taking a file read more than 64 KB of a form.
      const cancel = await agent.submitMultipart(url, `/proposals/${paper.id}/cancel`, { reason: 'x' }, [{ ...pdf, bytes: Buffer.alloc(100 * 1024, 0x25) }])
      expect(cancel.statusCode).toBe(413)
      expect(await snapshotEverything(env.db)).toEqual(before)
    })

    it('answers a body cut inside its file with the bad-request page, before a session too, and keeps serving', async () => {
      const { paper } = await sentPaper()
      const cut = Buffer.from('--X\r\nContent-Disposition: form-data; name="scan"; filename="a.pdf"\r\n\r\n%PDF-1.4 cortado', 'latin1')
      const send = (url: string) => env.app.inject({ method: 'POST', url, headers: { 'content-type': 'multipart/form-data; boundary=X' }, payload: cut })
      // Parsed before anything else on a public form; refused before reading on the file route.
      expect((await send('/login')).statusCode).toBe(400)
      expect((await send(`/proposals/${paper.id}/mark-signed`)).statusCode).toBe(303)
      expect((await env.app.inject({ method: 'GET', url: '/login' })).statusCode).toBe(200)
    })

    it('sends a visitor without a session to the login page before reading the file', async () => {
      const { paper } = await sentPaper()
      const visitor = new WebAgent(env.app)
      const response = await visitor.postMultipart(`/proposals/${paper.id}/mark-signed`, {}, [{ name: 'scan', fileName: 'a.pdf', contentType: 'application/pdf', bytes: Buffer.alloc(5 * 1024 * 1024, 0x25) }])
      expect(response.statusCode).toBe(303)
      expect(response.headers.location).toBe(`/login?next=${encodeURIComponent(`/proposals/${paper.id}/mark-signed`)}`)
      expect(await statusOf(paper.id)).toBe('sent')
    })
  })

  describe('refusals', () => {
    it('a refused action is an error flash naming the current status, and nothing changes', async () => {
      const { agent, account } = await signedInUser(env)
      const doc = await makeDraft(env, account, 'paper')
      const url = `/proposals/${doc.id}/edit`
      const page = await agent.get(url)
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!
      expect((await post(env, account, `${doc.id}/cancel`, { reason: 'x' })).statusCode).toBe(200)
      const before = await snapshotEverything(env.db)
      // The stale page still offers "send": the answer explains why it cannot be done.
      const response = await agent.post(`/proposals/${doc.id}/send`, { _csrf: csrf })
      expect(response.statusCode).toBe(303)
      expect(await snapshotEverything(env.db)).toEqual(before)
      const after = await agent.get(url)
      expect(after.body).toContain('alert error')
      expect(after.body).toContain('Esta ação não é possível: o documento está')
      expect(after.body).toContain('Cancelado')
    })

    it('refuses to send a draft whose validity ended, saying so, and sends nothing', async () => {
      const { agent, account } = await signedInUser(env)
      const doc = await makeDraft(env, account, 'digital')
      const url = `/proposals/${doc.id}/edit`
      await env.db.updateTable('proposals').set({ valid_until: '2026-01-31' }).where('id', '=', doc.id).execute()
      const before = await snapshotEverything(env.db)
      const response = await agent.submit(url, `/proposals/${doc.id}/send`, {})
      expect(response.statusCode).toBe(303)
      expect(await snapshotEverything(env.db)).toEqual(before)
      const after = await agent.get(url)
      expect(after.body).toContain('alert error')
      expect(after.body).toContain(t.proposalActions.validityEnded('31/01/2026'))
    })

    it('refuses a POST without the CSRF token (403) and changes nothing', async () => {
      const { agent, account } = await signedInUser(env)
      const doc = await makeDraft(env, account, 'paper')
      await agent.get(`/proposals/${doc.id}/edit`)
      for (const action of ['send', 'resend', 'cancel', 'mark-signed']) {
        const response = await agent.post(`/proposals/${doc.id}/${action}`, { reason: 'x' })
        expect(response.statusCode).toBe(403)
      }
      expect(await statusOf(doc.id)).toBe('draft')
    })

    it('answers the 404 page for another account’s document and a missing one, and changes nothing', async () => {
      const { agent } = await signedInUser(env)
      const other = await signedInUser(env)
      const foreign = await makeDraft(env, other.account, 'paper')
      const home = await agent.get('/proposals')
      const csrf = /name="_csrf" value="([^"]+)"/.exec(home.body)?.[1] ?? /name="_csrf" value="([^"]+)"/.exec((await agent.get('/proposals/new')).body)![1]!
      const before = await snapshotEverything(env.db)
      for (const action of ['send', 'resend', 'cancel', 'mark-signed']) {
        const foreignResponse = await agent.post(`/proposals/${foreign.id}/${action}`, { _csrf: csrf, reason: 'x' })
        const missingResponse = await agent.post(`/proposals/999999999/${action}`, { _csrf: csrf, reason: 'x' })
        expect(foreignResponse.statusCode).toBe(404)
        expect(missingResponse.statusCode).toBe(404)
        const strip = (html: string) => html.replace(/name="_csrf" value="[^"]*"/g, '').replace(/req_[A-Za-z0-9_-]+/g, '')
        expect(strip(foreignResponse.body)).toBe(strip(missingResponse.body))
      }
      expect(await snapshotEverything(env.db)).toEqual(before)
    })

    it('sends visitors to the login page', async () => {
      const response = await env.app.inject({ method: 'POST', url: '/proposals/1/send' })
      expect([303, 403]).toContain(response.statusCode)
    })
  })
})
