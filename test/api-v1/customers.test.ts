// GET /api/v1/customers and GET /api/v1/customers/{customer_id}, on both databases: the list in
// alphabetical order ignoring case and accents, paged with meta and Link, narrowed by `q` (name,
// trade name, code, or the CNPJ/CPF with or without punctuation); one customer by internal ID,
// code or document (formatted, with its `/` sent as is), forced with `lookup`, 409 when the
// readings disagree; another account's customers never appear and look exactly like missing ones.
import { expect, it } from 'vitest'
import type { CustomerView } from '../../src/modules/customers/customer-mapper.js'
import { describeEachDialect } from '../support/dialects.js'
import { formatCnpj, validCnpj } from '../support/documents.js'
import { makeAccount, makeCustomer, type TestAccount, uniqueSuffix } from '../support/factories.js'
import { errorPaths, expectProblem } from '../support/http.js'
import type { TestApp } from '../support/test-app.js'

interface CustomersPage {
  data: CustomerView[]
  meta: { page: number; per_page: number; total: number; total_pages: number }
}

function get(env: TestApp, account: TestAccount, url: string) {
  return env.app.inject({ method: 'GET', url: `/api/v1/customers${url}`, headers: account.auth })
}

async function listOk(env: TestApp, account: TestAccount, query = '') {
  const response = await get(env, account, query)
  expect(response.statusCode, response.body).toBe(200)
  return { body: response.json<CustomersPage>(), link: String(response.headers.link) }
}

async function getOk(env: TestApp, account: TestAccount, reference: string): Promise<CustomerView> {
  const response = await get(env, account, `/${reference}`)
  expect(response.statusCode, response.body).toBe(200)
  return response.json<CustomerView>()
}

