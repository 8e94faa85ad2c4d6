// Response serialization. Answers are written with V8's native JSON.stringify rather than a
// serializer compiled from each route's response schema (fast-json-stringify, Fastify's default):
// its string escaping runs in JavaScript, and native stringify measured ~11 % less CPU per detail
// request and ~18 % per page of 50 documents (docs/PERFORMANCE.md).
//
// What the schema serializer also did (dropping properties the schema does not list, coercing a
// value to its declared type, emitting keys in schema order) is now the mappers' job: each builds
// its answer explicitly. `checkAgainstSchemas` (VENDOC_CHECK_RESPONSES=on, which the test runner
// sets for every app a test builds) serializes every answer both ways and fails the request when
// they differ by one byte, so a stray column, a numeric string from PostgreSQL or a reordered key
// shows up as a failing test rather than as a changed API.
import type { FastifyInstance, FastifyReply, FastifySerializerCompiler } from 'fastify'
import fastJsonStringify from 'fast-json-stringify'

export class ResponseShapeError extends Error {}

export function serializerCompiler(options: { checkAgainstSchemas: boolean }): FastifySerializerCompiler<unknown> {
  if (!options.checkAgainstSchemas) return () => (data) => JSON.stringify(data)
  return ({ schema, method, url, httpStatus }) => {
    const bySchema = fastJsonStringify(schema as object)
    return (data) => {
      const native = JSON.stringify(data)
      const expected = bySchema(data)
      if (native !== expected) {
        const error = new ResponseShapeError(`${method} ${url} (${httpStatus}): the answer differs from its schema's serialization\n  sent:     ${native}\n  expected: ${expected}`)
        // The client sees only a 500 (internal_error); the test's output shows why.
        console.error(error.message)
        throw error
      }
      return native
    }
  }
}

/**
 * An answer already written as JSON (by the database: proposal-repository.ts's customer pages), as
 * a string or as its UTF-8 bytes. SQLite's pages come as bytes (prepared-query.ts's JSON_ROWS_MARK)
 * and stay bytes up to the socket.
 */
export type JsonText = string | Buffer

/**
 * `before` + `text` + `after`, the answer's own parts around JSON written elsewhere. Bytes are
 * joined as bytes, outside V8's heap: as a string, a big customer's page (~40 KB) was allocated,
 * flattened and encoded again at every answer, which kept the young generation's collections and
 * V8's helper threads busy (docs/PERFORMANCE.md, session 31).
 */
export function spliceJsonText(before: string, text: JsonText, after: string): JsonText {
  return typeof text === 'string' ? before + text + after : Buffer.concat([Buffer.from(before), text, Buffer.from(after)])
}

declare module 'fastify' {
  interface FastifyReply {
    /**
     * Sends an answer already written as JSON. With the schema check on, the text must be byte for
     * byte what the route's serializer makes of it once parsed, the check every other answer gets.
     */
    sendJsonText(text: JsonText): FastifyReply
  }
}

export function registerJsonTextReplies(app: FastifyInstance, options: { checkAgainstSchemas: boolean }): void {
  app.decorateReply('sendJsonText', function (this: FastifyReply, json: JsonText) {
    if (options.checkAgainstSchemas) {
      const text = typeof json === 'string' ? json : json.toString('utf8')
      // The route's compiled serializer for this status: the check above (native against schema).
      const expected = this.serialize(JSON.parse(text))
      if (expected !== text) {
        const error = new ResponseShapeError(`${this.request.method} ${this.request.url}: the answer written as JSON text differs from its serialization\n  sent:     ${text}\n  expected: ${expected}`)
        console.error(error.message)
        throw error
      }
    }
    return this.type('application/json; charset=utf-8').send(json)
  })
}
