// Read-only API tokens, on both databases: an admin creates one in Configurações → Integrações
// (or support with `vendoc tokens create --read-only`); with it every GET of the API answers as
// with a full token, and every other call of the OpenAPI document is refused with 403
// `token_read_only` before its body is read, changing nothing but the request log, which records
// the refusal. Regenerating keeps the access; the list and the activity say which a token has.
import { expect, it } from 'vitest'
import openapi from '../../openapi/v1.json' with { type: 'json' }
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { createApiToken } from '../../src/modules/integrations/api-tokens.js'
import { regenerateApiToken } from '../../src/modules/integrations/regenerate-api-token.js'
import { accountSnapshot } from '../support/account-snapshot.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeCustomer, makeProposal } from '../support/factories.js'
import { expectProblem } from '../support/http.js'
import { vendoc } from '../support/vendoc-cli.js'
import { signedInUser } from '../support/web-login.js'

const METHODS = ['get', 'post', 'patch', 'put', 'delete'] as const

/** Every operation of the API document, its path's parameters filled with `ids`. */
function operations(ids: Record<string, string>) {
  const found: Array<{ method: string; url: string }> = []
  for (const [path, item] of Object.entries((openapi as { paths: Record<string, Record<string, unknown>> }).paths)) {
    for (const method of METHODS) {
      if (item[method] === undefined) continue
      found.push({ method: method.toUpperCase(), url: path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? '1') })
    }
  }
  return found
}

