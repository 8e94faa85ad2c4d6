// The OpenAPI document as a contract on responses: every answer the app gives under /api/v1 must
// have a status its operation declares and a body that validates against the declared schema.
// buildTestApp wraps app.inject with checkApiResponse, so every API test of the suite also checks
// the document; a mismatch throws from inject and fails the test that produced the response.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import fs from 'node:fs'
import type { LightMyRequestResponse } from 'fastify'
import { withEncodedCnpjSlash } from '../../src/http/api-v1/formatted-cnpj-path.js'
import { parseDocument } from '../../src/modules/customers/brazilian-documents.js'
import { hasWebhookUrlForm } from '../../src/modules/webhooks/webhook-url-policy.js'
import { ERROR_CODES } from '../../src/platform/errors.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020, formats?: string[]) => Ajv2020

export const OPENAPI_DOCUMENT_FILE = new URL('../../openapi/v1.json', import.meta.url)

export interface MediaType {
  schema?: Record<string, unknown>
}
export interface HeaderObject {
  required?: boolean
  schema: Record<string, unknown>
}
export interface ResponseObject {
  description: string
  headers?: Record<string, HeaderObject>
  content?: Record<string, MediaType>
}
export interface ParameterObject {
  in: 'path' | 'query' | 'header' | 'cookie'
  name: string
  required?: boolean
  schema: Record<string, unknown>
}
export interface OperationObject {
  operationId: string
  parameters?: ParameterObject[]
  requestBody?: { required?: boolean; content: Record<string, MediaType> }
  responses: Record<string, ResponseObject>
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>
  components?: Record<string, Record<string, unknown>>
}

export interface Operation {
  method: string
  /** The OpenAPI path template, e.g. /api/v1/proposals/{id}. */
  path: string
  operation: OperationObject
  pattern: RegExp
}

let document: OpenApiDocument | undefined

/** The committed document (openapi/v1.json; its own test keeps it equal to what the routes generate). */
export function openApiDocument(): OpenApiDocument {
  document ??= JSON.parse(fs.readFileSync(OPENAPI_DOCUMENT_FILE, 'utf8')) as OpenApiDocument
  return document
}

const SCHEMA_REF = /^#\/components\/schemas\/([A-Za-z0-9]+)$/

/** `value` with every `$ref` to a named schema replaced by that schema (they are not recursive). */
function inlineSchemaRefs(value: unknown, schemas: Record<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((item) => inlineSchemaRefs(item, schemas))
  if (typeof value !== 'object' || value === null) return value
  const ref = (value as { $ref?: unknown }).$ref
  const name = typeof ref === 'string' ? SCHEMA_REF.exec(ref)?.[1] : undefined
  if (name !== undefined) {
    if (!(name in schemas)) throw new Error(`the OpenAPI document refers to a missing schema: ${String(ref)}`)
    return inlineSchemaRefs(schemas[name], schemas)
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, inlineSchemaRefs(item, schemas)]))
}

let operations: Operation[] | undefined

