// The API's token cache (issue 6: "token lookups cached, invalidated at once on regenerate and
// revoke"): a token is looked up once and then served from memory; api_auth_version, kept by
// triggers, moves on exactly the changes that alter what a token authenticates as, and a cache
// that sees it move forgets everything; a lookup overtaken by a clear is not remembered.
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { ApiTokenCache } from '../../src/modules/integrations/api-token-cache.js'
import { createApiToken } from '../../src/modules/integrations/api-tokens.js'
import { regenerateApiToken } from '../../src/modules/integrations/regenerate-api-token.js'
import { generateToken } from '../../src/modules/integrations/token-format.js'
import { firstRefusal } from '../support/auth-propagation.js'
import { describeEachDialect } from '../support/dialects.js'
import { takeNextProposalNumber } from '../../src/modules/proposals/proposal-number.js'
import { makeAccount } from '../support/factories.js'
import { expectProblem } from '../support/http.js'
import type { TestApp } from '../support/test-app.js'

// Short enough for quick tests, long enough that a read on a loaded CI machine finishes within one.
const POLL_MS = 200

async function authVersion(env: TestApp): Promise<number> {
  const row = await env.db.selectFrom('api_auth_version').select('version').where('id', '=', 1).executeTakeFirstOrThrow()
  return Number(row.version)
}

/**
 * A cache polling every POLL_MS, its first poll done (before it nothing is cached). A poll that
 * failed unexpectedly would show as a cache that caches nothing, which the size assertions catch.
 */
async function startCache(env: TestApp): Promise<ApiTokenCache> {
  const cache = new ApiTokenCache(env.db, () => undefined, POLL_MS)
  await cache.whenPolled()
  return cache
}

/**
 * Runs `outage` against a cache that holds one token, records what it reports, and checks that it
 * caches again once the outage is over.
 */
async function throughOutage(env: TestApp, outage: (cache: ApiTokenCache, errors: unknown[], token: string) => Promise<void>): Promise<void> {
  const account = await makeAccount(env)
  const errors: unknown[] = []
  const cache = new ApiTokenCache(env.db, (error) => errors.push(error), POLL_MS)
  await cache.whenPolled()
  try {
    await cache.authenticate(account.token.token)
    expect(cache.size).toBe(1)
    await outage(cache, errors, account.token.token)
    await twoPolls(cache)
    await cache.authenticate(account.token.token)
    expect(cache.size).toBe(1)
  } finally {
    await cache.close()
  }
}

/** Waits for the next two polls: the first may have started before the change committed. */
async function twoPolls(cache: ApiTokenCache): Promise<void> {
  for (let poll = 0; poll < 2; poll += 1) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS + 10))
    await cache.whenPolled()
  }
}

