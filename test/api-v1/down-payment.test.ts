// A down payment ("entrada", proposals/payment-schedule.ts, migration 049) through the API on both
// databases: paid on signing, the installments splitting the rest; it must leave a cent for each
// installment, also when a PATCH lowers the total; a PATCH keeps, replaces or removes it; a signed
// document dates it on the signing day (a banking day when its method says so); the document's
// page, the rendered document and the PDF state it.
import { expect, it } from 'vitest'
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

/** Two of the main product (R$ 1.500,00 each): a total of R$ 3.000,00, by card. */
function cardDocument(account: TestAccount, overrides: Record<string, unknown> = {}) {
  return { payment_method_id: account.paymentMethods.card.id, installments: 3, items: [{ product_id: account.products.main.id, quantity: 2 }], ...overrides }
}

async function patch(env: TestApp, account: TestAccount, id: number, payload: object) {
  return env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${id}`, headers: account.auth, payload })
}

const sum = (detail: ProposalDetail) => detail.payment.schedule.reduce((total, entry) => total + entry.amount_cents, 0)

describeEachDialect('Down payment', (env) => {
  it('is paid on signing and the installments split the rest, to the cent', async () => {
    const account = await makeAccount(env)
    const created = await makeDraft(env, account, 'paper', cardDocument(account, { down_payment_cents: 100_000 }))
    expect(created.totals.total_cents).toBe(300_000)
    expect(created.payment.down_payment).toEqual({ amount_cents: 100_000, due_in_days: 0, due_date: null })
    expect(created.payment.schedule.map((entry) => entry.amount_cents)).toEqual([66_668, 66_666, 66_666])
    expect(created.payment.installment_amount_cents).toBe(66_666)
    expect(sum(created) + 100_000).toBe(created.totals.total_cents)
    // Read back the same; without one it is null and the installments split the whole total.
    const read = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${created.id}`, headers: account.auth })
    expect(read.json<ProposalDetail>()).toEqual(created)
    for (const none of [undefined, null, 0]) {
      const plain = await makeDraft(env, account, 'paper', cardDocument(account, none === undefined ? {} : { down_payment_cents: none }))
      expect(plain.payment.down_payment).toBeNull()
      expect(sum(plain)).toBe(300_000)
    }
    // The largest: a cent for each installment.
    const largest = await makeDraft(env, account, 'paper', cardDocument(account, { down_payment_cents: 299_997 }))
    expect(largest.payment.schedule.map((entry) => entry.amount_cents)).toEqual([1, 1, 1])
  })

  it('refuses one that leaves less than a cent per installment, or is not whole cents, naming the field, and writes nothing', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const before = await snapshotDatabase(env.db)
    for (const value of [299_998, 300_000, 400_000, -1, 1.5, '100']) {
      const response = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: account.auth, payload: proposalBody(account, customer, cardDocument(account, { down_payment_cents: value })) })
      const problem = expectProblem(response, 422, 'validation_failed')
      expect(errorPaths(problem), String(value)).toEqual(['/down_payment_cents'])
    }
    // The message says how much is allowed.
    const tooLarge = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: account.auth, payload: proposalBody(account, customer, cardDocument(account, { down_payment_cents: 300_000 })) })
    expect(tooLarge.body).toContain('at most 299997 of the total of 300000')
    // A broken item is blamed alone, not the down payment its broken total would refuse.
    const brokenItem = await env.app.inject({
      method: 'POST', url: '/api/v1/proposals', headers: account.auth,
      payload: proposalBody(account, customer, cardDocument(account, { down_payment_cents: 100_000, items: [{ product_id: 999_999_999, quantity: 1 }] })),
    })
    expect(errorPaths(expectProblem(brokenItem, 422, 'validation_failed'))).toEqual(['/items/0/product_id'])
    // So is a count of installments the method refuses (PIX: one).
    const tooMany = await env.app.inject({
      method: 'POST', url: '/api/v1/proposals', headers: account.auth,
      payload: proposalBody(account, customer, cardDocument(account, { payment_method_id: account.paymentMethods.pix.id, down_payment_cents: 299_999 })),
    })
    expect(errorPaths(expectProblem(tooMany, 422, 'validation_failed'))).toEqual(['/installments'])
    expect(await snapshotDatabase(env.db)).toEqual(before)
  })

  it('is kept, replaced or removed by a PATCH, and a PATCH that lowers the total below it is refused', async () => {
    const account = await makeAccount(env)
    const draft = await makeDraft(env, account, 'paper', cardDocument(account, { down_payment_cents: 100_000 }))
    const kept = await patch(env, account, draft.id, { title: 'Revisão' })
    expect(kept.statusCode, kept.body).toBe(200)
    expect(kept.json<ProposalDetail>().payment.down_payment?.amount_cents).toBe(100_000)

    // One item less R$ 499,99 of discount: R$ 1.000,01, too little for R$ 1.000,00 down and 3 installments.
    const before = await snapshotDatabase(env.db)
    const lowered = await patch(env, account, draft.id, { items: [{ product_id: account.products.main.id, quantity: 1, discount_cents: 49_999 }] })
    expect(errorPaths(expectProblem(lowered, 422, 'validation_failed'))).toEqual(['/down_payment_cents'])
    expect(await snapshotDatabase(env.db)).toEqual(before)
    const both = await patch(env, account, draft.id, { items: [{ product_id: account.products.main.id, quantity: 1, discount_cents: 49_999 }], down_payment_cents: 40_000 })
    expect(both.statusCode, both.body).toBe(200)
    expect(both.json<ProposalDetail>().payment).toMatchObject({ down_payment: { amount_cents: 40_000 }, installment_amount_cents: 20_000 })

    for (const none of [null, 0]) {
      await patch(env, account, draft.id, { down_payment_cents: 40_000 })
      const removed = await patch(env, account, draft.id, { down_payment_cents: none })
      expect(removed.statusCode, removed.body).toBe(200)
      expect(removed.json<ProposalDetail>().payment.down_payment).toBeNull()
      expect(sum(removed.json<ProposalDetail>())).toBe(100_001)
    }
  })

  it('is due on the signing day, the next banking day when the method says so', async () => {
    const account = await makeAccount(env)
    const dated = async (dueOnBusinessDays: boolean) => {
      await env.db.updateTable('payment_methods').set({ due_on_business_days: dueOnBusinessDays }).where('id', '=', account.paymentMethods.card.id).execute()
      const draft = await makeDraft(env, account, 'paper', cardDocument(account, { down_payment_cents: 100_000, payment_terms: { first_due_days: 30, installment_interval_days: 30 } }))
      await postOk(env, account, `${draft.id}/send`)
      return postOk(env, account, `${draft.id}/mark-signed`, {})
    }
    // Signed on Saturday 5 December 2026: due that day, or on Monday the 7th.
    const asCounted = await dated(false)
    expect(asCounted.payment.down_payment).toEqual({ amount_cents: 100_000, due_in_days: 0, due_date: '2026-12-05' })
    expect(asCounted.payment.schedule.map((entry) => entry.due_date)).toEqual(['2027-01-04', '2027-02-03', '2027-03-05'])
    const onBankingDay = await dated(true)
    expect(onBankingDay.payment.down_payment?.due_date).toBe('2026-12-07')
  })

  it("is stated on the document's page, in templates and in the PDF", async () => {
    const account = await makeAccount(env)
    const { agent } = await signedInUser(env, { account })
    const template = await createTemplate(env.db, env.clock, account.id, {
      name: 'Com entrada',
      body: '{% if payment.down_payment %}Entrada de {{ payment.down_payment }} ({{ payment.down_payment_cents }}){% else %}Sem entrada ({{ payment.down_payment_cents }}){% endif %}',
    })
    const draft = await makeDraft(env, account, 'paper', cardDocument(account, { template_id: template.id, down_payment_cents: 100_000 }))
    expect(await renderProposalHtml(env.db, account.id, draft.id, { now: env.clock.now() })).toBe('Entrada de R$\u00a01.000,00 (100000)')
    const plain = await makeDraft(env, account, 'paper', cardDocument(account, { template_id: template.id }))
    expect(await renderProposalHtml(env.db, account.id, plain.id, { now: env.clock.now() })).toBe('Sem entrada (0)')

    const page = await agent.get(`/proposals/${draft.id}/edit`)
    expect(page.body).toMatch(/<td>Entrada<\/td><td>Na assinatura<\/td><td class="num">R\$\s1\.000,00<\/td>/)
    expect(page.body).toMatch(/<td>1\/3<\/td><td>Na assinatura<\/td><td class="num">R\$\s666,68<\/td>/)

    const withLayout = await makeDraft(env, account, 'paper', cardDocument(account, { down_payment_cents: 100_000 }))
    const text = (await pdfText((await buildOriginalPdf(env.db, account.id, withLayout.id, { now: env.clock.now() }))!.bytes)).replace(/\u00a0/g, ' ')
    expect(text).toContain('Entrada e o restante em 3 parcelas')
    expect(text).toContain('Entrada: R$ 1.000,00 — na assinatura')
    expect(text).toContain('1ª parcela: R$ 666,68')
  })
}, { clock })
