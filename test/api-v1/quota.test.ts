// The monthly creation quota (DESIGN.md §5): exact under concurrency and across processes, never
// counting a failure, a web creation or a replay, and cut at the account's local month boundary.
import { spawn, type ChildProcess } from 'node:child_process'
import { afterEach, expect, it } from 'vitest'
import { setAccountCreationLimit, setAccountPlan } from '../../src/modules/accounts/accounts.js'
import { createProposal, type CreateProposalInput } from '../../src/modules/proposals/create-proposal.js'
import type { Clock } from '../../src/platform/clock.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, proposalBody, type TestAccount } from '../support/factories.js'
import { expectProblem } from '../support/http.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'
import { freePort } from '../support/free-port.js'

class MovableClock implements Clock {
  constructor(public at: Date) {}
  now(): Date {
    return new Date(this.at)
  }
}

async function storedApiCreations(env: TestApp, accountId: number): Promise<number> {
  const row = await env.db.selectFrom('proposals').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).where('created_via', '=', 'api').executeTakeFirstOrThrow()
  return Number(row.n)
}

async function counter(env: TestApp, accountId: number): Promise<number> {
  const rows = await env.db.selectFrom('api_usage_counters').select('creations').where('account_id', '=', accountId).execute()
  return rows.reduce((sum, row) => sum + row.creations, 0)
}

function create(env: TestApp, account: TestAccount, customerId: number, headers: Record<string, string> = {}) {
  return env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: { ...account.auth, ...headers }, payload: proposalBody(account, { id: customerId }) })
}

