// Secrets at rest (OWASP API2/API8): after a run of mixed traffic against a real server process —
// sign-ups and logins with passwords (one wrong), API tokens created, regenerated and revoked on
// the web page, failed authentication with whole tokens, bodies carrying a token and a password —
// no raw token, password or session cookie is found anywhere: not in the SQLite file nor its -wal
// (read as bytes while the server runs, and again after a checkpoint), not in any column of any
// table (both dialects), not in the server's log lines. Token and password hashes live only in
// their own columns: never in another table, a log line or any response.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { maskSensitiveText, REDACTED_PASSWORD, REDACTED_WEBHOOK_SECRET } from '../../src/modules/integrations/request-log/mask-sensitive.js'
import { hashToken } from '../../src/modules/integrations/token-format.js'
import { describeEachDialect } from '../support/dialects.js'
import { uniqueSuffix } from '../support/factories.js'
import { csrfTokenIn } from '../support/web-agent.js'
import { HttpClient, startServer, type ServerProcess } from './support/access-server-process.js'
import { scanSqliteFiles, scanTables } from './support/access-secret-scan.js'
import { guessedToken } from './support/access-token-guesses.js'
import type { TestApp } from '../support/test-app.js'

const TOKEN_IN_PAGE = /vdc_[0-9A-Za-z]{49}/g

async function signUp(env: TestApp, server: ServerProcess, password: string): Promise<{ web: HttpClient; email: string; accountId: number }> {
  const web = new HttpClient(server.baseUrl)
  const suffix = uniqueSuffix()
  const email = `dona.${suffix}@segredo.test`
  const form = await web.request('GET', '/signup')
  const created = await web.request('POST', '/signup', { form: { _csrf: csrfTokenIn(form.body), accountName: `Segredo ${suffix} Ltda`, name: `Dona ${suffix}`, email, password } })
  expect(created.status, created.body).toBe(303)
  const user = await env.db.selectFrom('users').select('account_id').where('email', '=', email).executeTakeFirstOrThrow()
  // Sign-up gives the plan without API; the tokens page needs one with it.
  const plan = await env.db.selectFrom('plans').select('id').where('code', '=', 'profissional').executeTakeFirstOrThrow()
  await env.db.updateTable('accounts').set({ plan_id: plan.id }).where('id', '=', user.account_id).execute()
  return { web, email, accountId: user.account_id }
}

async function issueToken(web: HttpClient, action: string, fields: Record<string, string>): Promise<string> {
  const page = await web.request('GET', '/settings/integrations')
  const issued = await web.request('POST', action, { form: { _csrf: csrfTokenIn(page.body), ...fields } })
  expect(issued.status, issued.body.slice(0, 300)).toBe(200)
  const tokens = [...new Set(issued.body.match(TOKEN_IN_PAGE))]
  expect(tokens).toHaveLength(1)
  return tokens[0]!
}

describe('password fields in what the request log and the server log keep', () => {
  it('redacts JSON members and query parameters named like a password, keeping other redactions and free text', () => {
    expect(maskSensitiveText('{"password":"a\\"b","new_password" : "x","currentPassword":"y","senha":"z","client_secret":"w","n":1}')).toBe(
      `{"password":"${REDACTED_PASSWORD}","new_password" : "${REDACTED_PASSWORD}","currentPassword":"${REDACTED_PASSWORD}","senha":"${REDACTED_PASSWORD}","client_secret":"${REDACTED_PASSWORD}","n":1}`,
    )
    expect(maskSensitiveText('a=1&password=S%21&pwd=2&b=3')).toBe(`a=1&password=${REDACTED_PASSWORD}&pwd=${REDACTED_PASSWORD}&b=3`)
    expect(maskSensitiveText('/api/v1/usage?secret=x')).toBe(`/api/v1/usage?secret=${REDACTED_PASSWORD}`)
    expect(maskSensitiveText('{"secret":"whsec_abcdefghijklmnopqrstuv"}')).toBe(`{"secret":"${REDACTED_WEBHOOK_SECRET}"}`)
    expect(maskSensitiveText('{"notes":"a password is not recognisable in free text"}')).toBe('{"notes":"a password is not recognisable in free text"}')
  })
})

