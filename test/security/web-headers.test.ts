// Security headers on every response a browser can be sent to: every GET page of the web app
// (walked from the route table, each ID filled with a record of the signed-in admin's own
// account), the API (success and error answers), Swagger UI and its assets, /healthz. Behind an
// https PUBLIC_URL every one carries HSTS; behind http none does. Swagger UI needs no inline
// script (its initializer is a file), so it gets `script-src 'self'` like the pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeEachDialect } from '../support/dialects.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'
import { signedInUser } from '../support/web-login.js'
import { expectSecurityHeaders, parseCsp } from './support/web-header-checks.js'
import { fillWebPath, isApiPath, ownRecords, webRoutes, type OwnRecords } from './support/web-own-records.js'

/** Which record an API path's parameter names. */
function fillApiPath(url: string, records: OwnRecords): string {
  const kind = url.startsWith('/api/v1/request-logs/') ? 'requestLog' : url.startsWith('/api/v1/webhooks/') ? 'webhook' : 'proposal'
  return url
    .replace(':customer_id', String(records.customer))
    .replace(':attachment_id', String(records.attachment))
    .replace(':id', String(records[kind]))
    .replace(/\*$/, 'swagger-ui-bundle.js')
}

async function walkEveryGet(env: TestApp, https: boolean) {
  const { agent, account } = await signedInUser(env)
  const records = await ownRecords(env, account)
  const pages = webRoutes(env, 'GET')
  // Sign-up, login, dashboard, customers, documents, registration data, templates, integrations, signing, webhooks, e-mails, assets.
  expect(pages.length).toBeGreaterThanOrEqual(40)
  const statuses: Record<number, number> = {}
  for (const route of pages) {
    const url = fillWebPath(route.url, records)
    const response = await agent.get(url)
    statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1
    // A page that fails to render would prove nothing about its headers.
    expect(response.statusCode, `GET ${url}`).toBeLessThan(400)
    expectSecurityHeaders(response, `GET ${url}`, { https })
  }

  const apiGets = env.app.routeTable.filter((route) => route.method === 'GET' && isApiPath(route.url))
  expect(apiGets.length).toBeGreaterThanOrEqual(15)
  for (const route of apiGets) {
    const url = fillApiPath(route.url, records)
    const response = await env.app.inject({ method: 'GET', url, headers: account.auth })
    expect(response.statusCode, `GET ${url}`).toBeLessThan(400)
    expectSecurityHeaders(response, `GET ${url}`, { https })
  }
  // Error answers: no token, an unknown path, a 404 page, unreadable URLs.
  // URLs the router cannot read (bad percent-encoding, an over-long parameter) are answered where no hook runs.
  const unreadable = [['/api/v1/proposals/%zz', 404], ['/%zz', 404], [`/api/v1/proposals/${'a'.repeat(101)}`, 404]] as const
  for (const [url, status] of [['/api/v1/usage', 401], ['/api/v1/nao-existe', 404], ['/nao-existe', 404], ...unreadable] as const) {
    const response = await env.app.inject({ method: 'GET', url })
    expect(response.statusCode, url).toBe(status)
    expectSecurityHeaders(response, `GET ${url} (${status})`, { https })
  }
  const refused = await agent.post('/customers', { name: 'sem token' })
  expect(refused.statusCode).toBe(403)
  expectSecurityHeaders(refused, 'POST /customers without _csrf', { https })
  return { pages: pages.length, api: apiGets.length, statuses }
}

describeEachDialect(
  'security headers behind https',
  (env) => {
    it('sends CSP, frame-ancestors, nosniff, a strict referrer policy and HSTS on every page, API answer and Swagger UI', async () => {
      const walked = await walkEveryGet(env, true)
      console.info(`[web-headers ${env.dialect} https] ${walked.pages} web GET routes, ${walked.api} API/docs GET routes, statuses ${JSON.stringify(walked.statuses)}`)
    })

    it('gives Swagger UI a script policy of this origin only, and its page loads only files', async () => {
      const ui = await env.app.inject({ method: 'GET', url: '/api-docs/' })
      expect(ui.statusCode).toBe(200)
      const csp = parseCsp(String(ui.headers['content-security-policy']))
      expect(csp.get('script-src')).toEqual(["'self'"])
      expect(csp.get('connect-src')).toEqual(["'self'", 'https://vendoc.example'])
      // Its bundle injects inline styles at run time (see xss-browser.test.ts): styles only, never scripts.
      expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"])
      // Every <script> has a src: nothing inline that the policy would have to allow.
      const scripts = ui.body.match(/<script\b[^>]*>/g) ?? []
      expect(scripts.length).toBeGreaterThanOrEqual(3)
      for (const tag of scripts) expect(tag).toMatch(/\bsrc="/)
      expect(ui.body).not.toMatch(/\son[a-z]+=/i)
    })
  },
  { env: { PUBLIC_URL: 'https://vendoc.example' } },
)

// Only HSTS differs behind http, and headers do not depend on the database.
describe('security headers behind plain http [sqlite]', () => {
  let env: TestApp
  beforeAll(async () => {
    env = await buildTestApp('sqlite')
  })
  afterAll(async () => {
    await env?.close()
  })
  it('sends the same headers but no HSTS on every page and API answer', async () => {
    await walkEveryGet(env, false)
  })
})

describe('parseCsp', () => {
  it('reads directives and their sources', () => {
    const csp = parseCsp("default-src 'self'; script-src 'self' 'unsafe-inline' ;frame-ancestors 'none'")
    expect(csp.get('script-src')).toEqual(["'self'", "'unsafe-inline'"])
    expect(csp.get('frame-ancestors')).toEqual(["'none'"])
  })
})
