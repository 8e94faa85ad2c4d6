// A CSV download (platform/csv.ts): its type, a file name to save it under, never cached (it holds
// the account's data), and the body as a string or streamed as it is produced.
import { Readable } from 'node:stream'
import type { FastifyReply } from 'fastify'
import { CSV_CONTENT_TYPE } from '../../platform/csv.js'

export function sendCsv(reply: FastifyReply, fileName: string, body: string | AsyncIterable<string>): FastifyReply {
  return reply
    .header('content-type', CSV_CONTENT_TYPE)
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'no-store')
    .send(typeof body === 'string' ? body : Readable.from(body))
}
