// fast-check arbitraries derived from the JSON Schemas of the OpenAPI document: values that are
// valid or nearly so (to reach the code behind validation), values at and just past every
// boundary the schema states, wrong types, unknown fields and hostile strings.
import fc from 'fast-check'
import { cnpjCheckDigits, cpfCheckDigits } from '../../../src/modules/customers/brazilian-documents.js'
import { formatCnpj, formatCpf } from '../../support/documents.js'

export type Schema = Record<string, unknown> & {
  type?: string | string[]
  enum?: unknown[]
  format?: string
  pattern?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  minItems?: number
  maxItems?: number
  maxProperties?: number
  items?: Schema
  properties?: Record<string, Schema>
  required?: string[]
  additionalProperties?: boolean | Schema
  patternProperties?: Record<string, Schema>
}

/** Known-good values by property name (the fuzz account's catalogue), so that bodies get past the lookups. */
export type Hints = Record<string, unknown[]>

/** Fields a client must never be able to set; sent as unknown fields now and then. */
export const MASS_ASSIGNMENT_FIELDS = ['id', 'account_id', 'status', 'number', 'created_at', 'updated_at', 'sent_at', 'signed_at', 'used', 'limit', 'quota_limit', 'token_hash', 'secret', 'role', 'plan_code', 'total_cents', 'version', '__proto__', 'constructor']