/** The document's operations, their named schemas inlined (the fuzzer draws values from them). */
export function openApiOperations(): Operation[] {
  operations ??= Object.entries(inlineSchemaRefs(openApiDocument().paths, openApiDocument().components?.schemas ?? {}) as OpenApiDocument['paths']).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      operation,
      pattern: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '([^/]*)')}$`),
    })),
  )
  return operations
}

/** The operation answering `method` on `pathname` (HEAD is answered by the GET), if any. */
export function findOperation(method: string, pathname: string): Operation | undefined {
  const wanted = method === 'HEAD' ? 'GET' : method
  const candidates = openApiOperations().filter((candidate) => {
    const match = candidate.method === wanted ? candidate.pattern.exec(pathname) : null
    // As the router: a parameter may be empty (then validation answers), must decode, and is at
    // most 100 characters long (maxParamLength).
    return match !== null && match.slice(1).every(routable)
  })
  // A static segment wins over a parameter, as in the router.
  return candidates.sort((a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0))[0]
}

function routable(segment: string): boolean {
  try {
    return decodeURIComponent(segment).length <= 100
  } catch {
    return false
  }
}

function makeAjv(): Ajv2020 {
  // OpenAPI 3.1 schemas are JSON Schema 2020-12. Not strict: OpenAPI annotations (example) are not keywords.
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true })
  addFormats(ajv)
  // Vendoc's own string formats, with the same meaning as in the request validator.
  ajv.addFormat('cpf-or-cnpj', { type: 'string', validate: (value: string) => parseDocument(value) !== null })
  ajv.addFormat('cpf', { type: 'string', validate: (value: string) => parseDocument(value)?.type === 'cpf' })
  ajv.addFormat('cep', { type: 'string', validate: (value: string) => /^\d{5}-?\d{3}$/.test(value) })
  ajv.addFormat('webhook-url', { type: 'string', validate: hasWebhookUrlForm })
  ajv.addFormat('binary', true)
  return ajv
}

let ajv: Ajv2020 | undefined
const compiled = new Map<string, ValidateFunction>()

function validatorFor(key: string, schema: Record<string, unknown>): ValidateFunction {
  let validate = compiled.get(key)
  if (!validate) {
    ajv ??= makeAjv()
    // The operations' schemas have their named schemas inlined (openApiOperations).
    validate = ajv.compile(schema)
    compiled.set(key, validate)
  }
  return validate
}

/** The problem schema, for answers no operation owns (a path no route answers). */
function problemSchema(): Record<string, unknown> {
  for (const candidate of openApiOperations()) {
    const schema = candidate.operation.responses['401']?.content?.['application/problem+json']?.schema
    if (schema) return schema
  }
  throw new Error('the OpenAPI document has no problem schema')
}

const JSON_TYPES = new Set(['application/json', 'application/problem+json'])

/** How many responses were checked in this process (see test-app.ts for where the count goes). */
export const contractStats = { validated: 0, reported: 0 }

export class ContractViolation extends Error {
  override name = 'ContractViolation'
}

function ajvText(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`).join('; ')
}

function fail(where: string, status: number, message: string, body: string): never {
  throw new ContractViolation(`OpenAPI contract broken by ${where} → ${status}: ${message}\nbody: ${body.slice(0, 600)}`)
}

/**
 * Checks one response against the document; throws a ContractViolation when it breaks it.
 * Returns false for responses outside the API (not checked).
 */
