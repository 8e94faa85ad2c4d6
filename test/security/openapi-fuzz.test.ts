// Input fuzzing (OWASP API3/API4/API8), driven by the OpenAPI document: for every operation,
// requests generated from its parameter and body schemas (valid-ish, boundary, wrong-typed,
// unknown and mass-assigned fields, odd path parameters, other content types) plus fixed
// batteries of hostile bodies (1 MB strings, 100,000-element arrays, JSON nested 10,000 and
// 200,000 levels, invalid UTF-8, bodies over the limit). Each answer must be: no 5xx; an error is
// problem+json with a documented code (and, through buildTestApp's contract check, a status and
// body the document declares for that operation); a rejected request — and any GET — writes
// nothing (every table's count and highest id, and the content of the tables the API writes).
// FUZZ_RUNS (default 15) sets the generated cases per operation and dialect.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { ERROR_CODES } from '../../src/platform/errors.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, makeProposal, proposalBody, type TestAccount } from '../support/factories.js'
import { checkApiResponse, ContractViolation, openApiOperations, type Operation } from '../support/openapi-contract.js'
import { bodySchema, fillPath, hostileBodies, ODD_PATH_PARAMS, requestArbitrary, type FuzzRequest } from './support/fuzz-requests.js'
import type { Hints } from './support/fuzz-schema-values.js'
import { snapshotPlan, takeWriteSnapshot, writesBetween, type WriteSnapshot } from './support/fuzz-write-snapshot.js'

const RUNS = Number(process.env.FUZZ_RUNS ?? 15)
const TIMEOUT = 60_000 + RUNS * 4_000

interface Fixture {
  account: TestAccount
  hints: Hints
  /** A valid body per operation, for the hostile battery to corrupt. */
  samples: Record<string, Record<string, unknown>>
  plan: Awaited<ReturnType<typeof snapshotPlan>>
}

