// Abuse limits (DESIGN.md §3, §5; issue 3 point 6): a per-token request budget announced in
// RateLimit-* headers with 429 rate_limited + Retry-After past it, and a throttle on addresses that
// keep presenting invalid tokens — refused before any database lookup.
import { describe, expect, it, vi } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { createApiToken } from '../../src/modules/integrations/api-tokens.js'
import { generateToken } from '../../src/modules/integrations/token-format.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, proposalBody } from '../support/factories.js'
import { expectProblem } from '../support/http.js'
import { ManualClock } from '../support/manual-clock.js'
import type { TestApp } from '../support/test-app.js'

const LIMIT = 5
const FAILED_AUTH_LIMIT = 20
const clock = new ManualClock()
let addresses = 0

/** A fresh client address per test, so the per-address throttle of one test never leaks into another. */
function newAddress(): string {
  addresses += 1
  return `10.0.${Math.floor(addresses / 250)}.${(addresses % 250) + 1}`
}

function get(env: TestApp, token: string, remoteAddress: string, url = '/api/v1/registration-data') {
  return env.app.inject({ method: 'GET', url, remoteAddress, headers: { authorization: `Bearer ${token}` } })
}

function rateLimit(response: LightMyRequestResponse) {
  return {
    limit: Number(response.headers['ratelimit-limit']),
    remaining: Number(response.headers['ratelimit-remaining']),
    reset: Number(response.headers['ratelimit-reset']),
  }
}

