// Payment terms (catalog/manage-payment-methods.ts, proposals/payment-schedule.ts) through the API
// on both databases: the method's terms in the registration data, copied onto each document when
// its content is written, kept by a sent or signed one whatever the method becomes, and dated from
// the signing day in the account's time zone; the rendered document and the document's page state
// the same days.
import { expect, it } from 'vitest'
import { createTemplate } from '../../src/modules/catalog/catalog-admin.js'
import { createProposal, type CreateProposalInput } from '../../src/modules/proposals/create-proposal.js'
import type { AppError } from '../../src/platform/errors.js'
import { savePaymentMethod } from '../../src/modules/catalog/manage-payment-methods.js'
import type { RegistrationData } from '../../src/modules/catalog/registration-data.js'
import type { ProposalDetail } from '../../src/modules/proposals/proposal-mapper.js'
import { renderProposalHtml } from '../../src/modules/rendering/render-proposal.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, proposalBody, type TestAccount } from '../support/factories.js'
import { errorPaths, expectProblem } from '../support/http.js'
import { snapshotDatabase } from '../support/snapshot.js'
import { makeDraft, postOk } from '../lifecycle/lifecycle-fixtures.js'
import { ManualClock } from '../support/manual-clock.js'
import type { TestApp } from '../support/test-app.js'
import { signedInUser } from '../support/web-login.js'

/** Gives the account's card method new terms, through the registration screens' module. */
async function setCardTerms(env: TestApp, account: TestAccount, firstDueDays: number, intervalDays: number, dueOnBusinessDays = false): Promise<void> {
  const { card } = account.paymentMethods
  const saved = await savePaymentMethod(env.db, env.clock, account.id, card.id, {
    name: card.name,
    kind: 'credit_card',
    max_installments: String(card.max_installments),
    first_due_days: String(firstDueDays),
    installment_interval_days: String(intervalDays),
    due_on_business_days: dueOnBusinessDays,
    active: true,
  })
  expect(saved).toEqual({ ok: true, id: card.id })
}

/** What each installment is due in, from the detail. */
const dueDays = (detail: ProposalDetail) => detail.payment.schedule.map((entry) => entry.due_in_days)

// 1 March 2028, 02:30 UTC: still 29 February (a leap day) in São Paulo, already 1 March in Tokyo.
// Every document of this file is sent and signed at this instant.
const clock = new ManualClock('2028-03-01T02:30:00.000Z')

