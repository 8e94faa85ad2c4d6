// A down payment due some days after the signature ("entrada em 7 dias", migration 055) on both
// databases: the API takes `down_payment_due_days` at creation and in a PATCH, only beside a down
// payment; the detail says the days, and once signed the date (a banking day when the method says
// so); a PATCH keeps, changes or drops them with the down payment; the form's "Entrada vence em"
// field, "Duplicar", the document's page, templates and the PDF all carry them.
import { expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { createTemplate } from '../../src/modules/catalog/catalog-admin.js'
import { buildOriginalPdf } from '../../src/modules/documents/build-original-pdf.js'
import type { ProposalDetail } from '../../src/modules/proposals/proposal-mapper.js'
import { renderProposalHtml } from '../../src/modules/rendering/render-proposal.js'
import { pdfText } from '../documents/pdf-text.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, proposalBody, type TestAccount } from '../support/factories.js'
import { errorPaths, expectProblem } from '../support/http.js'
import { snapshotDatabase } from '../support/snapshot.js'
import { makeDraft, postOk } from '../lifecycle/lifecycle-fixtures.js'
import { ManualClock } from '../support/manual-clock.js'
import type { TestApp } from '../support/test-app.js'
import { signedInUser } from '../support/web-login.js'

// Saturday 5 December 2026, noon in São Paulo: every document of this file is signed then.
const clock = new ManualClock('2026-12-05T15:00:00.000Z')

/** Two of the main product (R$ 1.500,00 each): R$ 3.000,00 by card, in 3 installments a month apart from 30 days after the signature. */
function cardDocument(account: TestAccount, overrides: Record<string, unknown> = {}) {
  return { payment_method_id: account.paymentMethods.card.id, installments: 3, payment_terms: { first_due_days: 30, installment_interval_days: 30 }, items: [{ product_id: account.products.main.id, quantity: 2 }], ...overrides }
}

async function patch(env: TestApp, account: TestAccount, id: number, payload: object) {
  const response = await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${id}`, headers: account.auth, payload })
  return response
}

/** The message shown under the "Entrada vence em" field, as a pattern. */
function fieldError(message: string): RegExp {
  return new RegExp(`id="field-down_payment_due_days-error"[^>]*>${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}<`)
}

describeEachDialect('Down payment due days', (env) => {
  it('is taken at creation and by a PATCH beside a down payment, and dropped with it', async () => {
    const account = await makeAccount(env)
    const draft = await makeDraft(env, account, 'paper', cardDocument(account, { down_payment_cents: 100_000, down_payment_due_days: 7 }))
    expect(draft.payment.down_payment).toEqual({ amount_cents: 100_000, due_in_days: 7, due_date: null })
    // A PATCH of something else keeps them; one of the days changes them; null is on signing.
    expect((await patch(env, account, draft.id, { title: 'Revisão' })).json<ProposalDetail>().payment.down_payment?.due_in_days).toBe(7)
    expect((await patch(env, account, draft.id, { down_payment_due_days: 10 })).json<ProposalDetail>().payment.down_payment?.due_in_days).toBe(10)
    expect((await patch(env, account, draft.id, { down_payment_cents: 50_000 })).json<ProposalDetail>().payment.down_payment).toEqual({ amount_cents: 50_000, due_in_days: 10, due_date: null })
    expect((await patch(env, account, draft.id, { down_payment_due_days: null })).json<ProposalDetail>().payment.down_payment?.due_in_days).toBe(0)
    // Taking the down payment away (null or 0) takes its days, and a new one starts on signing.
    for (const none of [null, 0]) {
      const five = await patch(env, account, draft.id, { down_payment_cents: 50_000, down_payment_due_days: 5 })
      expect(five.json<ProposalDetail>().payment.down_payment?.due_in_days).toBe(5)
      const removed = await patch(env, account, draft.id, { down_payment_cents: none })
      expect(removed.statusCode, removed.body).toBe(200)
      expect(removed.json<ProposalDetail>().payment.down_payment).toBeNull()
      expect((await env.db.selectFrom('proposals').select('down_payment_due_days').where('id', '=', draft.id).executeTakeFirstOrThrow()).down_payment_due_days).toBe(0)
    }
    expect((await patch(env, account, draft.id, { down_payment_cents: 20_000 })).json<ProposalDetail>().payment.down_payment?.due_in_days).toBe(0)
    // Taking it away while sending days is refused, and changes nothing.
    const both = await patch(env, account, draft.id, { down_payment_cents: null, down_payment_due_days: 7 })
    expect(errorPaths(expectProblem(both, 422, 'validation_failed'))).toEqual(['/down_payment_due_days'])
    expect((await patch(env, account, draft.id, { title: 'Outra' })).json<ProposalDetail>().payment.down_payment).toEqual({ amount_cents: 20_000, due_in_days: 0, due_date: null })
  })

  it('refuses days without a down payment, past a year or after the first installment, naming the field, and writes nothing', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const draft = await makeDraft(env, account, 'paper', cardDocument(account))
    const before = await snapshotDatabase(env.db)
    const create = (extra: Record<string, unknown>) => env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: account.auth, payload: { ...proposalBody(account, { id: customer.id }), ...cardDocument(account, extra) } })
    for (const extra of [{ down_payment_due_days: 7 }, { down_payment_cents: 0, down_payment_due_days: 7 }, { down_payment_cents: 100_000, down_payment_due_days: 366 }, { down_payment_cents: 100_000, down_payment_due_days: -1 }, { down_payment_cents: 100_000, down_payment_due_days: 1.5 },
      // Paid before the installments: not after the first, on the document's terms or its method's (the card's first is on signing).
      { down_payment_cents: 100_000, down_payment_due_days: 31 },
      { down_payment_cents: 100_000, down_payment_due_days: 7, payment_terms: null }]) {
      expect(errorPaths(expectProblem(await create(extra), 422, 'validation_failed')), JSON.stringify(extra)).toEqual(['/down_payment_due_days'])
    }
    expect(errorPaths(expectProblem(await patch(env, account, draft.id, { down_payment_due_days: 3 }), 422, 'validation_failed'))).toEqual(['/down_payment_due_days'])
    expect(await snapshotDatabase(env.db)).toEqual(before)
  })

  it('is dated from the signing day, the next banking day when the method says so', async () => {
    const account = await makeAccount(env)
    const dated = async (dueOnBusinessDays: boolean) => {
      await env.db.updateTable('payment_methods').set({ due_on_business_days: dueOnBusinessDays }).where('id', '=', account.paymentMethods.card.id).execute()
      const draft = await makeDraft(env, account, 'paper', cardDocument(account, { down_payment_cents: 100_000, down_payment_due_days: 7, payment_terms: { first_due_days: 30, installment_interval_days: 30 } }))
      await postOk(env, account, `${draft.id}/send`)
      return postOk(env, account, `${draft.id}/mark-signed`, {})
    }
    // Signed on Saturday 5 December 2026: seven days later is Saturday the 12th, or Monday the 14th.
    const asCounted = await dated(false)
    expect(asCounted.payment.down_payment).toEqual({ amount_cents: 100_000, due_in_days: 7, due_date: '2026-12-12' })
    expect(asCounted.payment.schedule.map((entry) => entry.due_date)).toEqual(['2027-01-04', '2027-02-03', '2027-03-05'])
    expect((await dated(true)).payment.down_payment?.due_date).toBe('2026-12-14')
  })

  it('is typed in the form, copied by Duplicar, and stated on the page, in templates and in the PDF', async () => {
    const account = await makeAccount(env)
    const { agent } = await signedInUser(env, { account })
    const template = await createTemplate(env.db, env.clock, account.id, {
      name: 'Entrada com prazo',
      body: '{% if payment.down_payment %}Entrada de {{ payment.down_payment }} {% if payment.down_payment_due_days > 0 %}em {{ payment.down_payment_due_days }} dias{% else %}na assinatura{% endif %}{% endif %}',
    })
    const draft = await makeDraft(env, account, 'paper', cardDocument(account, { template_id: template.id, down_payment_cents: 100_000, down_payment_due_days: 15 }))
    expect(await renderProposalHtml(env.db, account.id, draft.id, { now: env.clock.now() })).toBe('Entrada de R$\u00a01.000,00 em 15 dias')

    const page = (await agent.get(`/proposals/${draft.id}/edit`)).body
    expect(page).toMatch(/<td>Entrada<\/td><td>15 dias após a assinatura<\/td><td class="num">R\$\s1\.000,00<\/td>/)
    expect(page).toMatch(/name="down_payment_due_days"[^>]*value="15"/)
    expect((await agent.get(`/proposals/new?from=${draft.id}`)).body).toMatch(/name="down_payment_due_days"[^>]*value="15"/)

    const withLayout = await makeDraft(env, account, 'paper', cardDocument(account, { down_payment_cents: 100_000, down_payment_due_days: 1 }))
    const text = (await pdfText((await buildOriginalPdf(env.db, account.id, withLayout.id, { now: env.clock.now() }))!.bytes)).replace(/\u00a0/g, ' ')
    expect(text).toContain('Entrada: R$ 1.000,00 — 1 dia após a assinatura')
  })

  it('takes the form’s field beside a down payment, and says what is wrong with it otherwise', async () => {
    const account = await makeAccount(env)
    const { agent } = await signedInUser(env, { account })
    const draft = await makeDraft(env, account, 'paper', cardDocument(account, { down_payment_cents: 100_000 }))
    const page = `/proposals/${draft.id}/edit`
    const form = (await agent.get(page)).body
    const value = (name: string) => new RegExp(`name="${name.replace(/[[\]]/g, '\\$&')}"[^>]*value="([^"]*)"`).exec(form)?.[1] ?? ''
    const fields = {
      title: value('title'), template_id: String(account.template.id), signature_type: 'paper', payment_method_id: String(account.paymentMethods.card.id), installments: '3',
      customer_id: String(draft.customer.id), 'items[0][product_id]': String(account.products.main.id), 'items[0][quantity]': '2', 'items[0][unit_price]': '1.500,00', 'items[0][discount]': '',
      down_payment: '1.000,00', down_payment_due_days: '20', valid_until: '', notes: '', external_reference: '', first_due_days: '30', installment_interval_days: '30',
    }
    const saved = await agent.submit(page, `/proposals/${draft.id}`, fields)
    expect(saved.statusCode, saved.body.slice(0, 300)).toBe(303)
    expect((await env.db.selectFrom('proposals').select('down_payment_due_days').where('id', '=', draft.id).executeTakeFirstOrThrow()).down_payment_due_days).toBe(20)

    const without = await agent.submit(page, `/proposals/${draft.id}`, { ...fields, down_payment: '', down_payment_due_days: '20' })
    expect(without.statusCode).toBe(422)
    expect(without.body).toContain(t.proposals.errors.downPaymentDaysWithoutDownPayment)
    expect(without.body).toMatch(fieldError(t.proposals.errors.downPaymentDaysWithoutDownPayment))
    const tooMany = await agent.submit(page, `/proposals/${draft.id}`, { ...fields, down_payment_due_days: '400' })
    expect(tooMany.statusCode).toBe(422)
    expect(tooMany.body).toMatch(fieldError(t.registrationData.errors.invalid_days(0, 365)))
    // After the first installment: the module's check, said next to the field.
    const late = await agent.submit(page, `/proposals/${draft.id}`, { ...fields, down_payment_due_days: '45' })
    expect(late.statusCode).toBe(422)
    expect(late.body).toMatch(fieldError(t.proposals.errors.downPaymentAfterFirstInstallment))
    expect((await env.db.selectFrom('proposals').select('down_payment_due_days').where('id', '=', draft.id).executeTakeFirstOrThrow()).down_payment_due_days).toBe(20)
  })
}, { clock })
