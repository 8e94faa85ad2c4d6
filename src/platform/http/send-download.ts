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

/** `cacheControl`: a signing link's downloads are `no-store` (the link is a credential); the app's may be revalidated. */
export function sendDownload(reply: FastifyReply, file: Download, { cacheControl = 'private, no-cache' }: { cacheControl?: string } = {}): FastifyReply {
  return reply
    .type(file.contentType)
    .header('x-document-sha256', file.sha256)
    .header('cache-control', cacheControl)
    .header('content-disposition', attachmentDisposition(file.fileName))
    .send(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength))
}

/**
 * `attachment; filename="…"` for a name of ours; a name people gave (an attachment's) may hold
 * accents, quotes or anything else, so it goes as RFC 8187's `filename*` (UTF-8, percent-encoded)
 * beside an ASCII fallback with everything else replaced by "_" (RFC 6266).
 */
export function attachmentDisposition(fileName: string): string {
  if (/^[A-Za-z0-9._ -]+$/.test(fileName)) return `attachment; filename="${fileName}"`
  const fallback = fileName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9._ -]/g, '_')
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`
}
