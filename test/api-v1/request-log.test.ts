// The API request log (DESIGN.md §5, issue 3 point 2): every call under /api/ is recorded with the
// right fields and attribution, secrets never reach the table, bodies are capped, and the account
// reads its own entries — never another account's — through GET /api/v1/request-logs(/{id}).
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import http from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { setAccountCreationLimit } from '../../src/modules/accounts/accounts.js'
import { createApiToken } from '../../src/modules/integrations/api-tokens.js'
import { regenerateApiToken } from '../../src/modules/integrations/regenerate-api-token.js'
import { BODY_CAP_BYTES } from '../../src/modules/integrations/request-log/cap-body.js'
import { maskSensitiveText } from '../../src/modules/integrations/request-log/mask-sensitive.js'
import type { RequestLogDetail, RequestLogSummary } from '../../src/modules/integrations/request-log/request-log-mapper.js'
import { generateToken } from '../../src/modules/integrations/token-format.js'
import { describeEachDialect } from '../support/dialects.js'
import { formatCpf, validCpf } from '../support/documents.js'
import { makeAccount, makeCustomer, makeProposal, proposalBody, type TestAccount, uniqueSuffix } from '../support/factories.js'
import { expectProblem } from '../support/http.js'
import { appOnSameDatabase, PUBLIC_URL } from '../support/test-app.js'

type ListBody = { data: RequestLogSummary[]; meta: { page: number; per_page: number; total: number; total_pages: number } }

const SUMMARY_KEYS = ['client_closed', 'created_at', 'duration_ms', 'error_code', 'id', 'idempotency_key', 'ip', 'method', 'path', 'request_id', 'status', 'token_id', 'token_prefix', 'user_agent']
const DETAIL_KEYS = [...SUMMARY_KEYS, 'query', 'request_body', 'request_headers', 'response_body'].sort()

const requestIdOf = (response: LightMyRequestResponse) => String(response.headers['x-request-id'])

