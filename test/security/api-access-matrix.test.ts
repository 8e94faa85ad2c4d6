// Access control of the API (OWASP API1 BOLA / API5 BFLA), walked from the app's route table: for
// every route with a path parameter, every HTTP method, every parameter and every form in which
// that parameter can name a record, account A's token aimed at account B's record answers exactly
// what a reference to nothing answers — same status, same problem body — and changes nothing of
// B's. Then no byte of B's data is found in any answer A got nor in A's request log.
import type { LightMyRequestResponse } from 'fastify'
import { beforeAll, expect, it } from 'vitest'
import openapi from '../../openapi/v1.json' with { type: 'json' }
import { hashToken } from '../../src/modules/integrations/token-format.js'
import { accountSnapshot } from '../support/account-snapshot.js'
import { describeEachDialect } from '../support/dialects.js'
import { validCnpj, validCpf } from '../support/documents.js'
import { WebAgent, csrfTokenIn } from '../support/web-agent.js'
import {
  apiRoutesWithParams,
  formsOf,
  kindOfParam,
  MISSING_ID,
  ownReference,
  type ParamKind,
  type Reference,
  urlFor,
  writeBodyOf,
} from './support/access-api-routes.js'
import { makeAccessRecords, type AccessRecords } from './support/access-records.js'
import { leakedMarkers, observable } from './support/access-responses.js'

/** Query parameters that name a record (`…_id`), by operation path and name. */
const QUERY_ID_KINDS: Readonly<Record<string, 'apiToken' | 'requestId'>> = {
  '/api/v1/request-logs token_id': 'apiToken',
  '/api/v1/request-logs request_id': 'requestId',
  '/api/v1/account-activity actor_id': 'apiToken',
  '/api/v1/account-activity target_id': 'apiToken',
}
/** What a query id needs beside it to be read at all (an author's id names a user or a token only with its kind). */
const QUERY_ID_COMPANIONS: Readonly<Record<string, string>> = {
  '/api/v1/account-activity actor_id': 'actor_type=api_token&',
  '/api/v1/account-activity target_id': 'target_type=api_token&',
}
/** A well-formed request id that no request was given. */
const MISSING_REQUEST_ID = 'req_MissingRequestId0'

interface Sent {
  method: string
  url: string
  payload?: unknown
  response: LightMyRequestResponse
}

