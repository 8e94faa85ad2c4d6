// Idempotency-Key on POST /api/v1/proposals (DESIGN.md §5): a replay returns the first response
// byte for byte and acts once; the same key with another body is refused; concurrent duplicates
// create one document; failures are not remembered; keys are per account and live 24 hours.
import { createHash } from 'node:crypto'
import { expect, it } from 'vitest'
import { setAccountCreationLimit } from '../../src/modules/accounts/accounts.js'
import type { Clock } from '../../src/platform/clock.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, proposalBody, type CreationBody, type TestAccount } from '../support/factories.js'
import { expectProblem } from '../support/http.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'

class MovableClock implements Clock {
  constructor(public at: Date) {}
  now(): Date {
    return new Date(this.at)
  }
}

function post(env: TestApp, account: TestAccount, body: CreationBody, key?: string) {
  return env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: { ...account.auth, ...(key === undefined ? {} : { 'idempotency-key': key }) }, payload: body })
}

/** An app on `dialect` whose clock the test moves (from 2026-11-10 12:00 UTC), an account on it and a creation body. */
async function onMovableClock(
  dialect: TestApp['dialect'],
  run: (setting: { timed: TestApp; clock: MovableClock; account: TestAccount; body: CreationBody }) => Promise<void>,
): Promise<void> {
  const clock = new MovableClock(new Date('2026-11-10T12:00:00.000Z'))
  const timed = await buildTestApp(dialect, { clock })
  try {
    const account = await makeAccount(timed)
    const customer = await makeCustomer(timed, account)
    await run({ timed, clock, account, body: proposalBody(account, { id: customer.id }) })
  } finally {
    await timed.close()
  }
}

/** The same JSON with every object's keys in reverse order (arrays as they are). */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).reverse().map(([key, item]) => [key, reverseKeys(item)]))
}

async function documents(env: TestApp, accountId: number): Promise<number> {
  const row = await env.db.selectFrom('proposals').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow()
  return Number(row.n)
}

async function used(env: TestApp, account: TestAccount): Promise<number> {
  return (await env.app.inject({ method: 'GET', url: '/api/v1/usage', headers: account.auth })).json().used
}

