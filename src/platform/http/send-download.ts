// A stored file sent as a download: its type, its SHA-256 (so the receiver can check what it got)
// and a name of ours; never cached by shared caches. The API and the web app send a document's
// files alike.
import type { FastifyReply } from 'fastify'

export interface Download {
  bytes: Uint8Array
  sha256: string
  contentType: string
  fileName: string
}

export function sendDownload(reply: FastifyReply, file: Download): FastifyReply {
  return reply
    .type(file.contentType)
    .header('x-document-sha256', file.sha256)
    .header('cache-control', 'private, no-cache')
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .send(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength))
}
