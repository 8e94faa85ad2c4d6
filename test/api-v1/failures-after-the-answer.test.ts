// A failure after an error answer is decided (onSend hooks: releasing an Idempotency-Key, the
// quota headers) changes nothing in it. Before, such an answer went out in Fastify's own format,
// under the error's status, with the database's message in it (a CI run of the PostgreSQL crash
// test met "connect ECONNREFUSED 127.0.0.1:<port>" so). A creation whose key cannot be stored is
// the one exception, by design: it answers 500, and a retry recovers its document. Any other
// hook failing on an error answer gets the last resort (error-handler.ts): a fixed 500.
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, proposalBody } from '../support/factories.js'
import { expectProblem } from '../support/http.js'
import { appOnSameDatabase } from '../support/test-app.js'

describeEachDialect('failures after the answer is decided', (env) => {
  it('a creation whose Idempotency-Key cannot be stored answers a bare 500, and a retry once the claim is free recovers the document', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    // The claim (an INSERT) works; storing the response (an UPDATE) fails.
    await failIdempotencyKeyWrites('UPDATE OF state', true)
    let created
    try {
      created = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: { ...account.auth, 'idempotency-key': 'store-fails' }, payload: proposalBody(account, customer) })
    } finally {
      await failIdempotencyKeyWrites('UPDATE OF state', false)
    }
    // A 201 goes out only once a retry would get it again (idempotency.ts): this one could not be stored.
    expectProblem(created, 500, 'internal_error')
    expect(created.body).not.toMatch(/cannot store|trigger|idempotency_keys/i)
    // Nor its headers: the Location set for the 201 does not go out on the 500.
    expect(created.headers.location).toBeUndefined()
    const [document] = await env.db.selectFrom('proposals').select('id').where('account_id', '=', account.id).execute()
    // The claim keeps its document, in progress: a retry once its lock has passed (set here) recovers it.
    const claim = await env.db.selectFrom('idempotency_keys').select(['state', 'resource_id']).where('account_id', '=', account.id).where('idempotency_key', '=', 'store-fails').executeTakeFirstOrThrow()
    expect(claim).toEqual({ state: 'in_progress', resource_id: document!.id })
    await env.db.updateTable('idempotency_keys').set({ locked_until: '2000-01-01T00:00:00.000Z' }).where('account_id', '=', account.id).execute()
    const retry = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: { ...account.auth, 'idempotency-key': 'store-fails' }, payload: proposalBody(account, customer) })
    expect(retry.statusCode, retry.body).toBe(201)
    expect(retry.json<{ id: number }>().id).toBe(document!.id)
    expect(await env.db.selectFrom('proposals').select('id').where('account_id', '=', account.id).execute()).toEqual([{ id: document!.id }])
  })

  it('an error whose quota headers cannot be read keeps its own answer', async () => {
    const account = await makeAccount(env)
    await sql`ALTER TABLE api_usage_counters RENAME TO api_usage_counters_gone`.execute(env.db)
    try {
      const response = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: account.auth, payload: { title: 'no template' } })
      expectProblem(response, 422, 'validation_failed')
      expect(response.body).not.toMatch(/api_usage_counters|select|sqlite|postgres|relation/i)
    } finally {
      await sql`ALTER TABLE api_usage_counters_gone RENAME TO api_usage_counters`.execute(env.db)
    }
  })

  it('an error answer whose Idempotency-Key cannot be released keeps its own answer', async () => {
    const account = await makeAccount(env)
    await failIdempotencyKeyWrites('DELETE', true)
    try {
      // Claimed, then refused by the handler (no such customer): the key is released in onSend.
      const response = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: { ...account.auth, 'idempotency-key': 'release-fails' }, payload: proposalBody(account, { id: 987_654 }) })
      const problem = expectProblem(response, 422, 'validation_failed')
      expect(problem.errors).toEqual([expect.objectContaining({ path: '/customer/id' })])
      expect(response.body).not.toMatch(/cannot store|trigger|idempotency_keys/i)
    } finally {
      await failIdempotencyKeyWrites('DELETE', false)
    }
  })

  describe('an onSend hook that fails on the error answer itself', () => {
    // What Fastify's own handlers would have put in the answer: the failing hook's message.
    const SECRET = 'connect ECONNREFUSED 10.1.2.3:5432'

    /** An app whose extra onSend hook throws on every answer with a status of at least `from`. */
    async function appFailingFrom(from: number): Promise<FastifyInstance> {
      return appOnSameDatabase(env, {}, {}, (app) => {
        app.addHook('onSend', (_request, reply, payload, done) => {
          if (reply.statusCode >= from) return done(new Error(SECRET))
          done(null, payload)
        })
      })
    }

    function expectLastResort(response: Awaited<ReturnType<FastifyInstance['inject']>>) {
      const problem = expectProblem(response, 500, 'internal_error')
      expect(problem.detail).toBe(`Unexpected error; quote request id ${problem.request_id} to support.`)
      expect(response.body).not.toContain('ECONNREFUSED')
      expect(response.headers).toMatchObject({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' })
      expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(response.body))
      return problem
    }

    it('an API error answers the last-resort 500, and the request log records what was sent', async () => {
      const account = await makeAccount(env)
      const app = await appFailingFrom(400)
      try {
        const ok = await app.inject({ method: 'GET', url: '/api/v1/usage', headers: account.auth })
        expect(ok.statusCode, ok.body).toBe(200)
        // The 401 fails, then the 500 our handler answers instead (a status of at least 400 too).
        const response = await app.inject({ method: 'GET', url: '/api/v1/usage' })
        const problem = expectLastResort(response)
        await app.requestLog.flush()
        const row = await env.db.selectFrom('request_logs').select(['status', 'error_code', 'response_body']).where('request_id', '=', problem.request_id).executeTakeFirstOrThrow()
        expect(row).toMatchObject({ status: 500, error_code: 'internal_error' })
        expect(JSON.parse(row.response_body!)).toEqual(response.json())
      } finally {
        await app.close()
      }
    })

    it('a hook failing on every answer: a success, a web page and an unknown path all get the last resort', async () => {
      const account = await makeAccount(env)
      const app = await appFailingFrom(200)
      try {
        // A 200 that fails, then the 500 our handler answers instead fails too.
        expectLastResort(await app.inject({ method: 'GET', url: '/api/v1/usage', headers: account.auth }))
        // The web's error page fails, then our handler's 500 (the web app's handler hands on to it).
        expectLastResort(await app.inject({ method: 'GET', url: '/login' }))
        // The 404 handler's answer fails, then the 500.
        expectLastResort(await app.inject({ method: 'GET', url: '/no-such-page' }))
        expectLastResort(await app.inject({ method: 'GET', url: '/api/v1/no-such-route', headers: account.auth }))
        expectLastResort(await app.inject({ method: 'GET', url: '/healthz' }))
      } finally {
        await app.close()
      }
    })
  })

  /** Makes the database refuse (or accept again) one kind of write to idempotency_keys. */
  async function failIdempotencyKeyWrites(event: 'UPDATE OF state' | 'DELETE', fail: boolean) {
    const on = sql.raw(event)
    if (env.dialect === 'sqlite') {
      if (fail) await sql`CREATE TRIGGER idempotency_write_fails BEFORE ${on} ON idempotency_keys BEGIN SELECT RAISE(ABORT, 'cannot store'); END`.execute(env.db)
      else await sql`DROP TRIGGER idempotency_write_fails`.execute(env.db)
      return
    }
    if (fail) {
      await sql`CREATE FUNCTION idempotency_write_fails() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'cannot store'; END $$`.execute(env.db)
      await sql`CREATE TRIGGER idempotency_write_fails BEFORE ${on} ON idempotency_keys FOR EACH ROW EXECUTE FUNCTION idempotency_write_fails()`.execute(env.db)
    } else {
      await sql`DROP TRIGGER idempotency_write_fails ON idempotency_keys`.execute(env.db)
      await sql`DROP FUNCTION idempotency_write_fails()`.execute(env.db)
    }
  }
})
