// Requests for one OpenAPI operation: generated ones (fast-check, from the parameter and body
// schemas) and fixed batteries of hostile forms (huge, deep, invalid UTF-8, over the body limit,
// wrong content types, odd path parameters).
import fc from 'fast-check'
import { withoutLoneSurrogates } from '../../../src/platform/storable-text.js'
import type { Operation, ParameterObject } from '../../support/openapi-contract.js'
import { fuzzValue, HOSTILE_STRINGS, invalid, MASS_ASSIGNMENT_FIELDS, validish, type Hints, type Schema } from './fuzz-schema-values.js'

export interface FuzzRequest {
  /** What the case is, for failure messages and counts. */
  label: string
  method: string
  url: string
  headers: Record<string, string>
  payload?: string | Buffer
}

const BODY_LIMIT = 1024 * 1024

/** Path parameters in forms a router, a parser or a database might trip on. */
export const ODD_PATH_PARAMS = [
  '0', '-1', '1.5', '1e3', '+1', '0x1f', '01', '%201', '1%20', '%20', '1%09', '99999999999999999999', '9223372036854775808', '-9223372036854775809',
  'null', 'undefined', 'NaN', 'Infinity', 'true', '[]', '%7B%7D', '%00', '1%00', '%2e%2e', '..', '.', '%2F', 'a%2Fb', '%5C', "'", '%22',
  "1'%20OR%20'1'='1", '1;DROP%20TABLE%20proposals', '%zz', '%', '%C0%AF', '%FF', encodeURIComponent('😀'), encodeURIComponent('ＡＢＣ'),
  'x'.repeat(100), 'x'.repeat(101), '1'.repeat(5000), '00000000-0000-0000-0000-000000000000', '__proto__', 'constructor',
]

/** Content types other than JSON, and JSON spelled in ways a parser might not expect. */
export const CONTENT_TYPES = [
  'text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json-patch+json',
  'application/jsonx', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'APPLICATION/JSON', 'application/octet-stream', '',
]

function pathParameters(operation: Operation): ParameterObject[] {
  return (operation.operation.parameters ?? []).filter((parameter) => parameter.in === 'path')
}

function queryParameters(operation: Operation): ParameterObject[] {
  return (operation.operation.parameters ?? []).filter((parameter) => parameter.in === 'query')
}

export function bodySchema(operation: Operation): Schema | undefined {
  return operation.operation.requestBody?.content['application/json']?.schema as Schema | undefined
}

export function fillPath(operation: Operation, values: Record<string, string>): string {
  return operation.path.replace(/\{([^}]+)\}/g, (_match, name: string) => values[name] ?? '1')
}

/** A URL carries UTF-8, where a lone surrogate cannot exist: it goes as U+FFFD. */
function encode(text: string): string {
  return encodeURIComponent(withoutLoneSurrogates(text))
}