describeEachDialect('Payment terms', (env) => {
  it("lists each method's terms in the registration data", async () => {
    const account = await makeAccount(env)
    await setCardTerms(env, account, 28, 15)
    const response = await env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: account.auth })
    expect(response.statusCode).toBe(200)
    const methods = response.json<RegistrationData>().payment_methods
    expect(methods.find((method) => method.id === account.paymentMethods.card.id)).toMatchObject({ first_due_days: 28, installment_interval_days: 15 })
    expect(methods.find((method) => method.id === account.paymentMethods.pix.id)).toMatchObject({ first_due_days: 0, installment_interval_days: 30 })
  })

  it('copies the terms onto the document; a draft takes the current ones when it is saved, a sent one keeps its own', async () => {
    const account = await makeAccount(env)
    await setCardTerms(env, account, 28, 15)
    const draft = await makeDraft(env, account, 'paper', { payment_method_id: account.paymentMethods.card.id, installments: 3 })
    expect(draft.payment).toMatchObject({ first_due_days: 28, installment_interval_days: 15 })
    expect(draft.payment.schedule).toEqual([
      expect.objectContaining({ number: 1, due_in_days: 28, due_date: null }),
      expect.objectContaining({ number: 2, due_in_days: 43, due_date: null }),
      expect.objectContaining({ number: 3, due_in_days: 58, due_date: null }),
    ])

    // The method changes: the stored document does not, until its content is written again.
    await setCardTerms(env, account, 10, 30)
    const read = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${draft.id}`, headers: account.auth })
    expect(dueDays(read.json<ProposalDetail>())).toEqual([28, 43, 58])
    const patched = await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${draft.id}`, headers: account.auth, payload: { title: 'Com as condições novas' } })
    expect(patched.statusCode, patched.body).toBe(200)
    expect(dueDays(patched.json<ProposalDetail>())).toEqual([10, 40, 70])

    // Sent, it is frozen: a later change of the method leaves its terms as they were printed.
    const sent = await postOk(env, account, `${draft.id}/send`)
    await setCardTerms(env, account, 0, 7)
    const signed = await postOk(env, account, `${sent.id}/mark-signed`, {})
    expect(signed.payment).toMatchObject({ first_due_days: 10, installment_interval_days: 30 })
    expect(dueDays(signed)).toEqual([10, 40, 70])
  })

  it("takes terms negotiated for one document, keeps them through later writes and a new method, and goes back to the method's on null", async () => {
    const account = await makeAccount(env)
    await setCardTerms(env, account, 30, 30)
    const own = { first_due_days: 28, installment_interval_days: 28 }
    const draft = await makeDraft(env, account, 'paper', { payment_method_id: account.paymentMethods.card.id, installments: 3, payment_terms: own })
    expect(draft.payment).toMatchObject({ ...own, custom_terms: true })
    expect(dueDays(draft)).toEqual([28, 56, 84])
    // Created without: the method's, marked as such.
    const plain = await makeDraft(env, account, 'paper', { payment_method_id: account.paymentMethods.card.id, installments: 2 })
    expect(plain.payment).toMatchObject({ first_due_days: 30, installment_interval_days: 30, custom_terms: false })

    const patch = async (payload: object) => {
      const response = await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${draft.id}`, headers: account.auth, payload })
      expect(response.statusCode, response.body).toBe(200)
      return response.json<ProposalDetail>()
    }
    // The method changes, the document is written again: its own terms stay.
    await setCardTerms(env, account, 10, 15)
    expect((await patch({ title: 'Revisão 2' })).payment).toMatchObject({ ...own, custom_terms: true })
    // Another method: still its own.
    const pix = await patch({ payment_method_id: account.paymentMethods.pix.id, installments: 1 })
    expect(pix.payment).toMatchObject({ method: { id: account.paymentMethods.pix.id }, ...own, custom_terms: true })
    // New terms replace them; null gives the method's back, as they are now.
    expect(dueDays(await patch({ payment_method_id: account.paymentMethods.card.id, installments: 3, payment_terms: { first_due_days: 0, installment_interval_days: 7 } }))).toEqual([0, 7, 14])
    const back = await patch({ payment_terms: null })
    expect(back.payment).toMatchObject({ first_due_days: 10, installment_interval_days: 15, custom_terms: false })
    expect(dueDays(back)).toEqual([10, 25, 40])

    // Sent, they are frozen with the rest.
    const own2 = await patch({ payment_terms: { first_due_days: 45, installment_interval_days: 30 } })
    expect(own2.payment.custom_terms).toBe(true)
    const sent = await postOk(env, account, `${draft.id}/send`)
    expect(sent.payment).toMatchObject({ first_due_days: 45, installment_interval_days: 30, custom_terms: true })
    const refused = await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${draft.id}`, headers: account.auth, payload: { payment_terms: null } })
    expect(refused.statusCode).toBe(409)
  })

  it('refuses terms out of their bounds, incomplete or with unknown fields, naming the field, and writes nothing', async () => {
    const account = await makeAccount(env)
    const draft = await makeDraft(env, account, 'paper', { payment_method_id: account.paymentMethods.card.id })
    const customer = await makeCustomer(env, account)
    const before = await snapshotDatabase(env.db)
    const cases: Array<[unknown, string]> = [
      [{ first_due_days: -1, installment_interval_days: 30 }, '/payment_terms/first_due_days'],
      [{ first_due_days: 366, installment_interval_days: 30 }, '/payment_terms/first_due_days'],
      [{ first_due_days: 0, installment_interval_days: 0 }, '/payment_terms/installment_interval_days'],
      [{ first_due_days: 1.5, installment_interval_days: 30 }, '/payment_terms/first_due_days'],
      [{ first_due_days: 30 }, '/payment_terms'],
      [{ first_due_days: 30, installment_interval_days: 30, business_days: true }, '/payment_terms'],
      ['30/60', '/payment_terms'],
    ]
    for (const [terms, pointer] of cases) {
      for (const [method, url, body] of [
        ['POST', '/api/v1/proposals', proposalBody(account, customer, { payment_terms: terms })],
        ['PATCH', `/api/v1/proposals/${draft.id}`, { payment_terms: terms }],
      ] as const) {
        const response = await env.app.inject({ method, url, headers: account.auth, payload: body })
        const fields = errorPaths(expectProblem(response, 422, 'validation_failed'))
        expect(fields.some((field) => field.startsWith(pointer)), `${method} ${JSON.stringify(terms)}: ${fields.join(', ')}`).toBe(true)
      }
    }
    expect(await snapshotDatabase(env.db)).toEqual(before)

    // The module checks them too, whoever calls it (the API's schema and the form refuse them first).
    const direct = createProposal(env.db, { accountId: account.id, timeZone: 'America/Sao_Paulo', clock: env.clock, via: 'web', actor: { type: 'system', id: null, name: 'teste' } }, {
      ...(proposalBody(account, customer) as unknown as CreateProposalInput),
      payment_terms: { first_due_days: 400, installment_interval_days: 0 },
    })
    await expect(direct).rejects.toMatchObject({ code: 'validation_failed' })
    const fields = await direct.catch((error: AppError) => (error.extras.errors ?? []).map((entry) => entry.path))
    expect(fields).toEqual(['/payment_terms/first_due_days', '/payment_terms/installment_interval_days'])
    expect(await snapshotDatabase(env.db)).toEqual(before)
  })

  it("dates a signed document's installments from the signing day in the account's time zone", async () => {
    const expectations = { 'America/Sao_Paulo': ['2028-03-30', '2028-04-30'], 'Asia/Tokyo': ['2028-03-31', '2028-05-01'] }
    for (const [timeZone, expected] of Object.entries(expectations)) {
      const account = await makeAccount(env, { timeZone })
      await setCardTerms(env, account, 30, 31)
      const draft = await makeDraft(env, account, 'paper', { payment_method_id: account.paymentMethods.card.id, installments: 2 })
      const sent = await postOk(env, account, `${draft.id}/send`)
      expect(sent.payment.schedule.map((entry) => entry.due_date)).toEqual([null, null])
      const signed = await postOk(env, account, `${sent.id}/mark-signed`, {})
      expect(signed.signed_at).toBe(clock.now().toISOString())
      expect(signed.payment.schedule.map((entry) => entry.due_date), timeZone).toEqual(expected)
      // The same dates on every later read.
      const read = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${signed.external_uuid}`, headers: account.auth })
      expect(read.json<ProposalDetail>().payment.schedule.map((entry) => entry.due_date)).toEqual(expected)
    }
  })

  it("moves a signed document's dates to banking days when its method says so, whoever set the days; the method's later change moves none", async () => {
    const account = await makeAccount(env)
    await setCardTerms(env, account, 30, 30, true)
    const listed = await env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: account.auth })
    const methods = listed.json<RegistrationData>().payment_methods
    expect(methods.find((method) => method.id === account.paymentMethods.card.id)).toMatchObject({ due_on_business_days: true })
    expect(methods.find((method) => method.id === account.paymentMethods.pix.id)).toMatchObject({ due_on_business_days: false })

    // Days negotiated for the document: the method still decides whether a date moves.
    const draft = await makeDraft(env, account, 'paper', {
      payment_method_id: account.paymentMethods.card.id, installments: 3, payment_terms: { first_due_days: 0, installment_interval_days: 45 },
    })
    expect(draft.payment).toMatchObject({ custom_terms: true, due_on_business_days: true })
    await postOk(env, account, `${draft.id}/send`)
    // Sent, the document keeps the rule it was written with.
    await setCardTerms(env, account, 30, 30, false)
    const signed = await postOk(env, account, `${draft.id}/mark-signed`, {})
    // Signed on 29 February 2028 in São Paulo, Carnival's Tuesday: due then, on Good Friday
    // (14 April) and on a Monday; the first two move to the next banking day, their days stay.
    expect(signed.payment.due_on_business_days).toBe(true)
    expect(signed.payment.schedule.map((entry) => [entry.due_in_days, entry.due_date])).toEqual([[0, '2028-03-01'], [45, '2028-04-17'], [90, '2028-05-29']])

    // A draft written now takes the method's new choice: the dates as counted.
    const plain = await makeDraft(env, account, 'paper', { payment_method_id: account.paymentMethods.card.id, installments: 3, payment_terms: { first_due_days: 0, installment_interval_days: 45 } })
    expect(plain.payment.due_on_business_days).toBe(false)
    await postOk(env, account, `${plain.id}/send`)
    const counted = await postOk(env, account, `${plain.id}/mark-signed`, {})
    expect(counted.payment.schedule.map((entry) => entry.due_date)).toEqual(['2028-02-29', '2028-04-14', '2028-05-29'])
  })

  it("shows the schedule on the document's page: days after the signature, then the dates once signed", async () => {
    const account = await makeAccount(env)
    const { agent } = await signedInUser(env, { account })
    await setCardTerms(env, account, 1, 30)
    const draft = await makeDraft(env, account, 'paper', { payment_method_id: account.paymentMethods.card.id, installments: 2 })
    const draftPage = await agent.get(`/proposals/${draft.id}/edit`)
    expect(draftPage.statusCode).toBe(200)
    expect(draftPage.body).toContain('<td>1 dia após a assinatura</td>')
    expect(draftPage.body).toContain('<td>31 dias após a assinatura</td>')

    await postOk(env, account, `${draft.id}/send`)
    const signed = await postOk(env, account, `${draft.id}/mark-signed`, {})
    const signedPage = await agent.get(`/proposals/${draft.id}/edit`)
    expect(signed.signed_at).toBe(clock.now().toISOString())
    // Signed on 29 February in São Paulo: due 1 and 31 March.
    expect(signedPage.body).toContain('<td>1/2</td><td>01/03/2028</td>')
    expect(signedPage.body).toContain('<td>2/2</td><td>31/03/2028</td>')
    expect(signedPage.body).not.toContain('após a assinatura</td>')
    expect(signedPage.body).not.toContain('próximo dia útil')

    // A method due on banking days: its document's page says so, and its dates moved.
    await setCardTerms(env, account, 45, 30, true)
    const moved = await makeDraft(env, account, 'paper', { payment_method_id: account.paymentMethods.card.id, installments: 1 })
    await postOk(env, account, `${moved.id}/send`)
    await postOk(env, account, `${moved.id}/mark-signed`, {})
    const movedPage = await agent.get(`/proposals/${moved.id}/edit`)
    expect(movedPage.body).toContain('Vencimentos em sábado, domingo ou feriado nacional passam para o próximo dia útil.')
    // 45 days after 29 February 2028 is Good Friday: due the Monday after.
    expect(movedPage.body).toContain('<td>1/1</td><td>17/04/2028</td>')
  })

  it('gives templates the document’s terms and each installment’s days', async () => {
    const account = await makeAccount(env)
    await setCardTerms(env, account, 28, 15)
    const template = await createTemplate(env.db, env.clock, account.id, {
      name: 'Com vencimentos',
      body: '{{ payment.first_due_days }}/{{ payment.installment_interval_days }}:{% for installment in payment.schedule %} {{ installment.number }}@{{ installment.due_in_days }}{% endfor %}'
        + '{% if payment.due_on_business_days %} em dia útil{% endif %}',
    })
    const draft = await makeDraft(env, account, 'paper', { template_id: template.id, payment_method_id: account.paymentMethods.card.id, installments: 3 })
    expect(await renderProposalHtml(env.db, account.id, draft.id, { now: env.clock.now() })).toBe('28/15: 1@28 2@43 3@58')
    await setCardTerms(env, account, 28, 15, true)
    const onBankingDays = await makeDraft(env, account, 'paper', { template_id: template.id, payment_method_id: account.paymentMethods.card.id, installments: 3 })
    expect(await renderProposalHtml(env.db, account.id, onBankingDays.id, { now: env.clock.now() })).toBe('28/15: 1@28 2@43 3@58 em dia útil')
  })
}, { clock })
