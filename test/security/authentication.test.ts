// Authentication of the API (OWASP API2), beyond the single cases of test/api-v1/auth.test.ts and
// token-lifecycle.test.ts: guessing at scale is throttled per address without touching honest
// callers, credentials are taken from the Authorization header only (never the query string, a
// cookie, another header or the body — and one offered there is not kept in the request log), and
// a token regenerated or revoked through the web page stops working on the next call.
import type { InjectOptions } from 'fastify'
import { describe, expect, it } from 'vitest'
import { hashToken, isWellFormedToken } from '../../src/modules/integrations/token-format.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount } from '../support/factories.js'
import { expectProblem } from '../support/http.js'
import { ManualClock } from '../support/manual-clock.js'
import type { TestApp } from '../support/test-app.js'
import { csrfTokenIn } from '../support/web-agent.js'
import { signedInUser } from '../support/web-login.js'
import { guessedToken } from './support/access-token-guesses.js'

const FAILED_AUTH_LIMIT = 20
const GUESSES = 1_000
const clock = new ManualClock()

function get(env: TestApp, remoteAddress: string, headers: Record<string, string> = {}, url = '/api/v1/registration-data') {
  return env.app.inject({ method: 'GET', url, remoteAddress, headers })
}

async function requestLogRows(env: TestApp) {
  await env.app.requestLog.flush()
  return env.db.selectFrom('request_logs').selectAll().execute()
}