describeEachDialect('monthly creation quota', (env) => {
  it('with a limit of 5, 30 concurrent creations give exactly 5 × 201 and 25 × 429, and the counter equals the stored documents', async () => {
    const account = await makeAccount(env)
    await setAccountCreationLimit(env.db, env.clock, account.id, 5)
    const customer = await makeCustomer(env, account)
    const responses = await Promise.all(Array.from({ length: 30 }, () => create(env, account, customer.id)))
    const statuses = responses.map((response) => response.statusCode)
    expect(statuses.filter((status) => status === 201)).toHaveLength(5)
    expect(statuses.filter((status) => status === 429)).toHaveLength(25)
    expect(await storedApiCreations(env, account.id)).toBe(5)
    expect(await counter(env, account.id)).toBe(5)

    const refused = responses.find((response) => response.statusCode === 429)!
    const problem = expectProblem(refused, 429, 'quota_exceeded')
    expect(problem.detail).toMatch(/support/i)
    const retryAfter = Number(refused.headers['retry-after'])
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(31 * 24 * 3600)
    expect(refused.headers['x-quota-limit']).toBe('5')
    expect(refused.headers['x-quota-remaining']).toBe('0')
    expect(new Date(refused.headers['x-quota-reset'] as string).getTime()).toBeGreaterThan(Date.now())

    const usage = await env.app.inject({ method: 'GET', url: '/api/v1/usage', headers: account.auth })
    expect(usage.statusCode).toBe(200)
    expect(usage.json()).toMatchObject({ used: 5, limit: 5, remaining: 0 })
  })

  it('with a limit of 0, refuses the very first creation and counts nothing', async () => {
    const account = await makeAccount(env)
    await setAccountCreationLimit(env.db, env.clock, account.id, 0)
    const customer = await makeCustomer(env, account)
    const refused = await create(env, account, customer.id)
    expectProblem(refused, 429, 'quota_exceeded')
    expect([refused.headers['x-quota-limit'], refused.headers['x-quota-remaining']]).toEqual(['0', '0'])
    expect(await storedApiCreations(env, account.id)).toBe(0)
    expect(await counter(env, account.id)).toBe(0)
  })

  it('carries the quota in the headers of every creation answer', async () => {
    const account = await makeAccount(env)
    await setAccountCreationLimit(env.db, env.clock, account.id, 3)
    const customer = await makeCustomer(env, account)
    const first = await create(env, account, customer.id)
    expect(first.statusCode).toBe(201)
    expect([first.headers['x-quota-limit'], first.headers['x-quota-remaining']]).toEqual(['3', '2'])
    const invalid = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: account.auth, payload: { title: 1 } })
    expect(invalid.statusCode).toBe(422)
    expect([invalid.headers['x-quota-limit'], invalid.headers['x-quota-remaining']]).toEqual(['3', '2'])
    expect(invalid.headers['access-control-expose-headers']).toMatch(/X-Quota-Remaining/)
  })

  it('never counts a failed creation, even one that fails after its rows were inserted', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const input = proposalBody(account, { id: customer.id }) as unknown as CreateProposalInput
    const context = { accountId: account.id, timeZone: 'America/Sao_Paulo', clock: env.clock, via: 'api' as const, actor: { type: 'api_token' as const, id: account.token.id, name: 'CRM' }, countsAgainstQuota: true }
    await expect(
      createProposal(env.db, { ...context, onCreated: async () => { throw new Error('forced failure after the insert') } }, input),
    ).rejects.toThrow('forced failure after the insert')
    expect(await counter(env, account.id)).toBe(0)
    expect(await storedApiCreations(env, account.id)).toBe(0)

    const rejected = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: account.auth, payload: proposalBody(account, { id: customer.id }, { template_id: 999_999 }) })
    expect(rejected.statusCode).toBe(422)
    expect(await counter(env, account.id)).toBe(0)

    const created = await createProposal(env.db, context, input)
    expect(created.quota).toMatchObject({ used: 1, limit: 200, remaining: 199 })
    expect(await counter(env, account.id)).toBe(1)
  })

  it('answers an exhausted quota before any problem of the content, and a wrong content with quota left counts nothing', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    await setAccountCreationLimit(env.db, env.clock, account.id, 1)
    const wrong = (extra: Record<string, unknown>) =>
      env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: account.auth, payload: proposalBody(account, { id: customer.id }, extra) })
    expectProblem(await wrong({ template_id: 999_999 }), 422, 'validation_failed')
    expect(await counter(env, account.id)).toBe(0)
    expect((await create(env, account, customer.id)).statusCode).toBe(201)
    // The quota is spent: a content with unknown references, or with a duplicate reference, gets the 429.
    expectProblem(await wrong({ template_id: 999_999 }), 429, 'quota_exceeded')
    await env.db.updateTable('proposals').set({ external_reference: 'TAKEN' }).where('account_id', '=', account.id).execute()
    expectProblem(await wrong({ external_reference: 'TAKEN' }), 429, 'quota_exceeded')
    expect(await counter(env, account.id)).toBe(1)
    expect(await storedApiCreations(env, account.id)).toBe(1)
  })

  it('counts only creations through the API', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const input = proposalBody(account, { id: customer.id }) as unknown as CreateProposalInput
    await createProposal(env.db, { accountId: account.id, timeZone: 'America/Sao_Paulo', clock: env.clock, via: 'web', actor: { type: 'user', id: account.seller.id, name: 'Carla' } }, input)
    const usage = await env.app.inject({ method: 'GET', url: '/api/v1/usage', headers: account.auth })
    expect(usage.json()).toMatchObject({ used: 0, limit: 200, remaining: 200 })
  })

  it("uses the support override, else the plan's limit", async () => {
    const account = await makeAccount(env)
    const usage = async () => (await env.app.inject({ method: 'GET', url: '/api/v1/usage', headers: account.auth })).json()
    expect((await usage()).limit).toBe(200)
    await setAccountPlan(env.db, env.clock, account.id, 'empresarial')
    expect((await usage()).limit).toBe(1000)
    await setAccountCreationLimit(env.db, env.clock, account.id, 7)
    expect((await usage()).limit).toBe(7)
    await setAccountCreationLimit(env.db, env.clock, account.id, null)
    expect((await usage()).limit).toBe(1000)
  })

  it('counts 23:59:59 and 00:00:00 of America/Sao_Paulo in their own months', async () => {
    // 2026-11-30 23:59:59 in São Paulo (UTC−3) is 2026-12-01 02:59:59 UTC.
    const clock = new MovableClock(new Date('2026-12-01T02:59:59.000Z'))
    const timed = await buildTestApp(env.dialect, { clock })
    try {
      const account = await makeAccount(timed)
      await setAccountCreationLimit(timed.db, clock, account.id, 1)
      const customer = await makeCustomer(timed, account)
      const november = await create(timed, account, customer.id)
      expect(november.statusCode).toBe(201)
      expect(november.headers['x-quota-reset']).toBe('2026-12-01T03:00:00.000Z')
      const full = await create(timed, account, customer.id)
      expectProblem(full, 429, 'quota_exceeded')
      expect(full.headers['retry-after']).toBe('1')
      const usageNovember = await timed.app.inject({ method: 'GET', url: '/api/v1/usage', headers: account.auth })
      expect(usageNovember.json()).toEqual({ period: '2026-11', used: 1, limit: 1, remaining: 0, resets_at: '2026-12-01T03:00:00.000Z' })

      clock.at = new Date('2026-12-01T03:00:00.000Z') // 2026-12-01 00:00:00 in São Paulo
      const december = await create(timed, account, customer.id)
      expect(december.statusCode).toBe(201)
      const usageDecember = await timed.app.inject({ method: 'GET', url: '/api/v1/usage', headers: account.auth })
      expect(usageDecember.json()).toEqual({ period: '2026-12', used: 1, limit: 1, remaining: 0, resets_at: '2027-01-01T03:00:00.000Z' })
      const periods = await timed.db.selectFrom('api_usage_counters').select(['period', 'creations']).where('account_id', '=', account.id).orderBy('period').execute()
      expect(periods).toEqual([{ period: '2026-11', creations: 1 }, { period: '2026-12', creations: 1 }])
    } finally {
      await timed.close()
    }
  })
})