function queryString(entries: Array<[string, unknown]>): string {
  const parts: string[] = []
  for (const [name, value] of entries) {
    if (value === undefined) continue
    const values = Array.isArray(value) ? value : [value]
    for (const item of values) parts.push(`${encode(name)}=${encode(typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item))}`)
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`
}

function jsonHeaders(auth: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
  return { ...auth, 'content-type': 'application/json', ...extra }
}

/** One generated request: every parameter and the body drawn from their schemas (or broken). */
export function requestArbitrary(operation: Operation, hints: Hints, auth: Record<string, string>): fc.Arbitrary<FuzzRequest> {
  const path = fc.record(
    Object.fromEntries(
      pathParameters(operation).map((parameter) => {
        const known = (hints[`path:${parameter.name}`] ?? []).map(String)
        const odd = fc.constantFrom(...ODD_PATH_PARAMS)
        const random = fc.string({ minLength: 1, maxLength: 120, unit: 'grapheme' }).map(encode)
        const value = known.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 2, arbitrary: odd }, { weight: 1, arbitrary: random }) : fc.oneof(odd, random)
        return [parameter.name, value]
      }),
    ),
  ) as fc.Arbitrary<Record<string, string>>
  const query = fc.tuple(
    ...queryParameters(operation).map((parameter) => fc.option(fuzzValue(parameter.schema as Schema, hints), { nil: undefined, freq: 2 }).map((value) => [parameter.name, value] as [string, unknown])),
    // An unknown query parameter in one request of five (each is a 422: queries are strict).
    fc.oneof(
      { weight: 4, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...MASS_ASSIGNMENT_FIELDS, 'unknown', 'page[]', 'a.b', ''), fc.constantFrom(...HOSTILE_STRINGS)) },
    ),
  )
  const idempotency = operation.method === 'POST'
    ? fc.option(fc.oneof(fc.stringMatching(/^[\x21-\x7E]{1,40}$/), fc.constantFrom('', ' ', 'has space', 'x'.repeat(256), 'é')), { nil: undefined, freq: 3 })
    : fc.constant(undefined)
  const schema = bodySchema(operation)
  const body: fc.Arbitrary<{ payload?: string; contentType?: string; kind: string }> = schema
    ? fc.oneof(
        { weight: 6, arbitrary: validish(schema, hints).map((value) => ({ payload: JSON.stringify(value), kind: 'validish body' })) },
        { weight: 6, arbitrary: invalid(schema, hints).map((value) => ({ payload: JSON.stringify(value) ?? '', kind: 'broken body' })) },
        { weight: 1, arbitrary: fc.constant({ kind: 'no body' }) },
        { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((text) => ({ payload: text, kind: 'text as JSON' })) },
        { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...CONTENT_TYPES), fc.jsonValue({ maxDepth: 2 })).map(([contentType, value]) => ({ payload: JSON.stringify(value) ?? 'null', contentType, kind: 'other content type' })) },
      )
    : fc.oneof(
        { weight: 7, arbitrary: fc.constant({ kind: 'no body' }) },
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((value) => ({ payload: JSON.stringify(value) ?? 'null', kind: 'unexpected body' })) },
        { weight: 1, arbitrary: fc.string({ maxLength: 50 }).map((text) => ({ payload: text, kind: 'unexpected text as JSON' })) },
        { weight: 1, arbitrary: fc.constantFrom(...CONTENT_TYPES).map((contentType) => ({ payload: '{}', contentType, kind: 'unexpected body, other content type' })) },
      )
  return fc.tuple(path, query, idempotency, body).map(([pathValues, queryEntries, key, { payload, contentType, kind }]) => {
    const headers = payload === undefined ? { ...auth } : jsonHeaders(auth, contentType === undefined ? {} : { 'content-type': contentType })
    if (headers['content-type'] === '') delete headers['content-type']
    if (key !== undefined) headers['idempotency-key'] = key
    const entries = queryEntries.filter((entry): entry is [string, unknown] => entry !== undefined)
    return { label: kind, method: operation.method, url: `${fillPath(operation, pathValues)}${queryString(entries)}`, headers, ...(payload === undefined ? {} : { payload }) }
  })
}

/** The first property path in the schema that holds a string (for huge and invalid UTF-8 values). */
function stringField(schema: Schema, prefix: string[] = []): string[] | undefined {
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const kinds = Array.isArray(property.type) ? property.type : [property.type]
    if (kinds.includes('string') && !property.enum) return [...prefix, name]
  }
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const nested = property.properties ? stringField(property, [...prefix, name]) : undefined
    if (nested) return nested
  }
  return undefined
}

function setAt(base: Record<string, unknown>, path: string[], marker: string): string {
  const copy = structuredClone(base)
  let node = copy
  for (const name of path.slice(0, -1)) node = (node[name] ??= {}) as Record<string, unknown>
  node[path.at(-1)!] = marker
  return JSON.stringify(copy)
}

/** A fixed battery of hostile bodies for an operation that takes one. */
export function hostileBodies(operation: Operation, url: string, auth: Record<string, string>, sample: Record<string, unknown>): FuzzRequest[] {
  const schema = bodySchema(operation)
  if (!schema) return []
  const field = stringField(schema) ?? ['unknown_field']
  const MARK = '\u0001MARK\u0001'
  const withValue = (text: string) => setAt(sample, field, MARK).replace(JSON.stringify(MARK), text)
  const deepArray = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`
  const deepObject = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`
  const request = (label: string, payload: string | Buffer, headers: Record<string, string> = jsonHeaders(auth)): FuzzRequest => ({ label, method: operation.method, url, headers, payload })
  const invalidUtf8 = (bytes: number[]) => {
    const [before, after] = withValue(`"${MARK}"`).split(MARK) as [string, string]
    return Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)])
  }
  const prepend = (member: string) => {
    const json = JSON.stringify(sample)
    return json === '{}' ? `{${member}}` : json.replace(/^\{/, `{${member},`)
  }
  const cases: FuzzRequest[] = [
    request('1 MB string in a field', withValue(JSON.stringify('x'.repeat(1_000_000)))),
    request('1 MB of multi-byte characters in a field', withValue(JSON.stringify('é'.repeat(400_000)))),
    request('100,000-element array in a field', withValue(`[${new Array(100_000).fill(0).join(',')}]`)),
    request('100,000-element array as the body', `[${new Array(100_000).fill('{}').join(',')}]`),
    request('50,000 unknown fields', `{${Array.from({ length: 50_000 }, (_, index) => `"f${index}":0`).join(',')}}`),
    request('array nested 10,000 levels', deepArray(10_000)),
    request('object nested 10,000 levels', deepObject(10_000)),
    request('array nested 10,000 levels in a field', withValue(deepArray(10_000))),
    request('object nested 10,000 levels in a field', withValue(deepObject(10_000))),
    request('array nested 200,000 levels', deepArray(200_000)),
    request('invalid UTF-8 (lone continuation and 0xFF)', invalidUtf8([0x80, 0xff, 0xfe])),
    request('invalid UTF-8 (truncated sequence)', invalidUtf8([0xe2, 0x82])),
    request('invalid UTF-8 (overlong slash)', invalidUtf8([0xc0, 0xaf])),
    request('invalid UTF-8 (UTF-16 surrogate encoded)', invalidUtf8([0xed, 0xa0, 0x80])),
    request('NUL in a field', withValue('"a\\u0000b"')),
    request('lone surrogate escape in a field', withValue('"\\ud800"')),
    request('body one byte over the limit', JSON.stringify({ padding: 'x'.repeat(BODY_LIMIT - 14 + 1) })),
    request('body far over the limit', Buffer.alloc(3 * BODY_LIMIT, 0x20)),
    request('empty body', ''),
    request('whitespace body', '   \n'),
    request('null body', 'null'),
    request('string body', '"text"'),
    request('number body', '1'),
    request('array body', '[]'),
    request('truncated JSON', JSON.stringify(sample).slice(0, -1)),
    request('trailing garbage', `${JSON.stringify(sample)}xyz`),
    request('BOM before JSON', `\uFEFF${JSON.stringify(sample)}`),
    request('duplicate keys', prepend('"notes":"a","notes":"b"')),
    request('__proto__ key', prepend('"__proto__":{"polluted":true}')),
    request('constructor.prototype key', prepend('"constructor":{"prototype":{"polluted":true}}')),
    request('number overflowing to Infinity', withValue('1e999')),
    request('number underflowing to 0', withValue('1e-999')),
    request('content-length shorter than the body', JSON.stringify(sample), { ...jsonHeaders(auth), 'content-length': '2' }),
    ...CONTENT_TYPES.map((contentType) => request(`content type "${contentType}"`, JSON.stringify(sample), contentType === '' ? { ...auth } : { ...auth, 'content-type': contentType })),
  ]
  return cases
}
