// Request validation. Bodies are validated strictly (no type coercion, unknown fields rejected,
// every error reported); path and query parameters are strings on the wire, so they are coerced.
// AJV's errors become FieldErrors with JSON pointers an integrator can act on.
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { FastifySchemaCompiler } from 'fastify'
import { parseDocument } from '../../modules/customers/brazilian-documents.js'
import { hasWebhookUrlForm } from '../../modules/webhooks/webhook-url-policy.js'
import type { FieldError } from '../errors.js'
import { hasLoneSurrogate } from '../storable-text.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv, formats?: string[]) => Ajv

/** Custom string formats, shared by validation and documented in OpenAPI. */
const FORMATS = {
  'cpf-or-cnpj': (value: string) => parseDocument(value) !== null,
  cpf: (value: string) => parseDocument(value)?.type === 'cpf',
  cep: (value: string) => /^\d{5}-?\d{3}$/.test(value),
  'webhook-url': hasWebhookUrlForm,
}

const FORMAT_MESSAGES: Record<string, string> = {
  'cpf-or-cnpj': 'must be a valid CPF or CNPJ (digits, punctuation optional; check digits must match)',
  cpf: 'must be a valid CPF (check digits must match)',
  cep: 'must be a CEP like 01310-100',
  'webhook-url': 'must be an absolute http:// or https:// URL naming a host, without a user name, password or #fragment',
  email: 'must be a valid e-mail address',
  date: 'must be a real calendar date YYYY-MM-DD',
  'date-time': 'must be an ISO 8601 date-time',
  uuid: 'must be a UUID',
}

function makeAjv(options: Options): Ajv {
  // verbose: errors carry their schema, so messages can say what was expected (never sent to clients as is).
  const ajv = new Ajv({ allErrors: true, strict: false, removeAdditional: false, useDefaults: true, verbose: true, ...options })
  addFormats(ajv, ['email', 'date', 'date-time', 'uuid', 'uri'])
  for (const [name, validate] of Object.entries(FORMATS)) ajv.addFormat(name, { type: 'string', validate })
  // OpenAPI-only annotations used in schemas.
  ajv.addKeyword({ keyword: 'example' })
  return ajv
}

/**
 * What no database stores as sent: U+0000 (PostgreSQL text refuses it — the query fails — while
 * SQLite keeps it) and half of a UTF-16 surrogate pair (JSON's "\ud800" escape; UTF-8 cannot
 * hold it, so it would be stored as U+FFFD and read back different from what was sent).
 */
function unstorableIn(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain NUL (U+0000) characters'
  if (hasLoneSurrogate(text)) return 'must not contain unpaired UTF-16 surrogates (U+D800 to U+DFFF)'
  return undefined
}

/**
 * Every string of `value` holding an unstorable character, as an AJV error at its JSON pointer.
 * Iterative, not recursive: a body nested 10,000 levels deep (well under the size limit) must not
 * overflow the call stack.
 */
function unstorableErrors(value: unknown): ErrorObject[] {
  const found: ErrorObject[] = []
  const pending: Array<[unknown, string]> = [[value, '']]
  while (pending.length > 0) {
    const [item, path] = pending.pop()!
    if (typeof item === 'string') {
      const message = unstorableIn(item)
      if (message) found.push({ instancePath: path, schemaPath: '#', keyword: 'unstorable', params: {}, message })
    } else if (item !== null && typeof item === 'object') {
      const entries = Array.isArray(item) ? item.map((child, index) => [String(index), child] as const) : Object.entries(item)
      // Pushed in reverse so that they are visited in document order.
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, child] = entries[index]!
        pending.push([child, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`])
      }
    }
  }
  return found
}

/** The cheap pass run on every body: no JSON pointers are built unless something is found. */
function holdsUnstorable(value: unknown): boolean {
  const pending: unknown[] = [value]
  while (pending.length > 0) {
    const item = pending.pop()
    if (typeof item === 'string') {
      if (unstorableIn(item)) return true
    } else if (item !== null && typeof item === 'object') {
      for (const child of Array.isArray(item) ? item : Object.values(item)) pending.push(child)
    }
  }
  return false
}

/** A body string with an unstorable character is a validation error, the same on both dialects. */
function rejectingUnstorable(validate: ValidateFunction): ValidateFunction {
  const wrapped = ((data: unknown) => {
    const valid = validate(data)
    wrapped.errors = [...(valid ? [] : (validate.errors ?? [])), ...(holdsUnstorable(data) ? unstorableErrors(data) : [])]
    return wrapped.errors.length === 0
  }) as ValidateFunction
  return wrapped
}

export function validatorCompilers(): FastifySchemaCompiler<unknown> {
  const strict = makeAjv({ coerceTypes: false })
  const coercing = makeAjv({ coerceTypes: 'array' })
  // Query strings are refused so too (a filter holding U+0000 failed PostgreSQL's query with a 500);
  // path parameters are not: a reference that can name nothing is a 404, like a missing one.
  return ({ schema, httpPart }) => {
    if (httpPart === 'body') return rejectingUnstorable(strict.compile(schema as object)) as never
    const validate = coercing.compile(schema as object)
    return (httpPart === 'querystring' ? rejectingUnstorable(validate) : validate) as never
  }
}

function messageFor(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return 'is required'
    case 'additionalProperties': {
      // Free-form maps (template fields) restrict names by pattern rather than listing them.
      const patterns = Object.keys((error.parentSchema as { patternProperties?: object } | undefined)?.patternProperties ?? {})
      return patterns.length > 0 ? `is not a valid name (must match ${patterns.join(' or ')})` : 'is not a known field'
    }
    case 'format':
      return FORMAT_MESSAGES[String(error.params.format)] ?? `must match format ${String(error.params.format)}`
    case 'type':
      return `must be ${String(error.params.type).replace(',', ' or ')}`
    case 'enum':
      return `must be one of: ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`
    case 'const':
      return `must be ${JSON.stringify(error.params.allowedValue)}`
    default:
      return error.message ?? 'is invalid'
  }
}

function pathFor(error: ErrorObject): string {
  if (error.keyword === 'required') return `${error.instancePath}/${String(error.params.missingProperty)}`
  if (error.keyword === 'additionalProperties') return `${error.instancePath}/${String(error.params.additionalProperty)}`
  return error.instancePath === '' ? '/' : error.instancePath
}

const PART: Record<string, FieldError['in']> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' }

export function fieldErrorsFromAjv(errors: ErrorObject[], context: string): FieldError[] {
  const location = PART[context] ?? 'body'
  const seen = new Set<string>()
  const result: FieldError[] = []
  for (const error of errors) {
    // anyOf/oneOf wrappers repeat what their branches already said.
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf' || error.keyword === 'if') continue
    const fieldError = { in: location, path: pathFor(error), message: messageFor(error) }
    const key = `${fieldError.path} ${fieldError.message}`
    if (!seen.has(key)) {
      seen.add(key)
      result.push(fieldError)
    }
  }
  return result
}
