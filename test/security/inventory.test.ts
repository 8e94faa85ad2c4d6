// Inventory (OWASP API9): the router answers exactly what is documented — the OpenAPI operations
// plus docs/ROUTES.md — with no debug or development-only routes, and each page or form is guarded
// as docs/ROUTES.md says (public, signer link, session, admin).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeEachDialect } from '../support/dialects.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'
import { csrfTokenIn, WebAgent } from '../support/web-agent.js'
import { signedInUser } from '../support/web-login.js'
import { documentedRoutes, openApiRoutes, routeTableEntries, sampleUrl, type DocumentedRoute } from './support/fuzz-route-inventory.js'

/** Paths that smell of debugging, introspection or tests; none may exist. */
const DEBUG_PATH = /^\/(debug|_|test|tests|metrics|admin|internal|dev|env|status|info|graphql|phpinfo|server-status|\.)|\/(debug|__)/i

describe('route inventory', () => {
  let env: TestApp
  beforeAll(async () => {
    env = await buildTestApp('sqlite')
  })
  afterAll(async () => {
    await env?.close()
  })

  it('docs/ROUTES.md lists each route once, the API only in OpenAPI', () => {
    const listed = documentedRoutes().map((route) => `${route.method} ${route.url}`)
    expect(listed.length).toBeGreaterThan(50)
    expect(listed.filter((route, index) => listed.indexOf(route) !== index)).toEqual([])
    // The API's operations belong to the OpenAPI document, only the preflight is listed here.
    expect(listed.filter((route) => route.includes(' /api/v1/'))).toEqual(['OPTIONS /api/v1/*'])
  })

  it('the route table equals the OpenAPI operations plus docs/ROUTES.md, both ways', () => {
    const { routes, orphanHeads } = routeTableEntries(env.app.routeTable)
    expect(orphanHeads, 'HEAD routes without a GET twin').toEqual([])
    const documented = new Set([...openApiRoutes(), ...documentedRoutes().map((route) => `${route.method} ${route.url}`)])
    expect(routes.filter((route) => !documented.has(route)), 'registered but documented nowhere').toEqual([])
    expect([...documented].filter((route) => !routes.includes(route)), 'documented but not registered').toEqual([])
    expect(routes.length).toBe(documented.size)
  })

  it('has no debug, introspection or test routes', () => {
    const { routes } = routeTableEntries(env.app.routeTable)
    expect(routes.filter((route) => DEBUG_PATH.test(route.split(' ')[1]!))).toEqual([])
    // The pattern would catch them (the check above cannot pass by accident).
    for (const path of ['/debug', '/_routes', '/__inspect', '/test', '/metrics', '/api/v1/debug/x', '/.env']) expect(path).toMatch(DEBUG_PATH)
  })

  it('registers the same routes whatever the environment (no development-only route)', async () => {
    const previous = process.env.NODE_ENV
    const tables: string[][] = []
    try {
      for (const [nodeEnv, extra] of [
        ['development', { LOG_LEVEL: 'silent' }],
        ['production', { PUBLIC_URL: 'https://vendoc.example', REQUEST_LOG: 'off', WEBHOOK_ALLOW_PRIVATE_URLS: 'on' }],
      ] as const) {
        process.env.NODE_ENV = nodeEnv
        const other = await buildTestApp('sqlite', { env: extra })
        tables.push(routeTableEntries(other.app.routeTable).routes)
        await other.close()
      }
    } finally {
      process.env.NODE_ENV = previous
    }
    expect(tables[0]).toEqual(tables[1])
    expect(tables[0]).toEqual(routeTableEntries(env.app.routeTable).routes)
  })

  it('serves Swagger UI only at the documented /api-docs routes, with the committed document', async () => {
    const { routes } = routeTableEntries(env.app.routeTable)
    const docs = documentedRoutes().filter((route) => route.url.startsWith('/api-docs')).map((route) => `${route.method} ${route.url}`)
    expect(routes.filter((route) => route.includes(' /api-docs')).sort()).toEqual(docs.sort())
    const served = await env.app.inject({ method: 'GET', url: '/api-docs/json' })
    expect(served.statusCode).toBe(200)
    const servedOperations = Object.entries(served.json<{ paths: Record<string, object> }>().paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`))
    expect(servedOperations.sort()).toEqual(openApiRoutes().sort())
    // The static wildcard serves Swagger UI's files, never the project's.
    for (const url of ['/api-docs/static/../../package.json', '/api-docs/static/..%2f..%2fpackage.json', '/api-docs/static/%2e%2e/%2e%2e/.env']) {
      const response = await env.app.inject({ method: 'GET', url })
      expect(response.statusCode, url).toBe(404)
      expect(response.body, url).not.toContain('"dependencies"')
    }
  })
})

describeEachDialect('documented guards of every page and form', (env) => {
  const routes = documentedRoutes()
  const pages = (who: DocumentedRoute['who'][], method = 'GET') => routes.filter((route) => route.method === method && who.includes(route.who) && !route.url.startsWith('/api'))

  it('anonymous: public and signer pages answer, session and admin pages send to /login', async () => {
    const visitor = new WebAgent(env.app)
    for (const route of pages(['public', 'signer', 'session', 'admin'])) {
      const response = await visitor.get(sampleUrl(route.url))
      const where = `${route.method} ${route.url} (${route.who})`
      const toLogin = response.statusCode === 303 && String(response.headers.location).startsWith('/login')
      if (route.who === 'session' || route.who === 'admin') expect(toLogin, where).toBe(true)
      else {
        // `/` sends visitors to the login page by design (see its row), it guards nothing; so does
        // the login's code step without the challenge only a right password gives.
        if (route.url === '/login/two-factor') expect(response.headers.location, where).toBe('/login?challenge_ended')
        else if (route.url !== '/') expect(toLogin, where).toBe(false)
        expect(response.statusCode, where).toBeLessThan(500)
        expect(response.statusCode, where).not.toBe(403)
      }
      if (route.who === 'signer') expect(response.statusCode, `${where}: an unknown link`).toBe(404)
    }
  })

  it('a member: session pages and forms open, admin pages and forms answer 403', async () => {
    const member = await signedInUser(env, { role: 'member' })
    for (const route of pages(['session', 'admin'])) {
      const response = await member.agent.get(sampleUrl(route.url))
      const where = `${route.method} ${route.url} (${route.who})`
      if (route.who === 'admin') expect(response.statusCode, where).toBe(403)
      else expect([200, 404], where).toContain(response.statusCode)
    }
    const csrf = csrfTokenIn((await member.agent.get('/dashboard')).body)
    for (const route of pages(['session', 'admin'], 'POST')) {
      const response = await member.agent.post(sampleUrl(route.url), { _csrf: csrf })
      const where = `${route.method} ${route.url} (${route.who})`
      if (route.who === 'admin') expect(response.statusCode, where).toBe(403)
      else {
        expect(response.statusCode, where).not.toBe(403)
        expect(response.statusCode, where).toBeLessThan(500)
      }
    }
  })

  it('an admin: admin pages open', async () => {
    const admin = await signedInUser(env, { role: 'admin' })
    for (const route of pages(['admin'])) {
      const response = await admin.agent.get(sampleUrl(route.url))
      expect([200, 404], `${route.method} ${route.url}`).toContain(response.statusCode)
    }
  })
})
