// The committed OpenAPI document is what the routes generate, is valid OpenAPI 3.1, and documents
// every route with its authentication and every error it can answer.
import SwaggerParser from '@apidevtools/swagger-parser'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '../../src/platform/errors.js'
import { OPENAPI_FILE, openApiSnapshot } from '../../scripts/openapi-snapshot.js'
import { buildTestApp } from '../support/test-app.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020

type Operation = { operationId?: string; security?: unknown[]; responses: Record<string, { description?: string; content?: Record<string, unknown> }>; description?: string; parameters?: Array<{ description?: string }> }

describe('openapi/v1.json', () => {
  it('is up to date with the route schemas (run `npm run openapi` after changing a route)', async () => {
    const committed = await readFile(OPENAPI_FILE, 'utf8')
    expect(committed).toBe(await openApiSnapshot())
  })

  it('validates as OpenAPI 3.1', async () => {
    const document = JSON.parse(await readFile(OPENAPI_FILE, 'utf8'))
    expect(document.openapi).toBe('3.1.0')
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeTruthy()
  })

  it('covers every API route of the app, each authenticated, described, with problem+json errors', async () => {
    const document = JSON.parse(await readFile(OPENAPI_FILE, 'utf8'))
    const operations: Array<[string, string, Operation]> = []
    for (const [path, item] of Object.entries<Record<string, Operation>>(document.paths)) {
      for (const [method, operation] of Object.entries(item)) operations.push([method.toUpperCase(), path, operation])
    }
    const names = operations.map(([method, path]) => `${method} ${path}`).sort()
    // Every route the router has under /api/v1 (but the CORS preflight and the HEAD twins of GETs).
    const env = await buildTestApp('sqlite')
    const routes = env.app.routeTable
      .filter((route) => route.url.startsWith('/api/v1/') && route.method !== 'OPTIONS' && route.method !== 'HEAD')
      .map((route) => `${route.method} ${route.url.replace(/:([a-z_]+)/g, '{$1}')}`)
    await env.close()
    expect(names).toEqual([...new Set(routes)].sort())
    // The seed's four endpoints are among them.
    expect(names).toEqual(expect.arrayContaining(['GET /api/v1/customers/{customer_id}/proposals', 'GET /api/v1/proposals/{id}', 'GET /api/v1/registration-data', 'POST /api/v1/proposals']))
    for (const [method, path, operation] of operations) {
      const where = `${method} ${path}`
      expect(operation.security, where).toEqual([{ bearerAuth: [] }])
      expect(operation.operationId, where).toBeTruthy()
      expect(operation.description?.length ?? 0, where).toBeGreaterThan(40)
      for (const parameter of operation.parameters ?? []) expect(parameter.description, where).toBeTruthy()
      for (const status of ['401', '403', '500']) {
        expect(Object.keys(operation.responses[status]?.content ?? {}), `${where} ${status}`).toEqual(['application/problem+json'])
      }
      if (method === 'POST') {
        for (const status of ['400', '413', '415', '422']) expect(operation.responses[status], `${where} ${status}`).toBeDefined()
      }
    }
  })

  it('names its shared shapes once in components, each used, and refers to them (client generators name their types)', async () => {
    const document = JSON.parse(await readFile(OPENAPI_FILE, 'utf8'))
    const schemas: Record<string, unknown> = document.components.schemas
    const text = JSON.stringify(document)
    const refs = new Set([...text.matchAll(/"\$ref":"#\/components\/schemas\/([A-Za-z0-9]+)"/g)].map((match) => match[1]))
    expect([...refs].sort()).toEqual(Object.keys(schemas).sort())
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['Problem', 'ProposalDetail', 'ProposalListItem', 'CreateProposal', 'UpdateProposal', 'RegistrationData', 'Customer', 'CustomerInput', 'Webhook', 'WebhookDelivery', 'RequestLogDetail', 'Usage']))
    const schemaOf = (path: string, method: string, status: string, type = 'application/json') => document.paths[path][method].responses[status].content[type].schema
    const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
    // Every error answer of every operation is the one Problem.
    for (const [path, item] of Object.entries<Record<string, Operation>>(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          if (Number(status) >= 400) expect(schemaOf(path, method, status, 'application/problem+json'), `${method} ${path} ${status}`).toEqual(ref('Problem'))
        }
      }
    }
    // The document's answers are the one ProposalDetail, its bodies named.
    expect(schemaOf('/api/v1/proposals/{id}', 'get', '200')).toEqual(ref('ProposalDetail'))
    expect(schemaOf('/api/v1/proposals', 'post', '201')).toEqual(ref('ProposalDetail'))
    for (const action of ['send', 'resend', 'cancel', 'mark-signed', 'request-discount-approval', 'comments']) expect(schemaOf(`/api/v1/proposals/{id}/${action}`, 'post', '200'), action).toEqual(ref('ProposalDetail'))
    expect(document.paths['/api/v1/proposals'].post.requestBody.content['application/json'].schema).toEqual(ref('CreateProposal'))
    expect(document.paths['/api/v1/proposals/{id}'].patch.requestBody.content['application/json'].schema).toEqual(ref('UpdateProposal'))
    // A route's own description of one use stays on its answer.
    expect(document.paths['/api/v1/proposals/{id}/send'].post.responses['200'].description).toBe('The sent document.')
    // Nested shapes are named too, and nothing titled is left inline.
    expect((schemas.ProposalDetail as { properties: Record<string, unknown> }).properties.customer).toEqual(ref('Customer'))
    expect(JSON.stringify(document.paths)).not.toMatch(/"title":"[A-Z][A-Za-z0-9]*"/)
  })

  it('shows each error response with an example of its own status and codes, valid against Problem', async () => {
    const document = JSON.parse(await readFile(OPENAPI_FILE, 'utf8'))
    const ajv = new Ajv2020({ strict: false })
    addFormats(ajv)
    const validProblem = ajv.compile({ ...document.components.schemas.Problem, components: document.components, $id: 'problem' })
    let checked = 0
    for (const [path, item] of Object.entries<Record<string, Operation>>(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          if (Number(status) < 400) continue
          const where = `${method} ${path} ${status}`
          const example = (response.content?.['application/problem+json'] as { example?: { status: number; code: string; type: string } } | undefined)?.example
          expect(example, where).toBeDefined()
          expect(example!.status, where).toBe(Number(status))
          expect(response.description, where).toContain(`\`${example!.code}\``)
          expect(example!.type, where).toBe(`/api-docs/errors#${example!.code}`)
          expect(validProblem(example), `${where}: ${ajv.errorsText(validProblem.errors)}`).toBe(true)
          checked += 1
        }
      }
    }
    expect(checked).toBeGreaterThan(100)
  })

  it('documents every error code some route can answer', async () => {
    const text = await readFile(OPENAPI_FILE, 'utf8')
    const documented = Object.keys(ERROR_CODES).filter((code) => text.includes(`\`${code}\``))
    // route_not_found and method_not_allowed belong to no route: they answer paths that do not
    // exist, and methods a path does not answer.
    const routeless = ['route_not_found', 'method_not_allowed']
    // (The Problem schema names method_not_allowed where it describes `allowed_methods`.)
    expect(documented.filter((code) => !routeless.includes(code)).sort()).toEqual(Object.keys(ERROR_CODES).filter((code) => !routeless.includes(code)).sort())
  })
})
