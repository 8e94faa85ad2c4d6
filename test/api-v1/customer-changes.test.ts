// GET /api/v1/customer-changes, on both databases: the account's customers by last change, walked
// page by page with the cursor (every customer once, in (updated_at, id) order, the Link header
// pointing at the first page and, while more follow, the next); updated_at moves when the
// customer's data changes (inline data that differs, an edit in the web app, an erasure) and not
// when the same data is sent again or a document names the customer; a customer changed during
// a walk is read again at the end and none is skipped; another account's customers never appear;
// bad input is a 422 naming the parameter.
import { expect, it } from 'vitest'
import type { CustomerRow } from '../../src/modules/customers/customer-mapper.js'
import { applyCustomerInput } from '../../src/modules/customers/customer-input.js'
import { erasePersonalData } from '../../src/modules/privacy/erase-personal-data.js'
import { describeEachDialect } from '../support/dialects.js'
import { formatCnpj } from '../support/documents.js'
import { makeAccount, makeCustomer, makeProposal, proposalBody, type TestAccount } from '../support/factories.js'
import { errorPaths, expectProblem } from '../support/http.js'
import { changeFeed, type FeedPage, nextMillisecond as tick } from '../support/change-feed.js'
import { PUBLIC_URL, type TestApp } from '../support/test-app.js'
import { signedInUser } from '../support/web-login.js'

type Item = { id: number; code: string | null; name: string; phone: string | null; updated_at: string }

async function storedOrder(env: TestApp, accountId: number): Promise<number[]> {
  const rows = await env.db.selectFrom('customers').select('id').where('account_id', '=', accountId).orderBy('updated_at').orderBy('id').execute()
  return rows.map((row) => row.id)
}

/** The customer's stored row but its document count, which the triggers keep and which is not its data. */
async function storedCustomer(env: TestApp, id: number): Promise<Omit<CustomerRow, 'proposal_count'>> {
  const { proposal_count: _count, ...row } = await env.db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  return row
}

async function createdWith(env: TestApp, account: TestAccount, customer: { id: number }, inline: Record<string, unknown>): Promise<void> {
  const response = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: account.auth, payload: { ...proposalBody(account, customer), customer: inline } })
  expect(response.statusCode, response.body).toBe(201)
}

/** The row as a writer read it before another request changed it. */
async function storedCustomerRow(env: TestApp, id: number, asRead: Omit<CustomerRow, 'proposal_count'>): Promise<CustomerRow> {
  const now = await env.db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  return { ...now, ...asRead }
}

/** The customer's whole data, as inline `customer` data in a creation would send it. */
function inlineDataOf(customer: Omit<CustomerRow, 'proposal_count'>): Record<string, unknown> {
  return {
    code: customer.code,
    name: customer.name,
    trade_name: customer.trade_name,
    document: formatCnpj(customer.document!),
    email: customer.email,
    phone: customer.phone,
    address: {
      street: customer.address_street,
      number: customer.address_number,
      complement: customer.address_complement,
      district: customer.address_district,
      city: customer.address_city,
      state: customer.address_state,
      postal_code: customer.address_postal_code,
    },
  }
}