describeEachDialect('API access control: another account’s record is a missing record', (env) => {
  let mine: AccessRecords
  let theirs: AccessRecords
  const sent: Sent[] = []

  async function call(method: string, url: string, payload?: Record<string, unknown>): Promise<LightMyRequestResponse> {
    const response = await env.app.inject({ method: method as 'GET', url, headers: mine.account.auth, ...(payload === undefined ? {} : { payload }) })
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(500)
    sent.push({ method, url, payload, response })
    return response
  }

  beforeAll(async () => {
    mine = await makeAccessRecords(env, 'AOWNMARK')
    theirs = await makeAccessRecords(env, 'BSECRETMARK')
  })

  it('answers every route × parameter × identifier form × method exactly as for a missing record, changing nothing of B', async () => {
    const missingDocuments = { cnpj: validCnpj(), cpf: validCpf() }
    await env.app.requestLog.flush()
    const before = await accountSnapshot(env.db, theirs.account.id)

    const routes = apiRoutesWithParams(env.app)
    // customers/{customer_id}/proposals; proposals/{id} GET, PATCH, pdf and four actions; request-logs/{id}; six webhook routes.
    expect(routes.length).toBeGreaterThanOrEqual(15)
    let cases = 0
    const controlUrls: string[] = []
    for (const route of routes) {
      const kinds: Record<string, ParamKind> = {}
      for (const param of route.params) {
        const kind = kindOfParam(route.url, param)
        expect(kind, `${route.method} ${route.url}: parameter :${param} names an unknown kind of record; classify it in KIND_OF_PARAM (test/security/support/access-api-routes.ts)`).toBeDefined()
        kinds[param] = kind!
      }
      const write = writeBodyOf(route.method, route.url)
      expect(write.known, `${route.method} ${route.url}: a write the matrix does not know; add a body that passes validation to WRITE_BODIES (test/security/support/access-api-routes.ts)`).toBe(true)

      // Each parameter foreign in turn (the others name A's own records), then all of them foreign at once.
      const variants: Array<{ label: string; foreign: Record<string, Reference>; missing: Record<string, Reference>; typed: (which: 'foreign' | 'missing') => string[] }> = []
      for (const param of route.params) {
        const own = Object.fromEntries(route.params.filter((other) => other !== param).map((other) => [other, ownReference(kinds[other]!, mine)]))
        for (const form of formsOf(kinds[param]!, theirs, missingDocuments)) {
          variants.push({ label: `:${param} ${form.label}`, foreign: { ...own, [param]: form.foreign }, missing: { ...own, [param]: form.missing }, typed: (which) => [form[which].value] })
        }
      }
      if (route.params.length > 1) {
        const all = (which: 'foreign' | 'missing') => Object.fromEntries(route.params.map((param) => [param, formsOf(kinds[param]!, theirs, missingDocuments)[0]![which]]))
        variants.push({ label: 'every parameter', foreign: all('foreign'), missing: all('missing'), typed: (which) => Object.values(all(which)).map((reference) => reference.value) })
      }

      for (const variant of variants) {
        const missingUrl = urlFor(route, variant.missing)
        const foreignUrl = urlFor(route, variant.foreign)
        const missing = await call(route.method, missingUrl, write.body)
        const foreign = await call(route.method, foreignUrl, write.body)
        const label = `${route.method} ${route.url} (${variant.label}): ${foreignUrl}`
        // The missing twin must be a not-found: a write refused before its lookup would prove nothing.
        expect(missing.statusCode, `${label}: ${missing.body}`).toBe(404)
        expect(observable(foreign, variant.typed('foreign')), label).toEqual(observable(missing, variant.typed('missing')))
        cases += 1
        // Every parameter names B's record: B itself must find it (checked below, after the snapshot).
        if (route.method === 'GET' && route.params.every((param) => variant.foreign[param] !== variant.missing[param])) controlUrls.push(foreignUrl)
      }
    }
    console.info(`API access matrix [${env.dialect}]: ${routes.length} route × method pairs, ${cases} foreign references, each against its missing twin; ${controlUrls.length} of them read by B itself as a control`)
    expect(cases).toBeGreaterThanOrEqual(149)

    await env.app.requestLog.flush()
    const after = await accountSnapshot(env.db, theirs.account.id)
    for (const table of Object.keys(before)) expect(after[table], `B's ${table} changed`).toEqual(before[table])

    // Control: the references do name B's records (a form that named nothing would make every comparison above vacuous).
    for (const url of controlUrls) {
      const owner = await env.app.inject({ method: 'GET', url, headers: theirs.account.auth })
      // B's documents carry no scan: its 404 scan_not_found (not proposal_not_found) shows the document was found.
      const found = owner.statusCode === 200 || (new URL(url, 'http://x').pathname.endsWith('/scan') && owner.json<{ code: string }>().code === 'scan_not_found')
      expect(found, `control, B's own token: ${url}: ${owner.statusCode} ${owner.body.slice(0, 200)}`).toBe(true)
    }
    expect(controlUrls.length).toBeGreaterThanOrEqual(50)
  })

  /** The request id of a call B made (its own log holds it). */
  async function theirRequestId(): Promise<string> {
    await env.app.inject({ method: 'GET', url: '/api/v1/usage', headers: theirs.account.auth })
    await env.app.requestLog.flush()
    const row = await env.db.selectFrom('request_logs').select('request_id').where('account_id', '=', theirs.account.id).orderBy('id', 'desc').executeTakeFirstOrThrow()
    return row.request_id
  }

  it('answers a query parameter naming B’s record exactly as one naming nothing', async () => {
    const operations = Object.entries((openapi as { paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }> }>> }).paths)
    let checked = 0
    for (const [path, methods] of operations) {
      for (const [method, operation] of Object.entries(methods)) {
        for (const parameter of operation.parameters ?? []) {
          if (parameter.in !== 'query' || !parameter.name.endsWith('_id')) continue
          const kind = QUERY_ID_KINDS[`${path} ${parameter.name}`]
          expect(kind, `${method.toUpperCase()} ${path}?${parameter.name}= names a record of an unknown kind; classify it in QUERY_ID_KINDS`).toBeDefined()
          const foreignId = kind === 'requestId' ? await theirRequestId() : String(theirs.account.token.id)
          const missingId = kind === 'requestId' ? MISSING_REQUEST_ID : String(MISSING_ID)
          const companion = QUERY_ID_COMPANIONS[`${path} ${parameter.name}`] ?? ''
          const foreign = await call(method.toUpperCase(), `${path}?${companion}${parameter.name}=${foreignId}`)
          const missing = await call(method.toUpperCase(), `${path}?${companion}${parameter.name}=${missingId}`)
          expect(foreign.statusCode, `${path}?${parameter.name}: ${foreign.body.slice(0, 200)}`).toBe(200)
          expect(observable(foreign, [foreignId]), `${path}?${parameter.name}`).toEqual(observable(missing, [missingId]))
          checked += 1
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(1)
  })

  it('answers a creation or a patch naming B’s catalogue, seller or customer exactly as one naming missing ids', async () => {
    const customer = { id: mine.companyCustomer.id }
    const foreignIds = {
      template_id: theirs.account.template.id,
      payment_method_id: theirs.account.paymentMethods.pix.id,
      seller_id: theirs.account.seller.id,
      customer: { id: theirs.companyCustomer.id },
      items: [{ product_id: theirs.account.products.main.id, quantity: 1 }],
      signers: [{ name: 'Ana', email: 'ana@a.test', role_id: theirs.account.roles.party.id }],
    }
    const missingIds = {
      template_id: Number(MISSING_ID),
      payment_method_id: Number(MISSING_ID),
      seller_id: Number(MISSING_ID),
      customer: { id: Number(MISSING_ID) },
      items: [{ product_id: Number(MISSING_ID), quantity: 1 }],
      signers: [{ name: 'Ana', email: 'ana@a.test', role_id: Number(MISSING_ID) }],
    }
    const base = { template_id: mine.account.template.id, signature_type: 'digital', payment_method_id: mine.account.paymentMethods.pix.id, customer, items: [{ product_id: mine.account.products.main.id, quantity: 1 }] }
    const draft = mine.proposals[0]!.id
    let checked = 0
    for (const field of Object.keys(foreignIds) as Array<keyof typeof foreignIds>) {
      for (const [method, url, body] of [
        ['POST', '/api/v1/proposals', base],
        ['PATCH', `/api/v1/proposals/${draft}`, {}],
      ] as const) {
        const foreign = await call(method, url, { ...body, [field]: foreignIds[field] })
        const missing = await call(method, url, { ...body, [field]: missingIds[field] })
        expect(foreign.statusCode, `${method} ${url} ${field}: ${foreign.body}`).toBe(422)
        // Messages may quote the id: compare them with the id blanked out.
        const blank = (response: LightMyRequestResponse, id: string) => JSON.parse(JSON.stringify(observable(response, [])).replace(new RegExp(`\\b${id}\\b`, 'g'), '<id>'))
        const foreignId = String(JSON.stringify(foreignIds[field]).match(/\d+/)![0])
        expect(blank(foreign, foreignId), `${method} ${url} ${field}`).toEqual(blank(missing, MISSING_ID))
        checked += 1
      }
    }
    expect(checked).toBe(12)
  })

  it('answers B’s signing links with any other token exactly as a link that never existed', async () => {
    const agent = new WebAgent(env.app)
    const csrf = csrfTokenIn((await agent.get('/login')).body)
    const token = theirs.signToken
    const flipped = (index: number) => `${token.slice(0, index)}${token[index] === 'a' ? 'b' : 'a'}${token.slice(index + 1)}`
    const garbage = [flipped(0), flipped(token.length - 1), token.slice(0, -1), `${token}x`, token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase(), `${token}%00`, encodeURIComponent(`${token}/`)]
    const signRoutes = env.app.routeTable.filter((route) => route.url.startsWith('/sign/:token') && (route.method === 'GET' || route.method === 'POST'))
    expect(signRoutes.length).toBeGreaterThanOrEqual(5)
    // The earlier tests' reads by B (their controls) are still queued for the request log: written
    // after this snapshot they would look like a change made here (a CI run met exactly that).
    await env.app.requestLog.flush()
    const before = await accountSnapshot(env.db, theirs.account.id)
    let checked = 0
    for (const route of signRoutes) {
      const send = (value: string) => {
        const url = route.url.replace(':token', value)
        return route.method === 'GET' ? agent.get(url) : agent.post(url, { _csrf: csrf, name: 'Intrusa', cpf: '', consent: 'on', signature_text: 'X', reason: 'Não' })
      }
      const missing = await send('nao-existe-este-link-0000000000000000')
      expect(missing.statusCode, `${route.method} ${route.url}`).toBe(404)
      for (const value of garbage) {
        const response = await send(value)
        expect(response.statusCode, `${route.method} ${route.url} with ${value}`).toBe(404)
        expect(response.body, `${route.method} ${route.url} with ${value}`).toBe(missing.body)
        expect(leakedMarkers(response.body, { secret: theirs.secretMarkers, identifiers: theirs.identifierMarkers }, '')).toEqual([])
        checked += 1
      }
    }
    expect(checked).toBe(signRoutes.length * garbage.length)
    expect(await accountSnapshot(env.db, theirs.account.id)).toEqual(before)
  })

  it('leaves no byte of B’s data in any answer A got, nor in A’s request log', async () => {
    // A's own listings too: a list leaking another account's rows would show here.
    for (const url of ['/api/v1/registration-data', '/api/v1/usage', '/api/v1/webhooks', '/api/v1/request-logs?per_page=100', `/api/v1/customers/${mine.companyCustomer.id}/proposals`]) {
      expect((await call('GET', url)).statusCode, url).toBe(200)
    }
    const markers = { secret: theirs.secretMarkers, identifiers: theirs.identifierMarkers }
    const everythingTyped = sent.map((request) => `${decodeURIComponent(request.url)} ${JSON.stringify(request.payload ?? '')}`).join(' ')
    for (const request of sent) {
      // A's own request log lists the paths A typed earlier: those identifiers are A's input, not B's data.
      const typed = request.url.startsWith('/api/v1/request-logs') ? everythingTyped : `${decodeURIComponent(request.url)} ${JSON.stringify(request.payload ?? '')}`
      expect(leakedMarkers(`${request.response.body}\n${JSON.stringify(request.response.headers)}`, markers, typed), `${request.method} ${request.url}`).toEqual([])
      // Nor A's own credential: an answer never echoes the token, nor either account's token hash.
      for (const secret of [mine.account.token.token, hashToken(mine.account.token.token), hashToken(theirs.account.token.token)]) expect(request.response.body).not.toContain(secret)
    }
    await env.app.requestLog.flush()
    const rows = await env.db.selectFrom('request_logs').selectAll().where('account_id', '=', mine.account.id).execute()
    expect(rows.length).toBeGreaterThanOrEqual(sent.length)
    for (const row of rows) {
      // A row may hold what its own request typed (path, query, body) and the problem echoing it.
      const typed = `${decodeURIComponent(row.path)} ${row.query ?? ''} ${decodeURIComponent(row.query ?? '')} ${row.request_body ?? ''}`
      expect(leakedMarkers(JSON.stringify(row), markers, typed), `request log ${row.method} ${row.path}`).toEqual([])
    }
    console.info(`API access matrix [${env.dialect}]: ${sent.length} answers to A and ${rows.length} request log rows searched for ${markers.secret.length + markers.identifiers.length} markers of B`)
  })
}, { env: { API_RATE_LIMIT_PER_MINUTE: '1000000' } })
