// Token lifecycle (DESIGN.md §5, issue 3 point 1): several named tokens per account, listing
// without secrets, regeneration that kills the old secret on the very next request, revocation,
// account scoping, and last_used_at written at most once a minute.
import { describe, expect, it } from 'vitest'
import { ApiTokenNotFoundError, ApiTokenRevokedError, authenticateApiToken, createApiToken } from '../../src/modules/integrations/api-tokens.js'
import { listApiTokens } from '../../src/modules/integrations/list-api-tokens.js'
import { regenerateApiToken } from '../../src/modules/integrations/regenerate-api-token.js'
import { revokeApiToken } from '../../src/modules/integrations/revoke-api-token.js'
import { hashToken, isWellFormedToken } from '../../src/modules/integrations/token-format.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount } from '../support/factories.js'
import { expectProblem } from '../support/http.js'
import { ManualClock } from '../support/manual-clock.js'
import type { TestApp } from '../support/test-app.js'
import { lastUsedBecomes, tokenRow } from '../support/token-use.js'

const clock = new ManualClock()

function call(env: TestApp, token: string) {
  return env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: { authorization: `Bearer ${token}` } })
}

describeEachDialect(
  'API token lifecycle',
  (env) => {
    describe('happy', () => {
      it('lists every named token of the account, revoked ones too, without secrets or hashes', async () => {
        const account = await makeAccount(env)
        const erp = await createApiToken(env.db, env.clock, account.id, 'ERP')
        const helpdesk = await createApiToken(env.db, env.clock, account.id, 'Help desk')
        await revokeApiToken(env.db, env.clock, account.id, helpdesk.id)
        const other = await makeAccount(env)

        const tokens = await listApiTokens(env.db, account.id)
        expect(tokens.map((token) => [token.id, token.name, token.prefix])).toEqual([
          [account.token.id, 'CRM', account.token.prefix],
          [erp.id, 'ERP', erp.prefix],
          [helpdesk.id, 'Help desk', helpdesk.prefix],
        ])
        for (const token of tokens) expect(Object.keys(token).sort()).toEqual(['access', 'created_at', 'id', 'last_used_at', 'name', 'prefix', 'revoked_at'])
        expect(tokens.map((token) => token.revoked_at === null)).toEqual([true, true, false])
        const serialized = JSON.stringify(tokens)
        for (const issued of [account.token, erp, helpdesk]) {
          expect(serialized).not.toContain(issued.token)
          expect(serialized).not.toContain(hashToken(issued.token))
        }
        expect(serialized).not.toContain(String(other.token.prefix))
        // Several tokens coexist: both live ones authenticate.
        expect((await call(env, account.token.token)).statusCode).toBe(200)
        expect((await call(env, erp.token)).statusCode).toBe(200)
      })

      it('regenerate keeps id and name, issues a new secret, and the old one is a 401 on the very next request', async () => {
        const account = await makeAccount(env)
        const sibling = await createApiToken(env.db, env.clock, account.id, 'ERP')
        const old = account.token
        // A successful call first, so any cache of the old secret would be warm.
        expect((await call(env, old.token)).statusCode).toBe(200)

        const renewed = await regenerateApiToken(env.db, env.clock, account.id, old.id)
        expect(Object.keys(renewed).sort()).toEqual(['access', 'id', 'name', 'prefix', 'token'])
        expect(renewed.id).toBe(old.id)
        expect(renewed.name).toBe('CRM')
        expect(renewed.token).not.toBe(old.token)
        expect(renewed.prefix).not.toBe(old.prefix)
        expect(isWellFormedToken(renewed.token)).toBe(true)
        expect(renewed.token.startsWith(renewed.prefix)).toBe(true)

        const stale = await call(env, old.token)
        const problem = expectProblem(stale, 401, 'invalid_token')
        expect(problem.detail).toMatch(/revoked or regenerated/)
        expect((await call(env, renewed.token)).statusCode).toBe(200)
        expect((await call(env, sibling.token)).statusCode).toBe(200)

        const row = await tokenRow(env, old.id)
        expect(row).toMatchObject({ prefix: renewed.prefix, token_hash: hashToken(renewed.token), revoked_at: null })
        const listed = (await listApiTokens(env.db, account.id)).find((token) => token.id === old.id)
        expect(listed?.prefix).toBe(renewed.prefix)
      })

      it('the old secret stays attributed to its account after regeneration (so the request log can explain the 401)', async () => {
        const account = await makeAccount(env)
        const old = account.token
        const renewed = await regenerateApiToken(env.db, env.clock, account.id, old.id)
        const retired = await env.db.selectFrom('api_token_retired_hashes').selectAll().where('api_token_id', '=', old.id).execute()
        expect(retired).toEqual([expect.objectContaining({ account_id: account.id, token_hash: hashToken(old.token) })])
        const check = await authenticateApiToken(env.db, old.token)
        expect(check).toEqual({ ok: false, reason: 'revoked', attribution: { accountId: account.id, tokenId: old.id, tokenPrefix: old.prefix } })
        // A second regeneration retires the second secret too; both old secrets stay refused.
        const third = await regenerateApiToken(env.db, env.clock, account.id, old.id)
        for (const secret of [old.token, renewed.token]) expectProblem(await call(env, secret), 401, 'invalid_token')
        expect((await call(env, third.token)).statusCode).toBe(200)
      })

      it('revoke stops the token at once, keeps it listed as revoked, and is idempotent', async () => {
        const account = await makeAccount(env)
        const sibling = await createApiToken(env.db, env.clock, account.id, 'ERP')
        expect((await call(env, account.token.token)).statusCode).toBe(200)
        // That call's last_used_at write lands after its answer: wait for it, or it can land between
        // the two revocations below and make their summaries differ (a flake seen on PostgreSQL).
        await lastUsedBecomes(env, account.token.id, clock.now().toISOString())

        const result = await revokeApiToken(env.db, env.clock, account.id, account.token.id)
        expect(result.alreadyRevoked).toBe(false)
        expect(result.token).toMatchObject({ id: account.token.id, name: 'CRM', prefix: account.token.prefix, revoked_at: clock.now().toISOString() })

        const problem = expectProblem(await call(env, account.token.token), 401, 'invalid_token')
        expect(problem.detail).toMatch(/revoked/)
        expect((await call(env, sibling.token)).statusCode).toBe(200)
        const check = await authenticateApiToken(env.db, account.token.token)
        expect(check).toMatchObject({ ok: false, reason: 'revoked', attribution: { accountId: account.id, tokenId: account.token.id } })
        // The row no longer holds the secret's hash: only the retired-hash table knows it.
        expect((await tokenRow(env, account.token.id)).token_hash).not.toBe(hashToken(account.token.token))

        clock.advance(5_000)
        const again = await revokeApiToken(env.db, env.clock, account.id, account.token.id)
        expect(again).toEqual({ token: result.token, alreadyRevoked: true })
        const listed = await listApiTokens(env.db, account.id)
        expect(listed.map((token) => [token.id, token.revoked_at])).toEqual([
          [account.token.id, result.token.revoked_at],
          [sibling.id, null],
        ])
      })
    })

    describe('error', () => {
      it('a revoked token cannot be regenerated back to life', async () => {
        const account = await makeAccount(env)
        await revokeApiToken(env.db, env.clock, account.id, account.token.id)
        await expect(regenerateApiToken(env.db, env.clock, account.id, account.token.id)).rejects.toBeInstanceOf(ApiTokenRevokedError)
        expectProblem(await call(env, account.token.token), 401, 'invalid_token')
      })

      it('a missing token id is ApiTokenNotFoundError', async () => {
        const account = await makeAccount(env)
        await expect(regenerateApiToken(env.db, env.clock, account.id, 999_999_999)).rejects.toBeInstanceOf(ApiTokenNotFoundError)
        await expect(revokeApiToken(env.db, env.clock, account.id, 999_999_999)).rejects.toBeInstanceOf(ApiTokenNotFoundError)
      })
    })

    describe('security', () => {
      it("another account's token id behaves exactly like a missing one, and the token is untouched", async () => {
        const mine = await makeAccount(env)
        const theirs = await makeAccount(env)
        const before = await tokenRow(env, theirs.token.id)

        const errors = await Promise.all([
          regenerateApiToken(env.db, env.clock, mine.id, theirs.token.id).catch((error: unknown) => error),
          revokeApiToken(env.db, env.clock, mine.id, theirs.token.id).catch((error: unknown) => error),
          regenerateApiToken(env.db, env.clock, mine.id, 999_999_998).catch((error: unknown) => error),
        ])
        for (const error of errors) expect(error).toBeInstanceOf(ApiTokenNotFoundError)
        const [foreign, , missing] = errors as ApiTokenNotFoundError[]
        expect(foreign!.message.replace(String(theirs.token.id), 'N')).toBe(missing!.message.replace('999999998', 'N'))

        expect(await tokenRow(env, theirs.token.id)).toEqual(before)
        expect((await call(env, theirs.token.token)).statusCode).toBe(200)
        expect((await listApiTokens(env.db, mine.id)).map((token) => token.id)).toEqual([mine.token.id])
      })
    })

    describe('last_used_at', () => {
      it('is written on first use, not again within a minute, and again once the clock moves 61 s', async () => {
        const account = await makeAccount(env)
        expect((await tokenRow(env, account.token.id)).last_used_at).toBeNull()
        const first = clock.now().toISOString()
        expect((await call(env, account.token.token)).statusCode).toBe(200)
        await lastUsedBecomes(env, account.token.id, first)

        clock.advance(30_000)
        for (let i = 0; i < 3; i++) expect((await call(env, account.token.token)).statusCode).toBe(200)
        // A write, had one been issued, lands within milliseconds.
        await new Promise((resolve) => setTimeout(resolve, 200))
        expect((await tokenRow(env, account.token.id)).last_used_at).toBe(first)
        expect((await listApiTokens(env.db, account.id))[0]!.last_used_at).toBe(first)

        clock.advance(31_000)
        const later = clock.now().toISOString()
        expect((await call(env, account.token.token)).statusCode).toBe(200)
        await lastUsedBecomes(env, account.token.id, later)
      })

      it('is kept per token, and failed authentications do not touch it', async () => {
        const account = await makeAccount(env)
        const erp = await createApiToken(env.db, env.clock, account.id, 'ERP')
        const revoked = await createApiToken(env.db, env.clock, account.id, 'Old')
        await revokeApiToken(env.db, env.clock, account.id, revoked.id)
        clock.advance(1_000)
        const at = clock.now().toISOString()
        expect((await call(env, erp.token)).statusCode).toBe(200)
        expectProblem(await call(env, revoked.token), 401, 'invalid_token')
        await lastUsedBecomes(env, erp.id, at)
        expect((await tokenRow(env, account.token.id)).last_used_at).toBeNull()
        expect((await tokenRow(env, revoked.id)).last_used_at).toBeNull()
      })
    })
  },
  { clock },
)