describeEachDialect('the customers (API)', (env) => {
  it('lists them by name ignoring case and accents, paged with meta and Link; never another account’s', async () => {
    const account = await makeAccount(env)
    const other = await makeAccount(env)
    await makeCustomer(env, other, { name: 'Aaron Estrangeiro Ltda' })
    const names = ['Ótica Visão Ltda', 'banco central do brasil', 'Álamo Materiais', 'Zebra Tintas', 'Casa Égide']
    for (const name of names) await makeCustomer(env, account, { name })

    const all = await listOk(env, account)
    expect(all.body.data.map((customer) => customer.name)).toEqual(['Álamo Materiais', 'banco central do brasil', 'Casa Égide', 'Ótica Visão Ltda', 'Zebra Tintas'])
    expect(all.body.meta).toEqual({ page: 1, per_page: 50, total: 5, total_pages: 1 })
    expect(all.body.data[0]).toMatchObject({ document_type: 'cnpj', address: { city: 'São Paulo', state: 'SP' } })
    expect(Object.keys(all.body.data[0]!)).toEqual(['id', 'code', 'name', 'trade_name', 'document', 'document_type', 'email', 'phone', 'address', 'created_at', 'updated_at'])

    const second = await listOk(env, account, '?per_page=2&page=2')
    expect(second.body.data.map((customer) => customer.name)).toEqual(['Casa Égide', 'Ótica Visão Ltda'])
    expect(second.body.meta).toEqual({ page: 2, per_page: 2, total: 5, total_pages: 3 })
    const base = 'http://vendoc.test/api/v1/customers?per_page=2'
    expect(second.link).toBe(`<${base}&page=1>; rel="first", <${base}&page=1>; rel="prev", <${base}&page=3>; rel="next", <${base}&page=3>; rel="last"`)

    // Past the last page: an empty page that still counts them all.
    expect((await listOk(env, account, '?per_page=2&page=9')).body).toMatchObject({ data: [], meta: { total: 5, total_pages: 3 } })
  })

  it('narrows the list with q: name or trade name without accents, code, and a CNPJ with or without punctuation', async () => {
    const account = await makeAccount(env)
    const cnpj = validCnpj()
    const jose = await makeCustomer(env, account, { name: 'José Araújo ME', trade_name: 'Padaria São Jorge', code: `PAD-${uniqueSuffix()}` })
    const acme = await makeCustomer(env, account, { name: 'Acme Indústria Ltda', document: cnpj })
    await makeCustomer(env, account, { name: 'Outro Cliente Ltda' })
    const names = async (q: string) => (await listOk(env, account, `?q=${encodeURIComponent(q)}`)).body.data.map((customer) => customer.name)

    expect(await names('jose araujo')).toEqual([jose.name])
    expect(await names('SAO JORGE')).toEqual([jose.name])
    expect(await names(jose.code!.toLowerCase())).toEqual([jose.name])
    expect(await names(formatCnpj(cnpj))).toEqual([acme.name])
    expect(await names(cnpj.slice(0, 8))).toEqual([acme.name])
    expect(await names('nada assim')).toEqual([])
    // Blank is everyone; "%" and "_" are text, not wildcards.
    expect(await names('')).toHaveLength(3)
    expect(await names('%')).toEqual([])
    expect(await names('_')).toEqual([])
    const filtered = await listOk(env, account, '?q=acme&per_page=1')
    expect(filtered.body.meta).toEqual({ page: 1, per_page: 1, total: 1, total_pages: 1 })
    expect(filtered.link).toContain('q=acme')
  })

  it('refuses bad queries with 422 naming the parameter', async () => {
    const account = await makeAccount(env)
    const cases: Array<[string, string]> = [
      ['?per_page=0', '/per_page'],
      ['?per_page=101', '/per_page'],
      ['?page=0', '/page'],
      ['?page=abc', '/page'],
      [`?q=${'a'.repeat(201)}`, '/q'],
      ['?sort=name', '/sort'],
    ]
    for (const [query, path] of cases) {
      const problem = expectProblem(await get(env, account, query), 422, 'validation_failed')
      expect(errorPaths(problem), query).toEqual([path])
    }
  })

  it('reads one customer by internal ID, code or CNPJ (formatted, its / as is or encoded), forced with lookup', async () => {
    const account = await makeAccount(env)
    const cnpj = validCnpj()
    const customer = await makeCustomer(env, account, { code: `ACME-${uniqueSuffix()}`, document: cnpj, name: 'Acme Indústria Ltda' })
    const expected = await getOk(env, account, String(customer.id))
    expect(expected).toMatchObject({ id: customer.id, code: customer.code, name: 'Acme Indústria Ltda', document: cnpj, email: customer.email, address: { street: 'Av. Paulista', number: '1000', complement: null } })

    expect(await getOk(env, account, encodeURIComponent(customer.code!))).toEqual(expected)
    expect(await getOk(env, account, cnpj)).toEqual(expected)
    expect(await getOk(env, account, encodeURIComponent(formatCnpj(cnpj)))).toEqual(expected)
    expect(await getOk(env, account, formatCnpj(cnpj))).toEqual(expected)
    expect(await getOk(env, account, `${customer.code}?lookup=code`)).toEqual(expected)
    expectProblem(await get(env, account, `/${customer.code}?lookup=document`), 404, 'customer_not_found')
    expectProblem(await get(env, account, `/${customer.id}?lookup=bogus`), 422, 'validation_failed')
  })

  it('answers 409 when the readings name different customers, and the same 404 for a foreign customer as for a missing one', async () => {
    const account = await makeAccount(env)
    const byId = await makeCustomer(env, account)
    const byCode = await makeCustomer(env, account, { code: String(byId.id) })
    const ambiguous = expectProblem(await get(env, account, `/${byId.id}`), 409, 'ambiguous_customer_reference')
    expect((ambiguous as unknown as { candidates: Array<{ id: number }> }).candidates.map((candidate) => candidate.id).sort((a, b) => a - b)).toEqual([byId.id, byCode.id].sort((a, b) => a - b))
    expect((await getOk(env, account, `${byId.id}?lookup=id`)).id).toBe(byId.id)
    expect((await getOk(env, account, `${byId.id}?lookup=code`)).id).toBe(byCode.id)

    const other = await makeAccount(env)
    const foreign = await makeCustomer(env, other)
    const stranger = await get(env, account, `/${foreign.id}`)
    const missing = await get(env, account, '/987654321')
    expect(stranger.statusCode).toBe(404)
    const strip = (body: string) => JSON.parse(body.replaceAll(String(foreign.id), 'X').replaceAll('987654321', 'X')) as Record<string, unknown>
    expect({ ...strip(stranger.body), request_id: null }).toEqual({ ...strip(missing.body), request_id: null })
    for (const reference of [foreign.code!, foreign.document!]) expectProblem(await get(env, account, `/${encodeURIComponent(reference)}`), 404, 'customer_not_found')
  })
})
