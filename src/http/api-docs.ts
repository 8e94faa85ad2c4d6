// The OpenAPI document (generated from the route schemas), Swagger UI at /api-docs/index.html and
// the error-code reference that every problem's `type` points at.
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../config.js'
import { ERROR_CODES } from '../platform/errors.js'
import { escapeHtml } from '../platform/http/escape-html.js'
import { optionalRequestBodies } from './api-v1/schemas/common.js'
import { hoistNamedSchemas } from './api-v1/schemas/named-schemas.js'
import { documentResponseHeaders } from './api-v1/schemas/response-headers.js'

const API_DESCRIPTION = `Vendoc's public REST API, compatible with the DocSales API v1: external systems (CRMs, help desks, ERPs) create and read sales documents.

**Authentication**: send \`Authorization: Bearer <token>\` with the token from *Configurações → Integrações*. Tokens start with \`vdc_\`.

**Errors** are RFC 9457 problem details (\`application/problem+json\`) with a stable \`code\`, the \`request_id\` and, for validation, \`errors[]\` naming every field at fault by JSON pointer. See [the error codes](/api-docs/errors).

**Rate limits**: each token may make 600 requests per minute (the server's \`API_RATE_LIMIT_PER_MINUTE\`). Every authenticated response carries \`RateLimit-Limit\`, \`RateLimit-Remaining\` and \`RateLimit-Reset\` (seconds until the window resets); past the limit the answer is 429 \`rate_limited\` with \`Retry-After\`. An address that keeps sending invalid tokens is refused the same way for a minute.

**Conventions**: JSON in and out; money in integer cents (BRL); quantities with up to 3 decimals; dates \`YYYY-MM-DD\`; instants ISO 8601 UTC. Request bodies are strict: an unknown field is a 422.`

/** The OpenAPI document, made from the schemas of the routes registered after it (`app.swagger()`). */
export async function registerOpenApi(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Vendoc API', version: '1.0.0', description: API_DESCRIPTION },
      servers: [{ url: config.publicUrl }],
      tags: [
        { name: 'Proposals', description: 'Sales documents (proposals, quotes, contracts).' },
        { name: 'Customers', description: "The account's customers, found by internal ID, code or CNPJ/CPF." },
        { name: 'Registration data', description: 'What a document is created from.' },
        { name: 'Request log', description: "Every call to the API with the account's tokens, kept 180 days by default: status, timing, masked headers and bodies." },
        { name: 'Usage', description: 'The monthly quota of document creations.' },
        { name: 'Account activity', description: "Who changed the account's settings, users, API tokens and webhooks, when, from where and what changed." },
      ],
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'API token from Configurações → Integrações (vdc_…).' } },
      },
    },
    hideUntagged: true,
    transformObject: (document) => ('openapiObject' in document ? hoistNamedSchemas(documentResponseHeaders(optionalRequestBodies(document.openapiObject))) : document.swaggerObject),
  })
}

/** Swagger UI and the error-code page, in the scope of the app's routes (registerOpenApi first). */
export async function registerApiDocPages(app: FastifyInstance): Promise<void> {
  await app.register(swaggerUi, {
    routePrefix: '/api-docs',
    uiConfig: { persistAuthorization: true, displayRequestDuration: true, tryItOutEnabled: false },
  })

  app.get('/api-docs/index.html', { schema: { hide: true } }, (_request, reply) => reply.redirect('/api-docs/'))
  app.get('/api-docs/errors', { schema: { hide: true } }, (_request, reply) => {
    const rows = Object.entries(ERROR_CODES)
      .map(([code, { status, title, doc }]) => `<tr id="${code}"><td><code>${code}</code></td><td>${status}</td><td>${escapeHtml(title)}</td><td>${escapeHtml(doc)}</td></tr>`)
      .join('\n')
    return reply
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Vendoc API error codes</title></head><body><h1>Vendoc API error codes</h1><p>Every error body is <code>application/problem+json</code>; its <code>code</code> is one of these.</p><table><thead><tr><th>code</th><th>status</th><th>title</th><th>meaning</th></tr></thead><tbody>${rows}</tbody></table><p><a href="/api-docs/">API reference</a></p></body></html>`,
      )
  })
}
