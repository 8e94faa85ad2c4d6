// The document form warns beside a down payment when the chosen template shows the installments but
// never the down payment (template-review.ts): drawn by the server for the values as they are, on
// both databases, and kept current by the form's script in Chromium as either field changes.
import { describe, expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { createTemplate } from '../../src/modules/catalog/catalog-admin.js'
import { makeDraft } from '../lifecycle/lifecycle-fixtures.js'
import { chromiumAvailable, suiteBrowserHarness, watchProblems } from '../support/browser.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, type TestAccount } from '../support/factories.js'
import type { TestApp } from '../support/test-app.js'
import { signedInPage, signedInUser } from '../support/web-login.js'

const hint = t.proposals.form.templateOmitsDownPayment

/** One template that prints "3x de …" alone, one that also states the down payment. */
async function templates(env: TestApp, account: TestAccount) {
  const omitting = await createTemplate(env.db, env.clock, account.id, { name: 'Só parcelas', body: '<p>{{ payment.installments }}x de {{ payment.installment_amount }}</p>' })
  const stating = await createTemplate(env.db, env.clock, account.id, {
    name: 'Com entrada',
    body: '<p>{% if payment.down_payment %}Entrada de {{ payment.down_payment }} e {% endif %}{{ payment.installments }}x de {{ payment.installment_amount }}</p>',
  })
  return { omitting, stating }
}

/** The hint's element as drawn: whether it is hidden, and the templates it names. */
function drawnHint(body: string) {
  const tag = /<p[^>]*data-down-payment-template-hint[^>]*>/.exec(body)?.[0] ?? ''
  return { present: tag !== '', hidden: / hidden(=""|\b)/.test(tag), templates: /data-templates="([^"]*)"/.exec(tag)?.[1] ?? '' }
}

describeEachDialect('the document form, a down payment and a template that omits it', (env) => {
  it('draws the warning for a draft with a down payment whose template omits it, and not otherwise', async () => {
    const { agent, account } = await signedInUser(env, { role: 'member' })
    const { omitting, stating } = await templates(env, account)
    const card = { payment_method_id: account.paymentMethods.card.id, installments: 3, items: [{ product_id: account.products.main.id, quantity: 2 }] }
    const withDown = await makeDraft(env, account, 'paper', { ...card, template_id: omitting.id, down_payment_cents: 50_000 })
    const page = (await agent.get(`/proposals/${withDown.id}/edit`)).body
    expect(drawnHint(page)).toEqual({ present: true, hidden: false, templates: String(omitting.id) })
    expect(page).toContain(hint)
    for (const overrides of [{ template_id: stating.id, down_payment_cents: 50_000 }, { template_id: omitting.id }]) {
      const draft = await makeDraft(env, account, 'paper', { ...card, ...overrides })
      expect(drawnHint((await agent.get(`/proposals/${draft.id}/edit`)).body), JSON.stringify(overrides)).toMatchObject({ present: true, hidden: true })
    }
    // A blank new form: nothing chosen, nothing said; another account's templates never listed.
    const stranger = await makeAccount(env)
    await templates(env, stranger)
    const blank = drawnHint((await agent.get('/proposals/new')).body)
    expect(blank).toEqual({ present: true, hidden: true, templates: String(omitting.id) })
  })
})

describe.skipIf(!chromiumAvailable('proposal-form-template-hint'))('the warning in Chromium', () => {
  const harness = suiteBrowserHarness()

  it('appears and goes as the template and the down payment change', async () => {
    const { page, env, account, pageErrors } = await signedInPage(harness())
    const problems: string[] = []
    watchProblems(page, problems)
    const { omitting, stating } = await templates(env, account)
    await page.goto(`${harness().baseUrl}/proposals/new`)
    const warning = page.locator('[data-down-payment-template-hint]')
    expect(await warning.isVisible()).toBe(false)
    await page.selectOption('[name="template_id"]', String(omitting.id))
    expect(await warning.isVisible()).toBe(false)
    // A down payment needs a total to be shown: one item of the R$ 1.500,00 product.
    await page.selectOption('[name="items[0][product_id]"]', String(account.products.main.id))
    await page.fill('[name="items[0][quantity]"]', '1')
    await page.fill('[name="down_payment"]', '300,00')
    await expect.poll(() => warning.isVisible()).toBe(true)
    expect(await warning.textContent()).toBe(hint)
    await page.selectOption('[name="template_id"]', String(stating.id))
    await expect.poll(() => warning.isVisible()).toBe(false)
    await page.selectOption('[name="template_id"]', String(omitting.id))
    await expect.poll(() => warning.isVisible()).toBe(true)
    await page.fill('[name="down_payment"]', '')
    await expect.poll(() => warning.isVisible()).toBe(false)
    expect(problems).toEqual([])
    expect(pageErrors).toEqual([])
  })
})
