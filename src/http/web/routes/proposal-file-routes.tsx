// Downloads of a document's PDFs (/proposals/:id/pdf?version=original|signed) and of a paper
// document's scan (/proposals/:id/scan), and its attachments (/proposals/:id/attachments/:attachmentId): the same bytes as the API's, for any signed-in member of
// the account. A missing or foreign document, a version that does not exist (signed before
// signing), an unknown version or a missing scan answer the 404 page.
import type { FastifyInstance } from 'fastify'
import { proposalPdfDownload, type PdfVersion } from '../../../modules/documents/proposal-pdf-download.js'
import { proposalScanDownload } from '../../../modules/documents/proposal-scan-download.js'
import { attachmentDownload, findProposalAttachment } from '../../../modules/documents/proposal-attachments.js'
import { getProposalDetail } from '../../../modules/proposals/get-proposal.js'
import { AppError } from '../../../platform/errors.js'
import { sendDownload } from '../../../platform/http/send-download.js'
import { requireSession, sendNotFound } from '../guards.js'
import { sessionOf } from '../page-context.js'
import { idParam, type WebRoutesOptions } from './route-options.js'

function versionOf(query: unknown): PdfVersion | undefined | null {
  const raw = (query as Record<string, unknown> | null | undefined)?.version
  if (raw === undefined || raw === '') return undefined
  return raw === 'original' || raw === 'signed' ? raw : null
}

export function registerProposalFileRoutes(app: FastifyInstance, options: WebRoutesOptions): void {
  const { db, clock, config } = options

  app.get('/proposals/:id/pdf', { preHandler: requireSession }, async (request, reply) => {
    const id = idParam(request.params)
    const version = versionOf(request.query)
    const accountId = sessionOf(request).accountId
    const detail = id === null || version === null ? undefined : await getProposalDetail(db, accountId, { by: 'id', id }, config.publicUrl)
    if (!detail) return sendNotFound(request, reply)
    let pdf
    try {
      pdf = await proposalPdfDownload(db, clock, accountId, detail, version ?? undefined)
    } catch (error) {
      if (error instanceof AppError && (error.code === 'document_not_signed' || error.code === 'proposal_not_found')) return sendNotFound(request, reply)
      throw error
    }
    reply.header('x-document-sha256', pdf.sha256).header('etag', `"${pdf.sha256}"`).header('cache-control', 'private, no-cache')
    if (pdf.onTheFly) reply.header('x-document-draft', 'true')
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${pdf.fileName}"`)
      .send(Buffer.from(pdf.bytes.buffer, pdf.bytes.byteOffset, pdf.bytes.byteLength))
  })

  app.get('/proposals/:id/scan', { preHandler: requireSession }, async (request, reply) => {
    const id = idParam(request.params)
    const accountId = sessionOf(request).accountId
    const detail = id === null ? undefined : await getProposalDetail(db, accountId, { by: 'id', id }, config.publicUrl)
    if (!detail) return sendNotFound(request, reply)
    try {
      return sendDownload(reply, await proposalScanDownload(db, accountId, detail))
    } catch (error) {
      if (error instanceof AppError && error.code === 'scan_not_found') return sendNotFound(request, reply)
      throw error
    }
  })

  app.get('/proposals/:id/attachments/:attachmentId', { preHandler: requireSession }, async (request, reply) => {
    const id = idParam(request.params)
    const attachmentId = idParam(request.params, 'attachmentId')
    if (id === null || attachmentId === null) return sendNotFound(request, reply)
    try {
      return sendDownload(reply, attachmentDownload(await findProposalAttachment(db, sessionOf(request).accountId, id, attachmentId)))
    } catch (error) {
      if (error instanceof AppError && error.code === 'attachment_not_found') return sendNotFound(request, reply)
      throw error
    }
  })
}
