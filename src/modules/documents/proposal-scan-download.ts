// The scan of a paper document's signatures, attached when it was marked signed (PDF, JPEG or
// PNG): the evidence of a paper signature, as the signed PDF is of a digital one. Downloaded by
// the API (GET /proposals/{id}/scan) and the web app, under a name of ours.
import type { Db } from '../../platform/db/connect.js'
import { AppError } from '../../platform/errors.js'
import { scanFileName } from './file-names.js'
import { findProposalFile } from './proposal-files.js'

export interface ProposalScanDownload {
  bytes: Uint8Array
  sha256: string
  contentType: string
  fileName: string
}

export async function proposalScanDownload(db: Db, accountId: number, proposal: { id: number; number: number }): Promise<ProposalScanDownload> {
  const scan = await findProposalFile(db, accountId, proposal.id, 'scan')
  if (!scan) throw new AppError('scan_not_found', `Document ${proposal.number} has no scan: only a paper document marked signed with one attached has it.`)
  return { bytes: scan.bytes, sha256: scan.sha256, contentType: scan.content_type, fileName: scanFileName(proposal.number, scan.content_type) }
}
