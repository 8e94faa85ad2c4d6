// The Documentos screens through app.inject on both databases: the list and its filters, creating
// a document with item and signer rows, field errors on the right row, editing a draft, the
// read-only non-draft, tenant isolation (404 like a missing id), escaping and CSRF.
import { allCustomerSearchKeys } from '../../src/modules/customers/customer-search-keys.js'
import { productSearchKeys } from '../../src/modules/catalog/product-search-keys.js'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../../src/modules/accounts/users.js'
import { systemClock } from '../../src/platform/clock.js'
import { centsToInput, formatMoney } from '../../src/http/web/format.js'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { type BrowserHarness, chromiumAvailable, startBrowserHarness } from '../support/browser.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, makeProposal, proposalBody, type TestAccount } from '../support/factories.js'
import type { TestApp } from '../support/test-app.js'
import { ManualClock } from '../support/manual-clock.js'
import { csrfTokenIn } from '../support/web-agent.js'
import { signedInUser, WEB_PASSWORD } from '../support/web-login.js'

/** The text of the error shown under the control with this element id. */
function errorUnder(html: string, id: string): string | undefined {
  return new RegExp(`id="${id}-error">([^<]*)<`).exec(html)?.[1]
}

/** The titles of the list's rows, in order. */
function listedTitles(html: string, titles: string[]): string[] {
  return titles.filter((title) => html.includes(`<td>${title}</td>`)).sort((a, b) => html.indexOf(`<td>${a}</td>`) - html.indexOf(`<td>${b}</td>`))
}

async function proposalCount(env: TestApp, accountId: number): Promise<number> {
  const rows = await env.db.selectFrom('proposals').select('id').where('account_id', '=', accountId).execute()
  return rows.length
}

/** A complete form: two catalogue items (the second with a discount) and two signers. */
function creationForm(account: TestAccount, customerId: number, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    title: 'Implantação Acme',
    customer_id: String(customerId),
    template_id: String(account.template.id),
    seller_id: String(account.otherSeller.id),
    signature_type: 'digital',
    payment_method_id: String(account.paymentMethods.card.id),
    installments: '3',
    valid_until: '2026-12-31',
    notes: 'Entrega em 30 dias',
    external_reference: '',
    'items[0][product_id]': String(account.products.main.id),
    'items[0][quantity]': '2',
    'items[0][unit_price]': '',
    'items[0][discount]': '',
    'items[1][product_id]': String(account.products.service.id),
    'items[1][quantity]': '3',
    'items[1][unit_price]': '123,45',
    'items[1][discount]': '10,00',
    'items[2][product_id]': '',
    'items[2][quantity]': '1',
    'signers[0][name]': 'Maria Souza',
    'signers[0][email]': 'maria@acme.test',
    'signers[0][cpf]': '',
    'signers[0][phone]': '',
    'signers[0][role_id]': String(account.roles.party.id),
    'signers[0][signing_order]': '1',
    'signers[3][name]': 'João Lima',
    'signers[3][email]': 'joao@acme.test',
    'signers[3][role_id]': String(account.roles.witness.id),
    'signers[3][signing_order]': '2',
    'fields[0][key]': 'prazo',
    'fields[0][value]': '30 dias',
    ...overrides,
  }
}

// 2 × 1.500,00 + 3 × 123,45 − 10,00
const SUBTOTAL = 300_000 + 37_035
const TOTAL = SUBTOTAL - 1_000

const clock = new ManualClock()

