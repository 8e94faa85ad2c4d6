// GET /proposals/{id}/pdf: the document's PDF (original, or signed with its evidence page), and
// GET /proposals/{id}/scan: a paper document's scan of its signatures.
import Type from 'typebox'
import { proposalPdfDownload } from '../../modules/documents/proposal-pdf-download.js'
import { proposalScanDownload } from '../../modules/documents/proposal-scan-download.js'
import { getProposalByReference } from '../../modules/proposals/get-proposal.js'
import { sendDownload } from '../../platform/http/send-download.js'
import { principalOf } from './authenticate.js'
import type { ApiContext, ApiInstance } from './context.js'
import { AUTH_ERRORS, problemResponses, QUERY_ERRORS } from './schemas/common.js'

/** The download's own headers, readable by browser integrations too (CORS). */
const EXPOSED_HEADERS = 'Content-Disposition, ETag, X-Document-SHA256, X-Document-Version, X-Document-Draft'

const PDF_HEADERS = {
  'Content-Disposition': { type: 'string', required: true, description: 'Always an attachment named `proposta-<number>.pdf`.', example: 'attachment; filename="proposta-12.pdf"' },
  ETag: { type: 'string', required: true, description: 'The SHA-256 of the file, quoted; send it back in `If-None-Match` to get a 304 when it has not changed.', example: '"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"' },
  'X-Document-SHA256': {
    type: 'string',
    required: true,
    description: 'Hex SHA-256 of the bytes sent: `original_sha256` for the original frozen at sending, `signed_sha256` for the signed PDF (the evidence page cannot print its own file\'s hash; this header and the document record it).',
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  },
  'X-Document-Version': { type: 'string', required: true, enum: ['original', 'signed'], description: 'Which version was sent.' },
  'X-Document-Draft': { type: 'string', enum: ['true'], description: 'Present when the PDF was rendered on the fly (a draft): it is not stored and changes with the document.' },
}

/** A 304 names the file it stands for, as the 200 would (no Content-Disposition: there is no file). */
const { 'Content-Disposition': _attachment, ...NOT_MODIFIED_HEADERS } = PDF_HEADERS

const ReferenceParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100, description: 'Internal ID or external_uuid (or external_reference with `by`).', example: '44073' }),
})
const ByQuery = { by: Type.Optional(Type.Enum(['id', 'external_uuid', 'external_reference'], { description: 'Force how `id` is read.' })) }

/** A binary body: described per content type (OpenAPI), never serialised (a Buffer is sent as it is). */
export function fileResponse(description: string, headers: Record<string, unknown>, contentTypes: readonly string[]) {
  return Type.Unsafe<Buffer>({ description, headers, content: Object.fromEntries(contentTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])) })
}

/** The download's headers readable by browser integrations too (CORS). */
export async function exposeDownloadHeaders(_request: unknown, reply: { getHeader(name: string): unknown; header(name: string, value: string): unknown }, payload: unknown) {
  const exposed = reply.getHeader('access-control-expose-headers')
  if (typeof exposed === 'string' && !exposed.includes('X-Document-SHA256')) reply.header('access-control-expose-headers', `${exposed}, ${EXPOSED_HEADERS}`)
  return payload
}

export function proposalPdfRoutes(app: ApiInstance, { db, clock, config }: ApiContext): void {
  app.get(
    '/proposals/:id/scan',
    {
      schema: {
        operationId: 'getProposalScan',
        tags: ['Proposals'],
        summary: "A paper document's scan",
        description:
          'Downloads the scan attached when a paper document was marked signed (`POST /proposals/{id}/mark-signed` with `scan`): the PDF, JPEG or PNG as it was sent, with its SHA-256 (also in the history entry of the signature, `scan_sha256`). 404 `scan_not_found` for a document without one. `id` reads like in `GET /proposals/{id}`.',
        params: ReferenceParams,
        querystring: Type.Object(ByQuery, { additionalProperties: false }),
        response: {
          200: fileResponse('The scan, in the content type it was sent with.', {
            'Content-Disposition': { type: 'string', required: true, description: 'An attachment named `proposta-<number>-digitalizada.<pdf|jpg|png>`.', example: 'attachment; filename="proposta-12-digitalizada.pdf"' },
            'X-Document-SHA256': { type: 'string', required: true, description: 'Hex SHA-256 of the bytes sent.', example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' },
          }, ['application/pdf', 'image/jpeg', 'image/png']),
          ...problemResponses([...AUTH_ERRORS, ...QUERY_ERRORS, 'proposal_not_found', 'scan_not_found']),
        },
      },
      config: { requestLog: { responseBody: false } },
      onSend: exposeDownloadHeaders,
    },
    async (request, reply) => {
      const accountId = principalOf(request).accountId
      const detail = await getProposalByReference(db, accountId, request.params.id, request.query.by, config.publicUrl)
      return sendDownload(reply, await proposalScanDownload(db, accountId, detail))
    },
  )

  app.get(
    '/proposals/:id/pdf',
    {
      schema: {
        operationId: 'getProposalPdf',
        tags: ['Proposals'],
        summary: "The document's PDF",
        description:
          'Downloads the PDF of a document. Without `version`: the signed PDF (the original pages plus an evidence page) when every required signer has signed, otherwise the original frozen when the document was sent. A draft has no frozen PDF yet: it is rendered on the fly, not stored, marked as a draft on every page and answered with `X-Document-Draft: true`. `version=signed` before the document is signed is a 409 `document_not_signed`. `id` reads like in `GET /proposals/{id}` (internal ID or `external_uuid`, or your reference with `by=external_reference`).',
        params: ReferenceParams,
        querystring: Type.Object(
          {
            ...ByQuery,
            version: Type.Optional(Type.Enum(['original', 'signed'], { description: 'Which PDF: `original` (frozen at sending) or `signed` (with the evidence page). Default: signed when it exists, else original.' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: fileResponse('The PDF file.', PDF_HEADERS, ['application/pdf']),
          // type null: OpenAPI then declares no content, as a 304 has no body.
          304: Type.Unsafe<undefined>({ type: 'null', description: 'Not modified: `If-None-Match` names the current file (no body).', headers: NOT_MODIFIED_HEADERS }),
          ...problemResponses([...AUTH_ERRORS, ...QUERY_ERRORS, 'proposal_not_found', 'document_not_signed', 'documents_busy']),
        },
      },
      // The body is a binary file: the request log keeps its headers and status, not its bytes.
      config: { requestLog: { responseBody: false } },
      onSend: exposeDownloadHeaders,
    },
    async (request, reply) => {
      const accountId = principalOf(request).accountId
      const detail = await getProposalByReference(db, accountId, request.params.id, request.query.by, config.publicUrl)
      const pdf = await proposalPdfDownload(db, clock, accountId, detail, request.query.version)
      const etag = `"${pdf.sha256}"`
      reply.header('etag', etag).header('x-document-sha256', pdf.sha256).header('x-document-version', pdf.version).header('cache-control', 'private, no-cache')
      if (pdf.onTheFly) reply.header('x-document-draft', 'true')
      if (ifNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send()
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${pdf.fileName}"`)
        .send(Buffer.from(pdf.bytes.buffer, pdf.bytes.byteOffset, pdf.bytes.byteLength))
    },
  )
}

function ifNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false
  return header.split(',').some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, '')
    return tag === etag || tag === '*'
  })
}