describeEachDialect(
  'API authentication under attack',
  (env) => {
    describe('guessing', () => {
      it(`throttles ${GUESSES} random well-formed tokens from one address after ${FAILED_AUTH_LIMIT}, while another address with a valid token is unaffected`, async () => {
        const honest = await makeAccount(env)
        const attacker = '203.0.113.7'
        const tally = { unauthorized: 0, throttled: 0, honestOk: 0 }
        for (let i = 0; i < GUESSES; i++) {
          const guess = guessedToken()
          expect(isWellFormedToken(guess), guess).toBe(true)
          const response = await get(env, attacker, { authorization: `Bearer ${guess}` })
          if (i < FAILED_AUTH_LIMIT) {
            expectProblem(response, 401, 'invalid_token')
            tally.unauthorized += 1
          } else {
            expect(response.statusCode, `guess ${i + 1}`).toBe(429)
            expect(response.json().code).toBe('rate_limited')
            const retryAfter = Number(response.headers['retry-after'])
            expect(retryAfter).toBeGreaterThanOrEqual(1)
            expect(retryAfter).toBeLessThanOrEqual(60)
            tally.throttled += 1
          }
          if (i % 20 === 0) {
            // The honest integration, from its own address, never notices the attack.
            const ok = await get(env, '198.51.100.20', honest.auth)
            expect(ok.statusCode, ok.body).toBe(200)
            tally.honestOk += 1
          }
        }
        expect(tally).toEqual({ unauthorized: FAILED_AUTH_LIMIT, throttled: GUESSES - FAILED_AUTH_LIMIT, honestOk: GUESSES / 20 })
        // Even a valid token is refused from the throttled address until its window closes.
        expectProblem(await get(env, attacker, honest.auth), 429, 'rate_limited')
        clock.advance(60_000)
        expect((await get(env, attacker, honest.auth)).statusCode).toBe(200)
        console.info(`authentication [${env.dialect}]: ${GUESSES} guessed tokens, ${tally.unauthorized} answered 401, ${tally.throttled} throttled 429; ${tally.honestOk} honest calls all 200`)
      })
    })

    describe('where a credential is accepted', () => {
      it('takes the token from the Authorization header only: query string, cookie, other headers and the body are ignored', async () => {
        const account = await makeAccount(env)
        const token = account.token.token
        const ip = '192.0.2.10'
        const offered: Array<[string, InjectOptions]> = [
          ['query token', { method: 'GET', url: `/api/v1/registration-data?token=${token}` }],
          ['query access_token', { method: 'GET', url: `/api/v1/registration-data?access_token=${token}` }],
          ['query Bearer', { method: 'GET', url: `/api/v1/registration-data?authorization=${encodeURIComponent(`Bearer ${token}`)}` }],
          ['cookie', { method: 'GET', url: '/api/v1/registration-data', headers: { cookie: `token=${token}; authorization=Bearer%20${token}` } }],
          ['X-Api-Key', { method: 'GET', url: '/api/v1/registration-data', headers: { 'x-api-key': token } }],
          ['X-Auth-Token', { method: 'GET', url: '/api/v1/registration-data', headers: { 'x-auth-token': `Bearer ${token}` } }],
          ['Proxy-Authorization', { method: 'GET', url: '/api/v1/registration-data', headers: { 'proxy-authorization': `Bearer ${token}` } }],
          ['JSON body', { method: 'POST', url: '/api/v1/proposals', payload: { token, access_token: token } }],
        ]
        for (const [where, request] of offered) {
          const response = await env.app.inject({ ...request, remoteAddress: ip })
          expectProblem(response, 401, 'missing_token')
          expect(response.body, where).not.toContain(token)
        }
        // None of them counted as a failed guess: the address is not throttled.
        expect((await get(env, ip, account.auth)).statusCode).toBe(200)
      })

      it('uses the header, not a token also put in the query string, and keeps neither secret in the request log', async () => {
        const account = await makeAccount(env)
        const other = await makeAccount(env)
        // Both routes refuse unknown query parameters (422): what matters is whose call it is.
        for (const url of [`/api/v1/usage?token=${other.token.token}`, `/api/v1/registration-data?access_token=${other.token.token}`]) {
          const response = await env.app.inject({ method: 'GET', url, headers: account.auth })
          expect(response.statusCode, response.body).toBe(422)
          expect(response.headers['ratelimit-limit'], 'counted against the header’s token').toBeDefined()
          expect(response.body).not.toContain(other.token.token)
        }
        const rows = await requestLogRows(env)
        expect(rows.filter((row) => row.account_id === account.id)).toHaveLength(2)
        expect(rows.filter((row) => row.account_id === other.id), 'the query token attributed a call to its account').toEqual([])
        const stored = JSON.stringify(rows)
        for (const secret of [account.token.token, other.token.token, hashToken(account.token.token), hashToken(other.token.token)]) expect(stored).not.toContain(secret)
      })

      it('refuses a session cookie of a signed-in admin on the API: the API takes bearer tokens only', async () => {
        const { agent } = await signedInUser(env)
        const cookie = [...agent.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
        const response = await env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: { cookie } })
        expectProblem(response, 401, 'missing_token')
      })

      it('refuses odd spellings of a valid token: other case, padding inside, a second scheme, an oversized header', async () => {
        const account = await makeAccount(env)
        const token = account.token.token
        const ip = '192.0.2.11'
        for (const header of [`Bearer ${token.toUpperCase()}`, `Bearer ${token.replace('vdc_', 'VDC_')}`, `Bearer ${token.slice(0, 20)} ${token.slice(20)}`, `Bearer Bearer ${token}`, `Bearer ${token}${'A'.repeat(8_000)}`, `Bearer ${token}\u200b`]) {
          const response = await get(env, ip, { authorization: header })
          expectProblem(response, 401, 'invalid_token')
          expect(response.body).not.toContain(token)
        }
      })
    })

    describe('tokens changed through the web page', () => {
      it('a token regenerated on Configurações → Integrações is a 401 on the next call; the new one shown once works', async () => {
        const { agent, account } = await signedInUser(env)
        const old = account.token.token
        expect((await get(env, '192.0.2.12', { authorization: `Bearer ${old}` })).statusCode).toBe(200)
        const page = await agent.get('/settings/integrations')
        const regenerated = await agent.post(`/settings/integrations/tokens/${account.token.id}/regenerate`, { _csrf: csrfTokenIn(page.body) })
        expect(regenerated.statusCode).toBe(200)
        const shown = [...regenerated.body.matchAll(/vdc_[0-9A-Za-z]{49}/g)].map((match) => match[0])
        expect(shown).toHaveLength(1)
        const renewed = shown[0]!
        expect(renewed).not.toBe(old)
        const stale = await get(env, '192.0.2.12', { authorization: `Bearer ${old}` })
        expect(expectProblem(stale, 401, 'invalid_token').detail).toMatch(/revoked or regenerated/)
        expect((await get(env, '192.0.2.12', { authorization: `Bearer ${renewed}` })).statusCode).toBe(200)
        // Shown once: the page opened again never repeats it.
        expect((await agent.get('/settings/integrations')).body).not.toContain(renewed)

        const revoked = await agent.post(`/settings/integrations/tokens/${account.token.id}/revoke`, { _csrf: csrfTokenIn(page.body) })
        expect(revoked.statusCode).toBe(303)
        expectProblem(await get(env, '192.0.2.12', { authorization: `Bearer ${renewed}` }), 401, 'invalid_token')
      })
    })
  },
  { clock, env: { API_FAILED_AUTH_PER_MINUTE: String(FAILED_AUTH_LIMIT) } },
)