describeEachDialect(
  'API v1 rate limits',
  (env) => {
    describe('happy', () => {
      it('every response to an authenticated token carries RateLimit-* headers, remaining counting down', async () => {
        const account = await makeAccount(env)
        const ip = newAddress()
        const seen = []
        for (let i = 0; i < LIMIT; i++) {
          const response = await get(env, account.token.token, ip)
          expect(response.statusCode, response.body).toBe(200)
          seen.push(rateLimit(response))
          clock.advance(1_000)
        }
        expect(seen.map((state) => state.limit)).toEqual([5, 5, 5, 5, 5])
        expect(seen.map((state) => state.remaining)).toEqual([4, 3, 2, 1, 0])
        // The window opened with the first request and closes 60 s later.
        expect(seen.map((state) => state.reset)).toEqual([60, 59, 58, 57, 56])
      })

      it('error responses of an authenticated token carry the headers too, and count against the budget', async () => {
        const account = await makeAccount(env, { planCode: 'basico' })
        const withApi = await makeAccount(env)
        const ip = newAddress()
        const forbidden = await get(env, account.token.token, ip)
        expectProblem(forbidden, 403, 'plan_without_api')
        expect(rateLimit(forbidden)).toMatchObject({ limit: LIMIT, remaining: 4 })
        const missing = await get(env, withApi.token.token, ip, '/api/v1/proposals/999999999')
        expectProblem(missing, 404, 'proposal_not_found')
        expect(rateLimit(missing)).toMatchObject({ limit: LIMIT, remaining: 4 })
        const invalid = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', remoteAddress: ip, headers: withApi.auth, payload: { account_id: 1 } })
        expectProblem(invalid, 422, 'validation_failed')
        expect(rateLimit(invalid)).toMatchObject({ limit: LIMIT, remaining: 3 })
      })

      it('CORS lets a browser integration read the rate-limit headers', async () => {
        const account = await makeAccount(env)
        const response = await get(env, account.token.token, newAddress())
        const exposed = String(response.headers['access-control-expose-headers']).toLowerCase().split(/,\s*/)
        for (const header of ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after']) expect(exposed).toContain(header)
      })
    })

    describe('error', () => {
      it('the request past the limit is a 429 rate_limited with Retry-After, on every route, until the window closes', async () => {
        const account = await makeAccount(env)
        const customer = await makeCustomer(env, account)
        const ip = newAddress()
        const routes = [
          () => get(env, account.token.token, ip),
          () => get(env, account.token.token, ip, `/api/v1/customers/${customer.id}/proposals`),
          () => get(env, account.token.token, ip, '/api/v1/proposals/999999999'),
        ]
        for (let i = 0; i < LIMIT; i++) expect((await routes[i % routes.length]!()).statusCode).toBeLessThan(429)
        clock.advance(20_000)

        const refused = [
          ...(await Promise.all(routes.map((route) => route()))),
          await env.app.inject({ method: 'POST', url: '/api/v1/proposals', remoteAddress: ip, headers: account.auth, payload: proposalBody(account, customer) }),
        ]
        for (const response of refused) {
          const problem = expectProblem(response, 429, 'rate_limited')
          expect(problem.detail).toMatch(/5 requests/)
          expect(response.headers['retry-after']).toBe('40')
          expect(rateLimit(response)).toEqual({ limit: LIMIT, remaining: 0, reset: 40 })
          expect(response.headers['access-control-allow-origin']).toBe('*')
        }
        // The refused creation did nothing.
        const stored = await env.db.selectFrom('proposals').select('id').where('account_id', '=', account.id).execute()
        expect(stored).toEqual([])

        clock.advance(39_000)
        expectProblem(await get(env, account.token.token, ip), 429, 'rate_limited')
        clock.advance(1_000)
        const renewed = await get(env, account.token.token, ip)
        expect(renewed.statusCode).toBe(200)
        expect(rateLimit(renewed)).toEqual({ limit: LIMIT, remaining: 4, reset: 60 })
      })

      it('each token has its own budget, within one account and across accounts', async () => {
        const account = await makeAccount(env)
        const sibling = await createApiToken(env.db, env.clock, account.id, 'ERP')
        const other = await makeAccount(env)
        const ip = newAddress()
        for (let i = 0; i < LIMIT; i++) expect((await get(env, account.token.token, ip)).statusCode).toBe(200)
        expectProblem(await get(env, account.token.token, ip), 429, 'rate_limited')

        for (const token of [sibling.token, other.token.token]) {
          const response = await get(env, token, ip)
          expect(response.statusCode).toBe(200)
          expect(rateLimit(response).remaining).toBe(LIMIT - 1)
        }
      })
    })

    describe('security: invalid tokens from one address', () => {
      it('past 20 failed authentications in a minute the address gets 429 before any lookup; other addresses are unaffected', async () => {
        const account = await makeAccount(env)
        const attacker = newAddress()
        const honest = newAddress()
        const guesses = Array.from({ length: FAILED_AUTH_LIMIT }, () => generateToken())
        for (const guess of guesses) {
          const response = await get(env, guess, attacker)
          expectProblem(response, 401, 'invalid_token')
          expect(response.headers['ratelimit-limit']).toBeUndefined()
        }

        const lookups = vi.spyOn(env.db, 'selectFrom')
        try {
          const throttled = await get(env, generateToken(), attacker)
          const problem = expectProblem(throttled, 429, 'rate_limited')
          expect(problem.detail).toMatch(/invalid tokens/)
          expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(1)
          expect(Number(throttled.headers['retry-after'])).toBeLessThanOrEqual(60)
          expect(lookups).not.toHaveBeenCalled()
        } finally {
          lookups.mockRestore()
        }
        // Even a valid token is refused from the throttled address (it is refused unread)…
        expectProblem(await get(env, account.token.token, attacker), 429, 'rate_limited')
        // …while the same token from another address works.
        expect((await get(env, account.token.token, honest)).statusCode).toBe(200)

        clock.advance(60_000)
        expect((await get(env, account.token.token, attacker)).statusCode).toBe(200)
      })

      it('every kind of invalid credential counts: bad scheme, malformed, unknown, revoked', async () => {
        const account = await makeAccount(env)
        const revoked = await createApiToken(env.db, env.clock, account.id, 'Old')
        await env.db.updateTable('api_tokens').set({ revoked_at: clock.now().toISOString() }).where('id', '=', revoked.id).execute()
        const ip = newAddress()
        const headers = [`Basic ${account.token.token}`, 'Bearer vdc_nope', `Bearer ${generateToken()}`, `Bearer ${revoked.token}`]
        for (let i = 0; i < FAILED_AUTH_LIMIT; i++) {
          const response = await env.app.inject({ method: 'GET', url: '/api/v1/registration-data', remoteAddress: ip, headers: { authorization: headers[i % headers.length]! } })
          expectProblem(response, 401, 'invalid_token')
        }
        expectProblem(await get(env, account.token.token, ip), 429, 'rate_limited')
      })

      it('requests without any token are 401 missing_token and never throttle the address', async () => {
        const account = await makeAccount(env)
        const ip = newAddress()
        for (let i = 0; i < FAILED_AUTH_LIMIT + 5; i++) {
          expectProblem(await env.app.inject({ method: 'GET', url: '/api/v1/registration-data', remoteAddress: ip }), 401, 'missing_token')
        }
        expect((await get(env, account.token.token, ip)).statusCode).toBe(200)
      })
    })
  },
  { clock, env: { API_RATE_LIMIT_PER_MINUTE: String(LIMIT), API_FAILED_AUTH_PER_MINUTE: String(FAILED_AUTH_LIMIT) } },
)
