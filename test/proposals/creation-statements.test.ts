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

  /**
   * The statements of the one transaction `action` runs, each with the round trip it went out in:
   * a round trip begins with a statement sent while none of that connection's was unanswered.
   */
  async function transactionRoundTrips(action: () => Promise<unknown>): Promise<Array<{ text: string; roundTrip: number }>> {
    const original = NamedStatementClient.prototype.query
    const connections = new Map<object, { unanswered: number; roundTrips: number; statements: Array<{ text: string; roundTrip: number }> }>()
    vi.spyOn(NamedStatementClient.prototype, 'query').mockImplementation(function (this: NamedStatementClient, ...args: unknown[]) {
      let connection = connections.get(this)
      if (connection === undefined) connections.set(this, (connection = { unanswered: 0, roundTrips: 0, statements: [] }))
      if (connection.unanswered === 0) connection.roundTrips += 1
      connection.unanswered += 1
      connection.statements.push({ text: String(args[0]), roundTrip: connection.roundTrips })
      const answered = () => {
        connection.unanswered -= 1
      }
      const result = (original as (...rest: unknown[]) => Promise<unknown>).apply(this, args)
      result.then(answered, answered)
      return result as never
    })
    await action()
    const transactions = [...connections.values()].filter((connection) => connection.statements.some((statement) => statement.text === 'begin'))
    expect(transactions).toHaveLength(1)
    return transactions[0]!.statements
  }

  it("hold the account's lock for three round trips: the number with the reads behind it, the writes, the commit", async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const statements = await transactionRoundTrips(async () => {
      const response = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: { ...account.auth, 'idempotency-key': 'round-trips' }, payload: proposalBody(account, customer, { external_reference: 'RT-1' }) })
      expect(response.statusCode, response.body).toBe(201)
    })
    const roundTripOf = (pattern: RegExp) => {
      const found = statements.filter((statement) => pattern.test(statement.text))
      expect(found, String(pattern)).toHaveLength(1)
      return found[0]!.roundTrip
    }
    const lock = roundTripOf(/insert into "proposal_number_counters"/)
    // Behind the lock, in its round trip: what must see every creation committed before it.
    expect(roundTripOf(/from "users"/)).toBe(lock)
    expect(roundTripOf(/from "customers"/)).toBe(lock)
    expect(roundTripOf(/"external_reference" =/)).toBe(lock)
    // Then every write, the idempotency key's binding included.
    const writes = roundTripOf(/insert into "?proposals"? /)
    expect(writes).toBe(lock + 1)
    expect(roundTripOf(/insert into "api_usage_counters"/)).toBe(writes)
    expect(roundTripOf(/insert into "domain_events"/)).toBe(writes)
    expect(roundTripOf(/update "idempotency_keys"/)).toBe(writes)
    expect(roundTripOf(/^commit$/)).toBe(lock + 2)
    // Before the lock, together: the catalogue and the document's id.
    expect(roundTripOf(/nextval\('proposals_id_seq'\)/)).toBe(roundTripOf(/from templates where/))
    expect(roundTripOf(/nextval/)).toBeLessThan(lock)
  })

  it('read the monthly creation limit in the statement that takes the number, under its lock', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const texts = await statementsOf(() => makeProposal(env, account, customer, {}))
    const limitReads = touching(texts, 'plans')
    expect(limitReads).toHaveLength(1)
    expect(limitReads[0]).toMatch(/^(\/\* prepared \*\/ )?insert into "proposal_number_counters"/)
  })

  // Every update writes a new version of its row, and the accounts row is wide: under creations
  // from two processes its versions outgrew their page, and PostgreSQL's CPU per creation rose with
  // every one (migration 010). The number lives in a narrow row of its own instead.
  it('leave the accounts row alone', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const texts = await statementsOf(() => makeProposal(env, account, customer, {}))
    expect(texts.some((text) => /insert into "proposal_number_counters"/.test(text))).toBe(true)
    expect(texts.filter((text) => /\b(update|into) "?accounts"?\s/.test(text))).toEqual([])
  })
})
