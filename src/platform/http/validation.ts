// Request validation. Bodies are validated strictly (no type coercion, unknown fields rejected,
// every error reported); path and query parameters are strings on the wire, so they are coerced.
// AJV's errors become FieldErrors with JSON pointers an integrator can act on.
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { FastifySchemaCompiler } from 'fastify'
import { parseDocument } from '../../modules/customers/brazilian-documents.js'
import type { FieldError } from '../errors.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv, formats?: string[]) => Ajv

/** Custom string formats, shared by validation and documented in OpenAPI. */
const FORMATS = {
  'cpf-or-cnpj': (value: string) => parseDocument(value) !== null,
  cpf: (value: string) => parseDocument(value)?.type === 'cpf',
  cep: (value: string) => /^\d{5}-?\d{3}$/.test(value),
}

const FORMAT_MESSAGES: Record<string, string> = {
  'cpf-or-cnpj': 'must be a valid CPF or CNPJ (digits, punctuation optional; check digits must match)',
  cpf: 'must be a valid CPF (check digits must match)',
  cep: 'must be a CEP like 01310-100',
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

/** JSON pointers of every string in `value` that holds U+0000. */
function nulPaths(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path === '' ? '/' : path] : []
  if (value === null || typeof value !== 'object') return []
  const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value)
  return entries.flatMap(([key, item]) => nulPaths(item, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`))
}

/**
 * PostgreSQL text cannot hold U+0000 (the query fails), SQLite can: a NUL in any body string is a
 * validation error on both dialects instead of a 500 on one of them.
 */
function rejectingNul(validate: ValidateFunction): ValidateFunction {
  const wrapped = ((data: unknown) => {
    const valid = validate(data)
    const nul: ErrorObject[] = nulPaths(data).map((instancePath) => ({ instancePath, schemaPath: '#', keyword: 'nul', params: {}, message: 'must not contain NUL (U+0000) characters' }))
    wrapped.errors = [...(valid ? [] : (validate.errors ?? [])), ...nul]
    return wrapped.errors.length === 0
  }) as ValidateFunction
  return wrapped
}

export function validatorCompilers(): FastifySchemaCompiler<unknown> {
  const strict = makeAjv({ coerceTypes: false })
  const coercing = makeAjv({ coerceTypes: 'array' })
  return ({ schema, httpPart }) => (httpPart === 'body' ? rejectingNul(strict.compile(schema as object)) : coercing.compile(schema as object)) as never
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
