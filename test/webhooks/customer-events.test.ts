// The customers' webhook events, on both databases: `customer.created` from the Clientes form and
// from a document's inline customer data, `customer.updated` with the API names of the fields a
// write changed (the same data again is no event, and a reference by document writes nothing),
// `customer.personal_data_erased` from an LGPD erasure. Each event names the customer by id and
// carries none of its personal data; only the account's endpoints subscribed to the type get it.
import { expect, it } from 'vitest'
import { createWebhookEndpoint } from '../../src/modules/webhooks/webhook-endpoints.js'
import { erasePersonalData } from '../../src/modules/privacy/erase-personal-data.js'
import { describeEachDialect } from '../support/dialects.js'
import { validCnpj } from '../support/documents.js'
import { makeAccount, proposalBody, uniqueSuffix, type TestAccount } from '../support/factories.js'
import { ManualClock } from '../support/manual-clock.js'
import type { TestApp } from '../support/test-app.js'
import { signedInUser } from '../support/web-login.js'

const clock = new ManualClock('2026-12-06T12:00:00.000Z')
const CUSTOMER_EVENTS = ['customer.created', 'customer.updated', 'customer.personal_data_erased']
const policy = { allowPrivate: true }

interface Delivered {
  type: string
  data: { customer: { id: number; updated_at?: string }; changed?: string[]; documents?: number; signers?: number }
  raw: string
}

/** What the endpoint was queued, oldest first: each delivery's event type and body. */
async function deliveriesTo(env: TestApp, endpointId: number): Promise<Delivered[]> {
  const rows = await env.db.selectFrom('webhook_deliveries').select(['event_type', 'request_body']).where('endpoint_id', '=', endpointId).orderBy('id').execute()
  return rows.map((row) => {
    const body = JSON.parse(row.request_body) as { type: string; data: Delivered['data'] }
    expect(body.type).toBe(row.event_type)
    return { type: body.type, data: body.data, raw: row.request_body }
  })
}

/** An account with an endpoint for the customer events and one for the documents' only. */
async function accountWithEndpoints(env: TestApp) {
  const account = await makeAccount(env)
  const customers = await createWebhookEndpoint(env.db, clock, policy, account.id, { url: 'http://127.0.0.1:9/clientes', events: CUSTOMER_EVENTS })
  const documents = await createWebhookEndpoint(env.db, clock, policy, account.id, { url: 'http://127.0.0.1:9/documentos', events: ['proposal.created'] })
  return { account, customers: customers.id, documents: documents.id }
}

function createDocument(env: TestApp, account: TestAccount, customer: Record<string, unknown>) {
  return env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: account.auth, payload: proposalBody(account, { id: 0 }, { customer }) })
}