describeEachDialect('following the account’s customers by last change (API)', (env) => {
  // env is filled before each suite runs; the feed reads it at each call.
  const { list, listOk, walk } = changeFeed<Item>(env, '/api/v1/customer-changes')
  it('walks every customer once, in change order, page by page, with the Link to the next page', async () => {
    const account = await makeAccount(env)
    const other = await makeAccount(env)
    const made: CustomerRow[] = []
    for (let index = 0; index < 5; index++) {
      made.push(await makeCustomer(env, account))
      await tick()
    }
    const foreign = await makeCustomer(env, other)

    const first = await list(account, '?per_page=2')
    expect(first.statusCode).toBe(200)
    const page = first.json<FeedPage<Item>>()
    // Each item is the whole customer, as GET /customers/{id} gives it.
    const one = await env.app.inject({ method: 'GET', url: `/api/v1/customers/${made[0]!.id}`, headers: account.auth })
    expect(page.data[0]).toEqual(one.json())
    expect(page.data).toHaveLength(2)
    expect(first.headers.link).toBe(`<${PUBLIC_URL}/api/v1/customer-changes?per_page=2>; rel="first", <${PUBLIC_URL}/api/v1/customer-changes?per_page=2&after=${page.meta.next_cursor}>; rel="next"`)

    const ids = await walk(account, { per_page: '2' })
    expect(ids).toEqual(await storedOrder(env, account.account.id))
    expect(ids).toEqual(made.map((customer) => customer.id))
    const last = await list(account, '?per_page=5')
    expect(last.json<FeedPage<Item>>().meta.next_cursor).toBeNull()
    expect(last.headers.link).toBe(`<${PUBLIC_URL}/api/v1/customer-changes?per_page=5>; rel="first"`)
    // The other account follows its own customer and nothing of this one's.
    expect((await listOk(other)).data.map((item) => item.id)).toEqual([foreign.id])
  })

  it('moves updated_at when inline data changes the customer, and not when the same data comes again or a document names it', async () => {
    const account = await makeAccount(env)
    const { proposal_count: _count, ...customer } = await makeCustomer(env, account)
    await tick()
    const bystander = await makeCustomer(env, account)

    // A CRM sends its customer with every document: the same data writes nothing.
    await tick()
    await createdWith(env, account, customer, inlineDataOf(customer))
    await createdWith(env, account, customer, { code: customer.code, name: customer.name })
    await makeProposal(env, account, customer)
    expect(await storedCustomer(env, customer.id)).toEqual(customer)
    expect((await listOk(account, `?updated_since=${encodeURIComponent(bystander.updated_at)}`)).data.map((item) => item.id)).toEqual([bystander.id])

    // A changed phone is a change: the customer moves to the end, with only that column rewritten.
    await tick()
    await createdWith(env, account, customer, { ...inlineDataOf(customer), phone: '+55 11 95555-0000' })
    const changed = await storedCustomer(env, customer.id)
    expect(changed.updated_at > customer.updated_at).toBe(true)
    expect(changed).toEqual({ ...customer, phone: '+55 11 95555-0000', updated_at: changed.updated_at })
    const since = await listOk(account, `?updated_since=${encodeURIComponent(changed.updated_at)}`)
    expect(since.data.map((item) => [item.id, item.phone, item.updated_at])).toEqual([[customer.id, '+55 11 95555-0000', changed.updated_at]])
    expect(await walk(account, {})).toEqual([bystander.id, customer.id])
  })

  it('moves updated_at on an edit in the web app, not on the same form saved again, and on an erasure of personal data', async () => {
    const { agent, account } = await signedInUser(env)
    const customer = await makeCustomer(env, account)
    const url = `/customers/${customer.id}/edit`
    const fields = {
      name: 'Nome Editado Ltda',
      trade_name: customer.trade_name!,
      code: customer.code!,
      document: formatCnpj(customer.document!),
      email: customer.email!,
      phone: customer.phone!,
      street: customer.address_street!,
      number: customer.address_number!,
      complement: '',
      district: customer.address_district!,
      city: customer.address_city!,
      state: customer.address_state!,
      postal_code: customer.address_postal_code!,
    }
    await tick()
    expect((await agent.submit(url, `/customers/${customer.id}`, fields)).statusCode).toBe(303)
    const edited = await storedCustomer(env, customer.id)
    expect(edited.name).toBe('Nome Editado Ltda')
    expect(edited.updated_at > customer.updated_at).toBe(true)

    await tick()
    expect((await agent.submit(url, `/customers/${customer.id}`, fields)).statusCode).toBe(303)
    expect(await storedCustomer(env, customer.id)).toEqual(edited)

    await tick()
    await erasePersonalData(env.db, env.clock, account.id, String(customer.id), { erasedBy: 'test' })
    const erased = await storedCustomer(env, customer.id)
    expect(erased.updated_at > edited.updated_at).toBe(true)
    const since = await listOk(account, `?updated_since=${encodeURIComponent(erased.updated_at)}`)
    expect(since.data.map((item) => [item.id, item.name])).toEqual([[customer.id, erased.name]])
    expect(erased.name).not.toBe(edited.name)
  })

  it('reads a customer changed during a walk again at the end, skipping none', async () => {
    const account = await makeAccount(env)
    const ids: number[] = []
    for (let index = 0; index < 6; index++) {
      ids.push((await makeCustomer(env, account)).id)
      await tick()
    }
    const first = await listOk(account, '?per_page=2')
    expect(first.data.map((item) => item.id)).toEqual(ids.slice(0, 2))
    // The first customer changes while the integrator reads on.
    await tick()
    const moved = await storedCustomer(env, ids[0]!)
    await createdWith(env, account, moved, { code: moved.code, name: 'Renomeado durante a leitura' })
    const rest = await walk(account, { per_page: '2', after: first.meta.next_cursor! })
    expect(rest).toEqual([...ids.slice(2), ids[0]])
  })

  it('judges a change against the row as it is when written, not as the writer read it earlier', async () => {
    const account = await makeAccount(env)
    const { proposal_count: _count, ...customer } = await makeCustomer(env, account)
    // Another request changes the phone after this writer read the row; this writer then sends the
    // old phone: the last writer wins whole, and that is a change.
    await tick()
    await env.db.updateTable('customers').set({ phone: '+55 11 94444-0000' }).where('id', '=', customer.id).execute()
    await tick()
    const written = await applyCustomerInput(env.db, env.clock, account.id, { code: customer.code!, name: customer.name, phone: customer.phone }, { kind: 'inline', existing: await storedCustomerRow(env, customer.id, customer) })
    expect(written.kind).toBe('updated')
    expect(written.row.phone).toBe(customer.phone)
    expect(written.row.updated_at > customer.updated_at).toBe(true)
    // What the write changed is measured against the row under its lock (customer.updated's `changed`).
    if (written.kind === 'updated') expect(written.before.phone).toBe('+55 11 94444-0000')
  })

  it('filters by updated_since', async () => {
    const account = await makeAccount(env)
    await makeCustomer(env, account)
    await tick()
    const later = await makeCustomer(env, account)
    expect((await listOk(account, `?updated_since=${encodeURIComponent(later.updated_at)}`)).data.map((item) => item.id)).toEqual([later.id])
    expect((await listOk(account, '?updated_since=2999-01-01T00:00:00Z')).data).toEqual([])
    expect((await listOk(account, '?updated_since=1970-01-01T00:00:00Z')).data).toHaveLength(2)
  })

  it('answers bad parameters with a 422 naming each', async () => {
    const account = await makeAccount(env)
    const cases: Array<[string, string[]]> = [
      ['?after=bm90IGEgY3Vyc29y', ['/after']],
      [`?after=${Buffer.from('2026-12-05T10:00:00.000Z|0').toString('base64url')}`, ['/after']],
      [`?after=${Buffer.from('2026-02-30T10:00:00.000Z|12').toString('base64url')}`, ['/after']],
      ['?updated_since=yesterday', ['/updated_since']],
      ['?updated_since=2026-12-31T23:59:60Z', ['/updated_since']],
      ['?per_page=0', ['/per_page']],
      ['?per_page=101', ['/per_page']],
      // A cursor of the documents' feed names no customer feed position.
      [`?after=${Buffer.from('2026-12-05T10:00:00.000Z|12').toString('base64url')}`, ['/after']],
      [`?after=${Buffer.from('proposals|2026-12-05T10:00:00.000Z|12').toString('base64url')}`, ['/after']],
      ['?q=acme', ['/q']],
      ['?page=2', ['/page']],
    ]
    for (const [query, paths] of cases) {
      expect(errorPaths(expectProblem(await list(account, query), 422, 'validation_failed')), query).toEqual(paths)
    }
  })
})