/** Strings that have broken parsers, databases, templates and logs somewhere. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  "' OR '1'='1' --",
  '"; DROP TABLE proposals; --',
  '<script>alert(1)</script>',
  '{{ 7 * 7 }}{% raw %}',
  '${7*7}',
  '%s%n%x',
  '../../../../etc/passwd',
  '\u202Egnp.exe',
  '\uFEFF\u200B',
  '\u2028\u2029',
  '😀👨‍👩‍👧‍👦',
  '\uD800',
  'ＡＢＣ',
  'İı',
  '1e309',
  '-0',
  'NaN',
  'null',
  'true',
  '0x10',
  ' 42 ',
]

function types(schema: Schema): string[] {
  if (Array.isArray(schema.type)) return schema.type
  if (typeof schema.type === 'string') return [schema.type]
  if (schema.enum) return [...new Set(schema.enum.map((value) => (value === null ? 'null' : typeof value)))]
  return ['string']
}

function pad(text: string, length: number, filler = 'x'): string {
  return text.length >= length ? text.slice(0, length) : text + filler.repeat(length - text.length)
}

// Valid documents built from generated digits, so that a failing case replays from its seed.
const notAllSame = (digits: string) => !/^(.)\1*$/.test(digits)
const cpf = fc.stringMatching(/^\d{9}$/).filter(notAllSame).map((base) => `${base}${cpfCheckDigits(base)}`)
const cnpj = fc.stringMatching(/^\d{8}$/).filter(notAllSame).map((root) => `${root}0001${cnpjCheckDigits(`${root}0001`)}`)

function formatted(format: string): fc.Arbitrary<string> | undefined {
  switch (format) {
    case 'date':
      // The calendar's ends too: a bound computed from 9999-12-31 falls in year 10000 (it gave a 500 on PostgreSQL).
      return fc.oneof(
        { weight: 4, arbitrary: fc.date({ min: new Date('1900-01-01'), max: new Date('2200-12-31'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)) },
        { weight: 1, arbitrary: fc.constantFrom('0000-01-01', '0001-01-01', '1969-12-31', '1970-01-01', '9999-12-31') },
      )
    case 'date-time':
      return fc.oneof(
        { weight: 4, arbitrary: fc.date({ min: new Date('1900-01-01'), max: new Date('2200-12-31'), noInvalidDate: true }).map((date) => date.toISOString()) },
        { weight: 1, arbitrary: fc.constantFrom('0000-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59-03:00') },
      )
    case 'email':
      return fc.emailAddress().filter((email) => email.length <= 254)
    case 'uuid':
      return fc.uuid()
    case 'uri':
    case 'webhook-url':
      return fc.constantFrom('https://hooks.example.com/vendoc', 'http://127.0.0.1:9/hook', 'https://[::1]/x', 'ftp://example.com/', 'https://example.com/' + 'a'.repeat(3000))
    case 'cpf':
      return fc.oneof(cpf, cpf.map(formatCpf))
    case 'cpf-or-cnpj':
      return fc.oneof(cpf, cpf.map(formatCpf), cnpj, cnpj.map(formatCnpj))
    case 'cep':
      return fc.constantFrom('01310-100', '01310100', '99999-999')
    default:
      return undefined
  }
}

function stringValue(schema: Schema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0
  const max = Math.min(schema.maxLength ?? 60, 60)
  const byFormat = schema.format ? formatted(schema.format) : undefined
  if (byFormat) return byFormat
  if (schema.pattern) {
    return fc.stringMatching(new RegExp(schema.pattern)).map((text) => pad(text, Math.max(min, Math.min(text.length, schema.maxLength ?? text.length)), '1'))
  }
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength: min, maxLength: Math.max(min, max) }) },
    { weight: 2, arbitrary: fc.string({ minLength: min, maxLength: Math.max(min, max), unit: 'grapheme' }) },
    { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_STRINGS).map((text) => pad(text, Math.max(min, Math.min(text.length, schema.maxLength ?? 1e9)))) },
  )
}

function numberValue(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + (integer ? 1 : 0.001) : -1_000_000)
  const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - (integer ? 1 : 0.001) : 1_000_000)
  // Small values near zero; a range that starts above 50 (an HTTP status, 100–599) takes its first 56.
  const low = Math.ceil(Math.max(min, -5))
  const high = Math.floor(Math.min(max, 50))
  const small = fc.integer({ min: low, max: high >= low ? high : Math.floor(Math.min(max, low + 55)) })
  if (integer) return fc.oneof({ weight: 3, arbitrary: small }, { weight: 1, arbitrary: fc.integer({ min: Math.ceil(Math.max(min, -(2 ** 31))), max: Math.floor(Math.min(max, 2 ** 31)) }) })
  return fc.oneof(small, fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((value) => Math.round(value * 1000) / 1000))
}

/** A value the schema accepts, or nearly: optional fields come and go, hints stand in for IDs. */
export function validish(schema: Schema, hints: Hints = {}, depth = 0): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum)
  const options = types(schema).map((type): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'null':
        return fc.constant(null)
      case 'boolean':
        return fc.boolean()
      case 'integer':
        return numberValue(schema, true)
      case 'number':
        return numberValue(schema, false)
      case 'string':
        return stringValue(schema)
      case 'array': {
        const item = schema.items ?? {}
        return fc.array(validish(item, hints, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, depth > 1 ? 2 : 4) })
      }
      case 'object':
        return objectValue(schema, hints, depth)
      default:
        return fc.constant(null)
    }
  })
  return options.length === 1 ? options[0]! : fc.oneof(...options)
}

function objectValue(schema: Schema, hints: Hints, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {}
  const model: Record<string, fc.Arbitrary<unknown>> = {}
  for (const [name, property] of Object.entries(properties)) {
    const hinted = hints[name]
    model[name] = hinted && hinted.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...hinted) }, { weight: 1, arbitrary: validish(property, hints, depth + 1) }) : validish(property, hints, depth + 1)
  }
  // Free-form maps (template fields): a few names that fit, now and then one that does not.
  const free =
    schema.additionalProperties && typeof schema.additionalProperties === 'object'
      ? fc.dictionary(fc.stringMatching(/^[a-z_][a-z0-9_]{0,20}$/), validish(schema.additionalProperties, hints, depth + 1), { maxKeys: 3 })
      : fc.constant({})
  return fc.tuple(fc.record(model, { requiredKeys: schema.required?.filter((name) => name in model) ?? [] }), free).map(([known, extra]) => ({ ...extra, ...known }))
}

