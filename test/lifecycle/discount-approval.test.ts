// Discount approval on both databases, through the API and the web app: an account's limit (set in
// Configurações → Conta) stops the sending of a draft whose discount is past it, by the API (422
// discount_approval_required, nothing written) and by the form; a member asks and the admins hear
// by e-mail (once per figures); a member cannot approve; an admin approves, the member hears, and
// the draft goes; raising the discount needs a new approval, lowering it does not; another
// account's document is a 404 and a sent one is not approved.
import { expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { createUser } from '../../src/modules/accounts/users.js'
import { approveDiscount } from '../../src/modules/lifecycle/discount-approval.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, type TestAccount, uniqueSuffix } from '../support/factories.js'
import type { TestApp } from '../support/test-app.js'
import type { WebAgent } from '../support/web-agent.js'
import { signedInUser } from '../support/web-login.js'
import { makeDraft, post, snapshotEverything } from './lifecycle-fixtures.js'

const d = t.proposalActions.discount

/** Two units of the R$ 1.500,00 product with `discount` cents off: 20 % with 60.000. */
function discounted(account: TestAccount, discount: number) {
  return { items: [{ product_id: account.products.main.id, quantity: 2, discount_cents: discount }] }
}

async function setLimit(env: TestApp, account: TestAccount, bp: number | null) {
  await env.db.updateTable('accounts').set({ discount_approval_above_bp: bp }).where('id', '=', account.id).execute()
}

async function history(env: TestApp, id: number) {
  const rows = await env.db.selectFrom('proposal_events').select(['type', 'actor_name', 'data_json']).where('proposal_id', '=', id).where('type', 'in', ['discount_approval_requested', 'discount_approved', 'sent']).orderBy('id').execute()
  return rows.map((row) => ({ type: row.type, by: row.actor_name, data: JSON.parse(row.data_json) as Record<string, unknown> }))
}

async function emails(env: TestApp, id: number, kind: string) {
  return env.db.selectFrom('outbox_emails').select(['to_address', 'subject', 'text_body']).where('proposal_id', '=', id).where('kind', '=', kind).orderBy('id').execute()
}

/** Approves as the admin's browser would: with the figures its page shows in the form's hidden fields. */
async function approveAsShown(agent: WebAgent, id: number) {
  const page = `/proposals/${id}/edit`
  const body = (await agent.get(page)).body
  const shown = (name: string) => new RegExp(`name="${name}" value="(\\d+)"`).exec(body)?.[1] ?? ''
  return agent.submit(page, `/proposals/${id}/approve-discount`, { subtotal_cents: shown('subtotal_cents'), discount_cents: shown('discount_cents') })
}

async function patchItems(env: TestApp, account: TestAccount, id: number, discount: number) {
  const response = await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${id}`, headers: account.auth, payload: discounted(account, discount) })
  expect(response.statusCode, response.body).toBe(200)
}

describeEachDialect('discount approval', (env) => {
  it('refuses an API send past the limit with the figures, writing nothing; without a limit or under it the draft goes', async () => {
    const account = await makeAccount(env)
    const draft = await makeDraft(env, account, 'paper', discounted(account, 60_000))
    await setLimit(env, account, 1000)
    const before = await snapshotEverything(env.db)
    const refused = await post(env, account, `${draft.id}/send`)
    expect(refused.statusCode, refused.body).toBe(422)
    expect(refused.headers['content-type']).toContain('application/problem+json')
    expect(refused.json()).toMatchObject({ code: 'discount_approval_required', discount_percent: '20', limit_percent: '10' })
    expect(refused.json().detail).toContain('an admin must approve it')
    expect(await snapshotEverything(env.db)).toEqual(before)

    // Exactly at the limit: nothing to approve.
    await patchItems(env, account, draft.id, 30_000)
    expect((await post(env, account, `${draft.id}/send`)).statusCode).toBe(200)

    const other = await makeDraft(env, account, 'paper', discounted(account, 60_000))
    await setLimit(env, account, null)
    expect((await post(env, account, `${other.id}/send`)).statusCode).toBe(200)
  })

  it('goes from a member’s request to an admin’s approval to sending; a member cannot approve', async () => {
    const member = await signedInUser(env, { role: 'member' })
    const { account } = member
    const admin = await signedInUser(env, { account, role: 'admin' })
    const suffix = uniqueSuffix()
    const otherAdmin = await createUser(env.db, env.clock, { accountId: account.id, name: `Outra ${suffix}`, email: `outra.${suffix}@vendoc.test`, role: 'admin' })
    await createUser(env.db, env.clock, { accountId: account.id, name: `Inativa ${suffix}`, email: `inativa.${suffix}@vendoc.test`, role: 'admin' }).then((user) =>
      env.db.updateTable('users').set({ active: false }).where('id', '=', user.id).execute(),
    )
    // The limit is the admins' to set.
    expect((await member.agent.get('/settings/account')).statusCode).toBe(403)
    const settings = await admin.agent.get('/settings/account')
    expect(settings.body).toContain('name="discount_approval_above"')
    const draft = await makeDraft(env, account, 'paper', discounted(account, 60_000))
    const page = `/proposals/${draft.id}/edit`

    // No limit yet: the draft's page says nothing about its discount.
    expect((await member.agent.get(page)).body).not.toContain('data-discount-approval')
    await setLimit(env, account, 1000)

    // The member sees why the draft cannot go and asks; the web send is refused with the figures.
    const memberPage = (await member.agent.get(page)).body
    expect(memberPage).toContain('data-discount-approval="pending"')
    expect(memberPage).toContain(d.pending('20%', '10%'))
    expect(memberPage).toContain(`action="/proposals/${draft.id}/request-discount-approval"`)
    expect(memberPage).not.toContain('approve-discount')
    expect((await member.agent.submit(page, `/proposals/${draft.id}/send`, {})).statusCode).toBe(303)
    expect((await member.agent.get(page)).body).toContain(d.required('20%', '10%'))
    expect((await env.db.selectFrom('proposals').select('status').where('id', '=', draft.id).executeTakeFirstOrThrow()).status).toBe('draft')

    expect((await member.agent.submit(page, `/proposals/${draft.id}/request-discount-approval`, {})).statusCode).toBe(303)
    expect((await member.agent.get(page)).body).toContain(d.requestedNow(2))
    const requests = await emails(env, draft.id, 'discount_approval')
    expect(requests.map((email) => email.to_address).sort()).toEqual([admin.user.email, otherAdmin.email].sort())
    expect(requests[0]!.subject).toBe(`Aprovação de desconto: documento nº ${draft.number} — ${account.account.name}`)
    expect(requests[0]!.text_body).toContain(`${member.user.name} pede sua aprovação para o desconto do documento nº ${draft.number}`)
    expect(requests[0]!.text_body).toContain('20% do valor, acima do limite de 10% sem aprovação')
    expect(requests[0]!.text_body).toContain(`/proposals/${draft.id}/edit`)
    // Asking again for the same figures tells no one again.
    await member.agent.submit(page, `/proposals/${draft.id}/request-discount-approval`, {})
    expect((await member.agent.get(page)).body).toContain(d.alreadyRequested)
    expect(await emails(env, draft.id, 'discount_approval')).toHaveLength(2)

    // The Painel lists it for everyone, with who asked; the admin is told to open it.
    const painel = (await admin.agent.get('/dashboard')).body
    expect(painel).toContain('data-discount-requests')
    expect(painel).toContain(t.dashboard.discountRequests.hintAdmin)
    expect(painel).toContain(`href="/proposals/${draft.id}/edit">#${draft.number}</a>`)
    expect(painel).toContain(`${member.user.name}, `)
    expect((await member.agent.get('/dashboard')).body).toContain(t.dashboard.discountRequests.hintMember)

    // A member's approval is forbidden and records nothing.
    const forbidden = await member.agent.submit(page, `/proposals/${draft.id}/approve-discount`, {})
    expect(forbidden.statusCode).toBe(403)
    expect((await history(env, draft.id)).map((entry) => entry.type)).toEqual(['discount_approval_requested'])

    // The admin sees the request and approves; the member hears; the page says who approved.
    const adminPage = (await admin.agent.get(page)).body
    expect(adminPage).toContain(`action="/proposals/${draft.id}/approve-discount"`)
    expect(adminPage).toContain(d.approve)
    expect(adminPage).toContain(`Aprovação pedida por ${member.user.name} em `)
    expect((await approveAsShown(admin.agent, draft.id)).statusCode).toBe(303)
    expect((await admin.agent.get(page)).body).toContain(`${d.approvedNow('20%')} ${d.approvedTold(1)}`)
    const approved = await emails(env, draft.id, 'discount_approved')
    expect(approved.map((email) => email.to_address)).toEqual([member.user.email])
    expect(approved[0]!.text_body).toContain(`${admin.user.name} aprovou o desconto de 20% do documento nº ${draft.number}`)
    const shown = (await member.agent.get(page)).body
    expect(shown).toContain('data-discount-approval="approved"')
    expect(shown).toContain(`Desconto de 20% aprovado por ${admin.user.name} em `)
    expect(shown).toContain(t.proposals.events.discount_approved!)
    expect((await admin.agent.get('/dashboard')).body).not.toContain('data-discount-requests')
    // Webhooks hear it, with the share approved and by whom.
    const domain = await env.db.selectFrom('domain_events').select('payload_json').where('proposal_id', '=', draft.id).where('type', '=', 'proposal.discount_approved').execute()
    expect(domain).toHaveLength(1)
    expect(JSON.parse(domain[0]!.payload_json).data).toMatchObject({ proposal: { id: draft.id, status: 'draft' }, discount_percent: '20', approved_by: admin.user.name })
    // Approving again does nothing.
    await approveAsShown(admin.agent, draft.id)
    expect((await admin.agent.get(page)).body).toContain(d.alreadyApproved)

    expect(await history(env, draft.id)).toEqual([
      { type: 'discount_approval_requested', by: member.user.name, data: { subtotal_cents: 300_000, discount_cents: 60_000, share_bp: 2000, limit_bp: 1000 } },
      { type: 'discount_approved', by: admin.user.name, data: { subtotal_cents: 300_000, discount_cents: 60_000, share_bp: 2000, limit_bp: 1000 } },
    ])
    expect((await member.agent.submit(page, `/proposals/${draft.id}/send`, {})).statusCode).toBe(303)
    expect((await env.db.selectFrom('proposals').select('status').where('id', '=', draft.id).executeTakeFirstOrThrow()).status).toBe('sent')
    // A sent document's discount is not approved any more.
    await admin.agent.submit(page, `/proposals/${draft.id}/approve-discount`, {})
    expect((await admin.agent.get(page)).body).toContain(t.proposalActions.invalidTransition(t.proposals.status.sent!))
  })

  it('lets an integration ask through the API: the admins hear which one, once per figures; its key replays; drafts only', async () => {
    const admin = await signedInUser(env, { role: 'admin' })
    const { account } = admin
    await setLimit(env, account, 1000)
    const draft = await makeDraft(env, account, 'paper', discounted(account, 60_000))
    const asked = await post(env, account, `${draft.id}/request-discount-approval`, undefined, { 'idempotency-key': `pedido-${draft.id}` })
    expect(asked.statusCode, asked.body).toBe(200)
    expect(asked.json().events.map((entry: { type: string }) => entry.type)).toContain('discount_approval_requested')
    const [entry] = await env.db.selectFrom('proposal_events').select(['actor_type', 'actor_name']).where('proposal_id', '=', draft.id).where('type', '=', 'discount_approval_requested').execute()
    expect(entry).toEqual({ actor_type: 'api_token', actor_name: account.token.name })
    const sent = await emails(env, draft.id, 'discount_approval')
    expect(sent.map((email) => email.to_address)).toEqual([admin.user.email])
    expect(sent[0]!.text_body).toContain(`A integração “${account.token.name}” pede sua aprovação`)
    // The same key replays; a new call for the same figures tells no one again.
    const replayed = await post(env, account, `${draft.id}/request-discount-approval`, undefined, { 'idempotency-key': `pedido-${draft.id}` })
    expect(replayed.headers['idempotent-replayed']).toBe('true')
    expect((await post(env, account, `${draft.id}/request-discount-approval`, {})).statusCode).toBe(200)
    expect(await emails(env, draft.id, 'discount_approval')).toHaveLength(1)
    // A body with anything in it is refused; another account's document is missing; a sent one is not a draft.
    const extra = await post(env, account, `${draft.id}/request-discount-approval`, { reason: 'urgente' })
    expect(extra.statusCode).toBe(422)
    const stranger = await makeAccount(env)
    expect((await post(env, stranger, `${draft.id}/request-discount-approval`, {})).statusCode).toBe(404)
    await approveAsShown(admin.agent, draft.id)
    expect((await post(env, account, `${draft.id}/send`)).statusCode).toBe(200)
    const late = await post(env, account, `${draft.id}/request-discount-approval`, {})
    expect(late.statusCode).toBe(409)
    expect(late.json()).toMatchObject({ code: 'invalid_status_transition', current_status: 'sent' })
  })

  it('tells an integration in the detail where a draft stands: required, requested, approved; null once sent or within the limit', async () => {
    const admin = await signedInUser(env, { role: 'admin' })
    const { account } = admin
    const draft = await makeDraft(env, account, 'paper', discounted(account, 60_000))
    const approval = async () => {
      const response = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${draft.id}`, headers: account.auth })
      expect(response.statusCode, response.body).toBe(200)
      return response.json().discount_approval
    }
    const none = { requested_at: null, requested_by: null, approved_percent: null, approved_at: null, approved_by: null }
    // No limit, then a limit the discount keeps within: sending needs nothing.
    expect(await approval()).toBeNull()
    await setLimit(env, account, 2000)
    expect(await approval()).toBeNull()

    await setLimit(env, account, 1250)
    expect(await approval()).toEqual({ status: 'required', discount_percent: '20', limit_percent: '12.5', ...none })
    const asked = await post(env, account, `${draft.id}/request-discount-approval`, {})
    expect(asked.json().discount_approval).toMatchObject({ status: 'requested', requested_by: account.token.name, approved_at: null })
    expect(Date.parse(asked.json().discount_approval.requested_at)).not.toBeNaN()
    // Other figures end the request: the detail asks again.
    await patchItems(env, account, draft.id, 66_000)
    expect(await approval()).toEqual({ status: 'required', discount_percent: '22', limit_percent: '12.5', ...none })

    await approveAsShown(admin.agent, draft.id)
    expect(await approval()).toMatchObject({ status: 'approved', discount_percent: '22', approved_percent: '22', approved_by: admin.user.name, requested_at: null })
    // A lower discount keeps the approval, which names the share it was given for.
    await patchItems(env, account, draft.id, 45_000)
    expect(await approval()).toMatchObject({ status: 'approved', discount_percent: '15', approved_percent: '22', limit_percent: '12.5' })
    const sent = await post(env, account, `${draft.id}/send`)
    expect(sent.statusCode, sent.body).toBe(200)
    expect(sent.json().discount_approval).toBeNull()
    expect(await approval()).toBeNull()
  })

  it('keeps an approval while the share does not grow: a larger discount needs a new one, a smaller does not', async () => {
    const admin = await signedInUser(env, { role: 'admin' })
    const { account } = admin
    await setLimit(env, account, 1000)
    const draft = await makeDraft(env, account, 'paper', discounted(account, 60_000))
    const page = `/proposals/${draft.id}/edit`
    await approveAsShown(admin.agent, draft.id)
    // An admin approving alone tells no one.
    expect((await admin.agent.get(page)).body).toContain(d.approvedNow('20%'))
    expect(await emails(env, draft.id, 'discount_approved')).toEqual([])

    await patchItems(env, account, draft.id, 60_001)
    const refused = await post(env, account, `${draft.id}/send`)
    expect(refused.json()).toMatchObject({ code: 'discount_approval_required', discount_percent: '20.01' })
    expect((await admin.agent.get(page)).body).toContain('data-discount-approval="pending"')

    await patchItems(env, account, draft.id, 45_000)
    const lowered = (await admin.agent.get(page)).body
    expect(lowered).toContain('data-discount-approval="approved"')
    // The share that was approved, not the draft's 15 %.
    expect(lowered).toContain(`Desconto de 20% aprovado por ${admin.user.name} em `)
    expect((await post(env, account, `${draft.id}/send`)).statusCode).toBe(200)
  })

  it('lists on the Painel the drafts still waiting, oldest request first: not one whose discount was lowered, sent or of another account', async () => {
    const member = await signedInUser(env, { role: 'member' })
    const { account } = member
    await setLimit(env, account, 1000)
    const drafts = []
    for (const discount of [60_000, 45_000, 90_000]) {
      const draft = await makeDraft(env, account, 'paper', discounted(account, discount))
      const page = `/proposals/${draft.id}/edit`
      expect((await member.agent.submit(page, `/proposals/${draft.id}/request-discount-approval`, {})).statusCode).toBe(303)
      drafts.push(draft)
    }
    const [first, second, third] = drafts as [typeof drafts[0], typeof drafts[0], typeof drafts[0]]
    // Another account's waiting draft never shows.
    const stranger = await signedInUser(env, { role: 'member' })
    await setLimit(env, stranger.account, 1000)
    const foreign = await makeDraft(env, stranger.account, 'paper', discounted(stranger.account, 60_000))
    await stranger.agent.submit(`/proposals/${foreign.id}/edit`, `/proposals/${foreign.id}/request-discount-approval`, {})

    const listed = async () => [...(await member.agent.get('/dashboard')).body.matchAll(/href="\/proposals\/(\d+)\/edit">#\d+<\/a><\/td><td>[^<]*<\/td><td>[^<]*<\/td><td class="num">([^<]+)<\/td>/g)].map((match) => [Number(match[1]), match[2]])
    expect(await listed()).toEqual([[first.id, '20%'], [second.id, '15%'], [third.id, '30%']])
    // The second's discount lowered to the limit: it waits no more. The third is approved, and sent.
    await patchItems(env, account, second.id, 30_000)
    const admin = await signedInUser(env, { account, role: 'admin' })
    await approveAsShown(admin.agent, third.id)
    expect(await listed()).toEqual([[first.id, '20%']])
    expect((await post(env, account, `${third.id}/send`)).statusCode).toBe(200)
    // The markers: set by a request, cleared by the edit of the items, the approval and sending.
    const markers = await env.db.selectFrom('proposals').select(['id', 'discount_approval_requested_at']).where('id', 'in', [first.id, second.id, third.id]).orderBy('id').execute()
    expect(markers.map((row) => row.discount_approval_requested_at === null)).toEqual([false, true, true])
    // Without a limit nothing waits.
    await setLimit(env, account, null)
    expect((await member.agent.get('/dashboard')).body).not.toContain('data-discount-requests')
  })

  it('approves only what the admin saw; an edit of the items ends a request; a limit raised or a cancellation ends the wait', async () => {
    const member = await signedInUser(env, { role: 'member' })
    const { account } = member
    const admin = await signedInUser(env, { account, role: 'admin' })
    await setLimit(env, account, 1000)
    const draft = await makeDraft(env, account, 'paper', discounted(account, 60_000))
    const page = `/proposals/${draft.id}/edit`
    const marker = async (id: number) => (await env.db.selectFrom('proposals').select('discount_approval_requested_at').where('id', '=', id).executeTakeFirstOrThrow()).discount_approval_requested_at
    await member.agent.submit(page, `/proposals/${draft.id}/request-discount-approval`, {})
    expect(await marker(draft.id)).not.toBeNull()

    // The admin's page shows 20 %; the member raises it to 30 % before the click: nothing is approved.
    const adminBody = (await admin.agent.get(page)).body
    await patchItems(env, account, draft.id, 90_000)
    const shown = (name: string) => new RegExp(`name="${name}" value="(\\d+)"`).exec(adminBody)?.[1] ?? ''
    expect(shown('discount_cents')).toBe('60000')
    await admin.agent.submit(page, `/proposals/${draft.id}/approve-discount`, { subtotal_cents: shown('subtotal_cents'), discount_cents: shown('discount_cents') })
    expect((await admin.agent.get(page)).body).toContain(d.changed)
    // A form without the figures approves nothing either.
    await admin.agent.submit(page, `/proposals/${draft.id}/approve-discount`, {})
    expect((await admin.agent.get(page)).body).toContain(d.changed)
    expect((await history(env, draft.id)).map((entry) => entry.type)).toEqual(['discount_approval_requested'])

    // The edit ended the request (it named 20 %): off the Painel, and the member is offered to ask again, which tells the admin anew.
    expect(await marker(draft.id)).toBeNull()
    const memberBody = (await member.agent.get(page)).body
    expect(memberBody).toContain(d.pending('30%', '10%'))
    expect(memberBody).not.toContain('Aprovação pedida por')
    expect((await member.agent.get('/dashboard')).body).not.toContain('data-discount-requests')
    await member.agent.submit(page, `/proposals/${draft.id}/request-discount-approval`, {})
    expect((await member.agent.get(page)).body).toContain(d.requestedNow(1))
    expect((await emails(env, draft.id, 'discount_approval')).map((email) => email.text_body.includes('30% do valor'))).toEqual([false, true])

    // Back to the 20 % first asked for: that request ended with the edit, so the draft is asked for again, and listed again.
    await patchItems(env, account, draft.id, 60_000)
    expect(await marker(draft.id)).toBeNull()
    expect((await member.agent.get(page)).body).not.toContain('Aprovação pedida por')
    await member.agent.submit(page, `/proposals/${draft.id}/request-discount-approval`, {})
    expect((await member.agent.get(page)).body).toContain(d.requestedNow(1))
    expect(await marker(draft.id)).not.toBeNull()
    expect((await member.agent.get('/dashboard')).body).toContain('data-discount-requests')
    await patchItems(env, account, draft.id, 90_000)
    await member.agent.submit(page, `/proposals/${draft.id}/request-discount-approval`, {})

    // A limit raised past the discount through the settings form ends the wait.
    const form = { name: account.account.name, time_zone: 'America/Sao_Paulo', document: '', address: '', phone: '', email: '', auto_reminder_days: '', default_signer_message: '', signed_copy_to: '' }
    expect((await admin.agent.submit('/settings/account', '/settings/account', { ...form, discount_approval_above: '25' })).statusCode).toBe(303)
    expect(await marker(draft.id)).not.toBeNull()
    expect((await admin.agent.submit('/settings/account', '/settings/account', { ...form, discount_approval_above: '30' })).statusCode).toBe(303)
    expect(await marker(draft.id)).toBeNull()
    expect((await member.agent.get(page)).body).not.toContain('data-discount-approval')

    // The module approves for an active admin only, whatever calls it: a member's actor changes nothing.
    const memberActor = { accountId: account.id, timeZone: 'America/Sao_Paulo', clock: env.clock, publicUrl: 'http://vendoc.test', actor: { type: 'user' as const, id: member.user.id, name: member.user.name } }
    await setLimit(env, account, 1000)
    const waiting = await makeDraft(env, account, 'paper', discounted(account, 60_000))
    expect(await approveDiscount(env.db, memberActor, waiting.id, { subtotal_cents: 300_000, discount_cents: 60_000 })).toEqual({ outcome: 'not_allowed' })
    expect(await history(env, waiting.id)).toEqual([])

    // A cancelled draft waits no more.
    await setLimit(env, account, 1000)
    const other = await makeDraft(env, account, 'paper', discounted(account, 60_000))
    await member.agent.submit(`/proposals/${other.id}/edit`, `/proposals/${other.id}/request-discount-approval`, {})
    expect(await marker(other.id)).not.toBeNull()
    expect((await post(env, account, `${other.id}/cancel`, { reason: 'Cliente desistiu' })).statusCode).toBe(200)
    expect(await marker(other.id)).toBeNull()
  })

  it("answers another account's document as a missing one, and tells a discount that needs nothing", async () => {
    const admin = await signedInUser(env, { role: 'admin' })
    const stranger = await makeAccount(env)
    const foreign = await makeDraft(env, stranger, 'paper', discounted(stranger, 60_000))
    await setLimit(env, stranger, 1000)
    await setLimit(env, admin.account, 1000)
    const own = await makeDraft(env, admin.account, 'paper', discounted(admin.account, 1_000))
    const ownPage = `/proposals/${own.id}/edit`
    for (const action of ['approve-discount', 'request-discount-approval']) {
      expect((await admin.agent.submit(ownPage, `/proposals/${foreign.id}/${action}`, {})).statusCode, action).toBe(404)
      expect((await admin.agent.submit(ownPage, `/proposals/${own.id}/${action}`, {})).statusCode, action).toBe(303)
      expect((await admin.agent.get(ownPage)).body, action).toContain(d.notRequired)
    }
    expect(await history(env, foreign.id)).toEqual([])
    expect(await history(env, own.id)).toEqual([])
  })

  it('saves the limit from Configurações → Conta and refuses what is not a percentage, changing nothing', async () => {
    const admin = await signedInUser(env, { role: 'admin' })
    const { account } = admin
    const form = async () => {
      const page = await admin.agent.get('/settings/account')
      const value = (name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(page.body)?.[1] ?? ''
      return { name: value('name'), time_zone: 'America/Sao_Paulo', document: '', address: '', phone: '', email: '', auto_reminder_days: '', default_signer_message: '', signed_copy_to: '', discount_approval_above: value('discount_approval_above') }
    }
    const stored = async () => (await env.db.selectFrom('accounts').select('discount_approval_above_bp').where('id', '=', account.id).executeTakeFirstOrThrow()).discount_approval_above_bp
    expect((await admin.agent.submit('/settings/account', '/settings/account', { ...(await form()), discount_approval_above: '12,5' })).statusCode).toBe(303)
    expect(await stored()).toBe(1250)
    expect((await form()).discount_approval_above).toBe('12,5')
    for (const typed of ['100', 'dez', '10,123', '-5']) {
      const refused = await admin.agent.submit('/settings/account', '/settings/account', { ...(await form()), discount_approval_above: typed })
      expect(refused.statusCode, typed).toBe(422)
      expect(refused.body).toContain(t.accountSettings.errors.invalid_percentage)
      expect(await stored()).toBe(1250)
    }
    expect((await admin.agent.submit('/settings/account', '/settings/account', { ...(await form()), discount_approval_above: '' })).statusCode).toBe(303)
    expect(await stored()).toBeNull()
  })
})
