// The response serializer (src/platform/http/serialization.ts): native JSON.stringify in
// production; under the test suite's check, any difference from the schema's own serialization
// fails the request, so the mappers cannot drift from the documented shapes unnoticed.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { connectDatabase } from '../../src/platform/db/connect.js'
import { migrateToLatest } from '../../src/platform/migrations/index.js'
import { type JsonText, ResponseShapeError, serializerCompiler, spliceJsonText } from '../../src/platform/http/serialization.js'

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

  it('splices JSON written elsewhere between the answer’s parts, bytes as bytes', () => {
    const page = JSON.stringify([conforming, { emoji: '😀', nul: '\u0000' }])
    const before = `{"customer":${JSON.stringify({ name: 'Ação ✓' })},"data":`
    const after = ',"meta":{"page":1}}'
    const expected = `${before}${page}${after}`
    expect(spliceJsonText(before, page, after)).toBe(expected)
    const bytes = spliceJsonText(before, Buffer.from(page), after)
    expect(Buffer.isBuffer(bytes)).toBe(true)
    expect(bytes.toString('utf8')).toBe(expected)
    expect(JSON.parse(bytes.toString('utf8'))).toEqual({ customer: { name: 'Ação ✓' }, data: [conforming, { emoji: '😀', nul: '\u0000' }], meta: { page: 1 } })
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

  it('is on for every app the tests build: the runner sets VENDOC_CHECK_RESPONSES=on, and an answer off its schema becomes a 500', async () => {
    expect(process.env.VENDOC_CHECK_RESPONSES).toBe('on')
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vendoc-serialization-'))
    const config = loadConfig({ DATABASE_URL: `sqlite:${path.join(dir, 'app.sqlite')}`, LOG_LEVEL: 'silent', JOB_POLL_MS: '0', REQUEST_LOG: 'off' })
    const database = connectDatabase(config.database)
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      await migrateToLatest(database.db, database.dialect)
      const app = await buildApp({ config, database })
      app.get('/shape-check/:kind', { schema: { response: { 200: schema } } }, async (request) =>
        (request.params as { kind: string }).kind === 'good' ? conforming : { ...conforming, internal_column: 'x' },
      )
      // An answer sent as JSON text (reply.sendJsonText) is held to the same check once parsed, and
      // must be exactly the text its serialization gives: no other spacing, no other key order;
      // as a string or as its UTF-8 bytes (SQLite's pages).
      const texts: Record<string, JsonText> = {
        good: JSON.stringify(conforming),
        spaced: JSON.stringify(conforming, null, 1),
        reordered: JSON.stringify({ title: conforming.title, id: 7, total_cents: 12345, note: null }),
        extra: JSON.stringify({ ...conforming, internal_column: 'x' }),
        'good-bytes': Buffer.from(JSON.stringify(conforming)),
        'spaced-bytes': Buffer.from(JSON.stringify(conforming, null, 1)),
      }
      app.get('/text-check/:kind', { schema: { response: { 200: schema } } }, async (request, reply) => reply.sendJsonText(texts[(request.params as { kind: string }).kind]!))
      expect((await app.inject('/shape-check/good')).body).toBe(JSON.stringify(conforming))
      const bad = await app.inject('/shape-check/bad')
      expect(bad.statusCode).toBe(500)
      expect(bad.body).not.toContain('internal_column')
      expect(String(logged.mock.calls[0]?.[0])).toMatch(/^GET \/shape-check\/:kind \(200\): the answer differs/)
      for (const kind of ['good', 'good-bytes']) {
        const good = await app.inject(`/text-check/${kind}`)
        expect(good.statusCode, kind).toBe(200)
        expect(good.headers['content-type']).toBe('application/json; charset=utf-8')
        expect(good.body).toBe(JSON.stringify(conforming))
      }
      for (const kind of ['spaced', 'reordered', 'extra', 'spaced-bytes']) {
        const refused = await app.inject(`/text-check/${kind}`)
        expect(refused.statusCode, kind).toBe(500)
        expect(refused.body).not.toContain('internal_column')
      }
      await app.close()
    } finally {
      await database.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
