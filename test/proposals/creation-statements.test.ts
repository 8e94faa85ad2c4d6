// What a creation sends to PostgreSQL, where every statement is a round trip and costs CPU on both
// sides: the catalogue rows the body names in one statement (catalog-lookups.ts), and the
// document, its items, its signers and its history entry in one (insert-new-proposal.ts); the
// account's creation limit with its number (proposal-number.ts).
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { NamedStatementClient } from '../../src/platform/db/postgres-named-statements.js'
import { makeAccount, makeCustomer, makeProposal, proposalBody } from '../support/factories.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'

const probe = inject('postgres')

describe.skipIf(!probe.available && !process.env.CI)('the statements of a creation on PostgreSQL', () => {
  let env: TestApp

  beforeAll(async () => {
    if (!probe.available) throw new Error(`PostgreSQL is unreachable at ${probe.url} (${probe.reason}); under CI the PostgreSQL suites must run`)
    env = await buildTestApp('postgres')
  })
  afterAll(async () => {
    await env?.close()
  })
  afterEach(() => {
    vi.restoreAllMocks()
  })

  /** The text of every statement sent while `action` runs. */
  async function statementsOf(action: () => Promise<unknown>): Promise<string[]> {
    const query = vi.spyOn(NamedStatementClient.prototype, 'query')
    await action()
    return query.mock.calls.map(([text]) => (typeof text === 'string' ? text : ((text as { text?: string }).text ?? '')))
  }

  const touching = (texts: string[], table: string) => texts.filter((text) => new RegExp(`\\b(from|into) "?${table}"?[\\s(]`).test(text))

  it('read the template, payment method, products and signer roles in one statement, and write the four tables in one', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const body = {
      signature_type: 'digital',
      items: [{ product_id: account.products.main.id, quantity: 1 }, { product_id: account.products.service.id, quantity: 2 }],
      signers: [{ name: 'Ana', email: 'ana@cliente.test', role_id: account.roles.party.id }, { name: 'Beto', email: 'beto@cliente.test', role_id: account.roles.witness.id }],
    }
    const texts = await statementsOf(() => makeProposal(env, account, customer, body))

    const catalogue = touching(texts, 'templates').filter((text) => !text.includes('join'))
    expect(catalogue).toHaveLength(1)
    for (const table of ['payment_methods', 'products', 'signer_roles']) expect(touching(texts, table).filter((text) => !text.includes('join'))).toEqual(catalogue)

    const writes = texts.filter((text) => /insert into "?proposals"? /.test(text))
    expect(writes).toHaveLength(1)
    for (const table of ['proposal_items', 'proposal_signers', 'proposal_events']) expect(texts.filter((text) => new RegExp(`insert into "?${table}"? `).test(text))).toEqual(writes)
  })

  it('claim an Idempotency-Key in one statement, before the transaction', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const texts = await statementsOf(async () => {
      const response = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: { ...account.auth, 'idempotency-key': 'one-statement' }, payload: proposalBody(account, customer) })
      expect(response.statusCode, response.body).toBe(201)
    })
    const begin = texts.indexOf('begin')
    expect(begin).toBeGreaterThan(0)
    // (The others before it authenticate the account's new token.)
    const claim = texts.slice(0, begin).filter((text) => text.includes('"idempotency_keys"'))
    expect(claim).toHaveLength(1)
    expect(claim[0]).toMatch(/insert into "idempotency_keys"/)
  })

  it('read the monthly creation limit in the statement that takes the number, under its lock', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const texts = await statementsOf(() => makeProposal(env, account, customer, {}))
    const limitReads = touching(texts, 'plans')
    expect(limitReads).toHaveLength(1)
    expect(limitReads[0]).toMatch(/^(\/\* prepared \*\/ )?update "accounts" set "last_proposal_number"/)
  })
})
