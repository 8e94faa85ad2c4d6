// Which PDF a download of a document gets (the API's GET /proposals/{id}/pdf and the web app's
// /proposals/:id/pdf answer the same bytes): the signed one when it exists, else the original
// frozen at sending; a draft (or a document without a frozen file) is rendered on the fly and not
// stored. Asking for the signed version before there is one is a 409 document_not_signed.
import type { Clock } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import type { ProposalStatus } from '../../platform/db/schema.js'
import { AppError } from '../../platform/errors.js'
import { proposalNotFound } from '../proposals/get-proposal.js'
import { buildOriginalPdf } from './pdf-builders.js'
import { pdfFileName } from './file-names.js'
import { findProposalFile } from './proposal-files.js'

export type PdfVersion = 'original' | 'signed'

export interface ProposalPdfDownload {
  bytes: Uint8Array
  sha256: string
  fileName: string
  version: PdfVersion
  /** Rendered now, not the frozen file (a draft): its bytes change with the document. */
  onTheFly: boolean
}

/** `proposal` was already read within the account (a detail or its header). */
export async function proposalPdfDownload(
  db: Db,
  clock: Clock,
  accountId: number,
  proposal: { id: number; number: number; status: ProposalStatus },
  requested: PdfVersion | undefined,
): Promise<ProposalPdfDownload> {
  const fileName = pdfFileName(proposal.number)
  if (requested !== 'original') {
    const signed = await findProposalFile(db, accountId, proposal.id, 'signed')
    if (signed) return { bytes: signed.bytes, sha256: signed.sha256, fileName, version: 'signed', onTheFly: false }
    if (requested === 'signed') {
      throw new AppError('document_not_signed', `Document ${proposal.number} has no signed PDF (status: ${proposal.status}).`, { current_status: proposal.status })
    }
  }
  const original = proposal.status === 'draft' ? undefined : await findProposalFile(db, accountId, proposal.id, 'original')
  if (original) return { bytes: original.bytes, sha256: original.sha256, fileName, version: 'original', onTheFly: false }
  const built = await buildOriginalPdf(db, accountId, proposal.id, { now: clock.now(), markAsDraft: proposal.status === 'draft' })
  if (!built) throw proposalNotFound(String(proposal.id))
  return { bytes: built.bytes, sha256: built.sha256, fileName, version: 'original', onTheFly: true }
}