export function checkApiResponse(method: string, url: string, response: LightMyRequestResponse): boolean {
  // The path as the router reads it: a formatted CNPJ's `/` sent unencoded is one segment (app.ts).
  const pathname = withEncodedCnpjSlash(url).split('?')[0]!
  if (!/^\/api\/v1(\/|$)/.test(pathname)) return false
  const status = response.statusCode
  const body = response.body ?? ''
  const contentType = String(response.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
  if (method === 'OPTIONS') {
    // The CORS preflight, the only route the document leaves out on purpose.
    if (status !== 204 || body !== '') fail(`OPTIONS ${pathname}`, status, 'a preflight answers 204 without a body', body)
    contractStats.validated++
    return true
  }
  const found = findOperation(method, pathname)
  if (!found) {
    // No operation: the problem of an unknown route or of a method its path does not answer (405,
    // with Allow) — or of its body, which Fastify parses before its not-found handler runs
    // (malformed JSON, too large, not JSON).
    const where = `${method} ${pathname} (no operation)`
    const allowed: Record<number, string> = { 404: 'route_not_found', 405: 'method_not_allowed', 400: 'malformed_json', 413: 'payload_too_large', 415: 'unsupported_media_type' }
    if (!allowed[status] || contentType !== 'application/problem+json') fail(where, status, `an unknown route must answer 404 or 405 (or a body error) as application/problem+json, got ${contentType || 'no content type'}`, body)
    checkProblem(where, status, body, problemSchema(), allowed[status], [allowed[status]!])
    if (response.headers['x-request-id'] === undefined) fail(where, status, 'required header X-Request-Id is missing', body)
    if (status === 405 && !/^[A-Z]+(, [A-Z]+)*$/.test(String(response.headers.allow ?? ''))) fail(where, status, `a 405 must list the methods in Allow, got ${String(response.headers.allow)}`, body)
    contractStats.validated++
    return true
  }
  const { operation } = found
  const where = `${method} ${pathname} (${operation.operationId})`
  const declared = operation.responses[String(status)] ?? operation.responses[`${String(status)[0]}XX`] ?? operation.responses.default
  if (!declared) fail(where, status, `status not declared (declared: ${Object.keys(operation.responses).join(', ')})`, body)
  checkHeaders(where, status, declared, response, `${found.method} ${found.path} ${status}`)
  const content = declared.content ?? {}
  if (body === '' && (method === 'HEAD' || status === 204 || status === 304 || Object.keys(content).length === 0)) {
    if (Object.keys(content).length > 0 && method !== 'HEAD') fail(where, status, `empty body where the document declares ${Object.keys(content).join(', ')}`, body)
    contractStats.validated++
    return true
  }
  if (Object.keys(content).length === 0) fail(where, status, `a body (${contentType}) where the document declares none`, body)
  const media = content[contentType]
  if (!media) fail(where, status, `content type ${contentType || '(none)'} not declared (declared: ${Object.keys(content).join(', ')})`, body)
  if (JSON_TYPES.has(contentType) && method !== 'HEAD') {
    let parsed: unknown
    try {
      parsed = JSON.parse(body)
    } catch {
      fail(where, status, 'the body is not JSON', body)
    }
    const key = `${found.method} ${found.path} ${status} ${contentType}`
    if (contentType === 'application/problem+json') {
      const codes = [...declared.description.matchAll(/`([a-z_]+)`:/g)].map((match) => match[1]!)
      checkProblem(where, status, body, media.schema ?? {}, undefined, codes, key)
    } else {
      const validate = validatorFor(key, media.schema ?? {})
      if (!validate(parsed)) fail(where, status, `body does not match the schema: ${ajvText(validate.errors)}`, body)
    }
  }
  contractStats.validated++
  return true
}

/**
 * The headers the API defines (not HTTP's own, CORS or the security headers every answer gets): an
 * answer may carry one only where its response declares it, and every header declared `required`
 * must be there, valid against its schema.
 */
const API_HEADER = /^(x-request-id|ratelimit-.+|retry-after|location|link|idempotent-replayed|x-quota-.+|etag|content-disposition|x-document-.+|www-authenticate|allow)$/

function checkHeaders(where: string, status: number, declared: ResponseObject, response: LightMyRequestResponse, key: string): void {
  const documented = new Map(Object.entries(declared.headers ?? {}).map(([name, header]) => [name.toLowerCase(), { name, header }]))
  for (const name of Object.keys(response.headers)) {
    if (API_HEADER.test(name) && !documented.has(name)) fail(where, status, `header ${name} is not declared for this status (declared: ${[...documented.values()].map((entry) => entry.name).join(', ')})`, response.body ?? '')
  }
  for (const [lower, { name, header }] of documented) {
    const value = response.headers[lower]
    if (value === undefined) {
      if (header.required) fail(where, status, `required header ${name} is missing`, response.body ?? '')
      continue
    }
    const text = String(value)
    const typed = header.schema.type === 'integer' && /^-?\d+$/.test(text) ? Number(text) : text
    const validate = validatorFor(`${key} header ${lower}`, header.schema)
    if (!validate(typed)) fail(where, status, `header ${name}: ${JSON.stringify(text)} does not match its schema: ${ajvText(validate.errors)}`, response.body ?? '')
  }
}

/** A problem body: the schema, its `status` equal to the HTTP status, and a code the operation documents for it. */
function checkProblem(where: string, status: number, body: string, schema: Record<string, unknown>, expectedCode: string | undefined, documentedCodes: string[], key = 'problem'): void {
  let problem: { code?: string; status?: number }
  try {
    problem = JSON.parse(body) as typeof problem
  } catch {
    fail(where, status, 'the problem body is not JSON', body)
  }
  const validate = validatorFor(key, schema)
  if (!validate(problem)) fail(where, status, `problem does not match the schema: ${ajvText(validate.errors)}`, body)
  if (problem.status !== status) fail(where, status, `problem.status is ${problem.status}`, body)
  const code = problem.code as keyof typeof ERROR_CODES
  if (ERROR_CODES[code]?.status !== status) fail(where, status, `code ${code} is documented with status ${ERROR_CODES[code]?.status}`, body)
  if (expectedCode && code !== expectedCode) fail(where, status, `expected code ${expectedCode}, got ${code}`, body)
  if (!documentedCodes.includes(code)) fail(where, status, `code ${code} is not among the codes documented for this status (${documentedCodes.join(', ')})`, body)
}

/** The request line of a response produced by light-my-request (inject). */
export function requestOf(response: LightMyRequestResponse): { method: string; url: string } | undefined {
  const request = (response.raw as unknown as { req?: { method?: string; url?: string } }).req
  return request?.method && request.url ? { method: request.method, url: request.url } : undefined
}
