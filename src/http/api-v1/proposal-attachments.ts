// A document's attachments (PDFs) through the API: listed, downloaded, and, while it is a draft,
// added (JSON with the file in base64, as mark-signed takes a scan) and removed. The module
// (documents/proposal-attachments.ts) does the checks; here each route names its errors.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { addProposalAttachment, attachmentDownload, attachmentRows, findProposalAttachment, listProposalAttachments, removeProposalAttachment } from '../../modules/documents/proposal-attachments.js'
import type { Db } from '../../platform/db/connect.js'
import type { ErrorCode } from '../../platform/errors.js'
import { sendDownload } from '../../platform/http/send-download.js'
import { principalOf } from './authenticate.js'
import type { ApiContext, ApiInstance } from './context.js'
import { apiActionContext, resolveProposalId } from './proposal-actions.js'
import { exposeDownloadHeaders, fileResponse } from './proposal-pdf.js'
import { AUTH_ERRORS, BODY_ERRORS, problemResponses, QUERY_ERRORS, WRITE_AUTH_ERRORS } from './schemas/common.js'
import { ProposalReferenceParams, ProposalReferenceQuery } from './schemas/proposal-actions.js'
import { AddAttachmentBody, AttachmentListSchema, AttachmentParams, AttachmentSchema } from './schemas/proposal-attachment.js'
import { RESPONSE_HEADERS } from './schemas/response-headers.js'

/** A 10 MB file is about 14 M characters of base64, with MIME line breaks (escaped in JSON) ~14.7 M, plus the JSON around it. */
const ATTACHMENT_BODY_LIMIT = 15 * 1024 * 1024

const TAGS = ['Proposals']
const REFERENCE = ' `id` reads like in `GET /proposals/{id}`; another account’s document is a 404 like a missing one.'
const FROZEN = ' Only a draft’s attachments change (409 `invalid_status_transition` with `current_status` otherwise): the PDF frozen at sending lists each one with its SHA-256, so what the signers sign covers them.'
const CHANGE_ERRORS: ErrorCode[] = ['proposal_not_found', 'invalid_status_transition']

