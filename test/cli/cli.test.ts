// The `vendoc` command, run as a real child process against the same databases the API tests use.
import { describe, expect, it } from 'vitest'
import { parseDocument } from '../../src/modules/customers/brazilian-documents.js'
import { isWellFormedToken } from '../../src/modules/integrations/token-format.js'
import { describeEachDialect } from '../support/dialects.js'
import { vendoc } from '../support/vendoc-cli.js'
import { firstRefusal } from '../support/auth-propagation.js'

describeEachDialect('vendoc CLI', (env) => {
  it('creates an account on the default plan, issues a token that the API accepts, and manages plan and limit', async () => {
    const created = await vendoc(env.databaseUrl, 'accounts', 'create', '--name', 'Acme Ltda', '--json')
    expect(created.code).toBe(0)
    const account = JSON.parse(created.stdout)
    expect(account).toEqual({ id: expect.any(Number), name: 'Acme Ltda', plan: 'profissional' })

    const issued = await vendoc(env.databaseUrl, 'tokens', 'create', '--account', String(account.id), '--name', 'CRM', '--json')
    expect(issued.code).toBe(0)
    const token = JSON.parse(issued.stdout)
    expect(Object.keys(token).sort()).toEqual(['id', 'name', 'prefix', 'token'])
    expect(token.name).toBe('CRM')
    expect(isWellFormedToken(token.token)).toBe(true)
    expect(token.token.startsWith(token.prefix)).toBe(true)
    const stored = await env.db.selectFrom('api_tokens').selectAll().where('id', '=', token.id).executeTakeFirstOrThrow()
    expect(stored.token_hash).not.toContain(token.token)
    expect(JSON.stringify(stored)).not.toContain(token.token)

    const call = () => env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: { authorization: `Bearer ${token.token}` } })
    expect((await call()).statusCode).toBe(200)

    expect((await vendoc(env.databaseUrl, 'accounts', 'set-plan', String(account.id), 'basico')).code).toBe(0)
    // The CLI is another process: the running app sees the new plan within about a second.
    expect((await firstRefusal(call)).statusCode).toBe(403)
    expect((await vendoc(env.databaseUrl, 'accounts', 'set-plan', String(account.id), 'empresarial')).code).toBe(0)
    expect((await vendoc(env.databaseUrl, 'accounts', 'set-limit', String(account.id), '500')).code).toBe(0)
    const listed = JSON.parse((await vendoc(env.databaseUrl, 'accounts', 'list', '--json')).stdout)
    const mine = listed.find((row: { id: number }) => row.id === account.id)
    expect(mine).toMatchObject({ plan: 'empresarial', creation_limit_override: 500, api_access: true })
    expect((await vendoc(env.databaseUrl, 'accounts', 'set-limit', String(account.id), 'default')).code).toBe(0)
    const again = JSON.parse((await vendoc(env.databaseUrl, 'accounts', 'list', '--json')).stdout)
    expect(again.find((row: { id: number }) => row.id === account.id).creation_limit_override).toBeNull()
  }, 120_000)

  it('creates users, sellers and admins', async () => {
    const account = JSON.parse((await vendoc(env.databaseUrl, 'accounts', 'create', '--name', 'Beta', '--json')).stdout)
    const result = await vendoc(env.databaseUrl, 'users', 'create', '--account', String(account.id), '--email', 'Ana@Beta.com.br', '--name', 'Ana', '--seller', '--admin', '--json')
    expect(result.code).toBe(0)
    const user = await env.db.selectFrom('users').selectAll().where('email', '=', 'ana@beta.com.br').executeTakeFirstOrThrow()
    expect(user).toMatchObject({ account_id: account.id, name: 'Ana', role: 'admin' })
    expect(Boolean(user.is_seller)).toBe(true)
    const duplicate = await vendoc(env.databaseUrl, 'users', 'create', '--account', String(account.id), '--email', 'ana@beta.com.br', '--name', 'Ana 2')
    expect(duplicate.code).toBe(1)
    expect(duplicate.stderr).toMatch(/ana@beta\.com\.br/)
  }, 120_000)

  it('refuses bad arguments with usage and a non-zero exit, writing nothing', async () => {
    const before = await env.db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    const cases: Array<[string[], number, RegExp]> = [
      [['frobnicate'], 2, /Usage: vendoc/],
      [['accounts', 'create'], 2, /--name/],
      [['accounts', 'create', '--name', 'X', '--plan', 'gold'], 2, /gold/],
      [['accounts', 'set-plan', '999999', 'basico'], 1, /999999/],
      [['accounts', 'set-limit', '1', '-5'], 2, /limit|N/i],
      [['tokens', 'create'], 2, /--account/],
      [['tokens', 'create', '--account', 'abc'], 2, /account/i],
      [['tokens', 'create', '--account', '999999'], 1, /999999/],
      [['users', 'create', '--account', '1', '--email', 'not-an-email', '--name', 'X'], 2, /e-?mail/i],
    ]
    for (const [args, code, message] of cases) {
      const result = await vendoc(env.databaseUrl, ...args)
      expect(result.code, args.join(' ')).toBe(code)
      expect(result.stderr, args.join(' ')).toMatch(message)
      expect(result.stderr, args.join(' ')).not.toMatch(/\n\s+at /)
    }
    const after = await env.db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  }, 120_000)

  it('seeds a realistic demo account idempotently, with a new token each time', async () => {
    const first = await vendoc(env.databaseUrl, 'demo', '--json')
    expect(first.code).toBe(0)
    const demo = JSON.parse(first.stdout)
    expect(Object.keys(demo).sort()).toEqual(['account_id', 'admin_email', 'admin_password', 'api_token'])
    const count = async (table: 'customers' | 'products' | 'payment_methods' | 'templates' | 'signer_roles' | 'proposals' | 'proposal_items') =>
      Number((await env.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', demo.account_id).executeTakeFirstOrThrow()).n)
    const counts = async () => ({
      customers: await count('customers'),
      products: await count('products'),
      payment_methods: await count('payment_methods'),
      templates: await count('templates'),
      signer_roles: await count('signer_roles'),
      proposals: await count('proposals'),
      items: await count('proposal_items'),
    })
    const seeded = await counts()
    expect(seeded.customers).toBeGreaterThanOrEqual(18)
    expect(seeded.products).toBeGreaterThanOrEqual(10)
    expect(seeded.payment_methods).toBeGreaterThanOrEqual(4)
    expect(seeded.templates).toBe(3)
    expect(seeded.signer_roles).toBeGreaterThanOrEqual(5)
    expect(seeded.proposals).toBeGreaterThanOrEqual(45)

    const customers = await env.db.selectFrom('customers').select(['document', 'document_type']).where('account_id', '=', demo.account_id).execute()
    for (const customer of customers) expect(parseDocument(customer.document!)?.type, customer.document!).toBe(customer.document_type)
    expect(customers.some((customer) => customer.document_type === 'cnpj' && /[A-Z]/.test(customer.document!))).toBe(true)
    expect(customers.some((customer) => customer.document_type === 'cpf')).toBe(true)
    const statuses = await env.db.selectFrom('proposals').select('status').distinct().where('account_id', '=', demo.account_id).execute()
    expect(statuses.length).toBeGreaterThanOrEqual(4)
    const sellers = await env.db.selectFrom('users').select('id').where('account_id', '=', demo.account_id).where('is_seller', '=', true).execute()
    expect(sellers.length).toBe(3)

    const second = JSON.parse((await vendoc(env.databaseUrl, 'demo', '--json')).stdout)
    expect(second.account_id).toBe(demo.account_id)
    expect(second.api_token).not.toBe(demo.api_token)
    expect(await counts()).toEqual(seeded)

    // Both tokens work: the demo answers the seed's calls.
    for (const token of [demo.api_token, second.api_token]) {
      const response = await env.app.inject({ method: 'GET', url: '/api/v1/customers/CLI-0001/proposals', headers: { authorization: `Bearer ${token}` } })
      expect(response.statusCode).toBe(200)
      expect(response.json().customer.code).toBe('CLI-0001')
    }
  }, 120_000)
})

describe('vendoc help', () => {
  it('prints the usage with every command', async () => {
    const result = await vendoc('sqlite::memory:', '--help')
    expect(result.code).toBe(0)
    for (const command of ['migrate', 'demo', 'accounts create', 'accounts list', 'accounts set-plan', 'accounts set-limit', 'tokens create', 'users create']) {
      expect(result.stdout).toContain(command)
    }
  }, 120_000)
})
