// `vendoc requests list | show`, run as real child processes against the databases the API tests
// use: support finds an integrator's call by the request id it reported (or its error code,
// status, path) and reads what was sent and answered, secrets masked; another account's entries
// never appear, and bad options are usage errors before the database is touched.
import { expect, it } from 'vitest'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, proposalBody } from '../support/factories.js'
import { vendoc } from '../support/vendoc-cli.js'

describeEachDialect('vendoc requests', (env) => {
  it('finds a failed call by the request id its answer carried, and shows what was sent and answered', { timeout: 90_000 }, async () => {
    const account = await makeAccount(env)
    const stranger = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const ok = await env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: account.auth })
    const failed = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: account.auth, payload: proposalBody(account, customer, { items: [] }) })
    expect(failed.statusCode).toBe(422)
    const theirs = await env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: stranger.auth })
    await env.app.requestLog.flush()
    const requestId = String(failed.headers['x-request-id'])

    const found = await vendoc(env.databaseUrl, 'requests', 'list', '--account', String(account.id), '--request-id', requestId, '--json')
    expect(found.code, found.stderr).toBe(0)
    const { data, total } = JSON.parse(found.stdout)
    expect(total).toBe(1)
    expect(data[0]).toMatchObject({ request_id: requestId, method: 'POST', path: '/api/v1/proposals', status: 422, error_code: 'validation_failed', token_id: account.token.id })

    const table = await vendoc(env.databaseUrl, 'requests', 'list', '--account', String(account.id))
    expect(table.code, table.stderr).toBe(0)
    expect(table.stdout).toMatch(/^ID\s+TIME \(UTC\)\s+REQUEST ID\s+METHOD\s+PATH\s+STATUS\s+ERROR\s+MS\s+TOKEN/)
    expect(table.stdout).toContain(requestId)
    expect(table.stdout).toContain(String(ok.headers['x-request-id']))
    expect(table.stdout).not.toContain(String(theirs.headers['x-request-id']))
    // The newest first.
    expect(table.stdout.indexOf(requestId)).toBeLessThan(table.stdout.indexOf(String(ok.headers['x-request-id'])))

    const byError = await vendoc(env.databaseUrl, 'requests', 'list', '--account', String(account.id), '--error-code', 'validation_failed', '--status', '422', '--path', '/api/v1/prop', '--json')
    expect(JSON.parse(byError.stdout).data.map((entry: { request_id: string }) => entry.request_id)).toEqual([requestId])
    const none = await vendoc(env.databaseUrl, 'requests', 'list', '--account', String(account.id), '--status', '500')
    expect(none.code).toBe(0)
    expect(none.stdout).toContain(`No logged API request of account ${account.id}`)

    const shown = await vendoc(env.databaseUrl, 'requests', 'show', '--account', String(account.id), String(data[0].id))
    expect(shown.code, shown.stderr).toBe(0)
    expect(shown.stdout).toContain(`Entry ${data[0].id}  ${requestId}`)
    expect(shown.stdout).toContain('POST /api/v1/proposals')
    expect(shown.stdout).toContain('Status 422 (validation_failed)')
    expect(shown.stdout).toContain(`${account.token.prefix}… (id ${account.token.id})`)
    expect(shown.stdout).toContain('"items":[]')
    expect(shown.stdout).toContain('validation_failed')
    // The headers are those the log keeps: the token's secret is not among them.
    expect(shown.stdout).toContain('content-type: application/json')
    expect(shown.stdout).not.toContain(account.token.token)
    const json = await vendoc(env.databaseUrl, 'requests', 'show', '--account', String(account.id), String(data[0].id), '--json')
    expect(JSON.parse(json.stdout)).toMatchObject({ id: data[0].id, request_id: requestId, status: 422 })

    // Another account's entry reads as a missing one.
    const theirEntry = await env.db.selectFrom('request_logs').select('id').where('account_id', '=', stranger.id).executeTakeFirstOrThrow()
    for (const id of [theirEntry.id, 999_999_999]) {
      const refused = await vendoc(env.databaseUrl, 'requests', 'show', '--account', String(account.id), String(id))
      expect(refused.code).toBe(1)
      expect(refused.stderr).toContain(`Account ${account.id} has no request log entry ${id}`)
    }
  })

  it("shows what an integrator sent without letting its control characters reach support's terminal", { timeout: 90_000 }, async () => {
    const account = await makeAccount(env)
    const hostile = '{"title":"\u001b]52;c;aGFja2Vk\u0007\u001b[2J"'
    const sent = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: { ...account.auth, 'content-type': 'application/json' }, payload: hostile })
    expect(sent.statusCode).toBe(400)
    await env.app.requestLog.flush()
    const entry = await env.db.selectFrom('request_logs').select(['id', 'request_body']).where('account_id', '=', account.id).executeTakeFirstOrThrow()
    expect(entry.request_body).toContain('\u001b')
    const shown = await vendoc(env.databaseUrl, 'requests', 'show', '--account', String(account.id), String(entry.id))
    expect(shown.code, shown.stderr).toBe(0)
    expect(shown.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/)
    expect(shown.stdout).toContain('\\u001b]52;c;aGFja2Vk\\u0007\\u001b[2J')
  })

  it('refuses bad options with a usage error (status 2) and an unknown account with status 1', { timeout: 90_000 }, async () => {
    for (const args of [
      ['requests', 'list'],
      ['requests', 'list', '--account', 'x'],
      ['requests', 'list', '--account', '1', '--request-id', 'abc'],
      ['requests', 'list', '--account', '1', '--error-code', 'Bad Code'],
      ['requests', 'list', '--account', '1', '--status', '99'],
      ['requests', 'list', '--account', '1', '--status', '600'],
      ['requests', 'list', '--account', '1', '--path', 'api/v1'],
      ['requests', 'list', '--account', '1', '--limit', '0'],
      ['requests', 'list', '--account', '1', '--limit', '201'],
      ['requests', 'show', '--account', '1'],
      ['requests', 'show', '--account', '1', 'abc'],
    ]) {
      const result = await vendoc(env.databaseUrl, ...args)
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stderr, args.join(' ')).toMatch(/^vendoc: .+\n\nUsage: vendoc requests (list|show)/)
    }
    const unknown = await vendoc(env.databaseUrl, 'requests', 'list', '--account', '999999999')
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('Account 999999999 does not exist')
  })
})