async function customerRow(env: TestApp, id: number) {
  return env.db.selectFrom('customers').select(['id', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow()
}

describeEachDialect('customer webhook events', (env) => {
  it('tells of a customer registered and changed from the Clientes form, with the fields that changed, and of nothing when nothing changed', async () => {
    const { account, customers, documents } = await accountWithEndpoints(env)
    const { agent } = await signedInUser(env, { account })
    const suffix = uniqueSuffix()
    const fields = { name: `Padaria ${suffix} Ltda`, trade_name: '', code: `PAD-${suffix}`, document: '', email: `contato.${suffix}@padaria.test`, phone: '', street: '', number: '', complement: '', district: '', city: 'Campinas', state: 'SP', postal_code: '' }
    const created = await agent.submit('/customers/new', '/customers', fields)
    expect(created.statusCode, created.body).toBe(303)
    const id = Number(/\/customers\/(\d+)\/edit/.exec(created.headers.location as string)?.[1] ?? (await env.db.selectFrom('customers').select('id').where('code', '=', fields.code).executeTakeFirstOrThrow()).id)
    const afterCreate = await customerRow(env, id)

    clock.advance(60_000)
    const edit = `/customers/${id}/edit`
    expect((await agent.submit(edit, `/customers/${id}`, { ...fields, name: `Padaria ${suffix} S.A.`, city: 'Sorocaba' })).statusCode).toBe(303)
    const afterUpdate = await customerRow(env, id)
    clock.advance(60_000)
    // Saved again as it is: updated_at stays, and no event.
    expect((await agent.submit(edit, `/customers/${id}`, { ...fields, name: `Padaria ${suffix} S.A.`, city: 'Sorocaba' })).statusCode).toBe(303)
    expect((await customerRow(env, id)).updated_at).toBe(afterUpdate.updated_at)

    const delivered = await deliveriesTo(env, customers)
    expect(delivered.map((event) => [event.type, event.data])).toEqual([
      ['customer.created', { customer: { id, updated_at: afterCreate.updated_at } }],
      ['customer.updated', { customer: { id, updated_at: afterUpdate.updated_at }, changed: ['name', 'address.city'] }],
    ])
    // No personal data in the bodies: a receiver reads the customer through the API.
    for (const event of delivered) for (const value of [fields.name, fields.code, fields.email, 'Campinas', 'Sorocaba', 'Padaria']) expect(event.raw).not.toContain(value)
    expect(await deliveriesTo(env, documents)).toEqual([])
  })

  it('tells of a customer a document’s inline data registers or changes, not of one it only names', async () => {
    const { account, customers, documents } = await accountWithEndpoints(env)
    const document = validCnpj()
    const inline = { name: 'Oficina Boa Vista Ltda', document, email: 'compras@oficina.test' }
    const first = await createDocument(env, account, inline)
    expect(first.statusCode, first.body).toBe(201)
    const id = first.json<{ customer: { id: number } }>().customer.id
    const registered = await customerRow(env, id)
    clock.advance(60_000)
    // The same data with the next document (a CRM sends it every time): nothing changed.
    expect((await createDocument(env, account, inline)).statusCode).toBe(201)
    // Named by its document only: a reference writes nothing.
    expect((await createDocument(env, account, { document })).statusCode).toBe(201)
    clock.advance(60_000)
    expect((await createDocument(env, account, { ...inline, email: 'financeiro@oficina.test', phone: '(19) 3333-4444' })).statusCode).toBe(201)
    const changed = await customerRow(env, id)

    expect((await deliveriesTo(env, customers)).map((event) => [event.type, event.data])).toEqual([
      ['customer.created', { customer: { id, updated_at: registered.updated_at } }],
      ['customer.updated', { customer: { id, updated_at: changed.updated_at }, changed: ['email', 'phone'] }],
    ])
    // The documents' endpoint got its four documents and no customer event.
    expect((await deliveriesTo(env, documents)).map((event) => event.type)).toEqual(['proposal.created', 'proposal.created', 'proposal.created', 'proposal.created'])
  })

  it('tells of a change made in the same millisecond as the last, of a code cleared by the form, and of a draft’s inline data', async () => {
    const { account, customers } = await accountWithEndpoints(env)
    const { agent } = await signedInUser(env, { account })
    const suffix = uniqueSuffix()
    const fields = { name: `Mercado ${suffix}`, trade_name: '', code: `MER-${suffix}`, document: '', email: '', phone: '', street: '', number: '', complement: '', district: '', city: '', state: '', postal_code: '' }
    expect((await agent.submit('/customers/new', '/customers', fields)).statusCode).toBe(303)
    const id = (await env.db.selectFrom('customers').select('id').where('code', '=', fields.code).executeTakeFirstOrThrow()).id
    // The clock does not move: updated_at cannot, yet the change is told.
    expect((await agent.submit(`/customers/${id}/edit`, `/customers/${id}`, { ...fields, trade_name: 'Mercadinho' })).statusCode).toBe(303)
    // The form left without a code clears it.
    expect((await agent.submit(`/customers/${id}/edit`, `/customers/${id}`, { ...fields, trade_name: 'Mercadinho', code: '' })).statusCode).toBe(303)

    // A draft whose inline data changes the customer (PATCH), by its document.
    const document = validCnpj()
    const draft = await createDocument(env, account, { name: 'Loja Azul Ltda', document })
    const customerId = draft.json<{ customer: { id: number } }>().customer.id
    const patched = await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${draft.json<{ id: number }>().id}`, headers: account.auth, payload: { customer: { name: 'Loja Azul S.A.', document } } })
    expect(patched.statusCode, patched.body).toBe(200)

    expect((await deliveriesTo(env, customers)).map((event) => [event.type, event.data.customer.id, event.data.changed])).toEqual([
      ['customer.created', id, undefined],
      ['customer.updated', id, ['trade_name']],
      ['customer.updated', id, ['code']],
      ['customer.created', customerId, undefined],
      ['customer.updated', customerId, ['name']],
    ])
  })

  it('tells of an erasure, naming the customer by id, so synced systems erase their copy too; another account hears nothing', async () => {
    const { account, customers } = await accountWithEndpoints(env)
    const other = await accountWithEndpoints(env)
    const document = validCnpj()
    const created = await createDocument(env, account, { name: 'Titular Silva ME', document, email: 'titular@silva.test' })
    const id = created.json<{ customer: { id: number } }>().customer.id
    // The receiver answered the customer.created delivery echoing the customer (a CRM's upsert), and
    // its error text quoted it: the delivery log keeps both.
    const echo = JSON.stringify({ upserted: { name: 'Titular Silva ME', document, email: 'titular@silva.test' } })
    await env.db.updateTable('webhook_deliveries').set({ response_status: 422, response_excerpt: echo, error: `HTTP 422 titular@silva.test` }).where('endpoint_id', '=', customers).where('event_type', '=', 'customer.created').execute()
    const summary = await erasePersonalData(env.db, clock, account.id, String(id), { erasedBy: 'Encarregado de dados' })
    expect(summary.changed.webhook_deliveries).toBe(1)
    const echoed = await env.db.selectFrom('webhook_deliveries').select(['response_excerpt', 'error']).where('endpoint_id', '=', customers).where('event_type', '=', 'customer.created').executeTakeFirstOrThrow()
    for (const value of ['Titular Silva', document, 'titular@silva.test']) expect(JSON.stringify(echoed)).not.toContain(value)

    const delivered = await deliveriesTo(env, customers)
    expect(delivered.map((event) => event.type)).toEqual(['customer.created', 'customer.personal_data_erased'])
    // Who ran it stays in the history: an operator's name is not for other systems.
    expect(delivered[1]!.data).toEqual({ customer: { id }, documents: 1, signers: 0 })
    for (const event of delivered) for (const value of ['Titular Silva', document, 'titular@silva.test', 'Encarregado']) expect(event.raw).not.toContain(value)
    // Run again: nothing left to erase, nothing told.
    await erasePersonalData(env.db, clock, account.id, String(id), { erasedBy: 'Encarregado de dados' })
    expect(await deliveriesTo(env, customers)).toHaveLength(2)
    expect(await deliveriesTo(env, other.customers)).toEqual([])

    // A customer without documents is told of too.
    const { agent } = await signedInUser(env, { account })
    const alone = { name: 'Sem Documentos ME', trade_name: '', code: `SD-${uniqueSuffix()}`, document: '', email: '', phone: '', street: '', number: '', complement: '', district: '', city: '', state: '', postal_code: '' }
    expect((await agent.submit('/customers/new', '/customers', alone)).statusCode).toBe(303)
    const aloneId = (await env.db.selectFrom('customers').select('id').where('code', '=', alone.code).executeTakeFirstOrThrow()).id
    await erasePersonalData(env.db, clock, account.id, String(aloneId), { erasedBy: 'Encarregado de dados' })
    expect((await deliveriesTo(env, customers)).slice(2).map((event) => [event.type, event.data])).toEqual([
      ['customer.created', { customer: { id: aloneId, updated_at: expect.any(String) } }],
      ['customer.personal_data_erased', { customer: { id: aloneId }, documents: 0, signers: 0 }],
    ])
  })
}, { clock })
