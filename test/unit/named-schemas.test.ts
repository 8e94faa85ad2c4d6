// hoistNamedSchemas: a titled schema is held once in components and referred to everywhere.
import { describe, expect, it } from 'vitest'
import { hoistNamedSchemas } from '../../src/http/api-v1/schemas/named-schemas.js'

const signer = { title: 'Signer', type: 'object', properties: { name: { type: 'string' } } }
const detail = { title: 'Detail', type: 'object', properties: { signers: { type: 'array', items: signer }, note: { type: 'string' } } }

function document(paths: Record<string, unknown>) {
  return { openapi: '3.1.0', paths, components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } } } as unknown as {
    paths: Record<string, Record<string, { responses: Record<string, { description: string; content: Record<string, { schema: unknown }> }>; requestBody?: unknown }>>
    components: { schemas: Record<string, unknown>; securitySchemes: unknown }
  }
}

const json = (schema: unknown, description = 'ok') => ({ description, content: { 'application/json': { schema } } })

describe('hoistNamedSchemas', () => {
  it('moves each titled schema, nested ones first, to components and refers to it', () => {
    const result = hoistNamedSchemas(
      document({
        '/a': { get: { responses: { 200: json(structuredClone(detail)) } } },
        '/b': { post: { requestBody: json(structuredClone(signer)), responses: { 201: json({ type: 'object', properties: { detail: structuredClone(detail) } }) } } },
      }),
    )
    expect(result.paths['/a']!.get!.responses['200']!.content['application/json']!.schema).toEqual({ $ref: '#/components/schemas/Detail' })
    expect(result.paths['/b']!.post!.responses['201']!.content['application/json']!.schema).toEqual({ type: 'object', properties: { detail: { $ref: '#/components/schemas/Detail' } } })
    expect(result.components.schemas).toEqual({
      Detail: { title: 'Detail', type: 'object', properties: { signers: { type: 'array', items: { $ref: '#/components/schemas/Signer' } }, note: { type: 'string' } } },
      Signer: signer,
    })
    // What was there stays.
    expect(result.components.securitySchemes).toEqual({ bearerAuth: { type: 'http', scheme: 'bearer' } })
  })

  it('leaves an answer its own description of one use of a named schema', () => {
    const described = { ...structuredClone(detail), description: 'The sent document.' }
    const result = hoistNamedSchemas(
      document({
        '/a': { get: { responses: { 200: json(structuredClone(detail)) } } },
        '/a/send': { post: { responses: { 200: json(described, 'The sent document.') } } },
      }),
    )
    const answer = result.paths['/a/send']!.post!.responses['200']!
    expect(answer.description).toBe('The sent document.')
    expect(answer.content['application/json']!.schema).toEqual({ $ref: '#/components/schemas/Detail' })
    expect(result.components.schemas.Detail).not.toHaveProperty('description')
  })

  it('refuses two different schemas under one name', () => {
    const other = { ...structuredClone(detail), properties: { note: { type: 'integer' } } }
    expect(() => hoistNamedSchemas(document({ '/a': { get: { responses: { 200: json(structuredClone(detail)), 201: json(other) } } } }))).toThrow('two different schemas are named Detail')
  })

  it('takes a title only where a schema stands, not in an example or a default', () => {
    const body = { type: 'object', properties: { title: { type: 'string' } }, example: { title: 'Proposta' }, default: { title: 'Proposta' } }
    const result = hoistNamedSchemas(document({ '/a': { post: { requestBody: json(structuredClone(body)), responses: {} } } }))
    expect((result.paths['/a']!.post!.requestBody as ReturnType<typeof json>).content['application/json']!.schema).toEqual(body)
    expect(result.components.schemas).toEqual({})
  })

  it('refuses a title that is not a component name', () => {
    expect(() => hoistNamedSchemas(document({ '/a': { get: { responses: { 200: json({ title: 'Proposal detail', type: 'object' }) } } } }))).toThrow('not a component name')
  })
})
