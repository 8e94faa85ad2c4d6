// GET /proposals/{id}/pdf: the document's PDF (original, or signed with its evidence page).
import Type from 'typebox'
import { proposalPdfDownload } from '../../modules/documents/proposal-pdf-download.js'
import { getProposalByReference } from '../../modules/proposals/get-proposal.js'
import { principalOf } from './authenticate.js'
import type { ApiContext, ApiInstance } from './context.js'
import { AUTH_ERRORS, problemResponses, QUERY_ERRORS } from './schemas/common.js'

/** The download's own headers, readable by browser integrations too (CORS). */
const EXPOSED_HEADERS = 'Content-Disposition, ETag, X-Document-SHA256, X-Document-Version, X-Document-Draft'

const PDF_HEADERS = {
  'Content-Disposition': { type: 'string', description: 'Always an attachment named `proposta-<number>.pdf`.', example: 'attachment; filename="proposta-12.pdf"' },
  ETag: { type: 'string', description: 'The SHA-256 of the file, quoted; send it back in `If-None-Match` to get a 304 when it has not changed.', example: '"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"' },
  'X-Document-SHA256': {
    type: 'string',
    description: 'Hex SHA-256 of the bytes sent: `original_sha256` for the original frozen at sending, `signed_sha256` for the signed PDF (the evidence page cannot print its own file\'s hash; this header and the document record it).',
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  },
  'X-Document-Version': { type: 'string', enum: ['original', 'signed'], description: 'Which version was sent.' },
  'X-Document-Draft': { type: 'string', enum: ['true'], description: 'Present when the PDF was rendered on the fly (a draft): it is not stored and changes with the document.' },
}

export function proposalPdfRoutes(app: ApiInstance, { db, clock, config }: ApiContext): void {
  app.get(
    '/proposals/:id/pdf',
    {
      schema: {
        operationId: 'getProposalPdf',
        tags: ['Proposals'],
        summary: "The document's PDF",
        description:
          'Downloads the PDF of a document. Without `version`: the signed PDF (the original pages plus an evidence page) when every required signer has signed, otherwise the original frozen when the document was sent. A draft has no frozen PDF yet: it is rendered on the fly, not stored, marked as a draft on every page and answered with `X-Document-Draft: true`. `version=signed` before the document is signed is a 409 `document_not_signed`. `id` reads like in `GET /proposals/{id}` (internal ID or `external_uuid`, or your reference with `by=external_reference`).',
        params: Type.Object({
          id: Type.String({ minLength: 1, maxLength: 100, description: 'Internal ID or external_uuid (or external_reference with `by`).', example: '44073' }),
        }),
        querystring: Type.Object(
          {
            by: Type.Optional(Type.Enum(['id', 'external_uuid', 'external_reference'], { description: 'Force how `id` is read.' })),
            version: Type.Optional(Type.Enum(['original', 'signed'], { description: 'Which PDF: `original` (frozen at sending) or `signed` (with the evidence page). Default: signed when it exists, else original.' })),
          },
          { additionalProperties: false },
        ),
        response: {
          // A binary body: described per content type (OpenAPI), never serialised (a Buffer is sent as it is).
          200: Type.Unsafe<Buffer>({
            description: 'The PDF file.',
            headers: PDF_HEADERS,
            content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
          }),
          // type null: OpenAPI then declares no content, as a 304 has no body.
          304: Type.Unsafe<undefined>({ type: 'null', description: 'Not modified: `If-None-Match` names the current file (no body).' }),
          ...problemResponses([...AUTH_ERRORS, ...QUERY_ERRORS, 'proposal_not_found', 'document_not_signed', 'documents_busy']),
        },
      },
      // The body is a binary file: the request log keeps its headers and status, not its bytes.
      config: { requestLog: { responseBody: false } },
      onSend: async (_request, reply, payload) => {
        const exposed = reply.getHeader('access-control-expose-headers')
        if (typeof exposed === 'string' && !exposed.includes('X-Document-SHA256')) reply.header('access-control-expose-headers', `${exposed}, ${EXPOSED_HEADERS}`)
        return payload
      },
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
