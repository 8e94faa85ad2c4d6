// `vendoc tokens list | regenerate | revoke`, run as real child processes against the databases
// the API tests use; the API (app.inject) confirms what each command did.
import { describe, expect, it } from 'vitest'
import { createApiToken } from '../../src/modules/integrations/api-tokens.js'
import { hashToken, isWellFormedToken } from '../../src/modules/integrations/token-format.js'
import { firstRefusal } from '../support/auth-propagation.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount } from '../support/factories.js'
import { expectProblem } from '../support/http.js'
import type { TestApp } from '../support/test-app.js'
import { vendoc } from '../support/vendoc-cli.js'

function call(env: TestApp, token: string) {
  return env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: { authorization: `Bearer ${token}` } })
}

/** The CLI is another process: the running app refuses the old secret within about a second. */
async function refusedWithinASecond(env: TestApp, token: string): Promise<void> {
  expectProblem(await firstRefusal(() => call(env, token)), 401, 'invalid_token')
}

describeEachDialect('vendoc tokens', (env) => {
  it('lists an account’s tokens (JSON and table) without secrets', { timeout: 90_000 }, async () => {
    const account = await makeAccount(env)
    const erp = await createApiToken(env.db, env.clock, account.id, 'ERP', undefined, 'read')
    await makeAccount(env) // another account's token must not appear

    const json = await vendoc(env.databaseUrl, 'tokens', 'list', '--account', String(account.id), '--json')
    expect(json.code, json.stderr).toBe(0)
    const listed = JSON.parse(json.stdout)
    expect(listed).toEqual([
      { id: account.token.id, name: 'CRM', prefix: account.token.prefix, created_at: expect.any(String), last_used_at: null, revoked_at: null, access: 'full' },
      { id: erp.id, name: 'ERP', prefix: erp.prefix, created_at: expect.any(String), last_used_at: null, revoked_at: null, access: 'read' },
    ])

    const table = await vendoc(env.databaseUrl, 'tokens', 'list', '--account', String(account.id))
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(/^ID\s+NAME\s+PREFIX\s+ACCESS\s+CREATED\s+LAST USED\s+STATUS/)
    expect(table.stdout).toMatch(/ERP\s+\S+…\s+read-only\s/)
    expect(table.stdout).toMatch(/CRM\s+\S+…\s+read\/write\s/)
    expect(table.stdout).toContain(`${account.token.prefix}…`)
    expect(table.stdout).toMatch(/ERP .* never\s+active/)
    for (const output of [json.stdout, table.stdout]) {
      for (const secret of [account.token.token, erp.token]) {
        expect(output).not.toContain(secret)
        expect(output).not.toContain(hashToken(secret))
      }
    }
  })

  it('regenerate prints {id, name, prefix, token} once; a running server refuses the old secret within a second, the new one works', { timeout: 90_000 }, async () => {
    const account = await makeAccount(env)
    const old = account.token
    expect((await call(env, old.token)).statusCode).toBe(200)

    const result = await vendoc(env.databaseUrl, 'tokens', 'regenerate', String(old.id), '--json')
    expect(result.code, result.stderr).toBe(0)
    const renewed = JSON.parse(result.stdout)
    expect(Object.keys(renewed).sort()).toEqual(['access', 'id', 'name', 'prefix', 'token'])
    expect(renewed).toMatchObject({ id: old.id, name: 'CRM' })
    expect(renewed.prefix).not.toBe(old.prefix)
    expect(isWellFormedToken(renewed.token)).toBe(true)
    expect(renewed.token.startsWith(renewed.prefix)).toBe(true)

    await refusedWithinASecond(env, old.token)
    expect((await call(env, renewed.token)).statusCode).toBe(200)

    const text = await vendoc(env.databaseUrl, 'tokens', 'regenerate', String(old.id))
    expect(text.code).toBe(0)
    const newest = /vdc_[0-9A-Za-z]{49}/.exec(text.stdout)?.[0]
    expect(newest && isWellFormedToken(newest)).toBe(true)
    expect(text.stdout).toMatch(/only time the token is shown/)
    await refusedWithinASecond(env, renewed.token)
    expect((await call(env, newest!)).statusCode).toBe(200)
    // Support's changes are the account's activity too, in support's name and from no address.
    const activity = await env.db.selectFrom('account_activity').select(['action', 'actor_type', 'actor_name', 'ip', 'target_id']).where('account_id', '=', account.id).orderBy('id').execute()
    expect(activity).toEqual([1, 2].map(() => ({ action: 'api_token.regenerated', actor_type: 'support', actor_name: 'Suporte do Vendoc (CLI)', ip: null, target_id: old.id })))
  })

  it('revoke stops the token, is idempotent, and a revoked token cannot be regenerated', { timeout: 90_000 }, async () => {
    const account = await makeAccount(env)
    const sibling = await createApiToken(env.db, env.clock, account.id, 'ERP')

    // Used (so cached) before the revoke: the refusal below is the cache's invalidation at work.
    expect((await call(env, account.token.token)).statusCode).toBe(200)
    const result = await vendoc(env.databaseUrl, 'tokens', 'revoke', String(account.token.id), '--json')
    expect(result.code, result.stderr).toBe(0)
    const revoked = JSON.parse(result.stdout)
    expect(revoked).toMatchObject({ id: account.token.id, name: 'CRM', prefix: account.token.prefix, revoked_at: expect.any(String) })
    expect(result.stdout).not.toContain(account.token.token)
    await refusedWithinASecond(env, account.token.token)
    expect((await call(env, sibling.token)).statusCode).toBe(200)

    const again = await vendoc(env.databaseUrl, 'tokens', 'revoke', String(account.token.id))
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/already revoked/)

    const regenerate = await vendoc(env.databaseUrl, 'tokens', 'regenerate', String(account.token.id))
    expect(regenerate.code).toBe(1)
    expect(regenerate.stderr).toMatch(/revoked/)
    expect(regenerate.stderr).toContain(`tokens create --account ${account.id}`)
    expectProblem(await call(env, account.token.token), 401, 'invalid_token')

    const listed = JSON.parse((await vendoc(env.databaseUrl, 'tokens', 'list', '--account', String(account.id), '--json')).stdout)
    expect(listed.map((token: { id: number; revoked_at: string | null }) => [token.id, token.revoked_at !== null])).toEqual([
      [account.token.id, true],
      [sibling.id, false],
    ])
    // One revocation recorded: the second changed nothing, the refused regeneration nothing either.
    const activity = await env.db.selectFrom('account_activity').select(['action', 'actor_type', 'target_id']).where('account_id', '=', account.id).execute()
    expect(activity).toEqual([{ action: 'api_token.revoked', actor_type: 'support', target_id: account.token.id }])
  })

  it('refuses bad arguments and unknown ids with a message and a non-zero exit, changing nothing', async () => {
    const account = await makeAccount(env)
    const before = await env.db.selectFrom('api_tokens').selectAll().orderBy('id').execute()
    const cases: Array<[string[], number, RegExp]> = [
      [['tokens', 'list'], 2, /--account/],
      [['tokens', 'list', '--account', 'x'], 2, /--account must be a positive integer/],
      [['tokens', 'list', '--account', '999999'], 1, /Account 999999 does not exist/],
      [['tokens', 'regenerate'], 2, /missing TOKEN_ID/],
      [['tokens', 'regenerate', 'abc'], 2, /TOKEN_ID must be a positive integer/],
      [['tokens', 'regenerate', '999999'], 1, /API token 999999 does not exist/],
      [['tokens', 'revoke', '999999'], 1, /API token 999999 does not exist/],
      [['tokens', 'revoke', String(account.token.id), 'extra'], 2, /unexpected argument "extra"/],
      [['tokens', 'rotate', '1'], 2, /list, regenerate, revoke/],
    ]
    for (const [args, code, message] of cases) {
      const result = await vendoc(env.databaseUrl, ...args)
      expect(result.code, args.join(' ')).toBe(code)
      expect(result.stderr, args.join(' ')).toMatch(message)
      expect(result.stderr, args.join(' ')).not.toMatch(/\n\s+at /)
    }
    expect(await env.db.selectFrom('api_tokens').selectAll().orderBy('id').execute()).toEqual(before)
    expect((await call(env, account.token.token)).statusCode).toBe(200)
  }, 120_000)
})

describe('vendoc help', () => {
  it('lists the token commands', async () => {
    const result = await vendoc('sqlite::memory:', 'help')
    expect(result.code).toBe(0)
    for (const command of ['tokens create', 'tokens list --account ID', 'tokens regenerate TOKEN_ID', 'tokens revoke TOKEN_ID']) expect(result.stdout).toContain(command)
  })
})