describeEachDialect(
  'OpenAPI-driven input fuzzing',
  (env) => {
    const fixture = {} as Fixture
    const counts = new Map<string, { cases: number; statuses: Record<string, number> }>()
    let started = 0

    beforeAll(async () => {
      started = Date.now()
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const draft = await makeProposal(env, account, customer, { external_reference: 'fuzz-ref-1' })
      const webhook = await env.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: account.auth, payload: { url: 'http://127.0.0.1:9/hook', events: ['proposal.created'] } })
      expect(webhook.statusCode, webhook.body).toBe(201)
      const webhookId = webhook.json<{ id: number }>().id
      fixture.account = account
      fixture.plan = await snapshotPlan(env.db, env.dialect)
      fixture.hints = {
        template_id: [account.template.id],
        payment_method_id: [account.paymentMethods.pix.id, account.paymentMethods.card.id],
        product_id: [account.products.main.id, account.products.service.id],
        role_id: [account.roles.party.id],
        seller_id: [account.seller.id],
        id: [customer.id],
        code: [customer.code],
        'path:id': [draft.id, draft.external_uuid, 'fuzz-ref-1', webhookId],
        'path:customer_id': [customer.id, customer.code, customer.document],
        'path:delivery_id': [1],
      }
      fixture.samples = {
        createProposal: proposalBody(account, customer),
        updateProposal: { notes: 'fuzz' },
        createWebhook: { url: 'http://127.0.0.1:9/hook', events: ['proposal.created'] },
        updateWebhook: { description: 'fuzz' },
      }
    })

    afterAll(() => {
      const total = [...counts.values()].reduce((sum, entry) => sum + entry.cases, 0)
      const lines = [...counts].map(([name, entry]) => `  ${name}: ${entry.cases} cases ${JSON.stringify(entry.statuses)}`)
      console.log(`[openapi-fuzz ${env.dialect}] ${total} requests in ${((Date.now() - started) / 1000).toFixed(1)} s (FUZZ_RUNS=${RUNS})\n${lines.join('\n')}`)
    })

    // The fingerprint after a request that wrote nothing is the one before the next request.
    let lastSnapshot: WriteSnapshot | undefined

    /** Sends one request and checks everything a request of any kind must satisfy. */
    async function exercise(operation: Operation, request: FuzzRequest): Promise<LightMyRequestResponse> {
      const before = lastSnapshot ?? (await takeWriteSnapshot(env.db, fixture.plan))
      lastSnapshot = undefined
      // buildTestApp's inject checks the answer against the OpenAPI document (status, schema, code).
      const response = await env.app.inject({ method: request.method as 'GET', url: request.url, headers: request.headers, ...(request.payload === undefined ? {} : { payload: request.payload }) })
      const where = `${request.method} ${request.url.slice(0, 200)} [${request.label}] → ${response.statusCode} ${response.body.slice(0, 300)}`
      const entry = counts.get(operation.operation.operationId) ?? { cases: 0, statuses: {} }
      entry.cases++
      entry.statuses[response.statusCode] = (entry.statuses[response.statusCode] ?? 0) + 1
      counts.set(operation.operation.operationId, entry)
      expect(response.statusCode, where).toBeLessThan(500)
      if (response.statusCode >= 400) {
        expect(response.headers['content-type'], where).toMatch(/^application\/problem\+json/)
        const problem = response.json<{ code: string; status: number; request_id: string }>()
        expect(Object.keys(ERROR_CODES), where).toContain(problem.code)
        expect(problem.request_id, where).toBe(response.headers['x-request-id'])
      }
      if (response.statusCode >= 400 || request.method === 'GET' || request.method === 'HEAD') {
        const after = await takeWriteSnapshot(env.db, fixture.plan)
        expect(writesBetween(before, after), `writes of ${where}`).toEqual([])
        lastSnapshot = after
      }
      return response
    }

    for (const operation of openApiOperations()) {
      const name = `${operation.method} ${operation.path}`
      it(`${name}: ${RUNS} generated requests`, { timeout: TIMEOUT }, async () => {
        await fc.assert(
          fc.asyncProperty(requestArbitrary(operation, fixture.hints, fixture.account.auth), async (request) => {
            await exercise(operation, request)
          }),
          { numRuns: RUNS, endOnFailure: true },
        )
      })
    }

    it('hostile bodies on every operation that takes one (huge, deep, invalid UTF-8, over the limit, other content types)', { timeout: 240_000 }, async () => {
      for (const operation of openApiOperations()) {
        // A path that exists for the operation, so that the body is what gets judged.
        const url = fillPath(operation, { id: operation.path.includes('/webhooks') ? String(fixture.hints['path:id']![3]) : String(fixture.hints['path:id']![0]), customer_id: String(fixture.hints['path:customer_id']![0]), delivery_id: '1' })
        for (const request of hostileBodies(operation, url, fixture.account.auth, fixture.samples[operation.operation.operationId] ?? {})) {
          const response = await exercise(operation, request)
          // A hostile body never gets through. These are valid bodies in disguise: JSON's media type
          // in capitals, a byte order mark (RFC 8259 lets parsers ignore it) and duplicate keys (the
          // last wins); a charset parameter is ignored (JSON is UTF-8, and the bytes are checked).
          // __proto__ and constructor.prototype keys are refused (400) like the rest.
          // An action whose body is optional (the document actions, a webhook's secret rotation and
          // redelivery) reads `null`, and an empty body sent as JSON, as no body, as documented.
          // Whether that is 2xx depends on what the random runs above left (a deleted webhook is 404).
          // For such an action `{}` cut to a content-length of 2 is still the whole, valid `{}`.
          const sample = fixture.samples[operation.operation.operationId] ?? {}
          const validForEmptyBody = request.label === 'null body' || request.label === 'empty body' || (request.label === 'content-length shorter than the body' && JSON.stringify(sample) === '{}')
          const emptyBody = (bodySchema(operation)?.required ?? []).length === 0 && operation.method === 'POST' && validForEmptyBody
          if (!emptyBody && !/content type "APPLICATION\/JSON"|charset=|BOM before JSON|duplicate keys/.test(request.label)) expect(response.statusCode, `${operation.operation.operationId} [${request.label}]`).toBeGreaterThanOrEqual(400)
        }
      }
    })

    it('odd path parameters on every operation with one', { timeout: 240_000 }, async () => {
      const operations = openApiOperations().filter((candidate) => candidate.path.includes('{'))
      for (const [index, operation] of operations.entries()) {
        // Each operation gets a third of the list, in rotation: every form reaches five operations or more.
        for (const odd of ODD_PATH_PARAMS.filter((_value, position) => (position + index) % 3 === 0)) {
          const url = fillPath(operation, { id: odd, customer_id: odd, delivery_id: odd, signer_id: odd })
          const payload = operation.operation.requestBody ? JSON.stringify(fixture.samples[operation.operation.operationId] ?? {}) : undefined
          const response = await exercise(operation, { label: `path ${odd.slice(0, 20)}`, method: operation.method, url, headers: payload === undefined ? fixture.account.auth : { ...fixture.account.auth, 'content-type': 'application/json' }, ...(payload === undefined ? {} : { payload }) })
          // A `..` or `.` parameter, spelled out or as %2e, resolves away here: the test injector
          // (light-my-request) parses the URL as WHATWG URLs do, as browsers and fetch do too, so
          // `/customers/%2e%2e/proposals` reaches the app as `/proposals`, which may answer other
          // methods only (405 with Allow) or be an operation of its own (GET /proposals). A raw
          // socket would deliver the segment itself, read as a reference like any other (404).
          // test/api-v1/customers.test.ts checks that such a reference keeps its own Link header.
          const resolved = new URL(url, 'http://vendoc.test').pathname
          const isOperation = openApiOperations().some((candidate) => candidate.method === operation.method && candidate.pattern.test(resolved))
          const dotSegment = ['..', '.', '%2e%2e', '%2e'].includes(odd.toLowerCase())
          const expected = dotSegment ? [404, 405, 422, ...(isOperation ? [200] : [])] : [404, 422]
          expect(expected, `${operation.method} ${url.slice(0, 120)} → ${response.statusCode}`).toContain(response.statusCode)
        }
      }
    })
  },
  // Generous limits so the fuzzer meets validation, not the rate limiter; private webhook URLs so
  // that valid-ish webhook bodies get past the address check without DNS (SSRF has its own test).
  { env: { API_RATE_LIMIT_PER_MINUTE: '1000000000', API_FAILED_AUTH_PER_MINUTE: '1000000000', WEBHOOK_ALLOW_PRIVATE_URLS: 'on' } },
)

