// The response serializer (src/platform/http/serialization.ts): native JSON.stringify in
// production; under the test suite's check, any difference from the schema's own serialization
// fails the request, so the mappers cannot drift from the documented shapes unnoticed.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ResponseShapeError, serializerCompiler } from '../../src/platform/http/serialization.js'

const schema = {
  type: 'object',
  properties: { id: { type: 'integer' }, title: { type: 'string' }, total_cents: { type: 'integer' }, note: { type: ['string', 'null'] } },
  required: ['id', 'title', 'total_cents', 'note'],
}
const route = { schema, method: 'GET', url: '/api/v1/things/:id', httpStatus: '200' }
const conforming = { id: 7, title: 'Proposta — "ação" \u2028 <b>', total_cents: 12345, note: null }

describe('response serialization', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('writes what JSON.stringify writes, without consulting the schema', () => {
    const serialize = serializerCompiler({ checkAgainstSchemas: false })(route as never)
    expect(serialize(conforming)).toBe(JSON.stringify(conforming))
    // Not shaped by the schema: that is the mappers' job, which the check below enforces in tests.
    expect(serialize({ ...conforming, secret: 'x' })).toContain('"secret"')
  })

  it('under the check, passes an answer byte-identical to its schema serialization', () => {
    const serialize = serializerCompiler({ checkAgainstSchemas: true })(route as never)
    expect(serialize(conforming)).toBe(JSON.stringify(conforming))
  })

  it.each([
    ['a property the schema does not list', { ...conforming, secret: 'x' }],
    ['a number sent as a string (a PostgreSQL bigint)', { ...conforming, total_cents: '12345' }],
    ['keys out of the schema order', { title: conforming.title, id: 7, total_cents: 12345, note: null }],
    ['a fraction where the schema says integer', { ...conforming, total_cents: 123.45 }],
  ])('under the check, refuses %s and says where', (_case, answer) => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    const serialize = serializerCompiler({ checkAgainstSchemas: true })(route as never)
    expect(() => serialize(answer)).toThrow(ResponseShapeError)
    expect(() => serialize(answer)).toThrow(/^GET \/api\/v1\/things\/:id \(200\): the answer differs/)
    expect(logged).toHaveBeenCalled()
  })
})
