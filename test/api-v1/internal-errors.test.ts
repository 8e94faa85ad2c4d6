// A failure on our side (here: the database loses a table) answers 500 `internal_error` as
// problem+json with the request id, and neither the SQL, the table nor a stack trace leaks.
import { sql } from 'kysely'
import { expect, it } from 'vitest'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, makeProposal } from '../support/factories.js'
import { expectProblem } from '../support/http.js'

describeEachDialect('internal errors', (env) => {
  it('hide every detail of a database failure', async () => {
    const account = await makeAccount(env)
    const proposal = await makeProposal(env, account, await makeCustomer(env, account))
    const url = `/api/v1/proposals/${proposal.id}`
    const ok = await env.app.inject({ method: 'GET', url, headers: account.auth })
    expect(ok.statusCode).toBe(200)

    // This file has its own database, so breaking it affects no other test. The detail reads the
    // signers with their role names on every call (the registration data would come from a cache).
    await sql`ALTER TABLE signer_roles RENAME TO signer_roles_gone`.execute(env.db)
    const response = await env.app.inject({ method: 'GET', url, headers: account.auth })
    const problem = expectProblem(response, 500, 'internal_error')
    expect(problem.detail).toContain(response.headers['x-request-id'] as string)
    expect(response.body).not.toMatch(/signer_roles|select|from\s|sqlite|postgres|relation|no such table|\bat\s.+:\d+/i)
    expect(Object.keys(problem).sort()).toEqual(['code', 'detail', 'request_id', 'status', 'title', 'type'])
  })
  it('answers an unreadable URL whose 404 page fails (its session lookup needs the database) with a 500, not a hung request', async () => {
    // Fastify ignores what its frameworkErrors handler returns: a rejected page must be caught there.
    await sql`ALTER TABLE web_sessions RENAME TO web_sessions_gone`.execute(env.db)
    try {
      const response = await env.app.inject({ method: 'GET', url: '/%zz', headers: { cookie: 'vendoc_session=abc' } })
      const problem = expectProblem(response, 500, 'internal_error')
      expect(problem.detail).toContain(response.headers['x-request-id'] as string)
      expect(response.body).not.toMatch(/web_sessions|select|sqlite|postgres|relation/i)
    } finally {
      await sql`ALTER TABLE web_sessions_gone RENAME TO web_sessions`.execute(env.db)
    }
  })
})
