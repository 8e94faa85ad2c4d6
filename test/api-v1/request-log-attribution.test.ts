// Calls that never reach authentication, or fail it on the header's form, still belong in the log of
// the account whose token they carry: a wrong method (405), and a Vendoc token sent without the
// `Bearer ` scheme (401). A header carrying no well-formed token stays unattributed.
import type { LightMyRequestResponse } from 'fastify'
import { expect, it } from 'vitest'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount } from '../support/factories.js'
import { expectProblem } from '../support/http.js'

const requestIdOf = (response: LightMyRequestResponse) => String(response.headers['x-request-id'])

describeEachDialect('request log: attribution of calls refused before or at authentication', (env) => {
  async function storedRow(response: LightMyRequestResponse) {
    await env.app.requestLog.flush()
    return env.db.selectFrom('request_logs').selectAll().where('request_id', '=', requestIdOf(response)).executeTakeFirstOrThrow()
  }

  it('gives a wrong method with a valid token to the token\'s account', async () => {
    const account = await makeAccount(env)
    const response = await env.app.inject({ method: 'PUT', url: '/api/v1/proposals/1', headers: account.auth })
    expectProblem(response, 405, 'method_not_allowed')
    expect(await storedRow(response)).toMatchObject({ account_id: account.id, api_token_id: account.token.id, method: 'PUT', status: 405, error_code: 'method_not_allowed' })
    // And the account reads it in its own log.
    await env.app.requestLog.flush()
    const listed = await env.app.inject({ method: 'GET', url: '/api/v1/request-logs?method=PUT', headers: account.auth })
    expect(listed.json().data.map((entry: { request_id: string }) => entry.request_id)).toContain(requestIdOf(response))
  })

  it('refuses a Vendoc token sent without `Bearer `, saying so, and logs the call to its account', async () => {
    const account = await makeAccount(env)
    for (const authorization of [account.token.token, `Token ${account.token.token}`, `token=${account.token.token}`]) {
      const response = await env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: { authorization } })
      const problem = expectProblem(response, 401, 'invalid_token')
      expect(problem.detail, authorization.slice(0, 6)).toContain('without the `Bearer ` scheme')
      expect(await storedRow(response)).toMatchObject({ account_id: account.id, api_token_id: account.token.id, status: 401 })
    }
  })

  it('leaves unattributed a header without a well-formed token, and another account never sees it', async () => {
    const account = await makeAccount(env)
    const mangled = `Token ${account.token.token.slice(0, -1)}${account.token.token.endsWith('A') ? 'B' : 'A'}`
    for (const authorization of ['Basic dXNlcjpwYXNz', mangled]) {
      const response = await env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: { authorization } })
      const problem = expectProblem(response, 401, 'invalid_token')
      expect(problem.detail).toBe('The Authorization header must be `Bearer <token>`.')
      expect(await storedRow(response)).toMatchObject({ account_id: null, api_token_id: null })
    }
  })
})