describeEachDialect('request log', (env) => {
  /** Every stored row of these requests, after writing what is queued. */
  async function storedRows(requestIds: string[]) {
    await env.app.requestLog.flush()
    return env.db.selectFrom('request_logs').selectAll().where('request_id', 'in', requestIds).execute()
  }

  /** GET /api/v1/request-logs after a flush, so every earlier call (list calls included) is listed. */
  async function list(account: TestAccount, query = ''): Promise<{ body: ListBody; response: LightMyRequestResponse }> {
    await env.app.requestLog.flush()
    const response = await env.app.inject({ method: 'GET', url: `/api/v1/request-logs${query}`, headers: account.auth })
    expect(response.statusCode, response.body).toBe(200)
    return { body: response.json<ListBody>(), response }
  }

  async function detail(account: TestAccount, id: number | string): Promise<LightMyRequestResponse> {
    await env.app.requestLog.flush()
    return env.app.inject({ method: 'GET', url: `/api/v1/request-logs/${id}`, headers: account.auth })
  }

  async function revokedToken(account: TestAccount) {
    const token = await createApiToken(env.db, env.clock, account.id, 'Old integration')
    await env.db.updateTable('api_tokens').set({ revoked_at: env.clock.now().toISOString() }).where('id', '=', token.id).execute()
    return token
  }

  describe('capture', () => {
    it("never copies the catalogue or the log itself, even with REQUEST_LOG_READ_BODIES=on, but keeps their errors' answers", async () => {
      // With read answers on, only the routes' own opt-out can keep these bodies out.
      const app = await appOnSameDatabase(env, { REQUEST_LOG_READ_BODIES: 'on' })
      try {
        const account = await makeAccount(env)
        const ok = await app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: account.auth })
        const refused = await app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: { authorization: 'Bearer nope' } })
        const logList = await app.inject({ method: 'GET', url: '/api/v1/request-logs', headers: account.auth })
        const logMissing = await app.inject({ method: 'GET', url: '/api/v1/request-logs/999999999', headers: account.auth })
        expect([ok.statusCode, refused.statusCode, logList.statusCode, logMissing.statusCode]).toEqual([200, 401, 200, 404])
        await app.requestLog.flush()
        const ids = [ok, refused, logList, logMissing].map(requestIdOf)
        const rows = new Map((await env.db.selectFrom('request_logs').selectAll().where('request_id', 'in', ids).execute()).map((row) => [row.request_id, row]))
        expect(rows.get(requestIdOf(ok))).toMatchObject({ status: 200, account_id: account.id, response_body: null })
        expect(rows.get(requestIdOf(logList))).toMatchObject({ status: 200, account_id: account.id, response_body: null })
        expect(rows.get(requestIdOf(refused))).toMatchObject({ status: 401, error_code: 'invalid_token' })
        expect(JSON.parse(rows.get(requestIdOf(refused))!.response_body!)).toEqual(refused.json())
        expect(rows.get(requestIdOf(logMissing))).toMatchObject({ status: 404, error_code: 'request_log_not_found' })
        expect(JSON.parse(rows.get(requestIdOf(logMissing))!.response_body!)).toEqual(logMissing.json())
      } finally {
        await app.close()
      }
    })

    it("stores a successful read without its answer, but a failed read's problem and a write's answer in full", async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const proposal = await makeProposal(env, account, customer)
      const read = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${proposal.id}`, headers: account.auth })
      const missing = await env.app.inject({ method: 'GET', url: '/api/v1/proposals/999999999', headers: account.auth })
      const write = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: account.auth, payload: proposalBody(account, customer) })
      expect([read.statusCode, missing.statusCode, write.statusCode]).toEqual([200, 404, 201])
      const rows = new Map((await storedRows([read, missing, write].map(requestIdOf))).map((row) => [row.request_id, row]))
      expect(rows.get(requestIdOf(read))).toMatchObject({ method: 'GET', status: 200, response_body: null, request_body: null })
      expect(JSON.parse(rows.get(requestIdOf(missing))!.response_body!)).toEqual(missing.json())
      expect(JSON.parse(rows.get(requestIdOf(write))!.response_body!)).toMatchObject({ id: write.json().id })
    })

    it('REQUEST_LOG_READ_BODIES=on stores the answers of successful reads too, masked', async () => {
      const app = await appOnSameDatabase(env, { REQUEST_LOG_READ_BODIES: 'on' })
      try {
        const account = await makeAccount(env)
        const customer = await makeCustomer(env, account)
        const email = `leitura.${uniqueSuffix()}@cliente.com.br`
        const cpf = validCpf()
        const proposal = await makeProposal(env, account, customer, { signature_type: 'digital', signers: [{ name: 'Lia', email, cpf: formatCpf(cpf), role_id: account.roles.party.id }] })
        // The token rides in another header too: stored headers are masked like the bodies.
        const read = await app.inject({ method: 'GET', url: `/api/v1/proposals/${proposal.id}`, headers: { ...account.auth, 'x-debug-token': account.token.token } })
        expect(read.statusCode, read.body).toBe(200)
        expect(read.body).toContain(email)
        await app.requestLog.flush()
        const row = await env.db.selectFrom('request_logs').selectAll().where('request_id', '=', requestIdOf(read)).executeTakeFirstOrThrow()
        expect(JSON.parse(row.response_body!)).toMatchObject({ id: proposal.id, signers: [{ name: 'Lia', email: 'l***@cliente.com.br', cpf: `***${cpf.slice(3, 9)}**` }] })
        for (const secret of [email, cpf, formatCpf(cpf), account.token.token]) expect(JSON.stringify(row)).not.toContain(secret)
        // A customer's page, sent as the database wrote it (UTF-8 bytes on SQLite), is stored as the text the client got.
        const page = await app.inject({ method: 'GET', url: `/api/v1/customers/${customer.id}/proposals?lookup=id`, headers: account.auth })
        expect(page.statusCode, page.body).toBe(200)
        await app.requestLog.flush()
        const pageRow = await env.db.selectFrom('request_logs').selectAll().where('request_id', '=', requestIdOf(page)).executeTakeFirstOrThrow()
        expect(JSON.parse(pageRow.response_body!)).toEqual(page.json())
        expect(page.json()).toMatchObject({ customer: { id: customer.id }, data: [{ id: proposal.id }] })
      } finally {
        await app.close()
      }
    })

    it('N calls of mixed outcomes (200, 201, 401 ×3, 403, 404 ×2, 409, 422 ×2, 429) → exactly N entries with the right fields and attribution', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const existing = await makeProposal(env, account, customer)
      const revoked = await revokedToken(account)
      const reference = `CRM-${uniqueSuffix()}`
      const key = `log-${uniqueSuffix()}`
      const userAgent = 'crm-connector/2.3'
      const calls: Array<{ response: LightMyRequestResponse; expected: Record<string, unknown> }> = []
      const call = async (options: InjectOptions, expected: Record<string, unknown>) => {
        const response = await env.app.inject(options)
        expect(response.statusCode, response.body).toBe(expected.status)
        calls.push({ response, expected })
      }
      const mine = { account_id: account.id, api_token_id: account.token.id, token_prefix: account.token.prefix }
      const nobody = { account_id: null, api_token_id: null, token_prefix: null }
      const headers = { ...account.auth, 'user-agent': userAgent }

      await call({ method: 'GET', url: `/api/v1/proposals/${existing.id}?by=id`, headers }, { ...mine, status: 200, error_code: null, method: 'GET', path: `/api/v1/proposals/${existing.id}`, query: 'by=id' })
      await call(
        { method: 'POST', url: '/api/v1/proposals', headers: { ...headers, 'idempotency-key': key }, payload: proposalBody(account, customer, { external_reference: reference }) },
        { ...mine, status: 201, error_code: null, method: 'POST', path: '/api/v1/proposals', query: null, idempotency_key: key },
      )
      await call(
        { method: 'POST', url: '/api/v1/proposals', headers, payload: proposalBody(account, customer, { external_reference: reference }) },
        { ...mine, status: 409, error_code: 'duplicate_external_reference', method: 'POST', path: '/api/v1/proposals', query: null, idempotency_key: null },
      )
      await setAccountCreationLimit(env.db, env.clock, account.id, 2) // makeProposal's and the 201 above
      await call(
        { method: 'POST', url: '/api/v1/proposals', headers, payload: proposalBody(account, customer) },
        { ...mine, status: 429, error_code: 'quota_exceeded', method: 'POST', path: '/api/v1/proposals' },
      )
      await call({ method: 'POST', url: '/api/v1/proposals', headers, payload: { items: [] } }, { ...mine, status: 422, error_code: 'validation_failed', method: 'POST', path: '/api/v1/proposals' })
      await call({ method: 'GET', url: '/api/v1/proposals/999999999', headers }, { ...mine, status: 404, error_code: 'proposal_not_found', path: '/api/v1/proposals/999999999', query: null })
      await call(
        { method: 'GET', url: `/api/v1/customers/${customer.code}/proposals?status=bogus&per_page=5`, headers },
        { ...mine, status: 422, error_code: 'validation_failed', path: `/api/v1/customers/${customer.code}/proposals`, query: 'status=bogus&per_page=5' },
      )
      await call({ method: 'GET', url: '/api/v1/no-such-thing', headers }, { ...mine, status: 404, error_code: 'route_not_found', path: '/api/v1/no-such-thing' })
      const withoutApi = await makeAccount(env, { planCode: 'basico' })
      await call(
        { method: 'GET', url: '/api/v1/registration-data', headers: withoutApi.auth },
        { account_id: withoutApi.id, api_token_id: withoutApi.token.id, token_prefix: withoutApi.token.prefix, status: 403, error_code: 'plan_without_api' },
      )
      // Each failed authentication from its own address, so the invalid-token throttle stays out of the way.
      await call({ method: 'GET', url: '/api/v1/registration-data', remoteAddress: '198.51.100.1' }, { ...nobody, status: 401, error_code: 'missing_token', ip: '198.51.100.1' })
      await call(
        { method: 'GET', url: '/api/v1/registration-data', headers: { authorization: `Bearer ${revoked.token}` }, remoteAddress: '198.51.100.2' },
        { account_id: account.id, api_token_id: revoked.id, token_prefix: revoked.prefix, status: 401, error_code: 'invalid_token', ip: '198.51.100.2' },
      )
      await call(
        { method: 'GET', url: '/api/v1/registration-data', headers: { authorization: `Bearer ${generateToken()}` }, remoteAddress: '198.51.100.3' },
        { ...nobody, status: 401, error_code: 'invalid_token', ip: '198.51.100.3' },
      )

      const rows = await storedRows(calls.map(({ response }) => requestIdOf(response)))
      expect(rows).toHaveLength(calls.length)
      for (const { response, expected } of calls) {
        const row = rows.find((candidate) => candidate.request_id === requestIdOf(response))!
        expect(row, requestIdOf(response)).toMatchObject({ method: 'GET', ip: '127.0.0.1', ...expected })
        expect(row.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
        expect(row.duration_ms).toBeGreaterThanOrEqual(0)
        expect(row.duration_ms).toBeLessThan(30_000)
        const storedHeaders = JSON.parse(row.request_headers!) as Record<string, string>
        expect(storedHeaders).not.toHaveProperty('authorization')
        if (expected.account_id === account.id && expected.status !== 401) expect(row.user_agent).toBe(userAgent)
      }
      const byStatus = (status: number) => rows.filter((row) => row.status === status).map((row) => row.error_code)
      expect(byStatus(401).sort()).toEqual(['invalid_token', 'invalid_token', 'missing_token'])
      expect(byStatus(429)).toEqual(['quota_exceeded'])
      expect(byStatus(403)).toEqual(['plan_without_api'])
      // The stored response is the body the client got.
      const notFoundCall = calls.find(({ expected }) => expected.error_code === 'proposal_not_found')!
      const notFound = rows.find((row) => row.error_code === 'proposal_not_found')!
      expect(JSON.parse(notFound.response_body!)).toEqual(notFoundCall.response.json())

      // Through the API: the account sees its calls (the revoked token's 401 too), never the unattributed ones.
      const { body } = await list(account, '?per_page=100')
      const listed = body.data.map((entry) => entry.request_id)
      const attributed = calls.filter(({ expected }) => expected.account_id === account.id).map(({ response }) => requestIdOf(response))
      const unattributed = calls.filter(({ expected }) => expected.account_id !== account.id).map(({ response }) => requestIdOf(response))
      expect(calls).toHaveLength(12)
      expect(attributed).toHaveLength(9)
      expect(listed).toEqual(expect.arrayContaining(attributed))
      for (const id of unattributed) expect(listed).not.toContain(id)
      expect(body.meta.total).toBe(attributed.length + 1) // + makeProposal's creation
      const revokedOnly = await list(account, `?token_id=${revoked.id}`)
      expect(revokedOnly.body.data).toHaveLength(1)
      expect(revokedOnly.body.data[0]).toMatchObject({ status: 401, error_code: 'invalid_token', token_id: revoked.id, token_prefix: revoked.prefix })
    })

    it('after regenerate, the old secret is a 401 listed under its account with the old prefix', async () => {
      const account = await makeAccount(env)
      const old = account.token
      const renewed = await regenerateApiToken(env.db, env.clock, account.id, old.id)
      const refused = await env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: { authorization: `Bearer ${old.token}` } })
      expectProblem(refused, 401, 'invalid_token')
      await env.app.requestLog.flush()
      const response = await env.app.inject({ method: 'GET', url: '/api/v1/request-logs?status_class=4xx', headers: { authorization: `Bearer ${renewed.token}` } })
      expect(response.statusCode, response.body).toBe(200)
      const entry = response.json<ListBody>().data.find((item) => item.request_id === requestIdOf(refused))
      expect(entry).toMatchObject({ status: 401, error_code: 'invalid_token', token_prefix: old.prefix, path: '/api/v1/registration-data' })
      expect(old.prefix).not.toBe(renewed.prefix)
    })

    it('unknown-token calls belong to no account and appear in no list', async () => {
      const account = await makeAccount(env)
      const response = await env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: { authorization: `Bearer ${generateToken()}` }, remoteAddress: '198.51.100.4' })
      expectProblem(response, 401, 'invalid_token')
      const [row] = await storedRows([requestIdOf(response)])
      expect(row).toMatchObject({ account_id: null, api_token_id: null, token_prefix: null, status: 401 })
      const { body } = await list(account)
      expect(body.data.map((entry) => entry.request_id)).not.toContain(requestIdOf(response))
    })

    it('records every path under /api/ (other versions, preflights) and nothing else', async () => {
      const account = await makeAccount(env)
      const otherVersion = await env.app.inject({ method: 'GET', url: '/api/v2/proposals?page=2', headers: account.auth })
      expectProblem(otherVersion, 404, 'route_not_found')
      const preflight = await env.app.inject({
        method: 'OPTIONS',
        url: '/api/v1/proposals',
        headers: { origin: 'https://crm.example', 'access-control-request-method': 'POST' },
      })
      expect(preflight.statusCode).toBe(204)
      const health = await env.app.inject({ method: 'GET', url: '/healthz' })
      const docs = await env.app.inject({ method: 'GET', url: '/api-docs/json' })
      const rows = await storedRows([otherVersion, preflight, health, docs].map(requestIdOf))
      expect(rows.map((row) => row.request_id).sort()).toEqual([requestIdOf(otherVersion), requestIdOf(preflight)].sort())
      // A mistyped path with a valid token is the account's: its log shows the 404.
      expect(rows.find((row) => row.request_id === requestIdOf(otherVersion))).toMatchObject({
        account_id: account.id,
        api_token_id: account.token.id,
        path: '/api/v2/proposals',
        query: 'page=2',
        error_code: 'route_not_found',
      })
      expect(rows.find((row) => row.request_id === requestIdOf(preflight))).toMatchObject({ account_id: null, method: 'OPTIONS', status: 204, response_body: null })
    })

    it('stores the request body as sent, even when it is not valid JSON', async () => {
      const account = await makeAccount(env)
      const response = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: { ...account.auth, 'content-type': 'application/json' }, payload: '{"items": [1, }' })
      expectProblem(response, 400, 'malformed_json')
      const [row] = await storedRows([requestIdOf(response)])
      expect(row).toMatchObject({ request_body: '{"items": [1, }', error_code: 'malformed_json', account_id: account.id })
    })

    it('stores a body holding U+0000 with U+FFFD in its place, and the calls logged with it are stored too', async () => {
      // PostgreSQL's text cannot hold U+0000: such a body once made the database refuse its whole
      // batch, losing every entry in it, any account's.
      const account = await makeAccount(env)
      const other = await makeAccount(env)
      const before = await env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: other.auth })
      const response = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: { ...account.auth, 'content-type': 'application/json' }, payload: '{"title": "a\u0000b"\u0000}' })
      expectProblem(response, 400, 'malformed_json')
      const after = await env.app.inject({ method: 'GET', url: '/api/v1/usage', headers: other.auth })
      const rows = await storedRows([before, response, after].map(requestIdOf))
      expect(rows).toHaveLength(3)
      expect(rows.find((row) => row.request_id === requestIdOf(response))).toMatchObject({ request_body: '{"title": "a\uFFFDb"\uFFFD}', error_code: 'malformed_json', account_id: account.id })
    })

    it('stores a body that arrives over the network in parts as sent, and the call reads the same body', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const notes = 'Entrega em três etapas — ação ✓ '.repeat(40)
      const text = JSON.stringify(proposalBody(account, customer, { title: 'Proposta em partes', notes }))
      expect(maskSensitiveText(text)).toBe(text) // nothing in it is masked: stored, it must be the same bytes
      const bytes = Buffer.from(text)
      // Cut inside multi-byte characters too (the first "ê" sits at ~60 bytes into the notes).
      const cuts = [1, bytes.indexOf('ê') + 1, Math.floor(bytes.length / 2) + 1, bytes.length - 3]
      const app = await appOnSameDatabase(env)
      try {
        const address = new URL(await app.listen({ port: 0, host: '127.0.0.1' }))
        const request = http.request(address, {
          path: '/api/v1/proposals',
          method: 'POST',
          headers: { ...account.auth, 'content-type': 'application/json', 'content-length': String(bytes.length) },
        })
        const answer = new Promise<{ status: number; requestId: string; body: string }>((resolve, reject) => {
          request.on('error', reject)
          request.on('response', (response) => {
            let body = ''
            response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk))
            response.on('end', () => resolve({ status: response.statusCode!, requestId: String(response.headers['x-request-id']), body }))
          })
        })
        let from = 0
        for (const to of [...cuts, bytes.length]) {
          // Each part in a write of its own, after a pause: the server reads it before the next arrives.
          // The first goes out with the headers, so it is in the request's buffer before any hook runs.
          await new Promise<void>((resolve) => request.write(bytes.subarray(from, to), () => resolve()))
          await sleep(20)
          from = to
        }
        request.end()
        const answered = await answer
        expect(answered.status, answered.body).toBe(201)
        const created = JSON.parse(answered.body) as { id: number }
        const document = await env.db.selectFrom('proposals').select(['title', 'notes']).where('id', '=', created.id).executeTakeFirstOrThrow()
        expect(document).toEqual({ title: 'Proposta em partes', notes })
        await app.requestLog.flush()
        const [row] = await storedRows([answered.requestId])
        expect(row!.request_body).toBe(text)
      } finally {
        await app.close()
      }
    })

    it('no stored row contains a token, an unmasked CPF or an unmasked e-mail address', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const cpf = validCpf()
      const bareCpf = validCpf()
      const pathCpf = validCpf()
      const signerEmail = `maria.${uniqueSuffix()}@acme.com.br`
      const queryEmail = `joao.${uniqueSuffix()}@acme.com.br`
      const secret = account.token.token
      const created = await env.app.inject({
        method: 'POST',
        url: `/api/v1/proposals`,
        headers: { ...account.auth, 'x-debug-token': secret, 'x-contact': signerEmail },
        payload: proposalBody(account, customer, {
          signature_type: 'digital',
          signers: [{ name: 'Maria Souza', email: signerEmail, cpf: formatCpf(cpf), role_id: account.roles.party.id }],
          notes: `token ${secret}, CPF ${bareCpf}, e-mail ${signerEmail}`,
          fields: { cpf_contato: formatCpf(bareCpf) },
        }),
      })
      expect(created.statusCode, created.body).toBe(201)
      const refused = await env.app.inject({
        method: 'GET',
        url: `/api/v1/registration-data?token=${secret}&cpf=${cpf}&email=${encodeURIComponent(queryEmail)}&raw=${queryEmail}`,
        headers: account.auth,
      })
      expect(refused.statusCode).toBe(422)
      const byPath = await env.app.inject({ method: 'GET', url: `/api/v1/customers/${pathCpf}/proposals`, headers: account.auth })
      expectProblem(byPath, 404, 'customer_not_found')
      const wrongToken = await env.app.inject({ method: 'GET', url: `/api/v1/registration-data?t=${secret}`, headers: { authorization: `Bearer ${secret}x` }, remoteAddress: '198.51.100.5' })
      expect(wrongToken.statusCode).toBe(401)

      const ids = [created, refused, byPath, wrongToken].map(requestIdOf)
      expect(await storedRows(ids)).toHaveLength(4)
      const forbidden = [
        secret,
        secret.slice(12), // the part after the display prefix
        cpf,
        formatCpf(cpf),
        bareCpf,
        formatCpf(bareCpf),
        pathCpf,
        signerEmail,
        encodeURIComponent(signerEmail),
        queryEmail,
        encodeURIComponent(queryEmail),
        account.seller.email,
        customer.email!,
      ]
      // Every column of every row in the table, not only the rows above.
      const everything = await env.db.selectFrom('request_logs').selectAll().execute()
      for (const row of everything) {
        for (const [column, value] of Object.entries(row)) {
          if (value === null) continue
          for (const text of forbidden) expect(String(value), `request_logs.${column} of ${row.request_id}`).not.toContain(text)
        }
      }
      // Masked, not dropped: the stored text still says what was sent.
      const stored = await storedRows(ids)
      const createdRow = stored.find((row) => row.request_id === ids[0])!
      expect(createdRow.request_body).toContain('vdc_…[redacted]')
      expect(createdRow.request_body).toContain(`***.${formatCpf(cpf).slice(4, 11)}-**`)
      expect(createdRow.request_body).toContain(`"email":"m***@acme.com.br"`)
      expect(JSON.parse(createdRow.request_headers!)).toMatchObject({ 'x-debug-token': 'vdc_…[redacted]', 'x-contact': 'm***@acme.com.br' })
      const refusedRow = stored.find((row) => row.request_id === ids[1])!
      expect(refusedRow.query).toBe(`token=vdc_…[redacted]&cpf=***${cpf.slice(3, 9)}**&email=j***%40acme.com.br&raw=j***@acme.com.br`)
      expect(stored.find((row) => row.request_id === ids[2])!.path).toBe(`/api/v1/customers/***${pathCpf.slice(3, 9)}**/proposals`)
    })

    it('caps request and response bodies at 64 KiB, marking the cut', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const description = 'Descrição longa do item. '.repeat(70)
      const items = Array.from({ length: 150 }, () => ({ product_id: account.products.main.id, quantity: 1, description }))
      const response = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: account.auth, payload: proposalBody(account, customer, { items }) })
      expect(response.statusCode, response.body).toBe(201)
      const requestBytes = Buffer.byteLength(JSON.stringify(proposalBody(account, customer, { items })))
      expect(requestBytes).toBeGreaterThan(BODY_CAP_BYTES)
      expect(response.rawPayload.length).toBeGreaterThan(BODY_CAP_BYTES)
      const [row] = await storedRows([requestIdOf(response)])
      for (const [body, original] of [
        [row!.request_body!, requestBytes],
        [row!.response_body!, response.rawPayload.length],
      ] as const) {
        expect(Buffer.byteLength(body)).toBeLessThanOrEqual(BODY_CAP_BYTES)
        expect(Buffer.byteLength(body)).toBeGreaterThan(BODY_CAP_BYTES - 100)
        expect(body.endsWith(`…[truncated: ${original} bytes in total]`)).toBe(true)
      }
      expect(row!.request_body!.startsWith('{"template_id":')).toBe(true)
    })

    it('REQUEST_LOG=off records nothing', async () => {
      const app = await appOnSameDatabase(env, { REQUEST_LOG: 'off' })
      try {
        const account = await makeAccount(env)
        const responses = [
          await app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: account.auth }),
          await app.inject({ method: 'GET', url: '/api/v1/registration-data', remoteAddress: '198.51.100.6' }),
          await app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: account.auth }),
        ]
        expect(responses.map((response) => response.statusCode)).toEqual([200, 401, 404])
        await app.requestLog.flush()
        expect(await storedRows(responses.map(requestIdOf))).toEqual([])
      } finally {
        await app.close()
      }
    })

    it('writes what is still queued when the app closes', async () => {
      // A writer that would wait a minute: only close() can have written these entries.
      const app = await appOnSameDatabase(env, {}, { requestLogWriter: { flushIntervalMs: 60_000 } })
      const account = await makeAccount(env)
      const responses = []
      for (let index = 0; index < 3; index += 1) responses.push(await app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: account.auth }))
      const ids = responses.map(requestIdOf)
      expect(app.requestLog.pending).toBe(3)
      expect(await env.db.selectFrom('request_logs').select('id').where('request_id', 'in', ids).execute()).toEqual([])
      await app.close()
      expect(await env.db.selectFrom('request_logs').select('id').where('request_id', 'in', ids).execute()).toHaveLength(3)
    })
  })

  describe('GET /api/v1/request-logs', () => {
    it('lists the account’s calls newest first with every documented field and a Link header', async () => {
      const account = await makeAccount(env)
      const first = await env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: { ...account.auth, 'user-agent': 'erp/1.0' } })
      const second = await env.app.inject({ method: 'GET', url: '/api/v1/proposals/1', headers: account.auth })
      const { body, response } = await list(account, '?per_page=1')
      expect(body.meta).toEqual({ page: 1, per_page: 1, total: 2, total_pages: 2 })
      expect(response.headers.link).toBe(
        `<${PUBLIC_URL}/api/v1/request-logs?per_page=1&page=1>; rel="first", <${PUBLIC_URL}/api/v1/request-logs?per_page=1&page=2>; rel="next", <${PUBLIC_URL}/api/v1/request-logs?per_page=1&page=2>; rel="last"`,
      )
      const [newest] = body.data
      expect(Object.keys(newest!).sort()).toEqual(SUMMARY_KEYS)
      expect(newest).toMatchObject({ request_id: requestIdOf(second), method: 'GET', path: '/api/v1/proposals/1', token_id: account.token.id, token_prefix: account.token.prefix })
      const page2 = await list(account, '?per_page=1&page=2')
      // The first list call is now in the log too (3 entries): page 2 of 1 is the middle one.
      expect(page2.body.meta.total).toBe(3)
      expect(page2.body.data[0]).toMatchObject({ request_id: requestIdOf(second) })
      const all = await list(account)
      expect(all.body.data.map((entry) => entry.request_id).slice(-2)).toEqual([requestIdOf(second), requestIdOf(first)])
      expect(all.body.data.at(-1)).toMatchObject({ status: 200, error_code: null, user_agent: 'erp/1.0', ip: '127.0.0.1', idempotency_key: null, client_closed: false })
      const times = all.body.data.map((entry) => entry.created_at)
      expect([...times].sort().reverse()).toEqual(times)
    })

    it('filters by status class, method, path prefix, token and time, combined', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const other = await createApiToken(env.db, env.clock, account.id, 'ERP')
      const otherAuth = { authorization: `Bearer ${other.token}` }
      const ok = await env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: account.auth })
      const missing = await env.app.inject({ method: 'GET', url: '/api/v1/proposals/999999', headers: account.auth })
      const invalid = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: otherAuth, payload: { items: [] } })
      const created = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: otherAuth, payload: proposalBody(account, customer) })
      expect([ok, missing, invalid, created].map((response) => response.statusCode)).toEqual([200, 404, 422, 201])
      const ids = async (query: string) => (await list(account, `${query}&per_page=100`)).body.data.map((entry) => entry.request_id)
      // Filters that exclude the list calls themselves (GET /request-logs, 200).
      expect(await ids('?status_class=4xx')).toEqual([requestIdOf(invalid), requestIdOf(missing)])
      expect(await ids('?method=POST')).toEqual([requestIdOf(created), requestIdOf(invalid)])
      expect(await ids('?path=/api/v1/proposals')).toEqual([requestIdOf(created), requestIdOf(invalid), requestIdOf(missing)])
      expect(await ids('?path=/api/v1/proposals/')).toEqual([requestIdOf(missing)])
      expect(await ids('?path=/API/v1/proposals')).toEqual([])
      expect(await ids(`?token_id=${other.id}`)).toEqual([requestIdOf(created), requestIdOf(invalid)])
      expect(await ids(`?token_id=${other.id}&status_class=2xx`)).toEqual([requestIdOf(created)])
      expect(await ids('?status_class=5xx')).toEqual([])
      expect(await ids('?status_class=3xx')).toEqual([])

      // Time bounds: `from` inclusive, `to` exclusive; shift two entries into the past to have distinct instants.
      await env.db.updateTable('request_logs').set({ created_at: '2026-01-10T12:00:00.000Z' }).where('request_id', '=', requestIdOf(ok)).execute()
      await env.db.updateTable('request_logs').set({ created_at: '2026-01-11T12:00:00.000Z' }).where('request_id', '=', requestIdOf(missing)).execute()
      expect(await ids('?from=2026-01-10T12:00:00.000Z&to=2026-01-11T12:00:00.000Z')).toEqual([requestIdOf(ok)])
      expect(await ids('?from=2026-01-10T12:00:00.001Z&to=2026-01-12T00:00:00Z')).toEqual([requestIdOf(missing)])
      // Offsets are read as the instant they name.
      expect(await ids('?from=2026-01-11T09:00:00-03:00&to=2026-01-11T09:00:01-03:00')).toEqual([requestIdOf(missing)])
      expect(await ids('?to=2026-01-11T00:00:00Z')).toEqual([requestIdOf(ok)])
      // Instants outside the years 0001–9999 (ISO "0000-…", "+010000-…": a 500 on PostgreSQL, misordered text on SQLite) bound nothing.
      const both = [requestIdOf(missing), requestIdOf(ok)]
      expect(await ids('?from=0000-01-01T00:00:00Z&to=2026-01-12T00:00:00Z')).toEqual(both)
      expect(await ids('?path=/api/v1/proposals&to=9999-12-31T23:59:59-03:00')).toEqual(await ids('?path=/api/v1/proposals'))
      expect(await ids('?from=9999-12-31T23:59:59-03:00')).toEqual([])
      expect(await ids('?to=0000-01-01T00:00:00Z')).toEqual([])
    })

    it('finds a call by its request id, error code or exact status, alone and combined with the other filters', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const ok = await env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: account.auth })
      const missing = await env.app.inject({ method: 'GET', url: '/api/v1/proposals/999999', headers: account.auth })
      const missingCustomer = await env.app.inject({ method: 'GET', url: '/api/v1/customers/999999/proposals?lookup=id', headers: account.auth })
      const invalid = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: account.auth, payload: { items: [] } })
      const created = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: account.auth, payload: proposalBody(account, customer) })
      expect([ok, missing, missingCustomer, invalid, created].map((response) => response.statusCode)).toEqual([200, 404, 404, 422, 201])
      // The request id as the client has it: the header, and the error body's `request_id`.
      expect(missing.json().request_id).toBe(requestIdOf(missing))
      const ids = async (query: string) => (await list(account, `${query}&per_page=100`)).body.data.map((entry) => entry.request_id)

      expect(await ids(`?request_id=${requestIdOf(missing)}`)).toEqual([requestIdOf(missing)])
      expect(await ids(`?request_id=${requestIdOf(created)}`)).toEqual([requestIdOf(created)])
      // Exact, and case-sensitive as the ids are: no prefix, no other case.
      expect(await ids(`?request_id=${requestIdOf(missing).slice(0, -1)}`)).toEqual([])
      expect(await ids(`?request_id=${requestIdOf(missing).replace(/^req_(.)/, (_, first: string) => `req_${first === 'a' ? 'b' : 'a'}`)}`)).toEqual([])
      expect(await ids('?error_code=proposal_not_found')).toEqual([requestIdOf(missing)])
      expect(await ids('?error_code=validation_failed')).toEqual([requestIdOf(invalid)])
      // Any code-shaped text is a filter: one no call was answered with finds nothing.
      expect(await ids('?error_code=not_a_code_yet')).toEqual([])
      expect(await ids('?status=404')).toEqual([requestIdOf(missingCustomer), requestIdOf(missing)])
      expect(await ids('?status=201')).toEqual([requestIdOf(created)])
      expect(await ids('?status=500')).toEqual([])

      // Combined with each other and with the older filters.
      expect(await ids('?status=404&error_code=customer_not_found')).toEqual([requestIdOf(missingCustomer)])
      expect(await ids(`?request_id=${requestIdOf(missing)}&status=404&error_code=proposal_not_found&status_class=4xx&method=GET&path=/api/v1/proposals/&token_id=${account.token.id}`)).toEqual([requestIdOf(missing)])
      expect(await ids(`?request_id=${requestIdOf(missing)}&status=200`)).toEqual([])
      expect(await ids(`?request_id=${requestIdOf(missing)}&method=POST`)).toEqual([])
      expect(await ids(`?request_id=${requestIdOf(missing)}&error_code=customer_not_found`)).toEqual([])
      expect(await ids('?error_code=validation_failed&method=POST&path=/api/v1/proposals&status_class=4xx')).toEqual([requestIdOf(invalid)])
      expect(await ids('?error_code=validation_failed&status_class=2xx')).toEqual([])
      expect(await ids('?status=201&method=GET')).toEqual([])
      await env.db.updateTable('request_logs').set({ created_at: '2026-01-10T12:00:00.000Z' }).where('request_id', '=', requestIdOf(missing)).execute()
      expect(await ids(`?request_id=${requestIdOf(missing)}&from=2026-01-10T12:00:00Z&to=2026-01-10T12:00:01Z`)).toEqual([requestIdOf(missing)])
      expect(await ids(`?request_id=${requestIdOf(missing)}&from=2026-01-10T12:00:01Z`)).toEqual([])
      expect(await ids('?status=404&to=2026-01-11T00:00:00Z')).toEqual([requestIdOf(missing)])

      // The Link header keeps the new filters.
      const { response } = await list(account, `?status=404&per_page=1`)
      expect(response.headers.link).toContain(`${PUBLIC_URL}/api/v1/request-logs?status=404&per_page=1&page=2>; rel="next"`)
    })

    it('never lists another account’s calls, whatever the filters', async () => {
      const mine = await makeAccount(env)
      const theirs = await makeAccount(env)
      const theirCall = await env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: theirs.auth })
      const theirRevoked = await revokedToken(theirs)
      const theirRefused = await env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: { authorization: `Bearer ${theirRevoked.token}` }, remoteAddress: '198.51.100.7' })
      const byTheirIds = [`?request_id=${requestIdOf(theirCall)}`, `?request_id=${requestIdOf(theirRefused)}`, `?request_id=${requestIdOf(theirRefused)}&error_code=invalid_token&status=401`]
      for (const query of byTheirIds) expect((await list(mine, query)).body.meta.total, query).toBe(0)
      // Calls of mine with the same status and error code, so those filters have something to find.
      const myRefused = await env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: { authorization: `Bearer ${(await revokedToken(mine)).token}` }, remoteAddress: '198.51.100.7' })
      expect(myRefused.statusCode).toBe(401)
      expect((await list(mine, '?error_code=invalid_token&status=401')).body.data.map((entry) => entry.request_id)).toEqual([requestIdOf(myRefused)])
      for (const query of ['', `?token_id=${theirs.token.id}`, `?token_id=${theirRevoked.id}`, '?path=/api/v1/registration-data', '?status_class=4xx', ...byTheirIds, '?error_code=invalid_token', '?status=401', '?status=200']) {
        const { body } = await list(mine, query)
        const listed = body.data.map((entry) => entry.request_id)
        expect(listed, query).not.toContain(requestIdOf(theirCall))
        expect(listed, query).not.toContain(requestIdOf(theirRefused))
        expect(body.data.every((entry) => entry.token_id === mine.token.id || entry.request_id === requestIdOf(myRefused)), query).toBe(true)
      }
      const theirsListed = (await list(theirs)).body.data.map((entry) => entry.request_id)
      expect(theirsListed).toEqual(expect.arrayContaining([requestIdOf(theirCall), requestIdOf(theirRefused)]))
      // Their own lookups do find them: the filters above found nothing only because they are theirs.
      expect((await list(theirs, `?request_id=${requestIdOf(theirRefused)}&error_code=invalid_token&status=401`)).body.data.map((entry) => entry.request_id)).toEqual([requestIdOf(theirRefused)])
    })

    it('refuses bad filters naming them', async () => {
      const account = await makeAccount(env)
      const cases: Array<[string, string[]]> = [
        ['?status_class=6xx', ['/status_class']],
        ['?method=get', ['/method']],
        ['?path=api/v1', ['/path']],
        // PostgreSQL's text cannot hold U+0000: this filter once failed the query there with a 500.
        ['?path=%2Fapi%00', ['/path']],
        ['?from=yesterday', ['/from']],
        ['?token_id=0', ['/token_id']],
        ['?per_page=101', ['/per_page']],
        ['?account_id=1', ['/account_id']],
        ['?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', ['/to']],
        // An entry's id, a bare prefix, a pasted header line, a space, an id too long: not a request id.
        ['?request_id=90211', ['/request_id']],
        ['?request_id=req_', ['/request_id']],
        ['?request_id=X-Request-Id:%20req_qyXgu5aC5yrQSGAv', ['/request_id']],
        ['?request_id=req_qyXgu5aC%205yrQSGAv', ['/request_id']],
        [`?request_id=req_${'a'.repeat(61)}`, ['/request_id']],
        // Named twice: not a request id, and U+0000 (refused in every query string).
        ['?request_id=req_%00', ['/request_id', '/request_id']],
        ['?error_code=', ['/error_code']],
        ['?error_code=Validation_Failed', ['/error_code']],
        ['?error_code=validation-failed', ['/error_code']],
        ['?error_code=%27%20or%201=1--', ['/error_code']],
        [`?error_code=${'a'.repeat(65)}`, ['/error_code']],
        ['?status=99', ['/status']],
        ['?status=600', ['/status']],
        ['?status=4xx', ['/status']],
        ['?status=404.5', ['/status']],
        ['?status=', ['/status']],
        ['?status=abc&error_code=X&request_id=1', ['/request_id', '/error_code', '/status']],
      ]
      for (const [query, paths] of cases) {
        const response = await env.app.inject({ method: 'GET', url: `/api/v1/request-logs${query}`, headers: account.auth })
        const problem = expectProblem(response, 422, 'validation_failed')
        expect(problem.errors!.map((error) => error.path), query).toEqual(paths)
        expect(problem.errors!.every((error) => error.in === 'query'), query).toBe(true)
      }
    })

    it('needs a token', async () => {
      const response = await env.app.inject({ method: 'GET', url: '/api/v1/request-logs', remoteAddress: '198.51.100.8' })
      expectProblem(response, 401, 'missing_token')
    })
  })

  describe('GET /api/v1/request-logs/{id}', () => {
    it('returns the whole entry: query, headers without credentials, masked bodies', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const email = `ana.${uniqueSuffix()}@cliente.com.br`
      const call = await env.app.inject({
        method: 'POST',
        url: '/api/v1/proposals',
        headers: { ...account.auth, 'idempotency-key': 'detail-key-1', cookie: 'session=abc' },
        payload: proposalBody(account, customer, { signature_type: 'digital', signers: [{ name: 'Ana', email, role_id: account.roles.party.id }], title: 'Proposta X' }),
      })
      expect(call.statusCode, call.body).toBe(201)
      const { body } = await list(account, '?method=POST')
      const response = await detail(account, body.data[0]!.id)
      expect(response.statusCode, response.body).toBe(200)
      const entry = response.json<RequestLogDetail>()
      expect(Object.keys(entry).sort()).toEqual(DETAIL_KEYS)
      expect(entry).toMatchObject({ request_id: requestIdOf(call), method: 'POST', path: '/api/v1/proposals', status: 201, query: null, idempotency_key: 'detail-key-1', error_code: null })
      expect(entry.request_headers).toMatchObject({ 'content-type': 'application/json', 'idempotency-key': 'detail-key-1' })
      expect(entry.request_headers).not.toHaveProperty('authorization')
      expect(entry.request_headers).not.toHaveProperty('cookie')
      expect(JSON.parse(entry.request_body!)).toMatchObject({ title: 'Proposta X', signers: [{ name: 'Ana', email: 'a***@cliente.com.br' }] })
      expect(JSON.parse(entry.response_body!)).toMatchObject({ id: call.json().id, title: 'Proposta X' })
      expect(entry.response_body).not.toContain(email)

      // Reading the log is logged too, without copying the log into itself.
      const { body: again } = await list(account, '?path=/api/v1/request-logs/')
      const readEntry = await detail(account, again.data[0]!.id)
      expect(readEntry.json<RequestLogDetail>()).toMatchObject({ path: `/api/v1/request-logs/${body.data[0]!.id}`, status: 200, response_body: null })
    })

    it('a foreign, missing or malformed id is the same 404', async () => {
      const mine = await makeAccount(env)
      const theirs = await makeAccount(env)
      await env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: theirs.auth })
      const theirEntry = (await list(theirs)).body.data[0]!
      const foreign = expectProblem(await detail(mine, theirEntry.id), 404, 'request_log_not_found')
      const missing = expectProblem(await detail(mine, 999_999_999), 404, 'request_log_not_found')
      expectProblem(await detail(mine, 'abc'), 404, 'request_log_not_found')
      expectProblem(await detail(mine, '99999999999999999999'), 404, 'request_log_not_found')
      const shape = (problem: typeof foreign) => ({ ...problem, request_id: undefined, detail: problem.detail.replace(/\d+/, 'N') })
      expect(shape(foreign)).toEqual(shape(missing))
      expect((await detail(theirs, theirEntry.id)).statusCode).toBe(200)
    })
  })
})
