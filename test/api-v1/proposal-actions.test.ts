// PATCH /proposals/{id} and POST …/send|resend|cancel|mark-signed, on both databases: every legal
// transition, every illegal one (409 with current_status, nothing changed), the frozen original,
// the invitations and their links, the reminder cap, idempotent replays and tenant isolation.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { ProposalDetail } from '../../src/modules/proposals/proposal-mapper.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, makeProposal } from '../support/factories.js'
import { expectProblem } from '../support/http.js'
import { PUBLIC_URL } from '../support/test-app.js'
import { documentIn, makeDraft, post, postOk, snapshotEverything, type Status } from '../lifecycle/lifecycle-fixtures.js'

const ACTIONS = ['send', 'resend', 'cancel', 'mark-signed'] as const
type Action = (typeof ACTIONS)[number]
const BODIES: Record<Action, unknown> = { send: {}, resend: {}, cancel: { reason: 'Cliente desistiu' }, 'mark-signed': {} }

describeEachDialect('proposal lifecycle actions (API)', (env) => {
  describe('send', () => {
    it('sends a digital draft: original frozen and hashed, tokens for all, first group invited by e-mail with working links', async () => {
      const account = await makeAccount(env)
      const draft = await makeDraft(env, account, 'digital', { external_reference: 'CRM-SEND-1' })
      const sent = await postOk(env, account, `${draft.id}/send`)
      expect(sent.status).toBe('sent')
      expect(sent.sent_at).toEqual(expect.any(String))
      expect(sent.original_sha256).toMatch(/^[0-9a-f]{64}$/)
      expect(sent.links.pdf).toBe(`${PUBLIC_URL}/api/v1/proposals/${draft.id}/pdf`)

      const files = await env.db.selectFrom('proposal_files').selectAll().where('proposal_id', '=', draft.id).orderBy('id').execute()
      expect(files.map((file) => file.kind).sort()).toEqual(['html', 'original'])
      const original = files.find((file) => file.kind === 'original')!
      const recomputed = createHash('sha256').update(original.bytes).digest('hex')
      expect(original.sha256).toBe(recomputed)
      expect(sent.original_sha256).toBe(recomputed)
      expect(Buffer.from(original.bytes).subarray(0, 5).toString()).toBe('%PDF-')

      const signers = await env.db.selectFrom('proposal_signers').selectAll().where('proposal_id', '=', draft.id).orderBy('signing_order').orderBy('id').execute()
      expect(signers.every((signer) => signer.sign_token !== null && Buffer.from(signer.sign_token, 'base64url').length === 32)).toBe(true)
      expect(new Set(signers.map((signer) => signer.sign_token)).size).toBe(3)
      expect(signers.map((signer) => signer.status)).toEqual(['sent', 'sent', 'pending'])
      expect(signers[0]!.sent_at).not.toBeNull()
      expect(signers[2]!.sent_at).toBeNull()

      // url_to_sign: the first group only, each their own link.
      expect(sent.signers.map((signer) => signer.url_to_sign)).toEqual([
        `${PUBLIC_URL}/sign/${signers[0]!.sign_token}`,
        `${PUBLIC_URL}/sign/${signers[1]!.sign_token}`,
        null,
      ])

      const emails = await env.db.selectFrom('outbox_emails').selectAll().where('proposal_id', '=', draft.id).orderBy('id').execute()
      expect(emails.map((email) => [email.kind, email.to_address])).toEqual([
        ['invitation', signers[0]!.email],
        ['invitation', signers[1]!.email],
      ])
      expect(emails[0]!.text_body).toContain(`${PUBLIC_URL}/sign/${signers[0]!.sign_token}`)
      expect(emails[1]!.text_body).toContain(`${PUBLIC_URL}/sign/${signers[1]!.sign_token}`)
      const events = await env.db.selectFrom('domain_events').select(['type', 'payload_json']).where('proposal_id', '=', draft.id).orderBy('created_at').execute()
      expect(events.map((event) => event.type)).toEqual(['proposal.created', 'proposal.sent'])
      expect(JSON.parse(events[1]!.payload_json).data.proposal).toMatchObject({ id: draft.id, status: 'sent', number: draft.number })
      // The creation's summary is built from what it wrote (not read back): the same fields, exactly.
      expect(draft.external_reference).toBe('CRM-SEND-1')
      expect(JSON.parse(events[0]!.payload_json).data).toEqual({
        proposal: { id: draft.id, number: draft.number, status: 'draft', external_uuid: draft.external_uuid, external_reference: draft.external_reference, total_cents: draft.totals.total_cents },
      })
      expect(sent.events.map((event) => event.type)).toEqual(['created', 'sent'])
      expect(sent.events[1]!.actor).toMatchObject({ type: 'api_token', name: 'CRM' })
    })

    it('sends a paper draft without links or e-mails', async () => {
      const account = await makeAccount(env)
      const draft = await makeDraft(env, account, 'paper', { signers: [{ name: 'Papel', email: 'papel@cliente.test', role_id: account.roles.party.id }] })
      const sent = await postOk(env, account, `${draft.id}/send`)
      expect(sent.status).toBe('sent')
      expect(sent.original_sha256).toMatch(/^[0-9a-f]{64}$/)
      expect(sent.signers[0]!.url_to_sign).toBeNull()
      const tokens = await env.db.selectFrom('proposal_signers').select('sign_token').where('proposal_id', '=', draft.id).execute()
      expect(tokens).toEqual([{ sign_token: null }])
      expect(await env.db.selectFrom('outbox_emails').select('id').where('proposal_id', '=', draft.id).execute()).toEqual([])
    })

    it('accepts the by=external_reference and external_uuid forms, and no body at all', async () => {
      const account = await makeAccount(env)
      const draft = await makeDraft(env, account, 'paper', { external_reference: `CRM-${draft_suffix()}` })
      const response = await env.app.inject({ method: 'POST', url: `/api/v1/proposals/${encodeURIComponent(draft.external_reference!)}/send?by=external_reference`, headers: account.auth })
      expect(response.statusCode, response.body).toBe(200)
      const other = await makeDraft(env, account, 'paper')
      expect((await postOk(env, account, `${other.external_uuid}/cancel`, { reason: 'x' })).status).toBe('cancelled')
    })

    it('refuses a digital document without signers (422) and changes nothing', async () => {
      const account = await makeAccount(env)
      const draft = await makeDraft(env, account, 'paper')
      // A digital document without signers cannot be created; one that lost them can exist (older data).
      await env.db.updateTable('proposals').set({ signature_type: 'digital' }).where('id', '=', draft.id).execute()
      const before = await snapshotEverything(env.db)
      expectProblem(await post(env, account, `${draft.id}/send`), 422, 'proposal_without_signers')
      expect(await snapshotEverything(env.db)).toEqual(before)
    })

    it('refuses a draft whose validity ended, and a reminder for a document past it (422 validity_ended), sending nothing', async () => {
      // Creation refuses a past valid_until, but a draft may wait past it. Sent as it was, its
      // invitations would carry links already dead (the link checks the date at once).
      const account = await makeAccount(env)
      const draft = await makeDraft(env, account, 'digital')
      const yesterday = new Date(env.clock.now().getTime() - 36 * 60 * 60 * 1000).toISOString().slice(0, 10)
      await env.db.updateTable('proposals').set({ valid_until: yesterday }).where('id', '=', draft.id).execute()
      const before = await snapshotEverything(env.db)
      const refused = expectProblem(await post(env, account, `${draft.id}/send`), 422, 'validity_ended')
      expect(refused.valid_until).toBe(yesterday)
      expect(refused.errors?.[0]?.path).toBe('/valid_until')
      expect(await snapshotEverything(env.db)).toEqual(before)
      // A later date (or none) and it goes.
      const patched = await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${draft.id}`, headers: account.auth, payload: { valid_until: null } })
      expect(patched.statusCode, patched.body).toBe(200)
      expect((await postOk(env, account, `${draft.id}/send`)).status).toBe('sent')

      // Sent, then overdue before the expiry task ran: no reminder with a dead link.
      const sent = await documentIn(env, account, 'digital', 'sent')
      expect((await getDetail(account, sent.id)).signers[0]!.url_to_sign).not.toBeNull()
      await env.db.updateTable('proposals').set({ valid_until: yesterday }).where('id', '=', sent.id).execute()
      // Its links no longer open, so the API no longer hands them out, though it is still `sent`.
      const overdue = await getDetail(account, sent.id)
      expect(overdue.status).toBe('sent')
      expect(overdue.signers.map((signer) => signer.url_to_sign)).toEqual(overdue.signers.map(() => null))
      const beforeResend = await snapshotEverything(env.db)
      expectProblem(await post(env, account, `${sent.id}/resend`), 422, 'validity_ended')
      expect(await snapshotEverything(env.db)).toEqual(beforeResend)
    })
  })

  describe('legal transitions', () => {
    it('cancels a draft, a sent and a viewed document; the links die', async () => {
      const account = await makeAccount(env)
      for (const status of ['draft', 'sent', 'viewed'] as const) {
        const doc = await documentIn(env, account, 'digital', status)
        if (status !== 'draft') expect((await getDetail(account, doc.id)).signers[0]!.url_to_sign).not.toBeNull()
        const cancelled = await postOk(env, account, `${doc.id}/cancel`, { reason: '  Cliente desistiu  ' })
        expect(cancelled.status).toBe('cancelled')
        expect(cancelled.cancel_reason).toBe('Cliente desistiu')
        expect(cancelled.cancelled_at).toEqual(expect.any(String))
        expect(cancelled.signers.every((signer) => signer.url_to_sign === null)).toBe(true)
        expect(cancelled.events.at(-1)).toMatchObject({ type: 'cancelled', data: { reason: 'Cliente desistiu', previous_status: status } })
      }
    })

    it('marks a sent and a viewed paper document signed, with a date and a scan', async () => {
      const account = await makeAccount(env)
      const sent = await documentIn(env, account, 'paper', 'sent')
      const signed = await postOk(env, account, `${sent.id}/mark-signed`, {})
      expect(signed.status).toBe('signed')
      expect(signed.signed_at).toEqual(expect.any(String))
      // Signed on paper: every signer signed, none confirmed online.
      expect(signed.signers.map((signer) => [signer.status, signer.signed_authentication])).toEqual(signed.signers.map(() => ['signed', null]))

      const viewed = await documentIn(env, account, 'paper', 'viewed')
      const pdf = Buffer.from('%PDF-1.4\n% scan\n')
      const signedAt = new Date().toISOString()
      const withScan = await postOk(env, account, `${viewed.id}/mark-signed`, { signed_at: signedAt, scan: { file_name: 'assinado.pdf', content_type: 'application/pdf', content_base64: pdf.toString('base64') } })
      expect(withScan.signed_at).toBe(signedAt)
      const scan = await env.db.selectFrom('proposal_files').selectAll().where('proposal_id', '=', viewed.id).where('kind', '=', 'scan').executeTakeFirstOrThrow()
      expect(Buffer.from(scan.bytes).equals(pdf)).toBe(true)
      expect(scan.sha256).toBe(createHash('sha256').update(pdf).digest('hex'))
      expect(withScan.events.at(-1)).toMatchObject({ type: 'signed', data: { on_paper: true, scan_file_id: scan.id } })
      const types = await env.db.selectFrom('domain_events').select('type').where('proposal_id', '=', viewed.id).orderBy('created_at').execute()
      expect(types.map((row) => row.type)).toEqual(['proposal.created', 'proposal.sent', 'proposal.signed'])
    })

    it('serves a paper document’s scan as it was sent, with its hash; a document without one is a 404 scan_not_found', async () => {
      const account = await makeAccount(env)
      const sent = await documentIn(env, account, 'paper', 'sent')
      const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01])
      await postOk(env, account, `${sent.id}/mark-signed`, { scan: { file_name: 'foto "da" assinatura.jpg', content_type: 'image/jpeg', content_base64: jpeg.toString('base64') } })
      const response = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${sent.external_uuid}/scan`, headers: account.auth })
      expect(response.statusCode).toBe(200)
      expect(response.headers['content-type']).toBe('image/jpeg')
      expect(response.headers['content-disposition']).toBe(`attachment; filename="proposta-${sent.number}-digitalizada.jpg"`)
      expect(response.headers['x-document-sha256']).toBe(createHash('sha256').update(jpeg).digest('hex'))
      expect(response.rawPayload.equals(jpeg)).toBe(true)

      const unscanned = await documentIn(env, account, 'paper', 'sent')
      await postOk(env, account, `${unscanned.id}/mark-signed`, {})
      expectProblem(await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${unscanned.id}/scan`, headers: account.auth }), 404, 'scan_not_found')
      const stranger = await makeAccount(env)
      expectProblem(await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${sent.id}/scan`, headers: stranger.auth }), 404, 'proposal_not_found')
    })

    it('refuses a scan whose bytes are not its declared type, or a future date (422)', async () => {
      const account = await makeAccount(env)
      const sent = await documentIn(env, account, 'paper', 'sent')
      const before = await snapshotEverything(env.db)
      const bad = expectProblem(await post(env, account, `${sent.id}/mark-signed`, { scan: { file_name: 'x.png', content_type: 'image/png', content_base64: Buffer.from('%PDF-1.4').toString('base64') } }), 422, 'validation_failed')
      expect(bad.errors?.[0]?.path).toBe('/scan/content_base64')
      const future = expectProblem(await post(env, account, `${sent.id}/mark-signed`, { signed_at: new Date(Date.now() + 3600_000).toISOString() }), 422, 'validation_failed')
      expect(future.errors?.[0]?.path).toBe('/signed_at')
      expect(await snapshotEverything(env.db)).toEqual(before)
    })

    it('resends reminders to the waiting signers, or the named ones; caps 3 per signer per day with Retry-After', async () => {
      const account = await makeAccount(env)
      const sent = await documentIn(env, account, 'digital', 'sent')
      const [first, second, later] = sent.signers
      const all = await postOk(env, account, `${sent.id}/resend`)
      expect(all.events.at(-1)).toMatchObject({ type: 'resent', data: { signer_ids: [first!.id, second!.id] } })
      await postOk(env, account, `${sent.id}/resend`, { signer_ids: [first!.id] })
      await postOk(env, account, `${sent.id}/resend`, { signer_ids: [first!.id] })
      const reminders = await env.db.selectFrom('outbox_emails').selectAll().where('proposal_id', '=', sent.id).where('kind', '=', 'reminder').orderBy('id').execute()
      expect(reminders.map((email) => email.to_address)).toEqual([first!.email, second!.email, first!.email, first!.email])
      expect(reminders[0]!.text_body).toContain(first!.url_to_sign!)

      const before = await snapshotEverything(env.db)
      const capped = await post(env, account, `${sent.id}/resend`)
      const problem = expectProblem(capped, 429, 'resend_limit_reached')
      expect(problem.signer_id).toBe(first!.id)
      expect(Number(capped.headers['retry-after'])).toBeGreaterThan(0)
      expect(Number(capped.headers['retry-after'])).toBeLessThanOrEqual(25 * 3600)
      expect(await snapshotEverything(env.db)).toEqual(before)
      // The second signer is under the cap.
      await postOk(env, account, `${sent.id}/resend`, { signer_ids: [second!.id] })
      // Not their turn yet: 422 naming the id.
      const notYet = expectProblem(await post(env, account, `${sent.id}/resend`, { signer_ids: [later!.id] }), 422, 'validation_failed')
      expect(notYet.errors?.[0]?.path).toBe('/signer_ids/0')
    })
  })

  describe('illegal transitions: 409 with current_status, nothing changed', () => {
    const ILLEGAL: Array<[Action, 'paper' | 'digital', Status]> = [
      ['send', 'digital', 'sent'], ['send', 'digital', 'viewed'], ['send', 'digital', 'cancelled'], ['send', 'paper', 'signed'],
      ['send', 'digital', 'expired'], ['send', 'digital', 'rejected'],
      ['cancel', 'paper', 'signed'], ['cancel', 'digital', 'cancelled'], ['cancel', 'digital', 'expired'], ['cancel', 'digital', 'rejected'],
      ['mark-signed', 'digital', 'sent'], ['mark-signed', 'digital', 'viewed'], ['mark-signed', 'paper', 'draft'], ['mark-signed', 'paper', 'signed'], ['mark-signed', 'paper', 'cancelled'],
      ['resend', 'digital', 'draft'], ['resend', 'digital', 'cancelled'], ['resend', 'digital', 'expired'], ['resend', 'paper', 'signed'], ['resend', 'paper', 'sent'],
    ]
    it.each(ILLEGAL)('%s a %s %s document', async (action, kind, status) => {
      const account = await makeAccount(env)
      const doc = await documentIn(env, account, kind, status)
      const before = await snapshotEverything(env.db)
      const problem = expectProblem(await post(env, account, `${doc.id}/${action}`, BODIES[action]), 409, 'invalid_status_transition')
      expect(problem.current_status).toBe(status)
      expect(await snapshotEverything(env.db)).toEqual(before)
    })

    it.each(['sent', 'signed', 'cancelled', 'expired'] as const)('PATCH a %s document', async (status) => {
      const account = await makeAccount(env)
      const doc = await documentIn(env, account, 'paper', status)
      const before = await snapshotEverything(env.db)
      const response = await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${doc.id}`, headers: account.auth, payload: { title: 'Outro' } })
      expect(expectProblem(response, 409, 'invalid_status_transition').current_status).toBe(status)
      expect(await snapshotEverything(env.db)).toEqual(before)
    })
  })

  describe('PATCH', () => {
    it('keeps the ids of the items and signers a patch leaves as they were', async () => {
      const account = await makeAccount(env)
      const draft = await makeDraft(env, account, 'digital')
      const patch = async (payload: object) => {
        const response = await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${draft.id}`, headers: account.auth, payload })
        expect(response.statusCode, response.body).toBe(200)
        return response.json<ProposalDetail>()
      }
      const ids = (detail: ProposalDetail) => ({ items: detail.items.map((item) => item.id), signers: detail.signers.map((signer) => signer.id) })
      const noted = await patch({ notes: 'Só uma nota' })
      expect(ids(noted)).toEqual(ids(draft))
      // The items sent again as they are: still the same rows.
      const same = await patch({ items: draft.items.map((item) => ({ product_id: item.product_id, quantity: item.quantity })) })
      expect(ids(same)).toEqual(ids(draft))
      // Items changed: new item rows, the signers untouched.
      const changed = await patch({ items: [{ product_id: account.products.service.id, quantity: 2 }] })
      expect(changed.items.map((item) => item.id)).not.toEqual(ids(draft).items)
      expect(changed.signers.map((signer) => signer.id)).toEqual(ids(draft).signers)
      const renamed = await patch({ signers: draft.signers.map((signer, index) => ({ name: index === 0 ? 'Outro Nome' : signer.name, email: signer.email, role_id: signer.role.id, signing_order: signer.signing_order })) })
      expect(renamed.signers.map((signer) => signer.id)).not.toEqual(ids(draft).signers)
      expect(renamed.signers[0]!.name).toBe('Outro Nome')
    })

    it('lets a default title follow the template and the customer, keeps a title of its own, and cuts a long one to 200 characters', async () => {
      const account = await makeAccount(env)
      const first = await makeCustomer(env, account, { name: 'Padaria Primeira' })
      const second = await makeCustomer(env, account, { name: 'Mercado Segundo' })
      const draft = await makeProposal(env, account, first)
      expect(draft.title).toBe(`${draft.template.name} — Padaria Primeira`)
      const moved = await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${draft.id}`, headers: account.auth, payload: { customer: { id: second.id } } })
      expect(moved.json<ProposalDetail>().title).toBe(`${draft.template.name} — Mercado Segundo`)

      const named = await makeProposal(env, account, first, { title: 'Proposta especial' })
      const kept = await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${named.id}`, headers: account.auth, payload: { customer: { id: second.id } } })
      expect(kept.json<ProposalDetail>().title).toBe('Proposta especial')

      const long = await makeCustomer(env, account, { name: 'N'.repeat(200) })
      const longTitled = await makeProposal(env, account, long)
      expect([...longTitled.title]).toHaveLength(200)
      const back = await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${longTitled.id}`, headers: account.auth, payload: { title: longTitled.title } })
      expect(back.statusCode, back.body).toBe(200)
    })

    it('replaces the fields present and keeps the others; records proposal.updated', async () => {
      const account = await makeAccount(env)
      const draft = await makeDraft(env, account, 'digital', { title: 'Original', notes: 'Notas', fields: { prazo: '30 dias' }, payment_method_id: account.paymentMethods.card.id, installments: 3 })
      const response = await env.app.inject({
        method: 'PATCH',
        url: `/api/v1/proposals/${draft.id}`,
        headers: account.auth,
        payload: { title: 'Revisada', items: [{ product_id: account.products.service.id, quantity: 2 }] },
      })
      expect(response.statusCode, response.body).toBe(200)
      const patched = response.json<ProposalDetail>()
      expect(patched.title).toBe('Revisada')
      expect(patched.items.map((item) => [item.product_id, item.quantity])).toEqual([[account.products.service.id, 2]])
      expect(patched.totals.total_cents).toBe(2 * account.products.service.price_cents)
      expect(patched.notes).toBe('Notas')
      expect(patched.payment.installments).toBe(3)
      expect(patched.fields).toEqual({ prazo: '30 dias' })
      expect(patched.customer.id).toBe(draft.customer.id)
      expect(patched.signers.map((signer) => [signer.name, signer.email, signer.signing_order])).toEqual(draft.signers.map((signer) => [signer.name, signer.email, signer.signing_order]))
      expect(patched.events.map((event) => event.type)).toEqual(['created', 'updated'])
      const types = await env.db.selectFrom('domain_events').select('type').where('proposal_id', '=', draft.id).orderBy('created_at').execute()
      expect(types.map((row) => row.type)).toEqual(['proposal.created', 'proposal.updated'])
    })

    it('refuses unknown fields and an empty body (422), and bad references naming the field', async () => {
      const account = await makeAccount(env)
      const draft = await makeDraft(env, account, 'paper')
      const patch = (payload: object) => env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${draft.id}`, headers: account.auth, payload })
      expectProblem(await patch({ status: 'signed' }), 422, 'validation_failed')
      expectProblem(await patch({}), 422, 'validation_failed')
      const bad = expectProblem(await patch({ template_id: account.inactiveTemplate.id }), 422, 'validation_failed')
      expect(bad.errors?.map((error) => error.path)).toContain('/template_id')
    })
  })

  describe('Idempotency-Key', () => {
    it('replays POST /send with the same key: the same answer, sent once', async () => {
      const account = await makeAccount(env)
      const draft = await makeDraft(env, account, 'digital')
      const headers = { 'idempotency-key': `send-${draft.id}` }
      const first = await post(env, account, `${draft.id}/send`, {}, headers)
      expect(first.statusCode, first.body).toBe(200)
      const second = await post(env, account, `${draft.id}/send`, {}, headers)
      expect(second.statusCode).toBe(200)
      expect(second.headers['idempotent-replayed']).toBe('true')
      expect(second.body).toBe(first.body)
      const sentEvents = await env.db.selectFrom('proposal_events').select('id').where('proposal_id', '=', draft.id).where('type', '=', 'sent').execute()
      expect(sentEvents).toHaveLength(1)
      expect(await env.db.selectFrom('outbox_emails').select('id').where('proposal_id', '=', draft.id).execute()).toHaveLength(2)
      // Without the key the second send is a 409: it really would have acted twice.
      expectProblem(await post(env, account, `${draft.id}/send`, {}), 409, 'invalid_status_transition')
    })

    it('does not replay one document’s answer for another document under the same key', async () => {
      const account = await makeAccount(env)
      const one = await makeDraft(env, account, 'paper')
      const two = await makeDraft(env, account, 'paper')
      const headers = { 'idempotency-key': 'same-key-two-documents' }
      expect((await post(env, account, `${one.id}/send`, {}, headers)).statusCode).toBe(200)
      const other = await post(env, account, `${two.id}/send`, {}, headers)
      expectProblem(other, 422, 'idempotency_key_reused')
      expect((await getDetail(account, two.id)).status).toBe('draft')
    })

    it('releases the key of a refused action so it can be retried', async () => {
      const account = await makeAccount(env)
      const doc = await documentIn(env, account, 'digital', 'cancelled')
      const headers = { 'idempotency-key': `cancel-again-${doc.id}` }
      expectProblem(await post(env, account, `${doc.id}/cancel`, { reason: 'x' }, headers), 409, 'invalid_status_transition')
      expect(await env.db.selectFrom('idempotency_keys').select('id').where('idempotency_key', '=', headers['idempotency-key']).execute()).toEqual([])
    })
  })

  describe('tenant isolation', () => {
    it('answers 404 proposal_not_found for another account’s document on every route, like a missing one', async () => {
      const owner = await makeAccount(env)
      const intruder = await makeAccount(env)
      const customer = await makeCustomer(env, owner)
      const doc = await makeProposal(env, owner, customer, { external_reference: `ISO-${draft_suffix()}` })
      const before = await snapshotEverything(env.db)
      for (const action of ACTIONS) {
        for (const reference of [String(doc.id), doc.external_uuid, '999999999']) {
          expectProblem(await post(env, intruder, `${reference}/${action}`, BODIES[action]), 404, 'proposal_not_found')
        }
        expectProblem(await post(env, intruder, `${doc.external_reference}/${action}?by=external_reference`, BODIES[action]), 404, 'proposal_not_found')
      }
      for (const reference of [String(doc.id), doc.external_uuid]) {
        expectProblem(await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${reference}`, headers: intruder.auth, payload: { title: 'x' } }), 404, 'proposal_not_found')
      }
      expect(await snapshotEverything(env.db)).toEqual(before)
    })

    it('requires a token on every route', async () => {
      for (const action of ACTIONS) {
        expectProblem(await env.app.inject({ method: 'POST', url: `/api/v1/proposals/1/${action}`, payload: BODIES[action] as object }), 401, 'missing_token')
      }
      expectProblem(await env.app.inject({ method: 'PATCH', url: '/api/v1/proposals/1', payload: { title: 'x' } }), 401, 'missing_token')
    })
  })

  async function getDetail(account: { auth: Record<string, string> }, id: number): Promise<ProposalDetail> {
    const response = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${id}`, headers: account.auth })
    expect(response.statusCode).toBe(200)
    return response.json<ProposalDetail>()
  }
})

let counter = 0
function draft_suffix(): string {
  counter += 1
  return `${Date.now().toString(36)}${counter}`
}
