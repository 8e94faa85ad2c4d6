// The module functions behind the Clientes screens, on both databases: listCustomers (search,
// order, paging, tenant filter) and saveCustomer (the API's rules, key conflicts, clearing keys).
import { describe, expect, it } from 'vitest'
import { documentFragment, listCustomers } from '../../src/modules/customers/list-customers.js'
import { checkCustomerForm, saveCustomer } from '../../src/modules/customers/save-customer.js'
import { describeEachDialect } from '../support/dialects.js'
import { formatCnpj, validCnpj, validCpf } from '../support/documents.js'
import { makeAccount, makeCustomer } from '../support/factories.js'

describe('documentFragment', () => {
  it('reads digits with document punctuation as a normalised fragment, and words as no document', () => {
    expect(documentFragment('12.345.678/0001-95')).toBe('12345678000195')
    expect(documentFragment('123.456')).toBe('123456')
    expect(documentFragment('ab.cd1')).toBe('ABCD1')
    expect(documentFragment('Acme')).toBeNull()
    expect(documentFragment('Loja 12 & Cia')).toBeNull()
  })
})

describe('checkCustomerForm', () => {
  it('needs a name and a valid document when one is given, but no code or document', () => {
    expect(checkCustomerForm({ name: 'Acme' })).toEqual({})
    expect(checkCustomerForm({ name: ' ' })).toEqual({ name: 'required' })
    expect(checkCustomerForm({ name: 'Acme', document: '11.111.111/1111-11' })).toEqual({ document: 'invalid_document' })
    expect(checkCustomerForm({ name: 'Acme', document: formatCnpj(validCnpj()) })).toEqual({})
  })
})

describeEachDialect('Customer screen functions', (env) => {
  describe('listCustomers', () => {
    it('orders by name ignoring case, pages, and never leaves the account', async () => {
      const account = await makeAccount(env)
      const other = await makeAccount(env)
      await makeCustomer(env, other, { name: 'aaa de outra conta' })
      const names = ['banana', 'Abacaxi', 'caju', 'Damasco']
      for (const name of names) await makeCustomer(env, account, { name })
      const first = await listCustomers(env.db, account.id, { page: 1, perPage: 3 })
      expect(first.total).toBe(4)
      expect(first.rows.map((row) => row.name)).toEqual(['Abacaxi', 'banana', 'caju'])
      const second = await listCustomers(env.db, account.id, { page: 2, perPage: 3 })
      expect(second.rows.map((row) => row.name)).toEqual(['Damasco'])
      expect((await listCustomers(env.db, account.id, { page: 3, perPage: 3 })).rows).toEqual([])
    })

    it('matches part of a document typed with punctuation, and takes LIKE wildcards and NUL literally', async () => {
      const account = await makeAccount(env)
      const cnpj = validCnpj()
      const company = await makeCustomer(env, account, { name: '100% Algodão', document: cnpj })
      const person = await makeCustomer(env, account, { name: 'Pessoa_Um', document: validCpf(), document_type: 'cpf' })
      const search = async (q: string) => (await listCustomers(env.db, account.id, { q, page: 1, perPage: 10 })).rows.map((row) => row.id)
      expect(await search(formatCnpj(cnpj).slice(0, 10))).toEqual([company.id])
      expect(await search('100%')).toEqual([company.id])
      expect(await search('ess_a')).toEqual([])
      expect(await search('pessoa_')).toEqual([person.id])
      expect(await search('  ')).toHaveLength(2)
      expect(await search('pessoa\u0000')).toEqual([person.id])
    })
  })

  describe('saveCustomer', () => {
    it('creates with the API column rules, then updates and clears the code and document', async () => {
      const account = await makeAccount(env)
      const cnpj = validCnpj()
      const created = await saveCustomer(env.db, env.clock, account.id, undefined, {
        name: '  Acme Ltda ',
        code: 'ACME',
        document: formatCnpj(cnpj),
        trade_name: 'Acme',
        email: 'Compras@ACME.test',
        phone: null,
        address: { street: 'Rua A', number: null, complement: null, district: null, city: 'Recife', state: 'pe', postal_code: '50000000' },
      })
      expect(created.ok).toBe(true)
      if (!created.ok) return
      expect(created.created).toBe(true)
      expect(created.customer).toMatchObject({ account_id: account.id, name: 'Acme Ltda', code: 'ACME', document: cnpj, document_type: 'cnpj', email: 'compras@acme.test', address_state: 'PE', address_postal_code: '50000-000', address_number: null })

      const updated = await saveCustomer(env.db, env.clock, account.id, created.customer, { name: 'Acme', trade_name: null, email: null, phone: null, address: { street: null, city: 'Olinda' } })
      expect(updated.ok).toBe(true)
      if (!updated.ok) return
      expect(updated.created).toBe(false)
      expect(updated.customer).toMatchObject({ id: created.customer.id, name: 'Acme', code: null, document: null, document_type: null, trade_name: null, email: null, address_street: null, address_city: 'Olinda', address_state: 'PE' })
    })

    it('refuses keys of another customer of the account, with shape errors reported alongside, writing nothing', async () => {
      const account = await makeAccount(env)
      const existing = await makeCustomer(env, account)
      const target = await makeCustomer(env, account)
      const clash = await saveCustomer(env.db, env.clock, account.id, target, { name: 'X', code: existing.code!, document: existing.document! })
      expect(clash).toEqual({ ok: false, errors: { code: 'code_taken', document: 'document_taken' } })
      const mixed = await saveCustomer(env.db, env.clock, account.id, undefined, { name: '', code: existing.code!, document: '123' }, { email: 'invalid_email' })
      expect(mixed).toEqual({ ok: false, errors: { name: 'required', code: 'code_taken', document: 'invalid_document', email: 'invalid_email' } })
      const rows = await env.db.selectFrom('customers').selectAll().where('account_id', '=', account.id).orderBy('id').execute()
      expect(rows).toEqual([existing, target])
    })
  })
})
