// buildOriginalPdf: a document as it stands now, as the PDF frozen at sending (or a draft's PDF
// shown on the fly) and the HTML page of its body, both from the same render. Read-only: storing
// the result is the caller's business (storeProposalFile, inside its transaction).
import type { Db } from '../../platform/db/connect.js'
import { findAccountLogo } from '../accounts/account-logo.js'
import { findAccount } from '../accounts/accounts.js'
import { findTemplate } from '../catalog/template-admin.js'
import { getProposalDetail } from '../proposals/get-proposal.js'
import { buildDocumentContext } from '../rendering/document-context.js'
import { documentHtml } from '../rendering/document-html.js'
import { renderProposalHtml } from '../rendering/render-proposal.js'
import { layoutOriginalPdfOffThread } from '../document-thread/document-thread.js'
import { PDF_LABELS } from './pdf-labels.js'
import { listProposalAttachments } from './proposal-attachments.js'
import { sha256Hex } from './sha256.js'

export interface BuiltOriginalPdf {
  bytes: Uint8Array
  /** Hex SHA-256 of `bytes`: what proposals.original_sha256 records. */
  sha256: string
  /** The rendered body as a standalone HTML page (document-html.ts), frozen alongside the PDF. */
  html: string
  /** The version of the template it was rendered from (template-versions.ts), which sending records. */
  templateVersion: number
  /** The attachments' ids and hashes it lists, in order: sending checks they are still the draft's. */
  attachments: Array<{ id: number; sha256: string }>
}

/**
 * The document's PDF and HTML, or undefined when the account has no such document. The same
 * document and `now` always give the same bytes (and hash). `markAsDraft` prints a draft mark on
 * every page (a preview downloaded before sending; never for the frozen original, which is built
 * while the document is still a draft). Throws TemplateError when the template fails to render.
 */
export async function buildOriginalPdf(db: Db, accountId: number, proposalId: number, options: { now: Date; markAsDraft?: boolean }): Promise<BuiltOriginalPdf | undefined> {
  const detail = await getProposalDetail(db, accountId, { by: 'id', id: proposalId }, '')
  if (!detail) return undefined
  const [account, template, attachments, logo] = await Promise.all([
    findAccount(db, accountId),
    findTemplate(db, accountId, detail.template.id),
    listProposalAttachments(db, accountId, proposalId),
    findAccountLogo(db, accountId),
  ])
  if (!account || !template) return undefined
  const bodyHtml = await renderProposalHtml(db, accountId, detail, { now: options.now, body: template.body, attachments })
  if (bodyHtml === undefined) return undefined
  // The attachments the template saw are those the PDF lists and sending checks.
  const context = buildDocumentContext({ ...detail, attachments }, account, options.now)
  const bytes = await layoutOriginalPdfOffThread({ accountId }, {
    context,
    bodyHtml,
    signatureType: detail.signature_type.id,
    draft: options.markAsDraft === true,
    logo: logo?.bytes ?? null,
    now: options.now,
  })
  const html = documentHtml(`${PDF_LABELS.documentNumber(detail.number)} — ${detail.title}`, bodyHtml)
  return { bytes, sha256: sha256Hex(bytes), html, templateVersion: template.version, attachments: attachments.map(({ id, sha256 }) => ({ id, sha256 })) }
}