export function proposalAttachmentRoutes(app: ApiInstance, { db, clock, config }: ApiContext): void {
  const downloadUrl = (proposalId: number, attachmentId: number) => `${config.publicUrl}/api/v1/proposals/${proposalId}/attachments/${attachmentId}`

  app.get(
    '/proposals/:id/attachments',
    {
      schema: {
        operationId: 'listProposalAttachments',
        tags: TAGS,
        summary: "A document's attachments",
        description: `The PDFs attached to the document, in the order they were added (without their bytes: download each with \`GET /proposals/{id}/attachments/{attachment_id}\`).${REFERENCE}`,
        params: ProposalReferenceParams,
        querystring: ProposalReferenceQuery,
        response: { 200: AttachmentListSchema, ...problemResponses([...AUTH_ERRORS, ...QUERY_ERRORS, 'proposal_not_found']) },
      },
    },
    async (request) => ({ data: await listProposalAttachments(db, principalOf(request).accountId, await resolveProposalId(db, request)) }),
  )

  app.post(
    '/proposals/:id/attachments',
    {
      bodyLimit: ATTACHMENT_BODY_LIMIT,
      schema: {
        operationId: 'addProposalAttachment',
        [RESPONSE_HEADERS]: { 201: ['Location'] },
        tags: TAGS,
        summary: 'Attach a PDF to a draft',
        description: `Adds a PDF (at most 10 MB decoded, 10 per document; this route accepts bodies up to 15 MiB) to a draft: a technical specification, a portfolio, general conditions. The signers download it from their signing page. A file that is not a PDF (or not base64, or past 10 MB) is a 422 on \`/content_base64\`, a name that is empty, longer than 120 characters or holds a slash or a control character is a 422 on \`/file_name\`; an eleventh is a 409 \`too_many_attachments\`. The history records \`attachment_added\` and the event \`proposal.updated\` is sent.${FROZEN}${REFERENCE}`,
        params: ProposalReferenceParams,
        querystring: ProposalReferenceQuery,
        body: AddAttachmentBody,
        response: {
          201: { ...AttachmentSchema, description: 'The attachment; `Location` points at its download.' },
          ...problemResponses([...WRITE_AUTH_ERRORS, ...BODY_ERRORS, ...CHANGE_ERRORS, 'too_many_attachments', 'idempotency_key_in_progress', 'idempotency_key_reused']),
        },
      },
      config: { recoverIdempotentResponse: recover },
    },
    async (request, reply) => {
      const proposalId = await resolveProposalId(db, request)
      const context = apiActionContext(request, { clock, config }, (trx) => latestAttachmentId(trx, principalOf(request).accountId, proposalId))
      const added = await addProposalAttachment(db, context, proposalId, { fileName: request.body.file_name, contentBase64: request.body.content_base64 })
      return reply.code(201).header('location', downloadUrl(proposalId, added.id)).send(added)
    },
  )

  /** The attachment was added (its key bound to it) but the answer was never stored: the attachment as it is now. */
  async function recover(request: FastifyRequest, reply: FastifyReply, attachmentId: number) {
    const proposalId = await resolveProposalId(db, request)
    const { bytes: _bytes, ...attachment } = await findProposalAttachment(db, principalOf(request).accountId, proposalId, attachmentId)
    return reply.code(201).header('location', downloadUrl(proposalId, attachment.id)).send(attachment)
  }

  app.get(
    '/proposals/:id/attachments/:attachment_id',
    {
      schema: {
        operationId: 'getProposalAttachment',
        tags: TAGS,
        summary: 'Download an attachment',
        description: `The PDF as it was added, under the name it was added with. An id the document does not have is a 404 \`attachment_not_found\`.${REFERENCE}`,
        params: AttachmentParams,
        querystring: ProposalReferenceQuery,
        response: {
          200: fileResponse('The PDF.', {
            'Content-Disposition': { type: 'string', required: true, description: 'An attachment named as it was added (`filename*` in UTF-8 when the name is not plain ASCII).', example: 'attachment; filename="especificacao-tecnica.pdf"' },
            'X-Document-SHA256': { type: 'string', required: true, description: 'Hex SHA-256 of the bytes sent.', example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' },
          }, ['application/pdf']),
          ...problemResponses([...AUTH_ERRORS, ...QUERY_ERRORS, 'proposal_not_found', 'attachment_not_found']),
        },
      },
      config: { requestLog: { responseBody: false } },
      onSend: exposeDownloadHeaders,
    },
    async (request, reply) => {
      const proposalId = await resolveProposalId(db, request)
      return sendDownload(reply, attachmentDownload(await findProposalAttachment(db, principalOf(request).accountId, proposalId, request.params.attachment_id)))
    },
  )

  app.delete(
    '/proposals/:id/attachments/:attachment_id',
    {
      schema: {
        operationId: 'removeProposalAttachment',
        tags: TAGS,
        summary: "Remove a draft's attachment",
        description: `Removes the attachment from the draft. The history records \`attachment_removed\` and the event \`proposal.updated\` is sent. An id the document does not have is a 404 \`attachment_not_found\`.${FROZEN}${REFERENCE}`,
        params: AttachmentParams,
        querystring: ProposalReferenceQuery,
        response: { 204: { type: 'null', description: 'Removed.' }, ...problemResponses([...WRITE_AUTH_ERRORS, ...QUERY_ERRORS, ...CHANGE_ERRORS, 'attachment_not_found', 'malformed_json', 'payload_too_large', 'unsupported_media_type']) },
      },
    },
    async (request, reply) => {
      const proposalId = await resolveProposalId(db, request)
      await removeProposalAttachment(db, apiActionContext(request, { clock, config }, () => proposalId), proposalId, request.params.attachment_id)
      return reply.code(204).send(null)
    },
  )
}

/** The attachment just added, inside its transaction (the document is locked, so no other was added since). */
async function latestAttachmentId(trx: Db, accountId: number, proposalId: number): Promise<number> {
  const row = await attachmentRows(trx, accountId, proposalId).select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow()
  return Number(row.id)
}