describeEachDialect('secrets at rest', (env) => {
  it('keeps no raw token, password or session cookie anywhere, and hashes only in their own columns', { timeout: 120_000 }, async () => {
    // The server runs on this test's database (already migrated), logging at the most verbose level.
    const server = await startServer(env.databaseUrl, { LOG_LEVEL: 'trace', JOB_POLL_MS: '0' })
    const api = new HttpClient(server.baseUrl)
    const clients: HttpClient[] = [api]
    const sessionCookies = new Set<string>()
    const noteCookies = (client: HttpClient) => {
      for (const value of client.cookies.values()) if (value.length >= 20) sessionCookies.add(value)
    }
    try {
      const passwords = [`Senha-${uniqueSuffix()}-Forte!`, `Outra-${uniqueSuffix()}-Senha#`, `Errada-${uniqueSuffix()}-Senha`]
      const [firstPassword, secondPassword, wrongPassword] = passwords as [string, string, string]

      const owner = await signUp(env, server, firstPassword)
      clients.push(owner.web)
      noteCookies(owner.web)
      const dashboard = await owner.web.request('GET', '/dashboard')
      await owner.web.request('POST', '/logout', { form: { _csrf: csrfTokenIn(dashboard.body) } })
      const login = await owner.web.request('GET', '/login')
      expect((await owner.web.request('POST', '/login', { form: { _csrf: csrfTokenIn(login.body), email: owner.email, password: wrongPassword } })).status).toBe(401)
      expect((await owner.web.request('POST', '/login', { form: { _csrf: csrfTokenIn(login.body), email: owner.email, password: firstPassword } })).status).toBe(303)
      noteCookies(owner.web)

      const crm = await issueToken(owner.web, '/settings/integrations/tokens', { name: 'CRM' })
      const erp = await issueToken(owner.web, '/settings/integrations/tokens', { name: 'ERP' })
      const crmRow = await env.db.selectFrom('api_tokens').select('id').where('token_hash', '=', hashToken(crm)).executeTakeFirstOrThrow()
      const erpRow = await env.db.selectFrom('api_tokens').select('id').where('token_hash', '=', hashToken(erp)).executeTakeFirstOrThrow()
      const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

      // Calls that succeed, and bodies carrying a token and a password (refused: unknown fields).
      expect((await api.request('GET', '/api/v1/registration-data', { headers: bearer(crm) })).status).toBe(200)
      // A password is recognised by its field's name (free text cannot be); a token by its shape, anywhere.
      const tainted = { password: firstPassword, new_password: secondPassword, token: erp, notes: `copie ${erp} aqui` }
      expect((await api.request('POST', '/api/v1/proposals', { headers: bearer(crm), json: tainted })).status).toBe(422)
      expect((await api.request('POST', '/api/v1/webhooks', { headers: bearer(crm), json: { url: 'https://example.com/hook', events: ['proposal.sent'], secret: firstPassword, password: secondPassword, api_token: erp } })).status).toBe(422)
      expect((await api.request('GET', `/api/v1/registration-data?token=${erp}&password=${encodeURIComponent(firstPassword)}`, { headers: bearer(crm) })).status).toBe(422)
      expect((await api.request('GET', `/api/v1/registration-data?access_token=${erp}`)).status).toBe(401)

      // Regenerated and revoked on the page; the old secrets then fail authentication, whole.
      const crmRenewed = await issueToken(owner.web, `/settings/integrations/tokens/${crmRow.id}/regenerate`, {})
      const integrations = await owner.web.request('GET', '/settings/integrations')
      expect((await owner.web.request('POST', `/settings/integrations/tokens/${erpRow.id}/revoke`, { form: { _csrf: csrfTokenIn(integrations.body) } })).status).toBe(303)
      const guess = guessedToken()
      for (const stale of [crm, erp, guess]) expect((await api.request('GET', '/api/v1/usage', { headers: bearer(stale) })).status).toBe(401)
      expect((await api.request('GET', '/api/v1/usage', { headers: bearer(crmRenewed) })).status).toBe(200)

      const second = await signUp(env, server, secondPassword)
      clients.push(second.web)
      noteCookies(second.web)

      const tokens = [crm, erp, crmRenewed, guess]
      const tokenHashes = tokens.map(hashToken)
      const passwordHashes = (await env.db.selectFrom('users').select('password_hash').where('account_id', 'in', [owner.accountId, second.accountId]).execute()).map((row) => row.password_hash!)
      expect(passwordHashes).toHaveLength(2)
      const sessionHashes = [...sessionCookies].map((cookie) => createHash('sha256').update(cookie).digest('hex'))
      const rawSecrets = [...tokens, ...passwords, ...sessionCookies]
      const everySecret = [...rawSecrets, ...tokenHashes, ...passwordHashes, ...sessionHashes]
      expect(sessionCookies.size).toBeGreaterThanOrEqual(3)

      // Let the request log's writer land its batches, then read the files while the server still holds them.
      await waitForRequestLog(env, owner.accountId, 7)

      const answers = clients.flatMap((client) => client.answers)
      for (const answer of answers) {
        for (const secret of [...tokenHashes, ...passwordHashes, ...passwords, ...sessionHashes]) expect(answer.body, `${answer.method} ${answer.url}`).not.toContain(secret)
      }
      // A token is shown once: in the answer that issued it, never again.
      for (const token of [crm, erp, crmRenewed]) expect(answers.filter((answer) => answer.body.includes(token)).map((answer) => answer.url)).toHaveLength(1)

      const tablesWhileRunning = await scanTables(env.db, env.dialect, everySecret)
      expect(tablesWhileRunning.findings).toEqual([])
      let fileBytes = 0
      if (env.dialect === 'sqlite') {
        const file = env.databaseUrl.slice('sqlite:'.length)
        expect(fs.statSync(`${file}-wal`).size, 'the run left data in the -wal').toBeGreaterThan(0)
        const running = scanSqliteFiles(file, rawSecrets)
        expect(running.findings).toEqual([])
        fileBytes += running.bytes
      }

      expect(await server.stop()).toBe(0)
      const log = server.output()
      expect(log.split('\n').length, 'the server logged its requests').toBeGreaterThan(30)
      for (const secret of everySecret) {
        const line = log.split('\n').find((candidate) => candidate.includes(secret))
        expect(line?.split(secret).join('<SECRET>'), 'a secret in the server log').toBeUndefined()
      }

      if (env.dialect === 'sqlite') {
        const file = env.databaseUrl.slice('sqlite:'.length)
        await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(env.db)
        const checkpointed = scanSqliteFiles(file, rawSecrets)
        expect(checkpointed.findings).toEqual([])
        fileBytes += checkpointed.bytes
      }
      const tablesAfter = await scanTables(env.db, env.dialect, everySecret)
      expect(tablesAfter.findings).toEqual([])
      console.info(
        `secrets at rest [${env.dialect}]: ${rawSecrets.length} raw secrets (${tokens.length} tokens, ${passwords.length} passwords, ${sessionCookies.size} session cookies) and ${tokenHashes.length + passwordHashes.length + sessionHashes.length} hashes searched in ${answers.length} answers, ${log.split('\n').length} log lines, ${tablesAfter.cells} cells of ${tablesAfter.tables} tables${fileBytes ? `, ${fileBytes} bytes of SQLite file and -wal` : ''}`,
      )
    } finally {
      await server.stop()
    }
  })
})

/** Polls until the account has `count` request log rows (the writer flushes in batches). */
async function waitForRequestLog(env: TestApp, accountId: number, count: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const rows = await env.db.selectFrom('request_logs').select('id').where('account_id', '=', accountId).execute()
    if (rows.length >= count) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`the request log did not reach ${count} rows of account ${accountId}`)
}