describeEachDialect('read-only API tokens', (env) => {
  it('reads everything a full token reads and is refused every other call with 403 token_read_only, changing nothing', async () => {
    const admin = await signedInUser(env)
    const { account } = admin
    const customer = await makeCustomer(env, account)
    const proposal = await makeProposal(env, account, customer)
    const readOnly = await createApiToken(env.db, env.clock, account.id, 'BI', undefined, 'read')
    const reader = { authorization: `Bearer ${readOnly.token}` }
    const all = operations({ id: String(proposal.id), customer_id: String(customer.id), signer_id: String(proposal.signers[0]?.id ?? 1) })
    const reads = all.filter((operation) => operation.method === 'GET')
    const writes = all.filter((operation) => operation.method !== 'GET')
    expect(reads.length).toBeGreaterThanOrEqual(15)
    expect(writes.length).toBeGreaterThanOrEqual(13)

    for (const { method, url } of reads) {
      const withReader = await env.app.inject({ method, url, headers: reader })
      const withFull = await env.app.inject({ method, url, headers: account.auth })
      expect(withReader.statusCode, `${method} ${url}: ${withReader.body.slice(0, 200)}`).toBe(withFull.statusCode)
      expect(withReader.statusCode, `${method} ${url}`).not.toBe(403)
      // The same answer (a problem's code: its request id is the call's own), but for the request log, which holds the calls just made.
      if (withReader.statusCode >= 400) expect(withReader.json().code, `${method} ${url}`).toBe(withFull.json().code)
      else if (String(withReader.headers['content-type']).includes('json') && !url.includes('/request-logs')) expect(withReader.json(), `${method} ${url}`).toEqual(withFull.json())
    }

    await env.app.requestLog.flush()
    const before = await accountSnapshot(env.db, account.id)
    for (const { method, url } of writes) {
      // A body that would be valid or not: the token is refused before it is read.
      const refused = await env.app.inject({ method, url, headers: { ...reader, 'content-type': 'application/json', 'idempotency-key': `ro-${method}-${url}` }, payload: { name: 'x', url: 'https://93.184.216.34/x' } })
      const problem = expectProblem(refused, 403, 'token_read_only')
      expect(problem.detail, `${method} ${url}`).toContain('read-only')
      // Documented on the operation, as every answer it may give.
      const documented = (openapi as { paths: Record<string, Record<string, { responses: Record<string, { description?: string }> }>> }).paths
      const pathKey = Object.keys(documented).find((path) => new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`).test(url))!
      expect(documented[pathKey]![method.toLowerCase()]!.responses['403']?.description, `${method} ${pathKey}`).toContain('token_read_only')
    }
    await env.app.requestLog.flush()
    const after = await accountSnapshot(env.db, account.id)
    // Only the log moved, and the tokens' last use; the refusals are in it, attributed to the token.
    const withoutLastUse = (rows: string[]) => rows.map((row) => ({ ...(JSON.parse(row) as Record<string, unknown>), last_used_at: null }))
    const { request_logs: logsAfter, api_tokens: tokensAfter, ...restAfter } = after
    const { request_logs: logsBefore, api_tokens: tokensBefore, ...restBefore } = before
    expect(restAfter).toEqual(restBefore)
    expect(withoutLastUse(tokensAfter!)).toEqual(withoutLastUse(tokensBefore!))
    expect(logsAfter!.length - logsBefore!.length).toBe(writes.length)
    const logged = await env.db.selectFrom('request_logs').select(['status', 'error_code', 'api_token_id']).where('account_id', '=', account.id).where('error_code', '=', 'token_read_only').execute()
    expect(logged).toHaveLength(writes.length)
    expect(new Set(logged.map((row) => `${row.status} ${row.api_token_id}`))).toEqual(new Set([`403 ${readOnly.id}`]))

    // A new secret keeps the access; the full token still writes.
    const renewed = await regenerateApiToken(env.db, env.clock, account.id, readOnly.id)
    expect(renewed.access).toBe('read')
    expectProblem(await env.app.inject({ method: 'POST', url: `/api/v1/proposals/${proposal.id}/cancel`, headers: { authorization: `Bearer ${renewed.token}` }, payload: {} }), 403, 'token_read_only')
    expect((await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${proposal.id}`, headers: { authorization: `Bearer ${renewed.token}` } })).statusCode).toBe(200)
    expect((await env.app.inject({ method: 'POST', url: `/api/v1/proposals/${proposal.id}/cancel`, headers: account.auth, payload: { reason: 'Cliente desistiu.' } })).statusCode).toBe(200)
  })

  it('is created read-only by an admin in Integrações, listed and recorded as such; an access that is not one is refused', async () => {
    const admin = await signedInUser(env)
    const { agent, account } = admin
    const page = (await agent.get('/settings/integrations')).body
    expect(page).toContain('name="access"')
    expect(page).toContain(`<option value="read">${t.integrations.tokens.accesses.read}</option>`)

    const created = await agent.submit('/settings/integrations', '/settings/integrations/tokens', { name: 'Painel de BI', access: 'read' })
    expect(created.statusCode).toBe(200)
    const token = await env.db.selectFrom('api_tokens').select(['id', 'access']).where('account_id', '=', account.id).where('name', '=', 'Painel de BI').executeTakeFirstOrThrow()
    expect(token.access).toBe('read')
    expect(created.body).toContain(`<td data-token-access="read">${t.integrations.tokens.accesses.read}</td>`)
    expect(created.body).toContain(`<td data-token-access="full">${t.integrations.tokens.accesses.full}</td>`)
    expect((await agent.get('/settings/activity?subject=api_token')).body).toContain(`${t.activity.fields.access}: ${t.integrations.tokens.accesses.read}`)

    const before = await env.db.selectFrom('api_tokens').select('id').where('account_id', '=', account.id).execute()
    const refused = await agent.submit('/settings/integrations', '/settings/integrations/tokens', { name: 'Outro', access: 'admin' })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain(t.integrations.tokens.invalidAccess)
    expect(refused.body).toContain('value="Outro"')
    expect(await env.db.selectFrom('api_tokens').select('id').where('account_id', '=', account.id).execute()).toEqual(before)
  })

  it('takes no access but the two: the database refuses another value, and the app reads anything but full as read-only', async () => {
    const admin = await signedInUser(env)
    const token = await createApiToken(env.db, env.clock, admin.account.id, 'Estranho')
    await expect(env.db.updateTable('api_tokens').set({ access: 'admin' as 'read' }).where('id', '=', token.id).execute()).rejects.toThrow(/check|constraint/i)
    expect((await env.db.selectFrom('api_tokens').select('access').where('id', '=', token.id).executeTakeFirstOrThrow()).access).toBe('full')
  })

  it('is issued read-only by support with the CLI', { timeout: 90_000 }, async () => {
    const admin = await signedInUser(env)
    const issued = await vendoc(env.databaseUrl, 'tokens', 'create', '--account', String(admin.account.id), '--name', 'Armazém de dados', '--read-only', '--json')
    expect(issued.code, issued.stderr).toBe(0)
    const token = JSON.parse(issued.stdout) as { access: string; token: string }
    expect(token.access).toBe('read')
    expectProblem(await env.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: { authorization: `Bearer ${token.token}` }, payload: {} }), 403, 'token_read_only')
    const table = await vendoc(env.databaseUrl, 'tokens', 'list', '--account', String(admin.account.id))
    expect(table.stdout).toMatch(/Armazém de dados\s+\S+…\s+read-only\s/)
  })
})