describeEachDialect('Documentos pages', (env) => {
  describe('list', () => {
    it('lists the account documents newest first with each filter, for members too', async () => {
      const { agent, account } = await signedInUser(env, { role: 'member' })
      const acme = await makeCustomer(env, account, { name: 'Acme Indústria Ltda', code: 'ACME-7' })
      const beta = await makeCustomer(env, account, { name: 'Beta Serviços' })
      clock.set('2026-05-10T15:00:00Z')
      const first = await makeProposal(env, account, acme, { title: 'Doc Alfa' })
      clock.set('2026-06-10T15:00:00Z')
      const second = await makeProposal(env, account, beta, { title: 'Doc Beta', seller_id: account.otherSeller.id })
      clock.set('2026-07-10T15:00:00Z')
      const third = await makeProposal(env, account, acme, { title: 'Doc Gama' })
      await env.db.updateTable('proposals').set({ status: 'signed' }).where('id', '=', third.id).execute()
      const stranger = await signedInUser(env)
      const foreignCustomer = await makeCustomer(env, stranger.account, { name: 'Acme Indústria Ltda' })
      await makeProposal(env, stranger.account, foreignCustomer, { title: 'Doc Alheio' })
      const titles = ['Doc Alfa', 'Doc Beta', 'Doc Gama', 'Doc Alheio']

      const list = await agent.get('/proposals')
      expect(list.statusCode).toBe(200)
      expect(listedTitles(list.body, titles)).toEqual(['Doc Gama', 'Doc Beta', 'Doc Alfa'])
      expect(list.body).toContain(`href="/proposals/${first.id}/edit">${first.number}</a>`)
      expect(list.body).toContain('<span class="badge status-signed">Assinado</span>')
      expect(list.body).toContain(formatMoney(150_000))
      expect(list.body).toContain('10/05/2026')
      expect(list.body).toContain(t.proposals.newDocument)
      expect(list.body).toContain('aria-current="page"')

      const filter = async (query: string) => listedTitles((await agent.get(`/proposals?${query}`)).body, titles)
      expect(await filter('status=signed')).toEqual(['Doc Gama'])
      expect(await filter('status=draft')).toEqual(['Doc Beta', 'Doc Alfa'])
      expect(await filter(`seller_id=${account.otherSeller.id}`)).toEqual(['Doc Beta'])
      expect(await filter('customer=acme')).toEqual(['Doc Gama', 'Doc Alfa'])
      expect(await filter('customer=ACME-7')).toEqual(['Doc Gama', 'Doc Alfa'])
      expect(await filter(`customer=${encodeURIComponent(acme.document!.slice(0, 8))}`)).toEqual(['Doc Gama', 'Doc Alfa'])
      expect(await filter(`customer_id=${beta.id}`)).toEqual(['Doc Beta'])
      expect(await filter(`customer_id=${foreignCustomer.id}`)).toEqual([])
      expect(await filter('from=2026-06-01&to=2026-06-30')).toEqual(['Doc Beta'])
      expect(await filter('from=2026-06-01')).toEqual(['Doc Gama', 'Doc Beta'])
      // The calendar's last day as the end: every document (its next day, in year 10000, once gave a 500 on PostgreSQL and nothing on SQLite).
      expect(await filter('to=9999-12-31')).toEqual(['Doc Gama', 'Doc Beta', 'Doc Alfa'])
      expect(await filter('status=bogus')).toEqual(['Doc Gama', 'Doc Beta', 'Doc Alfa'])
      // A period that is not one is an error next to its field (422), not a filter silently dropped.
      for (const [query, field, message] of [
        ['from=2026-02-30', 'from', t.dateFilters.invalidDate],
        ['from=not-a-date&to=2026-06-30', 'from', t.dateFilters.invalidDate],
        ['from=2026-06-30&to=2026-06-01', 'to', t.dateFilters.toBeforeFrom],
      ] as const) {
        const refused = await agent.get(`/proposals?${query}`)
        expect(refused.statusCode, query).toBe(422)
        expect(errorUnder(refused.body, `field-${field}`), query).toBe(message)
        expect(listedTitles(refused.body, titles), query).toEqual([])
        expect(refused.body).toContain(t.dateFilters.fixPeriod)
      }
      const empty = await agent.get('/proposals?status=expired')
      expect(empty.body).toContain(t.proposals.emptyFiltered)
      expect(empty.body).toContain('<option value="expired" selected')
    })
  })

  describe('create', () => {
    it('creates a document with two items and two signers, shown in the list and at its edit page', async () => {
      clock.set('2026-11-29T12:00:00Z')
      const { agent, account, user } = await signedInUser(env, { role: 'member' })
      const customer = await makeCustomer(env, account)

      const form = await agent.get(`/proposals/new?customer_id=${customer.id}`)
      expect(form.statusCode).toBe(200)
      expect(form.body).toMatch(new RegExp(`<option value="${customer.id}" selected`))
      expect(form.body).toContain(`data-price-cents="${account.products.main.price_cents}"`)
      expect(form.body).toContain('name="items[0][product_id]"')
      expect(form.body).toContain('<template data-row-template="items">')
      expect(form.body).toContain('/assets/proposal-form.js')

      const response = await agent.post('/proposals', { _csrf: csrfTokenIn(form.body), ...creationForm(account, customer.id, { 'signers[0][cpf]': '52998224725' }) })
      expect(response.statusCode, response.body).toBe(303)
      const proposal = await env.db.selectFrom('proposals').selectAll().where('account_id', '=', account.id).executeTakeFirstOrThrow()
      expect(response.headers.location).toBe(`/proposals/${proposal.id}/edit`)
      expect(proposal).toMatchObject({
        title: 'Implantação Acme',
        status: 'draft',
        customer_id: customer.id,
        seller_id: account.otherSeller.id,
        signature_type: 'digital',
        installments: 3,
        subtotal_cents: SUBTOTAL,
        discount_cents: 1_000,
        total_cents: TOTAL,
        created_via: 'web',
        created_by_user_id: user.id,
        api_token_id: null,
        valid_until: '2026-12-31',
        notes: 'Entrega em 30 dias',
      })
      expect(JSON.parse(proposal.fields_json)).toEqual({ prazo: '30 dias' })
      const items = await env.db.selectFrom('proposal_items').select(['product_id', 'quantity_milli', 'unit_price_cents', 'discount_cents', 'total_cents']).where('proposal_id', '=', proposal.id).orderBy('position').execute()
      expect(items).toEqual([
        { product_id: account.products.main.id, quantity_milli: 2000, unit_price_cents: 150_000, discount_cents: 0, total_cents: 300_000 },
        { product_id: account.products.service.id, quantity_milli: 3000, unit_price_cents: 12_345, discount_cents: 1_000, total_cents: 36_035 },
      ])
      const signers = await env.db.selectFrom('proposal_signers').select(['name', 'email', 'role_id', 'signing_order']).where('proposal_id', '=', proposal.id).orderBy('signing_order').execute()
      expect(signers).toEqual([
        { name: 'Maria Souza', email: 'maria@acme.test', role_id: account.roles.party.id, signing_order: 1 },
        { name: 'João Lima', email: 'joao@acme.test', role_id: account.roles.witness.id, signing_order: 2 },
      ])
      // Web creations do not count against the API quota.
      const usage = await env.db.selectFrom('api_usage_counters').select('creations').where('account_id', '=', account.id).execute()
      expect(usage.every((row) => row.creations === 0)).toBe(true)

      const edit = await agent.get(`/proposals/${proposal.id}/edit`)
      expect(edit.statusCode).toBe(200)
      expect(edit.body).toContain(t.proposals.created(proposal.number))
      expect(edit.body).toContain(t.proposals.editTitle(proposal.number))
      expect(edit.body).toContain(formatMoney(SUBTOTAL))
      expect(edit.body).toContain(`<dd data-stored-total="true">${formatMoney(TOTAL)}</dd>`)
      // 3.360,35 in three installments: the first carries the remainder cents.
      expect(edit.body).toContain(formatMoney(112_013))
      expect(edit.body).toContain(formatMoney(112_011))
      expect(edit.body).toContain(`href="/proposals/${proposal.id}/preview"`)
      // The CPF stored as digits is shown with its punctuation, as everywhere else in the app.
      expect(edit.body).toMatch(/name="signers\[0\]\[cpf\]"[^>]*value="529\.982\.247-25"/)
      expect(edit.body).toContain(t.proposals.viewDocument)
      expect(edit.body).toContain('value="Maria Souza"')
      expect(edit.body).toContain('value="123,45"')
      expect(edit.body).toContain('value="10,00"')
      expect(edit.body).toContain(user.name)
      expect(edit.body).toContain(t.proposals.events.created)

      const list = await agent.get('/proposals')
      expect(list.body).toContain('<td>Implantação Acme</td>')
      expect(list.body).toContain(formatMoney(TOTAL))
    })

    it('tells an account what to register before its first document, with links, and says nothing once it has it all', async () => {
      const { agent, account } = await signedInUser(env)
      const noCustomer = (await agent.get('/proposals/new')).body
      expect(noCustomer).toContain(`<a href="/customers/new">${t.proposals.missing.customers}</a>`)
      expect(noCustomer).not.toContain(t.proposals.missing.templates)
      await makeCustomer(env, account)
      expect((await agent.get('/proposals/new')).body).not.toContain('data-missing-registrations')
      // What a new account lacks in Cadastros: nothing active there.
      for (const table of ['templates', 'payment_methods', 'signer_roles', 'products'] as const) await env.db.updateTable(table).set({ active: false }).where('account_id', '=', account.id).execute()
      const empty = (await agent.get('/proposals/new')).body
      expect(empty).toContain(t.proposals.missing.intro)
      expect(empty).not.toContain(t.proposals.missing.customers)
      for (const [label, href] of [
        [t.proposals.missing.products, '/registration-data/products'],
        [t.proposals.missing.templates, '/registration-data/templates'],
        [t.proposals.missing.paymentMethods, '/registration-data/payment-methods'],
        [t.proposals.missing.signerRoles, '/registration-data/signer-roles'],
      ]) expect(empty).toContain(`<a href="${href}">${label}</a>`)
    })

    it('reads a quantity typed the Brazilian way: "1.000" is a thousand units, "2,5" two and a half', async () => {
      const { agent, account } = await signedInUser(env)
      const customer = await makeCustomer(env, account)
      const response = await agent.submit('/proposals/new', '/proposals', creationForm(account, customer.id, { 'items[0][quantity]': '1.000', 'items[1][quantity]': '2,5' }))
      expect(response.statusCode, response.body).toBe(303)
      const proposal = await env.db.selectFrom('proposals').select('id').where('account_id', '=', account.id).executeTakeFirstOrThrow()
      const items = await env.db.selectFrom('proposal_items').select('quantity_milli').where('proposal_id', '=', proposal.id).orderBy('position').execute()
      expect(items.map((item) => item.quantity_milli)).toEqual([1_000_000, 2_500])
      // Shown back as typed: the draft's form writes the quantity the same way.
      const edit = await agent.get(`/proposals/${proposal.id}/edit`)
      expect(edit.body).toMatch(/name="items\[0\]\[quantity\]"[^>]*value="1000"|value="1000"[^>]*name="items\[0\]\[quantity\]"/)
    })

    it('answers 422 with each error next to its row field, keeping the input, and inserts nothing', async () => {
      const { agent, account } = await signedInUser(env)
      const customer = await makeCustomer(env, account)
      const response = await agent.submit(
        '/proposals/new',
        '/proposals',
        creationForm(account, customer.id, {
          'items[0][quantity]': '0',
          'items[1][product_id]': '99999999',
          'signers[3][email]': 'não-é-email',
        }),
      )
      expect(response.statusCode).toBe(422)
      expect(response.body).toContain(t.formHasErrors)
      expect(errorUnder(response.body, 'field-items-0-quantity')).toBe(t.proposals.errors.quantityPositive)
      expect(errorUnder(response.body, 'field-items-1-product_id')).toBe(t.proposals.errors.unknownProduct)
      // The second signer was sent as signers[3]: it comes back as the second row.
      expect(errorUnder(response.body, 'field-signers-1-email')).toBe(t.proposals.errors.email)
      expect(errorUnder(response.body, 'field-items-0-product_id')).toBeUndefined()
      expect(errorUnder(response.body, 'field-items-1-quantity')).toBeUndefined()
      expect(response.body).toContain('value="Implantação Acme"')
      expect(response.body).toContain('value="123,45"')
      expect(response.body).toContain('value="João Lima"')
      expect(response.body).toContain('value="não-é-email"')
      expect(response.body).toContain('Entrega em 30 dias')
      expect(response.body).toMatch(new RegExp(`<option value="${account.products.main.id}" selected`))
      expect(await proposalCount(env, account.id)).toBe(0)

      // A rule only the module knows (installments above the method's maximum) lands on its field.
      const pix = await agent.submit('/proposals/new', '/proposals', creationForm(account, customer.id, { payment_method_id: String(account.paymentMethods.pix.id) }))
      expect(pix.statusCode).toBe(422)
      expect(errorUnder(pix.body, 'field-installments')).toBe(t.proposals.errors.installments)
      // A line worth more than R$ 100 billion: refused on its price, with the module's words.
      const tooBig = await agent.submit('/proposals/new', '/proposals', creationForm(account, customer.id, { 'items[1][quantity]': '1000000', 'items[1][unit_price]': '1.000.000.000,00' }))
      expect(tooBig.statusCode).toBe(422)
      expect(errorUnder(tooBig.body, 'field-items-1-unit_price')).toBe(t.proposals.errors.lineTooLarge)
      // A count past every method's (the form once built one choice per installment sent: this one ran the server out of memory).
      const huge = await agent.submit('/proposals/new', '/proposals', creationForm(account, customer.id, { installments: '2147483648' }))
      expect(huge.statusCode).toBe(422)
      expect(errorUnder(huge.body, 'field-installments')).toBe(t.proposals.errors.installmentsRange)
      const choices = /<select id="field-installments"[^>]*>([\s\S]*?)<\/select>/.exec(huge.body)![1]!.match(/<option /g)!.length
      expect(choices).toBe(account.paymentMethods.card.max_installments)
      const noItems = await agent.submit('/proposals/new', '/proposals', creationForm(account, customer.id, { 'items[0][product_id]': '', 'items[1][product_id]': '', 'items[1][unit_price]': '', 'items[1][discount]': '' }))
      expect(noItems.statusCode).toBe(422)
      expect(errorUnder(noItems.body, 'items')).toBe(t.proposals.errors.noItems)
      const unsigned = await agent.submit('/proposals/new', '/proposals', creationForm(account, customer.id, { 'signers[0][name]': '', 'signers[0][email]': '', 'signers[0][role_id]': '', 'signers[0][signing_order]': '', 'signers[3][name]': '', 'signers[3][email]': '', 'signers[3][role_id]': '', 'signers[3][signing_order]': '' }))
      expect(unsigned.statusCode).toBe(422)
      expect(errorUnder(unsigned.body, 'signers')).toBe(t.proposals.errors.digitalNeedsSigner)
      expect(await proposalCount(env, account.id)).toBe(0)

      await makeProposal(env, account, customer, { external_reference: 'CRM-1' })
      const duplicate = await agent.submit('/proposals/new', '/proposals', creationForm(account, customer.id, { external_reference: 'CRM-1' }))
      expect(duplicate.statusCode).toBe(422)
      expect(errorUnder(duplicate.body, 'field-external_reference')).toBe(t.proposals.errors.duplicateExternalReference)
      expect(await proposalCount(env, account.id)).toBe(1)
    })

    it('asks for the customer code or CPF/CNPJ when the account has more than 500 customers', async () => {
      const { agent, account } = await signedInUser(env)
      const now = new Date().toISOString()
      const suffix = String(account.id)
      await env.db
        .insertInto('customers')
        .values(Array.from({ length: 501 }, (_, index) => {
          const fields = { code: `M${suffix}-${index}`, name: `Cliente em massa ${index}`, trade_name: null }
          return { account_id: account.id, ...fields, ...allCustomerSearchKeys(fields), created_at: now, updated_at: now }
        }))
        .execute()
      const withDocument = await makeCustomer(env, account)
      const form = await agent.get(`/proposals/new?customer_id=${withDocument.id}`)
      expect(form.body).toContain('name="customer_ref"')
      expect(form.body).not.toContain('name="customer_id"')
      expect(form.body).toContain(`value="${withDocument.code}"`)

      const byCode = await agent.submit('/proposals/new', '/proposals', creationForm(account, 0, { customer_id: '', customer_ref: `M${suffix}-7` }))
      expect(byCode.statusCode, byCode.body).toBe(303)
      const formatted = withDocument.document!.replace(/^(..)(...)(...)(....)(..)$/, '$1.$2.$3/$4-$5')
      const byDocument = await agent.submit('/proposals/new', '/proposals', creationForm(account, 0, { customer_id: '', customer_ref: formatted }))
      expect(byDocument.statusCode, byDocument.body).toBe(303)
      const rows = await env.db.selectFrom('proposals as p').innerJoin('customers as c', 'c.id', 'p.customer_id').select(['c.code']).where('p.account_id', '=', account.id).orderBy('p.id').execute()
      expect(rows.map((row) => row.code)).toEqual([`M${suffix}-7`, withDocument.code])

      const unknown = await agent.submit('/proposals/new', '/proposals', creationForm(account, 0, { customer_id: '', customer_ref: 'NAO-EXISTE' }))
      expect(unknown.statusCode).toBe(422)
      expect(errorUnder(unknown.body, 'field-customer')).toBe(t.proposals.errors.unknownCustomer)
      expect(unknown.body).toContain('value="NAO-EXISTE"')
      expect(await proposalCount(env, account.id)).toBe(2)
    })

    it('asks for each item’s product code when the account has more than 500 active products', async () => {
      const { agent, account } = await signedInUser(env)
      const now = new Date().toISOString()
      await env.db
        .insertInto('products')
        .values(Array.from({ length: 500 }, (_, index) => {
          const fields = { code: `SKU-${account.id}-${index}`, name: `Produto em massa ${index}` }
          return { account_id: account.id, ...fields, ...productSearchKeys(fields), kind: 'product' as const, unit: 'un', price_cents: 100 + index, description: null, active: true, created_at: now, updated_at: now }
        }))
        .execute()
      const form = await agent.get('/proposals/new')
      expect(form.body).toContain('name="items[0][product_code]"')
      expect(form.body).not.toContain('name="items[0][product_id]"')
      expect(form.body).not.toContain('Produto em massa')
      // Bounded by the form, not the catalogue: the selects of 502 products made ~0.2 MB.
      expect(form.body.length).toBeLessThan(60_000)

      const codes = { 'items[0][product_id]': '', 'items[0][product_code]': account.products.main.code, 'items[1][product_id]': '', 'items[1][product_code]': ` ${account.products.service.code} `, 'items[2][product_id]': '' }
      const created = await agent.submit('/proposals/new', '/proposals', creationForm(account, (await makeCustomer(env, account)).id, codes))
      expect(created.statusCode, created.body).toBe(303)
      const stored = await env.db.selectFrom('proposals').select(['id', 'subtotal_cents', 'total_cents']).where('account_id', '=', account.id).executeTakeFirstOrThrow()
      expect(stored).toMatchObject({ subtotal_cents: SUBTOTAL, total_cents: TOTAL })
      const items = await env.db.selectFrom('proposal_items').select('product_id').where('proposal_id', '=', stored.id).orderBy('position').execute()
      expect(items.map((item) => item.product_id)).toEqual([account.products.main.id, account.products.service.id])
      // The draft's page shows each item's code in its field, and saves by code.
      const edit = await agent.get(`/proposals/${stored.id}/edit`)
      expect(edit.body).toContain(`name="items[0][product_code]" type="text" value="${account.products.main.code}"`)
      expect(edit.body).toContain(`name="items[1][product_code]" type="text" value="${account.products.service.code}"`)
      const draftCustomer = await env.db.selectFrom('proposals').select('customer_id').where('id', '=', stored.id).executeTakeFirstOrThrow()
      const swapped = { ...codes, 'items[0][product_code]': account.products.service.code, 'items[0][unit_price]': '10,00', 'items[1][product_code]': account.products.main.code }
      const saved = await agent.submit(`/proposals/${stored.id}/edit`, `/proposals/${stored.id}`, creationForm(account, draftCustomer.customer_id, swapped))
      expect(saved.statusCode, saved.body).toBe(303)
      const savedItems = await env.db.selectFrom('proposal_items').select('product_id').where('proposal_id', '=', stored.id).orderBy('position').execute()
      expect(savedItems.map((item) => item.product_id)).toEqual([account.products.service.id, account.products.main.id])

      const customer = await makeCustomer(env, account)
      const unknown = await agent.submit('/proposals/new', '/proposals', creationForm(account, customer.id, { ...codes, 'items[1][product_code]': 'NAO-EXISTE' }))
      expect(unknown.statusCode).toBe(422)
      expect(errorUnder(unknown.body, 'field-items-1-product_code')).toBe(t.proposals.errors.unknownProductCode)
      expect(unknown.body).toContain('value="NAO-EXISTE"')
      // The first paint's totals know the typed codes' prices: 2 × the main product's, typed 3 × 123,45 − 10,00.
      expect(unknown.body).toContain(`data-total="subtotal">${formatMoney(SUBTOTAL)}<`)
      const inactive = await env.db.selectFrom('products').select('code').where('id', '=', account.products.inactive.id).executeTakeFirstOrThrow()
      const retired = await agent.submit('/proposals/new', '/proposals', creationForm(account, customer.id, { ...codes, 'items[0][product_code]': inactive.code }))
      expect(retired.statusCode).toBe(422)
      expect(errorUnder(retired.body, 'field-items-0-product_code')).toBe(t.proposals.errors.unknownProduct)
      const noCode = await agent.submit('/proposals/new', '/proposals', creationForm(account, customer.id, { ...codes, 'items[1][product_code]': '' }))
      expect(noCode.statusCode).toBe(422)
      expect(errorUnder(noCode.body, 'field-items-1-product_code')).toBe(t.proposals.errors.required)
      expect(await proposalCount(env, account.id)).toBe(1)
    })

    it('renders a <script> title as text', async () => {
      const { agent, account } = await signedInUser(env)
      const customer = await makeCustomer(env, account, { name: '<b>Cliente</b>' })
      const created = await makeProposal(env, account, customer, { title: '<script>alert(1)</script>' })
      for (const url of ['/proposals', `/proposals/${created.id}/edit`]) {
        const page = await agent.get(url)
        expect(page.statusCode).toBe(200)
        expect(page.body).not.toContain('<script>alert(1)</script>')
        expect(page.body).not.toContain('<b>Cliente</b>')
        expect(page.body).toContain('&lt;script>alert(1)&lt;/script>')
      }
    })

    it('refuses a POST without the CSRF token (403) and inserts nothing', async () => {
      const { agent, account } = await signedInUser(env)
      const customer = await makeCustomer(env, account)
      const response = await agent.post('/proposals', creationForm(account, customer.id))
      expect(response.statusCode).toBe(403)
      expect(await proposalCount(env, account.id)).toBe(0)
    })
  })

  describe('edit', () => {
    it('saves a draft: content replaced, totals recomputed, history written', async () => {
      const { agent, account, user } = await signedInUser(env)
      const customer = await makeCustomer(env, account)
      const other = await makeCustomer(env, account)
      const created = await makeProposal(env, account, customer, { title: 'Original', items: [{ product_id: account.products.main.id, quantity: 1, description: 'Sob medida' }] })
      const url = `/proposals/${created.id}/edit`
      const form = await agent.get(url)
      expect(form.body).toContain('name="items[0][description]" value="Sob medida"')
      const response = await agent.submit(
        url,
        `/proposals/${created.id}`,
        creationForm(account, other.id, {
          title: 'Revisado',
          signature_type: 'paper',
          'items[1][discount]': '',
          // The stored line's description travels in hidden fields and is kept while the product is.
          'items[0][description]': 'Sob medida',
          'items[0][description_product]': String(account.products.main.id),
          'items[1][description]': 'Descrição de outro produto',
          'items[1][description_product]': String(account.products.main.id),
        }),
      )
      expect(response.statusCode, response.body).toBe(303)
      expect(response.headers.location).toBe(url)
      const row = await env.db.selectFrom('proposals').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow()
      expect(row).toMatchObject({ title: 'Revisado', customer_id: other.id, number: created.number, subtotal_cents: SUBTOTAL, discount_cents: 0, total_cents: SUBTOTAL, installments: 3, status: 'draft' })
      const items = await env.db.selectFrom('proposal_items').select('total_cents').where('proposal_id', '=', created.id).orderBy('position').execute()
      expect(items.map((item) => item.total_cents)).toEqual([300_000, 37_035])
      const descriptions = await env.db.selectFrom('proposal_items').select('description').where('proposal_id', '=', created.id).orderBy('position').execute()
      expect(descriptions.map((item) => item.description)).toEqual(['Sob medida', null])
      const events = await env.db.selectFrom('proposal_events').select(['type', 'actor_type', 'actor_id']).where('proposal_id', '=', created.id).orderBy('id').execute()
      expect(events).toEqual([expect.objectContaining({ type: 'created' }), { type: 'updated', actor_type: 'user', actor_id: user.id }])

      const page = await agent.get(url)
      expect(page.body).toContain(t.proposals.updated(created.number))
      expect(page.body).toContain(`<dd data-stored-total="true">${formatMoney(SUBTOTAL)}</dd>`)
      expect(page.body).toContain(t.proposals.events.updated)

      const invalid = await agent.submit(url, `/proposals/${created.id}`, creationForm(account, other.id, { 'items[0][quantity]': 'dois' }))
      expect(invalid.statusCode).toBe(422)
      expect(errorUnder(invalid.body, 'field-items-0-quantity')).toBe(t.proposals.errors.notANumber)
      expect((await env.db.selectFrom('proposal_events').select('id').where('proposal_id', '=', created.id).execute()).length).toBe(2)
    })

    it("takes terms negotiated for the document, shows them when editing, and goes back to the method's when both are cleared", async () => {
      const { agent, account } = await signedInUser(env)
      const customer = await makeCustomer(env, account)
      const created = await agent.submit('/proposals/new', '/proposals', creationForm(account, customer.id, { first_due_days: '28', installment_interval_days: '28' }))
      expect(created.statusCode, created.body).toBe(303)
      const id = Number(/\/proposals\/(\d+)\/edit/.exec(created.headers.location as string)![1])
      const stored = () => env.db.selectFrom('proposals').select(['first_due_days', 'installment_interval_days', 'custom_payment_terms']).where('id', '=', id).executeTakeFirstOrThrow()
      expect(await stored()).toMatchObject({ first_due_days: 28, installment_interval_days: 28 })
      expect(Boolean((await stored()).custom_payment_terms)).toBe(true)
      const url = `/proposals/${id}/edit`
      const page = await agent.get(url)
      expect(page.body).toContain('name="first_due_days" type="text" value="28"')
      expect(page.body).toContain(t.proposals.edit.customTerms)
      expect(page.body).toContain('<td>84 dias após a assinatura</td>')

      // A term alone, or out of its bounds: an error next to it, nothing saved.
      for (const [typed, field, message] of [
        [{ first_due_days: '15', installment_interval_days: '' }, 'installment_interval_days', t.proposals.errors.termsBoth],
        [{ first_due_days: '', installment_interval_days: '15' }, 'first_due_days', t.proposals.errors.termsBoth],
        [{ first_due_days: '366', installment_interval_days: '30' }, 'first_due_days', t.registrationData.errors.invalid_days(0, 365)],
        [{ first_due_days: '10', installment_interval_days: '0' }, 'installment_interval_days', t.registrationData.errors.invalid_days(1, 365)],
        [{ first_due_days: 'trinta', installment_interval_days: '30' }, 'first_due_days', t.registrationData.errors.invalid_days(0, 365)],
      ] as const) {
        const refused = await agent.submit(url, `/proposals/${id}`, creationForm(account, customer.id, typed))
        expect(refused.statusCode, JSON.stringify(typed)).toBe(422)
        expect(errorUnder(refused.body, `field-${field}`), JSON.stringify(typed)).toBe(message)
        // What was typed is shown again ("" as a bare attribute).
        expect(refused.body).toContain(`name="first_due_days" type="text" value${typed.first_due_days === '' ? ' ' : `="${typed.first_due_days}"`}`)
      }
      expect(await stored()).toMatchObject({ first_due_days: 28, installment_interval_days: 28 })

      // "Duplicar" offers them with the rest.
      expect((await agent.get(`/proposals/new?from=${id}`)).body).toContain('name="first_due_days" type="text" value="28"')
      // Another payment method, the terms kept as typed: still the document's own.
      const pix = await agent.submit(url, `/proposals/${id}`, creationForm(account, customer.id, { payment_method_id: String(account.paymentMethods.pix.id), installments: '1', first_due_days: '28', installment_interval_days: '28' }))
      expect(pix.statusCode, pix.body).toBe(303)
      expect(await stored()).toMatchObject({ first_due_days: 28, installment_interval_days: 28 })
      expect(Boolean((await stored()).custom_payment_terms)).toBe(true)

      // Both cleared: the card method's terms (the factory's 0 and 30), no longer the document's own.
      const cleared = await agent.submit(url, `/proposals/${id}`, creationForm(account, customer.id, { first_due_days: '', installment_interval_days: '' }))
      expect(cleared.statusCode, cleared.body).toBe(303)
      expect(await stored()).toMatchObject({ first_due_days: 0, installment_interval_days: 30 })
      expect(Boolean((await stored()).custom_payment_terms)).toBe(false)
      const after = await agent.get(url)
      expect(after.body).toContain('name="first_due_days" type="text" value inputmode')
      expect(after.body).not.toContain(t.proposals.edit.customTerms)
    })

    it('takes a down payment, shows it when editing and in the totals, refuses one the total cannot carry, and drops it when cleared', async () => {
      const { agent, account } = await signedInUser(env)
      const customer = await makeCustomer(env, account)
      const created = await agent.submit('/proposals/new', '/proposals', creationForm(account, customer.id, { down_payment: '1.000,00' }))
      expect(created.statusCode, created.body).toBe(303)
      const id = Number(/\/proposals\/(\d+)\/edit/.exec(created.headers.location as string)![1])
      const stored = async () => Number((await env.db.selectFrom('proposals').select('down_payment_cents').where('id', '=', id).executeTakeFirstOrThrow()).down_payment_cents)
      expect(await stored()).toBe(100_000)
      const url = `/proposals/${id}/edit`
      const page = await agent.get(url)
      expect(page.body).toContain('name="down_payment" type="text" value="1000,00"')
      expect(page.body).toContain(`data-total="down-payment">${formatMoney(100_000)}<`)
      expect(page.body).toContain(`data-total="installment">${formatMoney(Math.floor((TOTAL - 100_000) / 3))}<`)
      expect(page.body).toMatch(/<td>Entrada<\/td><td>Na assinatura<\/td>/)

      // Too large for the total, or not an amount: an error next to it, nothing saved.
      for (const [typed, message] of [['3.360,34', t.proposals.errors.downPaymentTooLarge], ['mil reais', t.proposals.errors.money]] as const) {
        const refused = await agent.submit(url, `/proposals/${id}`, creationForm(account, customer.id, { down_payment: typed }))
        expect(refused.statusCode, typed).toBe(422)
        expect(errorUnder(refused.body, 'field-down_payment'), typed).toBe(message)
      }
      expect(await stored()).toBe(100_000)
      // The largest the total carries: a cent for each of the 3 installments.
      const largest = await agent.submit(url, `/proposals/${id}`, creationForm(account, customer.id, { down_payment: centsToInput(TOTAL - 3) }))
      expect(largest.statusCode, largest.body).toBe(303)
      expect(await stored()).toBe(TOTAL - 3)

      // "Duplicar" offers it; cleared, the document has none.
      expect((await agent.get(`/proposals/new?from=${id}`)).body).toContain(`name="down_payment" type="text" value="${centsToInput(TOTAL - 3)}"`)
      const cleared = await agent.submit(url, `/proposals/${id}`, creationForm(account, customer.id, { down_payment: '' }))
      expect(cleared.statusCode, cleared.body).toBe(303)
      expect(await stored()).toBe(0)
      expect((await agent.get(url)).body).not.toMatch(/<td>Entrada<\/td>/)
    })

    it("says on a draft with a down payment when its template shows the installments but not the down payment, the editor's link for admins only", async () => {
      const { agent, account } = await signedInUser(env)
      const member = await signedInUser(env, { account, role: 'member' })
      const customer = await makeCustomer(env, account)
      const setBody = (body: string) => env.db.updateTable('templates').set({ body }).where('id', '=', account.template.id).execute()
      await setBody('<p>{{ payment.installments }}x de {{ payment.installment_amount }}</p>')
      const withDown = await makeProposal(env, account, customer, { down_payment_cents: 50_000 })
      const without = await makeProposal(env, account, customer)
      const notice = t.proposals.edit.templateOmitsDownPayment(withDown.template.name)
      const link = `<a href="/registration-data/templates/${account.template.id}/edit">${t.proposals.edit.editTemplate}</a>`

      const page = (await agent.get(`/proposals/${withDown.id}/edit`)).body
      expect(page).toContain(notice.replace(/"/g, '&quot;'))
      expect(page).toContain(link)
      const seenByMember = (await member.agent.get(`/proposals/${withDown.id}/edit`)).body
      expect(seenByMember).toContain('data-template-omits-down-payment')
      expect(seenByMember).not.toContain(link)
      // No down payment, nothing to say.
      expect((await agent.get(`/proposals/${without.id}/edit`)).body).not.toContain('data-template-omits-down-payment')

      // The template mended: the notice goes.
      await setBody('<p>{% if payment.down_payment %}Entrada de {{ payment.down_payment }} e {% endif %}{{ payment.installments }}x</p>')
      expect((await agent.get(`/proposals/${withDown.id}/edit`)).body).not.toContain('data-template-omits-down-payment')

      // Once the document is no draft, its text is what it is: no notice, whatever the template.
      await setBody('<p>{{ payment.installments }}x</p>')
      expect((await agent.get(`/proposals/${withDown.id}/edit`)).body).toContain('data-template-omits-down-payment')
      await env.db.updateTable('proposals').set({ status: 'cancelled' }).where('id', '=', withDown.id).execute()
      expect((await agent.get(`/proposals/${withDown.id}/edit`)).body).not.toContain('data-template-omits-down-payment')
    })

    it('shows a non-draft read-only and answers 409 to saving it, changing nothing', async () => {
      const { agent, account } = await signedInUser(env)
      const customer = await makeCustomer(env, account)
      const created = await makeProposal(env, account, customer, { title: 'Enviado ao cliente' })
      const token = csrfTokenIn((await agent.get('/proposals')).body)
      await env.db.updateTable('proposals').set({ status: 'sent' }).where('id', '=', created.id).execute()
      const page = await agent.get(`/proposals/${created.id}/edit`)
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain(t.proposals.edit.readOnly('Enviado'))
      expect(page.body).not.toContain(`action="/proposals/${created.id}"`)
      expect(page.body).toContain(formatMoney(150_000))
      const response = await agent.post(`/proposals/${created.id}`, { _csrf: token, ...creationForm(account, customer.id, { title: 'Mudado' }) })
      expect(response.statusCode).toBe(409)
      expect(response.body).toContain(t.proposals.edit.notEditableText)
      const row = await env.db.selectFrom('proposals').select(['title', 'total_cents', 'status']).where('id', '=', created.id).executeTakeFirstOrThrow()
      expect(row).toEqual({ title: 'Enviado ao cliente', total_cents: 150_000, status: 'sent' })
      expect((await env.db.selectFrom('proposal_events').select('id').where('proposal_id', '=', created.id).execute()).length).toBe(1)
    })

    it("answers another account's, a missing and a non-numeric id with the same 404, changing nothing", async () => {
      const { agent, account } = await signedInUser(env)
      const stranger = await signedInUser(env)
      const foreignCustomer = await makeCustomer(env, stranger.account)
      const foreign = await makeProposal(env, stranger.account, foreignCustomer, { title: 'Alheio' })
      const missingId = foreign.id + 100_000
      const foreignPage = await agent.get(`/proposals/${foreign.id}/edit`)
      const missingPage = await agent.get(`/proposals/${missingId}/edit`)
      expect(foreignPage.statusCode).toBe(404)
      expect(missingPage.statusCode).toBe(404)
      expect(foreignPage.body).toBe(missingPage.body)
      expect(foreignPage.body).not.toContain('Alheio')
      expect((await agent.get('/proposals/abc/edit')).statusCode).toBe(404)

      const customer = await makeCustomer(env, account)
      const token = csrfTokenIn((await agent.get('/proposals')).body)
      const fields = { _csrf: token, ...creationForm(account, customer.id, { title: 'Sequestro' }) }
      const foreignPost = await agent.post(`/proposals/${foreign.id}`, fields)
      const missingPost = await agent.post(`/proposals/${missingId}`, fields)
      expect(foreignPost.statusCode).toBe(404)
      expect(missingPost.statusCode).toBe(404)
      expect(foreignPost.body).toBe(missingPost.body)
      expect((await agent.post('/proposals/0', fields)).statusCode).toBe(404)
      const row = await env.db.selectFrom('proposals').select(['title', 'customer_id']).where('id', '=', foreign.id).executeTakeFirstOrThrow()
      expect(row).toEqual({ title: 'Alheio', customer_id: foreignCustomer.id })
      expect(await proposalCount(env, account.id)).toBe(0)
    })
  })
}, { clock })

// The 'proposal-form' script in Chromium under the real CSP: adding and removing rows, the price a
// product brings, the live totals and installment value, then saving through the same form.
describe.skipIf(!chromiumAvailable('proposals-form-browser'))('Documentos form in Chromium', () => {
  let harness: BrowserHarness
  let account: TestAccount
  let customerId: number
  const email = 'vendas@aurora.test'

  beforeAll(async () => {
    harness = await startBrowserHarness(async (database) => {
      const env = { db: database.db, clock: systemClock } as unknown as TestApp
      account = await makeAccount(env)
      customerId = (await makeCustomer(env, account, { name: 'Aurora Comércio Ltda' })).id
      await createUser(database.db, systemClock, { accountId: account.id, name: 'Vera Vendas', email, role: 'member', password: WEB_PASSWORD })
    })
  }, 60_000)

  afterAll(async () => {
    await harness?.close()
  })

  it('adds and removes rows, fills prices and previews the totals as one types', async () => {
    const { browser, baseUrl } = harness
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    const problems: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))

    await page.goto(`${baseUrl}/login?next=/proposals/new`)
    await page.getByLabel('E-mail').fill(email)
    await page.getByLabel('Senha').fill(WEB_PASSWORD)
    await page.getByRole('button', { name: 'Entrar' }).click()
    await page.waitForURL(`${baseUrl}/proposals/new`)

    await page.locator('#field-customer').selectOption(String(customerId))
    await page.locator('#field-template_id').selectOption(String(account.template.id))
    await page.locator('#field-payment_method_id').selectOption(String(account.paymentMethods.pix.id))
    // PIX allows one installment only: the others are disabled.
    expect(await page.locator('#field-installments option[value="2"]').isDisabled()).toBe(true)
    await page.locator('#field-payment_method_id').selectOption(String(account.paymentMethods.card.id))
    await page.locator('#field-installments').selectOption('3')

    await page.locator('#field-items-0-product_id').selectOption(String(account.products.main.id))
    expect(await page.locator('#field-items-0-unit_price').inputValue()).toBe('1500,00')
    await page.locator('#field-items-0-quantity').fill('2')
    await expect.poll(() => page.locator('[data-rows="items"] [data-row]').first().locator('[data-line-total]').textContent()).toBe(formatMoney(300_000))

    await page.getByRole('button', { name: 'Adicionar item' }).click()
    await page.locator('#field-items-3-product_id').selectOption(String(account.products.service.id))
    await page.locator('#field-items-3-quantity').fill('3')
    await page.locator('#field-items-3-discount').fill('10,00')
    expect(await page.locator('[data-rows="items"] [data-row]').count()).toBe(4)
    await page.locator('#field-items-2-product_id').locator('xpath=ancestor::fieldset').getByRole('button', { name: 'Remover' }).click()
    expect(await page.locator('[data-rows="items"] [data-row]').count()).toBe(3)

    await expect.poll(() => page.locator('[data-total="total"]').textContent()).toBe(formatMoney(TOTAL))
    expect(await page.locator('[data-total="subtotal"]').textContent()).toBe(formatMoney(SUBTOTAL))
    expect(await page.locator('[data-total="discount"]').textContent()).toBe(formatMoney(1_000))
    expect(await page.locator('[data-total="installment"]').textContent()).toBe(formatMoney(112_011))
    expect(await page.locator('[data-totals-note]').isHidden()).toBe(true)
    // A down payment: shown, and the installments split the rest; cleared, hidden again.
    expect(await page.locator('[data-down-payment-row]').isHidden()).toBe(true)
    await page.locator('#field-down_payment').fill('1.000,00')
    await expect.poll(() => page.locator('[data-total="installment"]').textContent()).toBe(formatMoney(Math.floor((TOTAL - 100_000) / 3)))
    expect(await page.locator('[data-total="down-payment"]').textContent()).toBe(formatMoney(100_000))
    expect(await page.locator('[data-down-payment-row]').isVisible()).toBe(true)
    await page.locator('#field-down_payment').fill('')
    await expect.poll(() => page.locator('[data-total="installment"]').textContent()).toBe(formatMoney(112_011))
    expect(await page.locator('[data-down-payment-row]').isHidden()).toBe(true)

    await page.locator('#field-signers-0-name').fill('Maria Souza')
    await page.locator('#field-signers-0-email').fill('maria@aurora.test')
    await page.locator('#field-signers-0-role_id').selectOption(String(account.roles.party.id))
    await page.getByRole('button', { name: 'Adicionar signatário' }).click()
    await page.locator('#field-signers-2-name').fill('João Lima')
    await page.locator('#field-signers-2-email').fill('joao@aurora.test')
    await page.locator('#field-signers-2-role_id').selectOption(String(account.roles.witness.id))

    fs.mkdirSync('test-results', { recursive: true })
    await page.screenshot({ path: path.join('test-results', 'proposal-form.png'), fullPage: true })
    await page.getByRole('button', { name: 'Criar documento' }).click()
    await page.waitForURL(/\/proposals\/\d+\/edit$/)
    expect(await page.locator('[data-stored-total]').textContent()).toBe(formatMoney(TOTAL))
    const signers = await harness.database.db.selectFrom('proposal_signers').select('name').where('account_id', '=', account.id).orderBy('signing_order').execute()
    expect(signers.map((signer) => signer.name)).toEqual(['Maria Souza', 'João Lima'])
    await page.screenshot({ path: path.join('test-results', 'proposal-edit.png'), fullPage: true })
    expect(problems).toEqual([])
    await context.close()
  }, 60_000)

  it('saves a document made through the API unchanged: its custom fields keep their types and line breaks', async () => {
    const { browser, baseUrl } = harness
    const fields = { taxa_cents: 150000, percentual: 12.5, ativo: true, vazio: null, obs: 'linha 1\nlinha 2', prazo: '30 dias' }
    const created = await fetch(`${baseUrl}/api/v1/proposals`, {
      method: 'POST',
      headers: { ...account.auth, 'content-type': 'application/json' },
      body: JSON.stringify(proposalBody(account, { id: customerId }, { fields })),
    })
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: number }
    const page = await browser.newPage()
    await page.goto(`${baseUrl}/login?next=/proposals/${id}/edit`)
    await page.getByLabel('E-mail').fill(email)
    await page.getByLabel('Senha').fill(WEB_PASSWORD)
    await page.getByRole('button', { name: 'Entrar' }).click()
    await page.waitForURL(`${baseUrl}/proposals/${id}/edit`)
    await page.getByRole('button', { name: 'Salvar alterações' }).click()
    await page.waitForURL(`${baseUrl}/proposals/${id}/edit`)
    const row = await harness.database.db.selectFrom('proposals').select('fields_json').where('id', '=', id).executeTakeFirstOrThrow()
    expect(JSON.parse(row.fields_json)).toEqual(fields)

    // An edited number that is no longer one is kept as typed; a new row is text.
    await page.locator('textarea[name$="[value]"]').first().fill('mil e quinhentos')
    await page.getByRole('button', { name: 'Salvar alterações' }).click()
    await page.waitForURL(`${baseUrl}/proposals/${id}/edit`)
    const edited = await harness.database.db.selectFrom('proposals').select('fields_json').where('id', '=', id).executeTakeFirstOrThrow()
    expect(JSON.parse(edited.fields_json)).toEqual({ ...fields, taxa_cents: 'mil e quinhentos' })
    await page.close()
  }, 60_000)
})
