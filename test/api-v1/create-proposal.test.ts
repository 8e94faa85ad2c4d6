// POST /api/v1/proposals (DESIGN.md §3.4): the customer by reference or inline, prices, quantities
// and defaults; every bad field reported at once; and a failed request changes nothing.
import { describe, expect, it } from 'vitest'
import { createUser } from '../../src/modules/accounts/users.js'
import type { ProposalDetail } from '../../src/modules/proposals/proposal-mapper.js'
import { localDate } from '../../src/platform/time-zones.js'
import { describeEachDialect } from '../support/dialects.js'
import { formatCnpj, formatCpf, validAlphanumericCnpj, validCnpj, validCpf } from '../support/documents.js'
import { type CreationBody, makeAccount, makeCustomer, makeProposal, proposalBody, type TestAccount, uniqueSuffix } from '../support/factories.js'
import { errorPaths, expectProblem, type Problem } from '../support/http.js'
import { snapshotDatabase } from '../support/snapshot.js'
import { PUBLIC_URL } from '../support/test-app.js'

describeEachDialect('POST /api/v1/proposals', (env) => {
  function post(account: TestAccount, payload: CreationBody | string, headers: Record<string, string> = {}) {
    return env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: { ...account.auth, ...headers }, payload })
  }

  async function created(account: TestAccount, payload: CreationBody): Promise<ProposalDetail> {
    const response = await post(account, payload)
    expect(response.statusCode, response.body).toBe(201)
    expect(response.headers['content-type']).toMatch(/^application\/json/)
    const body = response.json<ProposalDetail>()
    expect(response.headers.location).toBe(`${PUBLIC_URL}/api/v1/proposals/${body.id}`)
    return body
  }

  /** Runs a request that must fail and asserts it left every table exactly as it was. */
  async function failsWithoutTrace(account: TestAccount, payload: CreationBody | string, status: number, code: string, headers: Record<string, string> = {}): Promise<Problem> {
    const before = await snapshotDatabase(env.db)
    const response = await post(account, payload, headers)
    const problem = expectProblem(response, status, code)
    const after = await snapshotDatabase(env.db)
    expect(after.counts).toEqual(before.counts)
    expect(after.proposalCounters).toEqual(before.proposalCounters)
    expect(after.rows).toEqual(before.rows)
    return problem
  }

  describe('happy: the customer', () => {
    it('by reference to its internal ID, leaving the customer untouched', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const before = await snapshotDatabase(env.db)
      const proposal = await created(account, proposalBody(account, customer))
      expect(proposal.customer.id).toBe(customer.id)
      expect(proposal.customer.name).toBe(customer.name)
      const after = await snapshotDatabase(env.db)
      // The customer's data is untouched; only its document counter (kept by a trigger) moves.
      const withoutCount = (rows: unknown[]) => (rows as Array<Record<string, unknown>>).map(({ proposal_count: _count, ...row }) => row)
      expect(withoutCount(after.rows.customers!)).toEqual(withoutCount(before.rows.customers!))
      const counterOf = (rows: unknown[]) => (rows as Array<Record<string, unknown>>).find((row) => row.id === customer.id)?.proposal_count
      expect(counterOf(after.rows.customers!)).toBe(Number(counterOf(before.rows.customers!)) + 1)
      expect(after.counts.proposals).toBe(before.counts.proposals + 1)
      expect(after.counts.proposal_items).toBe(before.counts.proposal_items + 1)
      expect(after.counts.proposal_events).toBe(before.counts.proposal_events + 1)
    })

    it('by reference to its code', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account, { code: 'ACME-01' })
      const proposal = await created(account, proposalBody(account, customer, { customer: { code: 'ACME-01' } }))
      expect(proposal.customer.id).toBe(customer.id)
    })

    it('by reference to its document: CNPJ formatted, alphanumeric CNPJ, CPF unformatted', async () => {
      const account = await makeAccount(env)
      const cnpj = validCnpj()
      const alpha = validAlphanumericCnpj()
      const cpf = validCpf()
      const company = await makeCustomer(env, account, { document: cnpj })
      const newCompany = await makeCustomer(env, account, { document: alpha })
      const person = await makeCustomer(env, account, { document: cpf, document_type: 'cpf' })
      expect((await created(account, proposalBody(account, company, { customer: { document: formatCnpj(cnpj) } }))).customer.id).toBe(company.id)
      expect((await created(account, proposalBody(account, newCompany, { customer: { document: formatCnpj(alpha).toLowerCase() } }))).customer.id).toBe(newCompany.id)
      expect((await created(account, proposalBody(account, person, { customer: { document: cpf } }))).customer.id).toBe(person.id)
    })

    it('inline data with a new code and document creates the customer', async () => {
      const account = await makeAccount(env)
      const cpf = validCpf()
      const before = await snapshotDatabase(env.db)
      const proposal = await created(account, {
        ...proposalBody(account, { id: 0 }),
        customer: { code: 'PF-77', name: '  Maria Souza  ', document: formatCpf(cpf), email: 'MARIA@exemplo.com.br', address: { city: 'Campinas', state: 'SP', postal_code: '13010-000' } },
      })
      expect(proposal.customer).toMatchObject({
        code: 'PF-77',
        name: 'Maria Souza',
        trade_name: null,
        document: cpf,
        document_type: 'cpf',
        email: 'maria@exemplo.com.br',
        phone: null,
        address: { street: null, number: null, complement: null, district: null, city: 'Campinas', state: 'SP', postal_code: '13010-000' },
      })
      const after = await snapshotDatabase(env.db)
      expect(after.counts.customers).toBe(before.counts.customers + 1)
      const row = await env.db.selectFrom('customers').selectAll().where('id', '=', proposal.customer.id).executeTakeFirstOrThrow()
      expect(row).toMatchObject({ account_id: account.id, code: 'PF-77', document: cpf, document_type: 'cpf', address_postal_code: '13010-000' })
    })

    it('inline data with a known code updates that customer, only in the fields sent', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account, { code: 'ACME-01', name: 'Acme Antiga Ltda', phone: '+55 11 1111-1111' })
      const countBefore = (await snapshotDatabase(env.db)).counts.customers
      const proposal = await created(account, {
        ...proposalBody(account, customer),
        customer: { code: 'ACME-01', name: 'Acme Nova Ltda', email: 'novo@acme.com.br', address: { street: 'Rua Nova', number: '10' } },
      })
      expect(proposal.customer).toMatchObject({
        id: customer.id,
        code: 'ACME-01',
        name: 'Acme Nova Ltda',
        email: 'novo@acme.com.br',
        // Not sent: kept.
        trade_name: customer.trade_name,
        phone: '+55 11 1111-1111',
        document: customer.document,
        address: { street: 'Rua Nova', number: '10', district: 'Bela Vista', city: 'São Paulo', state: 'SP', postal_code: '01310-100' },
      })
      expect((await snapshotDatabase(env.db)).counts.customers).toBe(countBefore)
      const row = await env.db.selectFrom('customers').select(['name', 'email']).where('id', '=', customer.id).executeTakeFirstOrThrow()
      expect(row).toEqual({ name: 'Acme Nova Ltda', email: 'novo@acme.com.br' })
    })

    it('inline data without code but with a known document updates that customer', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account, { name: 'Nome Antigo' })
      const proposal = await created(account, { ...proposalBody(account, customer), customer: { document: formatCnpj(customer.document!), name: 'Nome Novo', trade_name: null } })
      expect(proposal.customer).toMatchObject({ id: customer.id, code: customer.code, name: 'Nome Novo', trade_name: null })
    })

    it('a code with spaces around it names the same customer, by reference and inline, and is stored trimmed', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account, { code: 'CLI-0001' })
      const countBefore = (await snapshotDatabase(env.db)).counts.customers
      expect((await created(account, proposalBody(account, customer, { customer: { code: ' CLI-0001 ' } }))).customer.id).toBe(customer.id)
      const inline = await created(account, proposalBody(account, customer, { customer: { code: 'CLI-0001 ', name: 'Nome Novo' } }))
      expect(inline.customer).toMatchObject({ id: customer.id, code: 'CLI-0001', name: 'Nome Novo' })
      expect((await snapshotDatabase(env.db)).counts.customers).toBe(countBefore)
      const fresh = await created(account, proposalBody(account, customer, { customer: { code: '  CLI-0002\t', name: 'Outro Cliente' } }))
      expect(fresh.customer.code).toBe('CLI-0002')
      const row = await env.db.selectFrom('customers').select('code').where('id', '=', fresh.customer.id).executeTakeFirstOrThrow()
      expect(row.code).toBe('CLI-0002')
    })

    it('inline data with a new code and the document of a customer without code gives it that code', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account, { code: null })
      const proposal = await created(account, { ...proposalBody(account, customer), customer: { code: 'NOVO-1', document: customer.document!, name: customer.name } })
      expect(proposal.customer).toMatchObject({ id: customer.id, code: 'NOVO-1' })
    })
  })

  describe('happy: items, prices, defaults', () => {
    it('takes the catalogue price unless unit_price_cents overrides it, and the product description unless given', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const proposal = await created(
        account,
        proposalBody(account, customer, {
          items: [
            { product_id: account.products.main.id, quantity: 1 },
            { product_id: account.products.main.id, quantity: 1, unit_price_cents: 99_990, description: null },
            { product_id: account.products.main.id, quantity: 1, unit_price_cents: 0, description: 'Cortesia' },
          ],
        }),
      )
      expect(proposal.items.map((item) => [item.unit_price_cents, item.total_cents, item.description])).toEqual([
        [150_000, 150_000, 'Implantação completa'],
        [99_990, 99_990, null],
        [0, 0, 'Cortesia'],
      ])
      expect(proposal.totals).toEqual({ items_count: 3, subtotal_cents: 249_990, discount_cents: 0, total_cents: 249_990 })
    })

    it('keeps quantities with three decimals exact and rounds the line half up', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const proposal = await created(
        account,
        proposalBody(account, customer, {
          items: [
            // 2,125 h × 123,45 = 262,33125 → 262,33
            { product_id: account.products.service.id, quantity: 2.125 },
            // 0,005 × 1,00 = 0,005 → 0,01
            { product_id: account.products.service.id, quantity: 0.005, unit_price_cents: 100 },
            { product_id: account.products.service.id, quantity: 999_999.999, unit_price_cents: 1 },
          ],
        }),
      )
      expect(proposal.items.map((item) => [item.quantity, item.total_cents])).toEqual([
        [2.125, 26_233],
        [0.005, 1],
        [999_999.999, 1_000_000],
      ])
      const stored = await env.db.selectFrom('proposal_items').select('quantity_milli').where('proposal_id', '=', proposal.id).orderBy('position').execute()
      expect(stored.map((row) => row.quantity_milli)).toEqual([2125, 5, 999_999_999])
    })

    it("uses the account's default seller when none is named, and the named one otherwise", async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      expect((await created(account, proposalBody(account, customer))).seller).toEqual(account.seller)
      expect((await created(account, proposalBody(account, customer, { seller_id: account.otherSeller.id }))).seller).toEqual(account.otherSeller)
    })

    it('numbers documents per account from 1, and names them after template and customer by default', async () => {
      const account = await makeAccount(env)
      const other = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const otherCustomer = await makeCustomer(env, other)
      const first = await created(account, proposalBody(account, customer))
      const second = await created(account, proposalBody(account, customer, { title: 'Título próprio' }))
      const othersFirst = await created(other, proposalBody(other, otherCustomer))
      expect([first.number, second.number, othersFirst.number]).toEqual([1, 2, 1])
      expect(first.title).toBe(`Proposta comercial — ${customer.name}`)
      expect(second.title).toBe('Título próprio')
    })

    it('accepts installments up to the method maximum and splits them exactly', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const proposal = await created(
        account,
        proposalBody(account, customer, { payment_method_id: account.paymentMethods.card.id, installments: 12, items: [{ product_id: account.products.main.id, quantity: 1, unit_price_cents: 100_007 }] }),
      )
      expect(proposal.payment.installments).toBe(12)
      // 100.007 / 12 = 8.333 remainder 11: the first installment carries the 11 cents.
      expect(proposal.payment.schedule[0]).toEqual({ number: 1, amount_cents: 8_333 + 11, due_in_days: 0, due_date: null })
      expect(proposal.payment.schedule.slice(1).every((entry) => entry.amount_cents === 8_333)).toBe(true)
      expect(proposal.payment.schedule.reduce((sum, entry) => sum + entry.amount_cents, 0)).toBe(100_007)
      expect(proposal.payment.installment_amount_cents).toBe(8_333)
    })

    it('accepts valid_until today (in the account time zone) and a digital document with a signer', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const today = localDate(new Date(), account.account.time_zone)
      const proposal = await created(
        account,
        proposalBody(account, customer, {
          signature_type: 'digital',
          valid_until: today,
          signers: [{ name: 'Maria', email: 'maria@cliente.test', role_id: account.roles.party.id }],
        }),
      )
      expect(proposal.valid_until).toBe(today)
      expect(proposal.signature_type).toEqual({ id: 'digital', name: 'Digital' })
      expect(proposal.signers).toHaveLength(1)
    })

    it('accepts explicit nulls for the optional nullable fields', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const proposal = await created(account, proposalBody(account, customer, { valid_until: null, notes: null, external_reference: null }))
      expect([proposal.valid_until, proposal.notes, proposal.external_reference]).toEqual([null, null, null])
    })

    it('accepts null for a nullable enum (the UF of an inline customer address)', async () => {
      const account = await makeAccount(env)
      const body = proposalBody(account, { id: 0 }, { customer: { code: `UF-${Date.now()}`, name: 'Sem UF Ltda', address: { city: 'Campinas', state: null } } })
      const proposal = await created(account, body)
      expect(proposal.customer.address).toMatchObject({ city: 'Campinas', state: null })
    })
  })

  describe('error: validation names every bad field', () => {
    it('ten bad fields in one body → one 422 listing exactly those ten paths', async () => {
      const account = await makeAccount(env)
      const problem = await failsWithoutTrace(
        account,
        {
          title: '',
          template_id: 'três',
          signature_type: 'fax',
          payment_method_id: 0,
          installments: 121,
          customer: { document: '11.222.333/0001-82' },
          items: [{ product_id: account.products.main.id, quantity: -1 }],
          signers: [{ name: 'Maria', email: 'maria-at-acme', role_id: account.roles.party.id }],
          valid_until: '2026-02-30',
          external_reference: 'CRM DEAL',
        },
        422,
        'validation_failed',
      )
      expect(errorPaths(problem)).toEqual(
        [
          '/title',
          '/template_id',
          '/signature_type',
          '/payment_method_id',
          '/installments',
          '/customer/document',
          '/items/0/quantity',
          '/signers/0/email',
          '/valid_until',
          '/external_reference',
        ].sort(),
      )
      expect(problem.errors!.every((error) => error.in === 'body' && error.message.length > 0)).toBe(true)
      expect(problem.detail).toBe('10 fields failed validation.')
    })

    it('names missing required fields', async () => {
      const account = await makeAccount(env)
      const problem = await failsWithoutTrace(account, { items: [{}], signers: [{}] }, 422, 'validation_failed')
      expect(errorPaths(problem)).toEqual(
        [
          '/template_id',
          '/signature_type',
          '/payment_method_id',
          '/customer',
          '/items/0/product_id',
          '/items/0/quantity',
          '/signers/0/name',
          '/signers/0/email',
          '/signers/0/role_id',
        ].sort(),
      )
      expect(problem.errors!.find((error) => error.path === '/customer')!.message).toBe('is required')
    })

    it('unknown fields → 422 naming each, at any depth (account_id, status and number cannot be set)', async () => {
      const account = await makeAccount(env)
      const other = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const problem = await failsWithoutTrace(
        account,
        {
          ...proposalBody(account, customer),
          account_id: other.id,
          status: 'signed',
          number: 1,
          customer: { id: customer.id, account_id: other.id },
          items: [{ product_id: account.products.main.id, quantity: 1, total_cents: 1 }],
        },
        422,
        'validation_failed',
      )
      expect(errorPaths(problem)).toEqual(['/account_id', '/customer/account_id', '/items/0/total_cents', '/number', '/status'])
      expect(problem.errors!.every((error) => error.message === 'is not a known field')).toBe(true)
    })

    it('semantic errors (foreign, inactive, unknown references and business rules) → each on its field', async () => {
      const account = await makeAccount(env)
      const other = await makeAccount(env)
      const foreignCustomer = await makeCustomer(env, other)
      const problem = await failsWithoutTrace(
        account,
        {
          template_id: other.template.id,
          signature_type: 'digital',
          payment_method_id: account.paymentMethods.card.id,
          installments: 13,
          seller_id: 999_999_999,
          customer: { id: foreignCustomer.id },
          items: [
            { product_id: account.products.inactive.id, quantity: 1 },
            { product_id: account.products.main.id, quantity: 1, discount_cents: 150_001 },
            { product_id: other.products.main.id, quantity: 1 },
          ],
          signers: [],
          valid_until: '2000-01-01',
        },
        422,
        'validation_failed',
      )
      expect(errorPaths(problem)).toEqual([
        '/customer/id',
        '/installments',
        '/items/0/product_id',
        '/items/1/discount_cents',
        '/items/2/product_id',
        '/seller_id',
        '/signers',
        '/template_id',
        '/valid_until',
      ])
      const message = (path: string) => problem.errors!.find((error) => error.path === path)!.message
      expect(message('/installments')).toContain('12')
      expect(message('/signers')).toMatch(/signer/)
      // A foreign id is reported exactly like an unknown one: nothing reveals that it exists elsewhere.
      expect(message('/template_id')).toBe(`template ${other.template.id} does not exist in this account or is inactive`)
      expect(message('/items/2/product_id')).toBe(`product ${other.products.main.id} does not exist in this account or is inactive`)
      expect(JSON.stringify(problem)).not.toContain(other.products.main.code)
      expect(JSON.stringify(problem)).not.toContain(foreignCustomer.name)
    })

    it('caps a line at R$ 100 billion: the limits of quantity and price alone let 200 lines pass bigint (a 500 on PostgreSQL) and the cents a number holds', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const product = account.products.main.id
      const over = { product_id: product, quantity: 1_000_000, unit_price_cents: 100_000_000_000 }
      const problem = await failsWithoutTrace(account, proposalBody(account, customer, { items: [{ product_id: product, quantity: 1 }, over, ...Array(198).fill(over)] }), 422, 'validation_failed')
      expect(errorPaths(problem)).toEqual(Array.from({ length: 199 }, (_, index) => `/items/${index + 1}/unit_price_cents`).sort())
      expect(problem.errors![0]!.message).toBe('quantity × unit price must be at most 10000000000000 cents')
      // One cent over the cap, by quantity's thousandths.
      await failsWithoutTrace(account, proposalBody(account, customer, { items: [{ product_id: product, quantity: 100_000.001, unit_price_cents: 100_000_000 }] }), 422, 'validation_failed')

      // 200 lines at the cap: every cent exact on both databases.
      const atCap = { product_id: product, quantity: 100_000, unit_price_cents: 100_000_000 }
      const created = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: account.auth, payload: proposalBody(account, customer, { items: Array(200).fill(atCap), payment_method_id: account.paymentMethods.card.id, installments: 7 }) })
      expect(created.statusCode, created.body).toBe(201)
      const detail = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${created.json<{ id: number }>().id}`, headers: account.auth })
      const body = detail.json<ProposalDetail>()
      expect(body.totals).toEqual({ items_count: 200, subtotal_cents: 2_000_000_000_000_000, discount_cents: 0, total_cents: 2_000_000_000_000_000 })
      expect(body.payment.schedule.reduce((sum, entry) => sum + entry.amount_cents, 0)).toBe(2_000_000_000_000_000)
    })

    it('more semantic errors: inactive template and method, a user who is not a seller, bad roles, repeated signer, unknown code, 4 decimals', async () => {
      const account = await makeAccount(env)
      const other = await makeAccount(env)
      const suffix = uniqueSuffix()
      const notSeller = await createUser(env.db, env.clock, { accountId: account.id, email: `admin.${suffix}@vendoc.test`, name: 'Admin', role: 'admin' })
      const problem = await failsWithoutTrace(
        account,
        {
          template_id: account.inactiveTemplate.id,
          signature_type: 'paper',
          payment_method_id: account.paymentMethods.inactive.id,
          seller_id: notSeller.id,
          customer: { code: 'NO-SUCH-CODE' },
          items: [{ product_id: account.products.main.id, quantity: 1.0005 }],
          signers: [
            { name: 'A', email: 'a@cliente.test', role_id: 999_999_999 },
            { name: 'B', email: 'b@cliente.test', role_id: account.roles.inactive.id },
            { name: 'C', email: 'c@cliente.test', role_id: other.roles.party.id },
            { name: 'D', email: 'A@Cliente.test', role_id: account.roles.party.id },
          ],
        },
        422,
        'validation_failed',
      )
      expect(errorPaths(problem)).toEqual([
        '/customer/code',
        '/items/0/quantity',
        '/payment_method_id',
        '/seller_id',
        '/signers/0/role_id',
        '/signers/1/role_id',
        '/signers/2/role_id',
        '/signers/3/email',
        '/template_id',
      ])
    })

    it('a required text blank once trimmed → 422 on its field: customer name and code, signer name, title; the customer keeps its name', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account, { code: 'CLI-0016', name: 'Cliente Dezesseis' })
      const blanks = await failsWithoutTrace(
        account,
        proposalBody(account, customer, {
          title: '   ',
          customer: { code: 'CLI-0016', name: '   ' },
          signers: [
            { name: '  ', email: 'a@cliente.test', role_id: account.roles.party.id },
            { name: 'Bia', email: 'b@cliente.test', role_id: account.roles.party.id },
          ],
        }),
        422,
        'validation_failed',
      )
      expect(errorPaths(blanks)).toEqual(['/customer/name', '/signers/0/name', '/title'])
      expect(blanks.errors!.map((error) => error.message)).toEqual(['must not be blank', 'must not be blank', 'must not be blank'])
      const blankCode = await failsWithoutTrace(account, proposalBody(account, customer, { customer: { code: ' \t ', name: 'Nome' } }), 422, 'validation_failed')
      expect(errorPaths(blankCode)).toEqual(['/customer/code'])
      const blankReference = await failsWithoutTrace(account, proposalBody(account, customer, { customer: { code: '  ' } }), 422, 'validation_failed')
      expect(errorPaths(blankReference)).toEqual(['/customer/code'])
      const row = await env.db.selectFrom('customers').select('name').where('id', '=', customer.id).executeTakeFirstOrThrow()
      expect(row.name).toBe('Cliente Dezesseis')
    })

    it('a quantity with more than 3 decimals that rounds to 0 thousandths (1e-10) → 422 on its field, not a line worth 0; float noise still passes', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const main = account.products.main.id
      const problem = await failsWithoutTrace(
        account,
        proposalBody(account, customer, { items: [{ product_id: main, quantity: 1e-10 }, { product_id: main, quantity: 0.0004 }, { product_id: main, quantity: 1.0000000001 }] }),
        422,
        'validation_failed',
      )
      expect(errorPaths(problem)).toEqual(['/items/0/quantity', '/items/1/quantity', '/items/2/quantity'])
      // 1.005 is 1004.9999999999999 thousandths in binary, 0.1 + 0.2 is sent as 0.30000000000000004.
      const proposal = await created(account, proposalBody(account, customer, { items: [{ product_id: main, quantity: 1.005 }, { product_id: main, quantity: 0.001 }, { product_id: main, quantity: 0.1 + 0.2 }] }))
      expect(proposal.items.map((item) => item.quantity)).toEqual([1.005, 0.001, 0.3])
    })

    it('customer shape errors: two references, inline data without code or document, id with inline data', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const twoReferences = await failsWithoutTrace(account, proposalBody(account, customer, { customer: { id: customer.id, code: customer.code } }), 422, 'validation_failed')
      expect(errorPaths(twoReferences)).toEqual(['/customer'])
      const noKey = await failsWithoutTrace(account, proposalBody(account, customer, { customer: { name: 'Sem chave' } }), 422, 'validation_failed')
      expect(errorPaths(noKey)).toEqual(['/customer'])
      const idWithData = await failsWithoutTrace(account, proposalBody(account, customer, { customer: { id: customer.id, name: 'X', code: 'X' } }), 422, 'validation_failed')
      expect(errorPaths(idWithData)).toEqual(['/customer/id'])
      const dataWithoutName = await failsWithoutTrace(account, proposalBody(account, customer, { customer: { id: customer.id, email: 'x@y.test' } }), 422, 'validation_failed')
      expect(errorPaths(dataWithoutName)).toEqual(['/customer/email'])
    })

    it('signer CPFs must be valid CPFs (a CNPJ or a wrong check digit is refused)', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const problem = await failsWithoutTrace(
        account,
        proposalBody(account, customer, {
          signers: [
            { name: 'A', email: 'a@cliente.test', cpf: '529.982.247-24', role_id: account.roles.party.id },
            { name: 'B', email: 'b@cliente.test', cpf: formatCnpj(validCnpj()), role_id: account.roles.party.id },
          ],
        }),
        422,
        'validation_failed',
      )
      expect(errorPaths(problem)).toEqual(['/signers/0/cpf', '/signers/1/cpf'])
    })

    it('a NUL character in any string is a 422 on its field (PostgreSQL cannot store it)', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const problem = await failsWithoutTrace(
        account,
        { ...proposalBody(account, customer, { title: 'A\u0000B', notes: 'ok', fields: { nota: 'x\u0000' } }), customer: { code: 'C\u0000', name: 'Nome' } },
        422,
        'validation_failed',
      )
      expect(errorPaths(problem)).toEqual(['/customer/code', '/fields/nota', '/title'])
    })

    it('template field names must be identifiers', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const problem = await failsWithoutTrace(account, proposalBody(account, customer, { fields: { 'prazo-implantacao': '30 dias', ok_name: 1 } }), 422, 'validation_failed')
      expect(errorPaths(problem)).toEqual(['/fields/prazo-implantacao'])
      expect(problem.errors![0]!.message).toContain('must match')
    })
  })

  describe('error: conflicts', () => {
    it('inline data with a new code and the document of a customer with another code → 422 customer_conflict', async () => {
      const account = await makeAccount(env)
      const existing = await makeCustomer(env, account, { code: 'ACME-01' })
      const problem = await failsWithoutTrace(
        account,
        proposalBody(account, existing, { customer: { code: 'ACME-02', name: 'Acme Filial', document: formatCnpj(existing.document!) } }),
        422,
        'customer_conflict',
      )
      expect(problem.errors).toEqual([{ in: 'body', path: '/customer/document', message: expect.any(String) }])
      expect(problem.existing_customer).toEqual({ id: existing.id, code: 'ACME-01', name: existing.name })
    })

    it("inline data with one customer's code and another customer's document → 422 customer_conflict", async () => {
      const account = await makeAccount(env)
      const a = await makeCustomer(env, account)
      const b = await makeCustomer(env, account)
      const problem = await failsWithoutTrace(account, proposalBody(account, a, { customer: { code: a.code, name: a.name, document: b.document } }), 422, 'customer_conflict')
      expect(errorPaths(problem)).toEqual(['/customer/document'])
    })

    it('a duplicate external_reference → 409 naming the existing document, and no number is consumed', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const first = await created(account, proposalBody(account, customer, { external_reference: 'CRM-DEAL-991' }))
      const problem = await failsWithoutTrace(account, proposalBody(account, customer, { external_reference: 'CRM-DEAL-991' }), 409, 'duplicate_external_reference')
      expect(problem.existing_proposal).toEqual({ id: first.id, number: first.number })
      expect(problem.detail).toContain('CRM-DEAL-991')
      const next = await created(account, proposalBody(account, customer, { external_reference: 'CRM-DEAL-992' }))
      expect(next.number).toBe(first.number + 1)
    })

    it('a duplicate external_reference with inline customer data does not create or update the customer', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account, { code: 'ACME-01' })
      await created(account, proposalBody(account, customer, { external_reference: 'REF-1' }))
      await failsWithoutTrace(
        account,
        proposalBody(account, customer, { external_reference: 'REF-1', customer: { code: 'ACME-01', name: 'Outro Nome' } }),
        409,
        'duplicate_external_reference',
      )
      await failsWithoutTrace(
        account,
        proposalBody(account, customer, { external_reference: 'REF-1', customer: { code: 'NEW-01', name: 'Novo', document: validCnpj() } }),
        409,
        'duplicate_external_reference',
      )
    })
  })

  describe('error: the request itself', () => {
    it('malformed JSON → 400 malformed_json', async () => {
      const account = await makeAccount(env)
      await failsWithoutTrace(account, '{"template_id": 1,', 400, 'malformed_json', { 'content-type': 'application/json' })
      await failsWithoutTrace(account, '', 400, 'malformed_json', { 'content-type': 'application/json' })
    })

    it('an unknown query parameter → 422 naming it, and nothing is created (?dry_run=true is no dry run)', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const before = await snapshotDatabase(env.db)
      const response = await env.app.inject({ method: 'POST', url: '/api/v1/proposals?dry_run=true', headers: account.auth, payload: proposalBody(account, customer) })
      expect(expectProblem(response, 422, 'validation_failed').errors).toEqual([{ in: 'query', path: '/dry_run', message: 'is not a known field' }])
      expect((await snapshotDatabase(env.db)).counts).toEqual(before.counts)
    })

    it('a body that is JSON but not an object → 422', async () => {
      const account = await makeAccount(env)
      const problem = await failsWithoutTrace(account, '[1, 2]', 422, 'validation_failed', { 'content-type': 'application/json' })
      expect(errorPaths(problem)).toEqual(['/'])
    })

    it('a content type other than JSON → 415 unsupported_media_type', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const json = JSON.stringify(proposalBody(account, customer))
      for (const contentType of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        await failsWithoutTrace(account, json, 415, 'unsupported_media_type', { 'content-type': contentType })
      }
    })

    it('accepts JSON with a charset parameter', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const response = await post(account, JSON.stringify(proposalBody(account, customer)), { 'content-type': 'application/json; charset=utf-8' })
      expect(response.statusCode, response.body).toBe(201)
    })

    it('a body over 1 MiB → 413 payload_too_large', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const problem = await failsWithoutTrace(account, proposalBody(account, customer, { notes: 'x'.repeat(1024 * 1024) }), 413, 'payload_too_large')
      expect(problem.detail).toContain(String(1024 * 1024))
    })

    it('an unknown route → 404 route_not_found', async () => {
      const account = await makeAccount(env)
      for (const [method, url] of [
        ['GET', '/api/v1/nothing'],
        ['POST', '/api/v1/proposal'],
        ['DELETE', '/api/v1/nothing/1'],
        ['GET', '/api/v2/proposals/1'],
        ['GET', '/api/v1/proposals/1/nothing'],
      ] as const) {
        const response = await env.app.inject({ method, url, headers: account.auth })
        const problem = expectProblem(response, 404, 'route_not_found')
        expect(problem.detail).toContain(url)
        expect(response.headers.allow).toBeUndefined()
      }
    })

    it('a method its path does not answer → 405 method_not_allowed with Allow, with or without a token', async () => {
      const account = await makeAccount(env)
      for (const [method, url, allowed] of [
        ['DELETE', '/api/v1/proposals/1', 'GET, HEAD, OPTIONS, PATCH'],
        ['PUT', '/api/v1/proposals/abc?by=external_reference', 'GET, HEAD, OPTIONS, PATCH'],
        ['GET', '/api/v1/proposals/1/send', 'OPTIONS, POST'],
        ['PATCH', '/api/v1/proposals', 'GET, HEAD, OPTIONS, POST'],
      ] as const) {
        for (const headers of [account.auth, {}]) {
          const response = await env.app.inject({ method, url, headers })
          const problem = expectProblem(response, 405, 'method_not_allowed')
          expect(response.headers.allow).toBe(allowed)
          expect(problem.allowed_methods).toEqual(allowed.split(', '))
          expect(problem.detail).toContain(method)
          // The API's CORS headers too: a browser integration must be able to read the answer.
          expect(response.headers['access-control-allow-origin']).toBe('*')
          expect(String(response.headers['access-control-expose-headers'])).toMatch(/\bAllow\b/)
        }
      }
    })
  })

  describe('security', () => {
    it('every error body is problem+json with the request id and no internals', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      await created(account, proposalBody(account, customer, { external_reference: 'DUP' }))
      const responses = [
        await post(account, { nope: true }),
        await post(account, proposalBody(account, customer, { external_reference: 'DUP' })),
        await post(account, proposalBody(account, customer, { template_id: 2_147_483_648 })),
        await post(account, proposalBody(account, customer, { items: [{ product_id: Number.MAX_SAFE_INTEGER, quantity: 1 }] })),
        await post(account, '{', { 'content-type': 'application/json' }),
      ]
      const requestIds = new Set<string>()
      for (const response of responses) {
        expect(response.statusCode).toBeGreaterThanOrEqual(400)
        expect(response.statusCode).toBeLessThan(500)
        const problem = expectProblem(response, response.statusCode, response.json<Problem>().code)
        requestIds.add(problem.request_id)
      }
      expect(requestIds.size).toBe(responses.length)
    })

    it("cannot use another account's customer even inline (same code in another account creates a new one here)", async () => {
      const mine = await makeAccount(env)
      const theirs = await makeAccount(env)
      const foreign = await makeCustomer(env, theirs, { code: 'SHARED-CODE' })
      const proposal = await created(mine, { ...proposalBody(mine, foreign), customer: { code: 'SHARED-CODE', name: 'Meu Cliente', document: foreign.document } })
      expect(proposal.customer.id).not.toBe(foreign.id)
      expect(proposal.customer.name).toBe('Meu Cliente')
      const untouched = await env.db.selectFrom('customers').select(['name', 'account_id']).where('id', '=', foreign.id).executeTakeFirstOrThrow()
      expect(untouched).toEqual({ name: foreign.name, account_id: theirs.id })
    })

    it('a document is always created in the token’s account', async () => {
      const mine = await makeAccount(env)
      const customer = await makeCustomer(env, mine)
      const proposal = await makeProposal(env, mine, customer)
      const row = await env.db.selectFrom('proposals').select(['account_id', 'api_token_id', 'created_via']).where('id', '=', proposal.id).executeTakeFirstOrThrow()
      expect(row).toEqual({ account_id: mine.id, api_token_id: mine.token.id, created_via: 'api' })
    })
  })
})
