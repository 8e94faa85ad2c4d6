// The document form's earlier signers in Chromium (signer-suggestions.js): choosing a customer
// offers the signers of its documents before; a click fills the first empty signer row, then a new
// row; a person already in the form is only focused; another customer replaces the offer; the
// filled form creates the document with those signers, under the page's strict policy; and a typed
// customer code (an account with too many customers for a list) asks the same way.
import { describe, expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { chromiumAvailable, suiteBrowserHarness, watchProblems } from '../support/browser.js'
import { validCpf } from '../support/documents.js'
import { makeCustomer, makeProposal } from '../support/factories.js'
import { allCustomerSearchKeys } from '../../src/modules/customers/customer-search-keys.js'
import { CUSTOMER_PICKER_LIMIT } from '../../src/modules/proposals/proposal-form-options.js'
import { signedInPage } from '../support/web-login.js'

const r = t.proposals.form.recentSigners

describe.skipIf(!chromiumAvailable('signer-suggestions-browser'))('Earlier signers in the document form, in Chromium', () => {
  const harness = suiteBrowserHarness()

  it("fills signer rows from the customer's earlier signers and creates the document with them", async () => {
    const { page, env, account } = await signedInPage(harness())
    const problems: string[] = []
    watchProblems(page, problems)
    const customer = await makeCustomer(env, account, { name: 'Padaria Pão Quente Ltda' })
    const fresh = await makeCustomer(env, account, { name: 'Cliente Novo Ltda' })
    const cpf = validCpf()
    await makeProposal(env, account, customer, {
      signature_type: 'digital',
      signers: [
        { name: 'Maria Souza', email: 'maria@paoquente.test', cpf, phone: '(11) 98888-7777', role_id: account.roles.party.id, authentication: 'email_code' },
        { name: 'João Lima', email: 'joao@paoquente.test', role_id: account.roles.witness.id },
        { name: 'Ana Reis', email: 'ana@paoquente.test', role_id: account.roles.witness.id },
      ],
    })

    await page.goto(`${harness().baseUrl}/proposals/new`)
    const suggestions = page.locator('[data-signer-suggestion]')
    const rows = page.locator('[data-rows="signers"] > [data-row]')
    expect(await rows.count()).toBe(2)
    // Digital: the e-mail code is copied with the person (a paper document leaves it off, below).
    await page.locator('#field-signature_type').selectOption('digital')
    await page.locator('#field-customer').selectOption(String(customer.id))
    await expect.poll(() => suggestions.count()).toBe(3)
    expect(await page.locator('[data-signer-suggestions]').textContent()).toContain(r.title)

    await suggestions.filter({ hasText: 'Maria Souza' }).click()
    expect(await page.locator('#field-signers-0-name').inputValue()).toBe('Maria Souza')
    expect(await page.locator('#field-signers-0-email').inputValue()).toBe('maria@paoquente.test')
    expect((await page.locator('#field-signers-0-cpf').inputValue()).replace(/\D/g, '')).toBe(cpf)
    expect(await page.locator('#field-signers-0-phone').inputValue()).toBe('(11) 98888-7777')
    expect(await page.locator('#field-signers-0-role_id').inputValue()).toBe(String(account.roles.party.id))
    expect(await page.locator('#field-signers-0-email_code').isChecked()).toBe(true)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('signers[0][name]')

    await suggestions.filter({ hasText: 'João Lima' }).click()
    expect(await page.locator('#field-signers-1-email').inputValue()).toBe('joao@paoquente.test')
    expect(await page.locator('#field-signers-1-role_id').inputValue()).toBe(String(account.roles.witness.id))
    expect(await page.locator('#field-signers-1-email_code').isChecked()).toBe(false)
    // No empty row left: a new one.
    await suggestions.filter({ hasText: 'Ana Reis' }).click()
    expect(await rows.count()).toBe(3)
    expect(await rows.nth(2).locator('[name$="[email]"]').inputValue()).toBe('ana@paoquente.test')
    // Already in the form: focused, not added twice.
    await suggestions.filter({ hasText: 'Maria Souza' }).click()
    expect(await rows.count()).toBe(3)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('signers[0][name]')

    // Another customer, without documents: nothing offered; back to the first: offered again.
    await page.locator('#field-customer').selectOption(String(fresh.id))
    await expect.poll(() => suggestions.count()).toBe(0)
    await page.locator('#field-customer').selectOption(String(customer.id))
    await expect.poll(() => suggestions.count()).toBe(3)

    await page.locator('#field-template_id').selectOption(String(account.template.id))
    await page.locator('#field-payment_method_id').selectOption(String(account.paymentMethods.pix.id))
    await page.locator('#field-items-0-product_id').selectOption(String(account.products.main.id))
    await page.locator('#field-items-0-quantity').fill('1')
    await page.getByRole('button', { name: t.proposals.form.create }).click()
    await page.waitForURL(/\/proposals\/\d+\/edit$/)
    const id = Number(/\/proposals\/(\d+)\/edit$/.exec(page.url())![1])
    const signers = await env.db.selectFrom('proposal_signers').select(['name', 'email', 'cpf', 'phone', 'role_id', 'authentication']).where('proposal_id', '=', id).orderBy('signing_order').execute()
    expect(signers).toEqual([
      { name: 'Maria Souza', email: 'maria@paoquente.test', cpf, phone: '(11) 98888-7777', role_id: account.roles.party.id, authentication: 'email_code' },
      { name: 'João Lima', email: 'joao@paoquente.test', cpf: null, phone: null, role_id: account.roles.witness.id, authentication: 'link' },
      { name: 'Ana Reis', email: 'ana@paoquente.test', cpf: null, phone: null, role_id: account.roles.witness.id, authentication: 'link' },
    ])
    expect(problems).toEqual([])
  })

  it('asks by the typed code when the account has too many customers for a list, and leaves the e-mail code off a paper document', async () => {
    const { page, env, account } = await signedInPage(harness())
    const problems: string[] = []
    watchProblems(page, problems)
    const now = new Date().toISOString()
    await env.db
      .insertInto('customers')
      .values(Array.from({ length: CUSTOMER_PICKER_LIMIT + 1 }, (_, index) => {
        const fields = { code: `M${account.id}-${index}`, name: `Cliente em massa ${index}`, trade_name: null }
        return { account_id: account.id, ...fields, ...allCustomerSearchKeys(fields), created_at: now, updated_at: now }
      }))
      .execute()
    const customer = await makeCustomer(env, account)
    await makeProposal(env, account, customer, { signature_type: 'digital', signers: [{ name: 'Rui Barbosa', email: 'rui@cliente.test', role_id: account.roles.party.id, authentication: 'email_code' }] })

    await page.goto(`${harness().baseUrl}/proposals/new`)
    const suggestions = page.locator('[data-signer-suggestion]')
    await page.locator('#field-customer').fill(customer.code!)
    await page.locator('#field-customer').press('Tab')
    await expect.poll(() => suggestions.count()).toBe(1)
    await page.locator('#field-signature_type').selectOption('paper')
    await suggestions.first().click()
    expect(await page.locator('#field-signers-0-email').inputValue()).toBe('rui@cliente.test')
    expect(await page.locator('#field-signers-0-email_code').isChecked()).toBe(false)
    // A code nobody has: nothing offered.
    await page.locator('#field-customer').fill('NINGUEM-000')
    await page.locator('#field-customer').press('Tab')
    await expect.poll(() => suggestions.count()).toBe(0)
    expect(problems).toEqual([])
  })
})