/** A value that breaks the schema: a wrong type, a boundary just past a limit, an unknown field. */
export function invalid(schema: Schema, hints: Hints = {}): fc.Arbitrary<unknown> {
  const kinds = types(schema)
  const wrongTypes: unknown[] = [null, true, 0, -1, 1.5, 2 ** 53 + 2, 1e308, -1e308, '', '1', 'abc', [], [1], {}, { a: 1 }].filter((value) => {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value
    return !kinds.includes(kind) && !(kind === 'integer' && kinds.includes('number'))
  })
  const options: fc.Arbitrary<unknown>[] = []
  if (wrongTypes.length > 0) options.push(fc.constantFrom(...wrongTypes))
  if (schema.enum) options.push(fc.constantFrom('not-in-enum', 'PAPER', ' paper', 0))
  if (kinds.includes('string')) {
    const limits: string[] = []
    if (schema.minLength !== undefined && schema.minLength > 0) limits.push('x'.repeat(schema.minLength - 1))
    if (schema.maxLength !== undefined) limits.push('x'.repeat(schema.maxLength + 1), 'é'.repeat(schema.maxLength + 1))
    if (schema.format || schema.pattern) limits.push('not a valid value', '2026-02-30', '11.111.111/1111-11', '111.111.111-11', '00000-00', 'a@', '\u0000')
    limits.push('x'.repeat(100_000))
    options.push(fc.constantFrom(...limits))
  }
  if (kinds.includes('integer') || kinds.includes('number')) {
    const limits: number[] = [2 ** 63, -(2 ** 63), 9_007_199_254_740_993]
    if (schema.minimum !== undefined) limits.push(schema.minimum - 1, schema.minimum - 0.5)
    if (schema.maximum !== undefined) limits.push(schema.maximum + 1, schema.maximum + 0.001)
    if (schema.exclusiveMinimum !== undefined) limits.push(schema.exclusiveMinimum, schema.exclusiveMinimum - 1)
    if (kinds.includes('integer')) limits.push(1.5, 0.1)
    else limits.push(0.0001, 1.23456789)
    options.push(fc.constantFrom(...limits))
  }
  if (kinds.includes('array')) {
    const item = validish(schema.items ?? {}, hints, 2)
    const tooMany = (schema.maxItems ?? 1000) + 1
    options.push(fc.array(item, { minLength: 1, maxLength: 2 }).map((some) => Array.from({ length: tooMany }, (_, index) => some[index % some.length])))
    if (schema.minItems) options.push(fc.constant([]))
    options.push(fc.array(invalid(schema.items ?? {}, hints), { minLength: 1, maxLength: 3 }))
  }
  if (kinds.includes('object')) {
    // The object itself, never null: a nullable object's other shapes are the other kinds' options.
    const base = validish(schema, hints, 1).filter((value) => value !== null && typeof value === 'object') as fc.Arbitrary<Record<string, unknown>>
    options.push(fc.tuple(base, fc.constantFrom(...MASS_ASSIGNMENT_FIELDS, 'unknown_field', ''), fc.jsonValue({ maxDepth: 2 })).map(([value, name, extra]) => ({ ...value, [name]: extra })))
    const required = schema.required ?? []
    if (required.length > 0) options.push(fc.tuple(base, fc.constantFrom(...required)).map(([value, name]) => Object.fromEntries(Object.entries(value).filter(([key]) => key !== name))))
    const properties = Object.entries(schema.properties ?? {})
    if (properties.length > 0) {
      options.push(
        fc
          .tuple(base, fc.constantFrom(...properties))
          .chain(([value, [name, property]]) => invalid(property, hints).map((broken) => ({ ...value, [name]: broken }))),
      )
    }
    if (schema.maxProperties !== undefined) options.push(fc.constant(Object.fromEntries(Array.from({ length: schema.maxProperties + 1 }, (_, index) => [`f${index}`, 'x']))))
  }
  return fc.oneof(...options)
}

/** Mostly valid-ish, often broken: the mix every generated field gets. */
export function fuzzValue(schema: Schema, hints: Hints = {}): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: validish(schema, hints) }, { weight: 2, arbitrary: invalid(schema, hints) })
}