// Two real server processes on one database: the limit holds across them.
describeEachDialect('monthly creation quota across processes', (env) => {
  const servers: ChildProcess[] = []
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map(
        (server) =>
          new Promise((resolve) => {
            if (server.exitCode !== null) return resolve(undefined)
            server.once('exit', resolve)
            server.kill('SIGTERM')
          }),
      ),
    )
  })


  async function startServer(databaseUrl: string): Promise<string> {
    const port = await freePort()
    const server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', REQUEST_LOG: 'on' },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    servers.push(server)
    const url = `http://127.0.0.1:${port}`
    // Up to 90 s: two tsx server starts beside the rest of the suite (crash and soak processes) on 2 cores.
    for (let attempt = 0; attempt < 360; attempt += 1) {
      if (await fetch(`${url}/healthz`).then((r) => r.ok).catch(() => false)) return url
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    throw new Error(`server on ${url} did not start`)
  }

  it('never lets one creation past the limit with two server processes', async () => {
    // Several processes are the PostgreSQL deployment (DESIGN.md §7); on SQLite the same holds
    // because every creation starts with a write, which takes SQLite's single write lock.
    const account = await makeAccount(env)
    await setAccountCreationLimit(env.db, env.clock, account.id, 5)
    const customer = await makeCustomer(env, account)
    const [first, second] = await Promise.all([startServer(env.databaseUrl), startServer(env.databaseUrl)])
    const body = JSON.stringify(proposalBody(account, { id: customer.id }))
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        fetch(`${index % 2 === 0 ? first : second}/api/v1/proposals`, { method: 'POST', headers: { ...account.auth, 'content-type': 'application/json' }, body }),
      ),
    )
    const statuses = responses.map((response) => response.status)
    expect(statuses.filter((status) => status === 201)).toHaveLength(5)
    expect(statuses.filter((status) => status === 429)).toHaveLength(25)
    expect(await storedApiCreations(env, account.id)).toBe(5)
    expect(await counter(env, account.id)).toBe(5)
  }, 240_000)
})
