// A paper document is signed on paper: the user records when, and may attach the scan (PDF, JPEG
// or PNG up to 10 MB, checked by its first bytes, not only by the declared type). Its signers are
// marked signed at the same time, so the detail never shows a signed paper document with pending signers.
import { isoNow } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import { type FieldError, validationError } from '../../platform/errors.js'
import { decodeBase64File } from '../../platform/base64-file.js'
import { storeProposalFile } from '../documents/proposal-files.js'
import { recordProposalEvent } from '../proposals/proposal-content-writes.js'
import { type ActionContext, lockProposal, recordProposalDomainEvent } from './action-context.js'
import { assertTransition } from './transitions.js'

export const SCAN_MAX_BYTES = 10 * 1024 * 1024
export const SCAN_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const
export type ScanContentType = (typeof SCAN_CONTENT_TYPES)[number]

/** The scan: base64 from the API's JSON, or the bytes of the web app's upload. */
export type ScanInput = { fileName: string; contentType: ScanContentType } & ({ contentBase64: string } | { bytes: Uint8Array })

export interface MarkSignedInput {
  /** When it was signed (ISO instant); defaults to now; never in the future. */
  signedAt?: string
  scan?: ScanInput
}

const MAGIC: Record<ScanContentType, number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46], // %PDF
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
}

/** The scan type whose first bytes these are, or null: what a web upload is taken for, whatever the browser declared. */
export function sniffScanType(bytes: Uint8Array): ScanContentType | null {
  return SCAN_CONTENT_TYPES.find((type) => MAGIC[type].every((byte, index) => bytes[index] === byte)) ?? null
}

function decodeScan(scan: ScanInput, errors: FieldError[]): Uint8Array | null {
  let bytes: Uint8Array
  if ('bytes' in scan) bytes = scan.bytes
  else {
    const decoded = decodeBase64File(scan.contentBase64, '/scan/content_base64', errors)
    if (decoded === null) return null
    bytes = decoded
  }
  if (bytes.length > SCAN_MAX_BYTES) errors.push({ in: 'body', path: '/scan/content_base64', message: `the file must be at most ${SCAN_MAX_BYTES} bytes` })
  else if (!MAGIC[scan.contentType].every((byte, index) => bytes[index] === byte)) errors.push({ in: 'body', path: '/scan/content_base64', message: `the content is not ${scan.contentType}` })
  if (!(SCAN_CONTENT_TYPES as readonly string[]).includes(scan.contentType)) errors.push({ in: 'body', path: '/scan/content_type', message: `must be one of ${SCAN_CONTENT_TYPES.join(', ')}` })
  return errors.length > 0 ? null : bytes
}

export async function markProposalSigned(db: Db, ctx: ActionContext, id: number, input: MarkSignedInput = {}): Promise<void> {
  const { accountId, clock } = ctx
  const errors: FieldError[] = []
  const now = clock.now()
  let signedAt = now.toISOString()
  if (input.signedAt !== undefined) {
    const parsed = new Date(input.signedAt)
    if (Number.isNaN(parsed.getTime())) errors.push({ in: 'body', path: '/signed_at', message: 'must be a date-time' })
    else if (parsed.getTime() > now.getTime()) errors.push({ in: 'body', path: '/signed_at', message: 'cannot be in the future' })
    else signedAt = parsed.toISOString()
  }
  const scanBytes = input.scan ? decodeScan(input.scan, errors) : null

  await db.transaction().execute(async (trx) => {
    const row = await lockProposal(trx, accountId, id)
    assertTransition(row.status, 'mark_signed', row.signature_type)
    if (errors.length > 0) throw validationError(errors)
    if (row.sent_at !== null && signedAt < row.sent_at) throw validationError([{ in: 'body', path: '/signed_at', message: 'cannot be before the document was sent' }])
    const at = isoNow(clock)
    let scanFile: { id: number; sha256: string } | null = null
    if (input.scan && scanBytes) {
      scanFile = await storeProposalFile(trx, clock, { accountId, proposalId: id, kind: 'scan', contentType: input.scan.contentType, fileName: input.scan.fileName, bytes: scanBytes })
    }
    await trx.updateTable('proposals').set({ status: 'signed', signed_at: signedAt, updated_at: at }).where('account_id', '=', accountId).where('id', '=', id).execute()
    await trx
      .updateTable('proposal_signers')
      .set({ status: 'signed', signed_at: signedAt })
      .where('account_id', '=', accountId)
      .where('proposal_id', '=', id)
      .where('status', '!=', 'signed')
      .execute()
    await recordProposalEvent(trx, accountId, id, {
      type: 'signed',
      actor: ctx.actor,
      data: { on_paper: true, signed_at: signedAt, ...(scanFile ? { scan_file_id: scanFile.id, scan_sha256: scanFile.sha256 } : {}) },
      at,
    })
    await recordProposalDomainEvent(trx, clock, accountId, id, 'proposal.signed')
    await ctx.onCommitted?.(trx)
  })
}
