// Forms that carry a file (a paper document's scan, the account's logo) arrive as
// multipart/form-data. They are parsed into the same flat object @fastify/formbody gives (a string,
// or an array of strings when a name repeats), where a file field holds an UploadedFile instead: the
// CSRF check, the U+0000 guard and formString() read them unchanged. The body is buffered whole,
// up to the parser's limit (a plain form's 64 KB) unless the route sets its own `bodyLimit`: a
// route that takes a file opts in to its size, and no other route reads more than a plain form.
import { Busboy } from '@fastify/busboy'
import type { FastifyInstance } from 'fastify'
import type { IncomingHttpHeaders } from 'node:http'

export interface UploadedFile {
  readonly kind: 'uploaded-file'
  /** The name the browser sent, without any directory; '' when the input was left empty. */
  readonly fileName: string
  /** The type the browser declared: a claim, never trusted on its own. */
  readonly contentType: string
  readonly bytes: Buffer
}

/** One file per form, a form's worth of fields: anything more is not a form of this app. */
const LIMITS = { files: 1, fields: 200, parts: 201, fieldSize: 64 * 1024, fieldNameSize: 100, headerPairs: 20 }

function malformed(reason: string): Error {
  return Object.assign(new Error(`malformed multipart form: ${reason}`), { statusCode: 400 })
}

function addValue(body: Record<string, unknown>, name: string, value: string | UploadedFile): void {
  const existing = body[name]
  if (existing === undefined) body[name] = value
  else if (Array.isArray(existing)) existing.push(value)
  else body[name] = [existing, value]
}

export function parseMultipartForm(headers: IncomingHttpHeaders, payload: Buffer): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const body: Record<string, unknown> = Object.create(null)
    let parser
    try {
      parser = Busboy({ headers: headers as IncomingHttpHeaders & { 'content-type': string }, limits: LIMITS, defCharset: 'utf8' })
    } catch (error) {
      reject(malformed(error instanceof Error ? error.message : 'no boundary'))
      return
    }
    let failure: Error | null = null
    const fail = (reason: string) => {
      failure ??= malformed(reason)
    }
    parser.on('field', (name, value, nameTruncated, valueTruncated) => {
      if (nameTruncated || valueTruncated) fail(`field ${name.slice(0, 100)} too long`)
      else addValue(body, name, value)
    })
    parser.on('file', (name, stream, fileName, _encoding, contentType) => {
      const chunks: Buffer[] = []
      // A body cut inside a file part errors the file's stream too: unheard, Node would raise it as
      // an uncaught exception and end the process (the parser's own 'error' answers the request).
      stream.on('error', (error: Error) => fail(error.message))
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => addValue(body, name, { kind: 'uploaded-file', fileName: fileName ?? '', contentType: contentType ?? '', bytes: Buffer.concat(chunks) }))
    })
    parser.on('filesLimit', () => fail('more than one file'))
    parser.on('fieldsLimit', () => fail('too many fields'))
    parser.on('partsLimit', () => fail('too many parts'))
    parser.on('error', (error: unknown) => reject(malformed(error instanceof Error ? error.message : 'unreadable')))
    parser.on('finish', () => (failure ? reject(failure) : resolve(body)))
    parser.end(payload)
  })
}

/** Registers the parser on the web app's scope, beside @fastify/formbody's. */
export function registerMultipartForms(app: FastifyInstance, options: { bodyLimit: number }): void {
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: options.bodyLimit }, (request, payload, done) => {
    parseMultipartForm(request.headers, payload as Buffer).then(
      (body) => done(null, body),
      (error: Error) => done(error, undefined),
    )
  })
}

/** The file sent in field `name`, or null when none was chosen (a browser sends an empty part). */
export function formFile(body: unknown, name: string): UploadedFile | null {
  const value = (body as Record<string, unknown> | null | undefined)?.[name]
  const file = Array.isArray(value) ? value[0] : value
  if (typeof file !== 'object' || file === null || (file as UploadedFile).kind !== 'uploaded-file') return null
  const upload = file as UploadedFile
  return upload.fileName === '' && upload.bytes.length === 0 ? null : upload
}