describeEachDialect('API token cache', (env) => {
  describe('happy', () => {
    it('looks a token up once, then answers from memory until api_auth_version moves', async () => {
      const account = await makeAccount(env)
      const cache = await startCache(env)
      try {
        const first = await cache.authenticate(account.token.token)
        expect(first).toMatchObject({ ok: true, token: { tokenId: account.token.id, tokenName: 'CRM', accountId: account.id } })
        expect(cache.size).toBe(1)
        // With the tokens table out of reach (renamed: no row changes, no version bump), the token
        // still authenticates: the answer came from memory.
        const version = await authVersion(env)
        await sql`alter table api_tokens rename to api_tokens_away`.execute(env.db)
        try {
          expect(await cache.authenticate(account.token.token)).toMatchObject({ ok: true, token: { tokenName: 'CRM' } })
        } finally {
          await sql`alter table api_tokens_away rename to api_tokens`.execute(env.db)
        }
        expect(await authVersion(env)).toBe(version)

        // Revoked by plain SQL, as another process would: the trigger bumps the version and the
        // next poll clears the cache.
        await env.db.updateTable('api_tokens').set({ revoked_at: new Date().toISOString() }).where('id', '=', account.token.id).execute()
        expect(await authVersion(env)).toBeGreaterThan(version)
        await twoPolls(cache)
        expect(cache.size).toBe(0)
        expect(await cache.authenticate(account.token.token)).toMatchObject({ ok: false, reason: 'revoked' })
        expect(cache.size).toBe(0)
      } finally {
        await cache.close()
      }
    })

    it('every change that alters authentication bumps the version; routine writes do not', async () => {
      const account = await makeAccount(env)
      const spare = await createApiToken(env.db, env.clock, account.id, 'Spare')
      const bumps = async (change: () => Promise<unknown>) => {
        const before = await authVersion(env)
        await change()
        return (await authVersion(env)) > before
      }
      const basic = await env.db.selectFrom('plans').select('id').where('code', '=', 'basico').executeTakeFirstOrThrow()

      // Routine writes: last use, the catalogue version, a document number, a new token.
      expect(await bumps(() => env.db.updateTable('api_tokens').set({ last_used_at: new Date().toISOString() }).where('id', '=', account.token.id).execute())).toBe(false)
      expect(await bumps(() => env.db.updateTable('accounts').set({ catalog_version: 99 }).where('id', '=', account.id).execute())).toBe(false)
      // Every creation takes a number: a bump here would empty the cache on every creation.
      expect(await bumps(() => env.db.transaction().execute((trx) => takeNextProposalNumber(trx, account.id)))).toBe(false)
      expect(await bumps(() => createApiToken(env.db, env.clock, account.id, 'Another'))).toBe(false)

      // Changes to what a token authenticates as, or to what its cached copy carries (the name
      // and prefix go into the history of what it creates).
      expect(await bumps(() => env.db.updateTable('api_tokens').set({ name: 'Other' }).where('id', '=', spare.id).execute())).toBe(true)
      expect(await bumps(() => env.db.updateTable('api_tokens').set({ token_hash: 'x'.repeat(64) }).where('id', '=', spare.id).execute())).toBe(true)
      // Its access too (migration 054): a token locked down in SQL is read-only on every server within a second.
      expect(await bumps(() => env.db.updateTable('api_tokens').set({ access: 'read' }).where('id', '=', spare.id).execute())).toBe(true)
      expect(await bumps(() => env.db.updateTable('accounts').set({ plan_id: basic.id }).where('id', '=', account.id).execute())).toBe(true)
      expect(await bumps(() => env.db.updateTable('accounts').set({ time_zone: 'America/Manaus' }).where('id', '=', account.id).execute())).toBe(true)
      expect(await bumps(() => env.db.updateTable('plans').set({ api_access: false }).where('id', '=', basic.id).execute())).toBe(true)
      expect(await bumps(() => env.db.deleteFrom('api_tokens').where('id', '=', spare.id).execute())).toBe(true)
    })

    it('a plan change made elsewhere reaches a running server within a second', async () => {
      const account = await makeAccount(env)
      const call = () => env.app.inject({ method: 'GET', url: '/api/v1/usage', headers: account.auth })
      expect((await call()).statusCode).toBe(200)
      const basic = await env.db.selectFrom('plans').select(['id', 'api_access']).where('code', '=', 'basico').executeTakeFirstOrThrow()
      expect(Boolean(basic.api_access)).toBe(false)
      await env.db.updateTable('accounts').set({ plan_id: basic.id }).where('id', '=', account.id).execute()
      expectProblem(await firstRefusal(call), 403, 'plan_without_api')
    })

    it('a regeneration in this process is refused on the very next request, though the old secret was cached', async () => {
      const account = await makeAccount(env)
      const call = (token: string) => env.app.inject({ method: 'GET', url: '/api/v1/usage', headers: { authorization: `Bearer ${token}` } })
      expect((await call(account.token.token)).statusCode).toBe(200)
      expect((await call(account.token.token)).statusCode).toBe(200)
      const renewed = await regenerateApiToken(env.db, env.clock, account.id, account.token.id)
      expectProblem(await call(account.token.token), 401, 'invalid_token')
      expect((await call(renewed.token)).statusCode).toBe(200)
    })
  })

  describe('races and failures', () => {
    it('a lookup that a clear overtook is not remembered', async () => {
      const account = await makeAccount(env)
      const cache = await startCache(env)
      try {
        const pending = cache.authenticate(account.token.token)
        cache.clear()
        expect(await pending).toMatchObject({ ok: true })
        expect(cache.size).toBe(0)
        await cache.authenticate(account.token.token)
        expect(cache.size).toBe(1)
      } finally {
        await cache.close()
      }
    })

    it('when the version cannot be read, it forgets everything and caches nothing until it can', async () => {
      await throughOutage(env, async (cache, errors, token) => {
        await sql`alter table api_auth_version rename to api_auth_version_away`.execute(env.db)
        try {
          await twoPolls(cache)
          expect(cache.size).toBe(0)
          expect(errors.length).toBe(1) // reported once per outage, not once per poll
          expect(await cache.authenticate(token)).toMatchObject({ ok: true })
          expect(cache.size).toBe(0)
        } finally {
          await sql`alter table api_auth_version_away rename to api_auth_version`.execute(env.db)
        }
      })
    })

    it('a poll that hangs makes it forget everything and stop caching until a poll completes', async () => {
      await throughOutage(env, async (cache, errors) => {
        const distrustedInTime = async () => {
          // Distrusted at the first tick that finds the read unfinished: within two intervals.
          const started = Date.now()
          while (errors.length === 0 && Date.now() - started < 3_000) await new Promise((resolve) => setTimeout(resolve, 20))
          expect(Date.now() - started).toBeLessThan(2 * POLL_MS + 1_000)
          expect(cache.size).toBe(0)
          expect(errors).toHaveLength(1)
          expect(String(errors[0])).toMatch(/the read of api_auth_version has not finished after \d+ ms/)
        }
        if (env.dialect === 'postgres') {
          // Hold up the next poll: another connection locks the table the poll reads.
          await env.db.transaction().execute(async (trx) => {
            await sql`lock table api_auth_version in access exclusive mode`.execute(trx)
            await distrustedInTime()
          })
        } else {
          // On SQLite the server's reads are answered one at a time by its read thread
          // (sqlite-read-thread.ts): a read of ~4 s occupies it, and the poll waits behind it.
          const slowRead = sql`with recursive n(x) as (select 1 union all select x + 1 from n where x < 30000000) select count(*) as c from n`.execute(env.db)
          try {
            await distrustedInTime()
          } finally {
            await slowRead.catch(() => undefined)
          }
        }
      })
    })

    it('a closed cache caches nothing, even when a poll in flight at closing settles after it', async () => {
      const account = await makeAccount(env)
      const cache = await startCache(env)
      await new Promise((resolve) => setTimeout(resolve, POLL_MS + 10))
      await cache.close()
      await cache.whenPolled()
      expect(await cache.authenticate(account.token.token)).toMatchObject({ ok: true })
      expect(cache.size).toBe(0)
    })

    it('ignores malformed and unknown tokens (never cached)', async () => {
      const cache = await startCache(env)
      try {
        expect(await cache.authenticate('not-a-token')).toMatchObject({ ok: false, reason: 'malformed' })
        expect(await cache.authenticate(generateToken())).toMatchObject({ ok: false, reason: 'unknown' })
        expect(cache.size).toBe(0)
      } finally {
        await cache.close()
      }
    })
  })
})
