// Authentication and the headers every API response carries (DESIGN.md §3, §5).
import { describe, expect, it } from 'vitest'
import { createApiToken } from '../../src/modules/integrations/api-tokens.js'
import { generateToken } from '../../src/modules/integrations/token-format.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, makeProposal } from '../support/factories.js'
import { expectProblem } from '../support/http.js'

const CHALLENGE = 'Bearer realm="vendoc-api"'

describeEachDialect('API v1 authentication', (env) => {
  describe('happy', () => {
    it('a valid token reaches every endpoint, with X-Request-Id and CORS headers', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const proposal = await makeProposal(env, account, customer)
      const requests = [
        { method: 'GET' as const, url: '/api/v1/registration-data' },
        { method: 'GET' as const, url: `/api/v1/customers/${customer.id}/proposals` },
        { method: 'GET' as const, url: `/api/v1/proposals/${proposal.id}` },
      ]
      const ids = new Set<string>()
      for (const request of requests) {
        const response = await env.app.inject({ ...request, headers: account.auth })
        expect(response.statusCode, `${request.url}: ${response.body}`).toBe(200)
        expect(response.headers['x-request-id']).toMatch(/^req_[A-Za-z0-9_-]{16}$/)
        expect(response.headers['access-control-allow-origin']).toBe('*')
        expect(response.headers['set-cookie']).toBeUndefined()
        ids.add(String(response.headers['x-request-id']))
      }
      expect(ids.size).toBe(requests.length)
    })

    it('accepts the scheme name in any case', async () => {
      const account = await makeAccount(env)
      const response = await env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: { authorization: `bearer ${account.token.token}` } })
      expect(response.statusCode).toBe(200)
    })

    it('answers a CORS preflight with 204 before authentication', async () => {
      const response = await env.app.inject({
        method: 'OPTIONS',
        url: '/api/v1/proposals',
        headers: { origin: 'https://crm.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      })
      expect(response.statusCode).toBe(204)
      expect(response.body).toBe('')
      expect(response.headers['access-control-allow-origin']).toBe('*')
      expect(String(response.headers['access-control-allow-methods'])).toContain('POST')
      expect(String(response.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization')
      expect(response.headers['x-request-id']).toMatch(/^req_/)
    })

    it('exposes the headers an integration needs to read', async () => {
      const account = await makeAccount(env)
      const response = await env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: account.auth })
      const exposed = String(response.headers['access-control-expose-headers']).toLowerCase()
      for (const header of ['x-request-id', 'location', 'link', 'www-authenticate']) expect(exposed).toContain(header)
    })
  })

  describe('error', () => {
    it('no Authorization header → 401 missing_token with a challenge', async () => {
      const response = await env.app.inject({ method: 'GET', url: '/api/v1/registration-data' })
      expectProblem(response, 401, 'missing_token')
      expect(response.headers['www-authenticate']).toBe(CHALLENGE)
      expect(response.headers['access-control-allow-origin']).toBe('*')
    })

    it('an empty Authorization header → 401 missing_token', async () => {
      const response = await env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: { authorization: '' } })
      expectProblem(response, 401, 'missing_token')
    })

    const invalid: Array<[string, (token: string) => string]> = [
      ['another scheme', (token) => `Basic ${token}`],
      ['the scheme alone', () => 'Bearer'],
      ['the token without a scheme', (token) => token],
      ['two tokens', (token) => `Bearer ${token} ${token}`],
      ['a wrong prefix', (token) => `Bearer vdk_${token.slice(4)}`],
      ['a truncated token', (token) => `Bearer ${token.slice(0, -1)}`],
      ['a bad checksum', (token) => `Bearer ${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`],
      ['a changed secret (checksum no longer matches)', (token) => `Bearer ${token.slice(0, 10)}${token[10] === 'a' ? 'b' : 'a'}${token.slice(11)}`],
      ['an unknown well-formed token', () => `Bearer ${generateToken()}`],
    ]
    for (const [name, header] of invalid) {
      it(`${name} → 401 invalid_token with a challenge`, async () => {
        const account = await makeAccount(env)
        const response = await env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: { authorization: header(account.token.token) } })
        expectProblem(response, 401, 'invalid_token')
        expect(response.headers['www-authenticate']).toBe(CHALLENGE)
        expect(response.body).not.toContain(account.token.token.slice(4))
      })
    }

    it('a revoked token → 401 invalid_token, while the account’s other token still works', async () => {
      const account = await makeAccount(env)
      const other = await createApiToken(env.db, env.clock, account.id, 'ERP')
      await env.db.updateTable('api_tokens').set({ revoked_at: new Date().toISOString() }).where('id', '=', account.token.id).execute()
      const revoked = await env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: account.auth })
      const problem = expectProblem(revoked, 401, 'invalid_token')
      expect(problem.detail).toMatch(/revoked|regenerated/)
      const current = await env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: { authorization: `Bearer ${other.token}` } })
      expect(current.statusCode).toBe(200)
    })

    it('a token in the query string is not accepted', async () => {
      const account = await makeAccount(env)
      for (const name of ['token', 'access_token', 'api_key', 'authorization']) {
        const response = await env.app.inject({ method: 'GET', url: `/api/v1/registration-data?${name}=${account.token.token}` })
        expectProblem(response, 401, 'missing_token')
      }
    })

    it('an account whose plan lacks the API → 403 plan_without_api on every endpoint', async () => {
      const account = await makeAccount(env, { planCode: 'basico' })
      const customer = await makeCustomer(env, account)
      for (const request of [
        { method: 'GET' as const, url: '/api/v1/registration-data' },
        { method: 'GET' as const, url: `/api/v1/customers/${customer.id}/proposals` },
        { method: 'GET' as const, url: '/api/v1/proposals/1' },
        { method: 'POST' as const, url: '/api/v1/proposals', payload: {} },
      ]) {
        const response = await env.app.inject({ ...request, headers: account.auth })
        expectProblem(response, 403, 'plan_without_api')
        expect(response.headers['access-control-allow-origin']).toBe('*')
      }
    })
  })

  describe('security', () => {
    it('authenticates before reading the body: an unauthenticated bad body is a 401, not a 422 or 400', async () => {
      const invalidBody = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', payload: { account_id: 1 } })
      expectProblem(invalidBody, 401, 'missing_token')
      const malformed = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: { 'content-type': 'application/json' }, payload: '{nope' })
      expectProblem(malformed, 401, 'missing_token')
    })

    it('an unauthenticated caller cannot tell an existing document from a missing one', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const proposal = await makeProposal(env, account, customer)
      const existing = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${proposal.id}` })
      const missing = await env.app.inject({ method: 'GET', url: '/api/v1/proposals/999999999' })
      expect(existing.statusCode).toBe(401)
      expect(missing.statusCode).toBe(401)
      const strip = (body: string) => body.replace(/req_[A-Za-z0-9_-]+/g, 'req')
      expect(strip(existing.body)).toBe(strip(missing.body))
    })

    it('every error response under /api/v1 carries X-Request-Id and CORS headers', async () => {
      const account = await makeAccount(env)
      const responses = await Promise.all([
        env.app.inject({ method: 'GET', url: '/api/v1/registration-data' }),
        env.app.inject({ method: 'GET', url: '/api/v1/proposals/999999', headers: account.auth }),
        env.app.inject({ method: 'GET', url: '/api/v1/no-such-endpoint', headers: account.auth }),
        env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: account.auth, payload: {} }),
      ])
      for (const response of responses) {
        expect(response.statusCode).toBeGreaterThanOrEqual(400)
        expect(response.headers['x-request-id'], response.body).toMatch(/^req_/)
        expect(response.headers['access-control-allow-origin'], response.body).toBe('*')
      }
    })
  })
})