// The check every API test goes through (buildTestApp's inject) must be able to fail.
describe('the OpenAPI response contract', () => {
  const problem = (status: number, code: string) => JSON.stringify({ type: `/api-docs/errors#${code}`, title: 't', status, detail: 'd', code, request_id: 'req_x' })
  // The headers every authenticated answer carries (the document marks them required on successes).
  const sent = { 'x-request-id': 'req_x', 'ratelimit-limit': '600', 'ratelimit-remaining': '599', 'ratelimit-reset': '60' }
  const response = (statusCode: number, contentType: string, body: string, headers: Record<string, string | undefined> = sent) =>
    ({ statusCode, headers: { 'content-type': contentType, ...headers }, body }) as unknown as LightMyRequestResponse
  const { 'x-request-id': _requestId, ...withoutRequestId } = sent
  const usage = JSON.stringify({ month: '2026-11', used: 1, limit: 500, remaining: 499, resets_at: '2026-12-01T03:00:00.000Z' })

  it.each([
    ['an undeclared status', 'GET', '/api/v1/usage', response(418, 'application/problem+json', problem(418, 'validation_failed'))],
    ['a body off the schema', 'GET', '/api/v1/webhooks/1', response(200, 'application/json', JSON.stringify({ id: 'one' }))],
    ['a code the operation does not document', 'GET', '/api/v1/usage', response(404, 'application/problem+json', problem(404, 'proposal_not_found'))],
    ['a code whose status differs', 'GET', '/api/v1/proposals/1', response(422, 'application/problem+json', problem(422, 'proposal_not_found'))],
    ['an error that is not problem+json', 'GET', '/api/v1/proposals/1', response(404, 'application/json', problem(404, 'proposal_not_found'))],
    ['a body where none is declared', 'DELETE', '/api/v1/webhooks/1', response(204, 'application/json', '{}')],
    ['an unknown route answered with 200', 'GET', '/api/v1/nothing-here', response(200, 'application/json', usage)],
    ['a required header missing', 'GET', '/api/v1/usage', response(200, 'application/json', usage, withoutRequestId)],
    ['a header of ours its status does not declare', 'GET', '/api/v1/proposals/1', response(404, 'application/problem+json', problem(404, 'proposal_not_found'), { ...sent, location: '/api/v1/proposals/1' })],
    ['a header off its schema', 'GET', '/api/v1/usage', response(200, 'application/json', usage, { ...sent, 'ratelimit-remaining': 'many' })],
    ['a 405 without Allow', 'DELETE', '/api/v1/usage', response(405, 'application/problem+json', problem(405, 'method_not_allowed'))],
  ])('fails %s', (_name, method, url, answer) => {
    expect(() => checkApiResponse(method, url, answer)).toThrow(ContractViolation)
  })

  it('passes what the document declares, and leaves pages alone', () => {
    expect(checkApiResponse('GET', '/api/v1/proposals/1', response(404, 'application/problem+json', problem(404, 'proposal_not_found')))).toBe(true)
    expect(checkApiResponse('DELETE', '/api/v1/webhooks/1', response(204, '', ''))).toBe(true)
    expect(checkApiResponse('GET', '/dashboard', response(500, 'text/html', '<html>'))).toBe(false)
  })
})