describeEachDialect('Idempotency-Key', (env) => {
  it('10 sequential replays give one document, identical bodies and one unit of quota', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const body = proposalBody(account, { id: customer.id }, { external_reference: 'CRM-IDEM-1' })
    const responses = []
    for (let attempt = 0; attempt < 10; attempt += 1) responses.push(await post(env, account, body, 'deal-991-create'))
    expect(responses.map((response) => response.statusCode)).toEqual(Array(10).fill(201))
    for (const replay of responses.slice(1)) {
      expect(replay.body).toBe(responses[0]!.body)
      expect(replay.headers['idempotent-replayed']).toBe('true')
      expect(replay.headers.location).toBe(responses[0]!.headers.location)
      expect(replay.headers['content-type']).toBe(responses[0]!.headers['content-type'])
    }
    expect(responses[0]!.headers['idempotent-replayed']).toBeUndefined()
    expect(await documents(env, account.id)).toBe(1)
    expect(await used(env, account)).toBe(1)
  })

  it('20 concurrent requests with one key create one document', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const body = proposalBody(account, { id: customer.id })
    const responses = await Promise.all(Array.from({ length: 20 }, () => post(env, account, body, 'burst-key')))
    const created = responses.filter((response) => response.statusCode === 201)
    const inProgress = responses.filter((response) => response.statusCode === 409)
    expect(created.length + inProgress.length).toBe(20)
    expect(created.length).toBeGreaterThanOrEqual(1)
    for (const response of inProgress) expectProblem(response, 409, 'idempotency_key_in_progress')
    expect(new Set(created.map((response) => response.body)).size).toBe(1)
    expect(await documents(env, account.id)).toBe(1)
    expect(await used(env, account)).toBe(1)
    const after = await post(env, account, body, 'burst-key')
    expect(after.statusCode).toBe(201)
    expect(after.body).toBe(created[0]!.body)
  })

  it('refuses the same key with another body', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    expect((await post(env, account, proposalBody(account, { id: customer.id }), 'k-1')).statusCode).toBe(201)
    const other = await post(env, account, proposalBody(account, { id: customer.id }, { title: 'Outro título' }), 'k-1')
    const problem = expectProblem(other, 422, 'idempotency_key_reused')
    expect(problem.detail).toContain('k-1')
    expect(await documents(env, account.id)).toBe(1)
  })

  it('takes the same body with its keys in another order, at any depth, for the same request: a replay; another item order is another body', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const items = [
      { product_id: account.products.main.id, quantity: 2, discount_cents: 100 },
      { product_id: account.products.service.id, quantity: 1 },
    ]
    const body = proposalBody(account, { id: customer.id }, { title: 'Ordem das chaves', items, fields: { prazo: '30 dias', garantia: '1 ano' } })
    const first = await post(env, account, body, 'key-order')
    expect(first.statusCode, first.body).toBe(201)
    const reordered = reverseKeys(body) as CreationBody
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(body))
    const replay = await post(env, account, reordered, 'key-order')
    expect(replay.statusCode, replay.body).toBe(201)
    expect(replay.headers['idempotent-replayed']).toBe('true')
    expect(replay.body).toBe(first.body)
    const otherItemOrder = { ...body, items: [...items].reverse() }
    expectProblem(await post(env, account, otherItemOrder, 'key-order'), 422, 'idempotency_key_reused')
    expect(await documents(env, account.id)).toBe(1)
  })

  it('still replays a key stored before the hash sorted the keys (the body hashed as sent) within its 24 hours', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    // Every default written out, so the validated body is exactly this one, in this key order.
    const body = { ...proposalBody(account, { id: customer.id }), installments: 1, items: [{ quantity: 1, product_id: account.products.main.id, discount_cents: 0 }] }
    const first = await post(env, account, body, 'stored-before')
    expect(first.statusCode, first.body).toBe(201)
    const hashedAsSent = createHash('sha256').update(JSON.stringify(body)).digest('hex')
    await env.db.updateTable('idempotency_keys').set({ body_hash: hashedAsSent }).where('account_id', '=', account.id).where('idempotency_key', '=', 'stored-before').execute()
    const retry = await post(env, account, body, 'stored-before')
    expect(retry.statusCode, retry.body).toBe(201)
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(await documents(env, account.id)).toBe(1)
  })

  it('does not remember a request that failed validation or hit the quota', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const valid = proposalBody(account, { id: customer.id })
    expect((await post(env, account, { ...valid, template_id: 'x' }, 'retry-me')).statusCode).toBe(422)
    expect((await post(env, account, { ...valid, template_id: 999_999 }, 'retry-me')).statusCode).toBe(422)
    await setAccountCreationLimit(env.db, env.clock, account.id, 0)
    expectProblem(await post(env, account, valid, 'retry-me'), 429, 'quota_exceeded')
    const stored = await env.db.selectFrom('idempotency_keys').selectAll().where('account_id', '=', account.id).execute()
    expect(stored).toEqual([])
    await setAccountCreationLimit(env.db, env.clock, account.id, 10)
    const created = await post(env, account, valid, 'retry-me')
    expect(created.statusCode).toBe(201)
    expect(created.headers['idempotent-replayed']).toBeUndefined()
  })

  it('validates the key itself', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    for (const key of ['x'.repeat(256), 'has space', 'acentuação']) {
      const response = await post(env, account, proposalBody(account, { id: customer.id }), key)
      const problem = expectProblem(response, 422, 'validation_failed')
      expect(problem.errors).toEqual([expect.objectContaining({ in: 'header', path: '/idempotency-key' })])
    }
    expect((await post(env, account, proposalBody(account, { id: customer.id }), 'x'.repeat(255))).statusCode).toBe(201)
    expect(await documents(env, account.id)).toBe(1)
  })

  it('scopes keys to the account', async () => {
    const mine = await makeAccount(env)
    const theirs = await makeAccount(env)
    const myCustomer = await makeCustomer(env, mine)
    const theirCustomer = await makeCustomer(env, theirs)
    const first = await post(env, mine, proposalBody(mine, { id: myCustomer.id }), 'shared-key')
    const second = await post(env, theirs, proposalBody(theirs, { id: theirCustomer.id }), 'shared-key')
    expect([first.statusCode, second.statusCode]).toEqual([201, 201])
    expect(second.headers['idempotent-replayed']).toBeUndefined()
    expect(second.json().id).not.toBe(first.json().id)
  })

  it('answers with the created document when the first request died before storing its response', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const body = proposalBody(account, { id: customer.id })
    const first = await post(env, account, body, 'crashed')
    expect(first.statusCode).toBe(201)
    // What a crash between the commit and storing the response leaves: the claim bound to the
    // document (written in the creating transaction), still in progress, its lock expired.
    const past = new Date(Date.now() - 120_000).toISOString()
    await env.db
      .updateTable('idempotency_keys')
      .set({ state: 'in_progress', response_status: null, response_headers: null, response_body: null, locked_until: past })
      .where('account_id', '=', account.id)
      .where('idempotency_key', '=', 'crashed')
      .execute()
    const existing = first.json()
    const recovered = await post(env, account, body, 'crashed')
    expect(recovered.statusCode).toBe(201)
    expect(recovered.json().id).toBe(existing.id)
    expect(await documents(env, account.id)).toBe(1)
    const replay = await post(env, account, body, 'crashed')
    expect(replay.body).toBe(recovered.body)
    expect(replay.headers['idempotent-replayed']).toBe('true')
  })

  it('forgets a key after 24 hours', async () => {
    await onMovableClock(env.dialect, async ({ timed, clock, account, body }) => {
      const first = await post(timed, account, body, 'daily')
      clock.at = new Date('2026-11-11T11:59:59.000Z')
      const replay = await post(timed, account, body, 'daily')
      expect(replay.headers['idempotent-replayed']).toBe('true')
      clock.at = new Date('2026-11-11T12:00:01.000Z')
      const fresh = await post(timed, account, body, 'daily')
      expect(fresh.statusCode).toBe(201)
      expect(fresh.headers['idempotent-replayed']).toBeUndefined()
      expect(fresh.json().id).not.toBe(first.json().id)
      expect(await documents(timed, account.id)).toBe(2)
    })
  })

  it('after 24 hours takes the key over afresh, for another body too, and remembers the new request, not the old one', async () => {
    await onMovableClock(env.dialect, async ({ timed, clock, account, body }) => {
      const other = { ...body, title: 'Outra proposta' }
      const first = await post(timed, account, body, 'reused-daily')
      expect(first.statusCode).toBe(201)
      clock.at = new Date('2026-11-11T12:00:01.000Z')
      // Taken over by a request that then fails: the takeover left the key as a fresh claim (in
      // progress, nothing bound), so the failure releases it like any other.
      expect((await post(timed, account, { ...other, template_id: 999_999 }, 'reused-daily')).statusCode).toBe(422)
      expect(await timed.db.selectFrom('idempotency_keys').select('id').where('account_id', '=', account.id).execute()).toEqual([])
      const taken = await post(timed, account, other, 'reused-daily')
      expect(taken.statusCode, taken.body).toBe(201)
      expect(taken.json().title).toBe('Outra proposta')
      const replay = await post(timed, account, other, 'reused-daily')
      expect(replay.headers['idempotent-replayed']).toBe('true')
      expect(replay.json().id).toBe(taken.json().id)
      const old = await post(timed, account, body, 'reused-daily')
      expect(old.statusCode).toBe(422)
      expect(old.json().code).toBe('idempotency_key_reused')
      expect(await documents(timed, account.id)).toBe(2)
    })
  })

  it('prunes keys older than 24 hours and keeps the others', async () => {
    const account = await makeAccount(env)
    const now = Date.now()
    const row = (key: string, ageMs: number) => ({
      account_id: account.id, idempotency_key: key, method: 'POST', path: '/api/v1/proposals', body_hash: 'x', state: 'completed' as const,
      resource_id: null, response_status: 201, response_headers: '{}', response_body: '{}',
      created_at: new Date(now - ageMs).toISOString(), locked_until: new Date(now - ageMs).toISOString(),
    })
    await env.db.insertInto('idempotency_keys').values([row('old', 25 * 3600_000), row('recent', 23 * 3600_000)]).execute()
    const { pruneIdempotencyKeys } = await import('../../src/modules/integrations/idempotency.js')
    expect(await pruneIdempotencyKeys(env.db, env.clock)).toBeGreaterThanOrEqual(1)
    const left = await env.db.selectFrom('idempotency_keys').select('idempotency_key').where('account_id', '=', account.id).execute()
    expect(left.map((r) => r.idempotency_key)).toEqual(['recent'])
  })
})
