// A document's attachments ("anexos"): PDFs that go with it (a technical specification, a
// portfolio, general conditions), added and removed while it is a draft and frozen with it at
// sending. They are rows of proposal_files of kind 'attachment', so the customer's LGPD export
// lists them and an erasure deletes those of unsigned documents, like the document's other files.
// The original PDF lists each one with its SHA-256 (original-pdf-layout.ts), so the hash the
// signers sign covers the attachments too; that is why they only change before sending.
// Every change is a history entry (which moves the draft's updated_at) and a `proposal.updated`
// event, as an edit is; sending re-renders a draft whose attachments changed meanwhile.
import { isoNow } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import { AppError, type FieldError, validationError } from '../../platform/errors.js'
import { decodeBase64File, isPdf } from '../../platform/base64-file.js'
import { type ActionContext, lockProposal, recordProposalDomainEvent } from '../lifecycle/action-context.js'
import { assertTransition } from '../lifecycle/transitions.js'
import { recordProposalEvent } from '../proposals/proposal-content-writes.js'
import { storeProposalFile } from './proposal-files.js'

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
export const ATTACHMENTS_PER_DOCUMENT = 10
export const ATTACHMENT_NAME_MAX = 120

/** An attachment as the API and the pages show it: never its bytes. */
export interface AttachmentView {
  id: number
  file_name: string
  content_type: 'application/pdf'
  size: number
  sha256: string
  created_at: string
}

/** The file: base64 from the API's JSON, or the bytes of the web app's upload. */
export type AttachmentInput = { fileName: string } & ({ contentBase64: string } | { bytes: Uint8Array })

// Control and format characters (a right-to-left override turns "exe.pdf" around), lone
// surrogates, line and paragraph separators (they break the PDF's line), and path separators.
const NOT_IN_A_NAME = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}/\\]/u

/** The name as stored: trimmed, ending in ".pdf" (added when missing), or an error on `/file_name`. */
function attachmentFileName(typed: string, errors: FieldError[]): string {
  const trimmed = typed.normalize('NFC').trim()
  if (trimmed === '') errors.push({ in: 'body', path: '/file_name', message: 'must not be empty' })
  else if (NOT_IN_A_NAME.test(trimmed)) errors.push({ in: 'body', path: '/file_name', message: 'must not contain control characters, line breaks or slashes' })
  else if (/^\.pdf$/i.test(trimmed)) errors.push({ in: 'body', path: '/file_name', message: 'must have a name before ".pdf"' })
  const named = /\.pdf$/i.test(trimmed) ? trimmed : `${trimmed}.pdf`
  if ([...named].length > ATTACHMENT_NAME_MAX) errors.push({ in: 'body', path: '/file_name', message: `must be at most ${ATTACHMENT_NAME_MAX} characters` })
  return named
}

function attachmentBytes(input: AttachmentInput, errors: FieldError[]): Uint8Array | null {
  const bytes = 'bytes' in input ? input.bytes : decodeBase64File(input.contentBase64, '/content_base64', errors)
  if (bytes === null) return null
  if (bytes.length > ATTACHMENT_MAX_BYTES) errors.push({ in: 'body', path: '/content_base64', message: `the file must be at most ${ATTACHMENT_MAX_BYTES} bytes` })
  else if (!isPdf(bytes)) errors.push({ in: 'body', path: '/content_base64', message: 'the content is not a PDF' })
  return bytes
}

const VIEW_COLUMNS = ['id', 'file_name', 'size', 'sha256', 'created_at'] as const

function viewOf(row: { id: number; file_name: string; size: number; sha256: string; created_at: string }): AttachmentView {
  return { id: Number(row.id), file_name: row.file_name, content_type: 'application/pdf', size: Number(row.size), sha256: row.sha256, created_at: row.created_at }
}

/** The rows of the account's document's attachments: every read here starts from it, so none forgets the account. */
export function attachmentRows(db: Db, accountId: number, proposalId: number) {
  return db.selectFrom('proposal_files').where('account_id', '=', accountId).where('proposal_id', '=', proposalId).where('kind', '=', 'attachment')
}

/** The document's attachments in the order they were added (none for another account's document). */
export async function listProposalAttachments(db: Db, accountId: number, proposalId: number): Promise<AttachmentView[]> {
  const rows = await attachmentRows(db, accountId, proposalId).select(VIEW_COLUMNS).orderBy('id').execute()
  return rows.map(viewOf)
}

function attachmentNotFound(attachmentId: number | string): AppError {
  return new AppError('attachment_not_found', `The document has no attachment ${attachmentId}.`)
}

/** One attachment with its bytes, for a download; 404 attachment_not_found when the document has no such one. */
export async function findProposalAttachment(db: Db, accountId: number, proposalId: number, attachmentId: number): Promise<AttachmentView & { bytes: Uint8Array }> {
  const row = await attachmentRows(db, accountId, proposalId).select([...VIEW_COLUMNS, 'bytes']).where('id', '=', attachmentId).executeTakeFirst()
  if (!row) throw attachmentNotFound(attachmentId)
  return { ...viewOf(row), bytes: new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength) }
}

/** The attachment as a download, under the name it was added with. */
export function attachmentDownload(attachment: AttachmentView & { bytes: Uint8Array }): { bytes: Uint8Array; sha256: string; contentType: string; fileName: string } {
  return { bytes: attachment.bytes, sha256: attachment.sha256, contentType: attachment.content_type, fileName: attachment.file_name }
}

/** Adds a PDF to a draft: 409 for a document already sent, 422 for a bad file, 409 past the tenth. */
export async function addProposalAttachment(db: Db, ctx: ActionContext, proposalId: number, input: AttachmentInput): Promise<AttachmentView> {
  const { accountId, clock } = ctx
  const errors: FieldError[] = []
  // The file's problem first: a form sent without a file is told to choose one, whatever its name.
  const bytes = attachmentBytes(input, errors)
  const fileName = attachmentFileName(input.fileName, errors)
  return db.transaction().execute(async (trx) => {
    const row = await lockProposal(trx, accountId, proposalId)
    assertTransition(row.status, 'update')
    if (errors.length > 0 || bytes === null) throw validationError(errors)
    const held = await countAttachments(trx, accountId, proposalId)
    if (held >= ATTACHMENTS_PER_DOCUMENT) {
      throw new AppError('too_many_attachments', `A document takes at most ${ATTACHMENTS_PER_DOCUMENT} attachments; remove one before adding another.`)
    }
    const stored = await storeProposalFile(trx, clock, { accountId, proposalId, kind: 'attachment', contentType: 'application/pdf', fileName, bytes })
    const data = { attachment_id: stored.id, file_name: fileName, size: bytes.length, sha256: stored.sha256 }
    await recordProposalEvent(trx, accountId, proposalId, { type: 'attachment_added', actor: ctx.actor, data, at: stored.createdAt })
    await recordProposalDomainEvent(trx, clock, accountId, proposalId, 'proposal.updated')
    await ctx.onCommitted?.(trx)
    return { id: stored.id, file_name: fileName, content_type: 'application/pdf', size: bytes.length, sha256: stored.sha256, created_at: stored.createdAt }
  })
}

/**
 * "Duplicar": copies another of the account's documents' attachments to a draft, in their order,
 * as many as fit under the limit; each copy is its own `attachment_added` entry naming the source.
 * A source of another account has none to copy. Each step reads the next file after the last one
 * copied, so at most one file's bytes are held at once, and a file removed from the source
 * meanwhile (the source is not locked) is simply not found: nothing to copy, not a failure.
 * Returns how many were copied.
 */
export async function copyProposalAttachments(db: Db, ctx: ActionContext, sourceId: number, draftId: number): Promise<number> {
  const { accountId, clock } = ctx
  return db.transaction().execute(async (trx) => {
    const row = await lockProposal(trx, accountId, draftId)
    assertTransition(row.status, 'update')
    const room = ATTACHMENTS_PER_DOCUMENT - (await countAttachments(trx, accountId, draftId))
    let copied = 0
    let after = 0
    while (copied < room) {
      const source = await attachmentRows(trx, accountId, sourceId).select([...VIEW_COLUMNS, 'bytes']).where('id', '>', after).orderBy('id').limit(1).executeTakeFirst()
      if (!source) break
      after = Number(source.id)
      const stored = await storeProposalFile(trx, clock, { accountId, proposalId: draftId, kind: 'attachment', contentType: 'application/pdf', fileName: source.file_name, bytes: source.bytes })
      const data = { attachment_id: stored.id, file_name: source.file_name, size: Number(source.size), sha256: stored.sha256, copied_from: sourceId }
      await recordProposalEvent(trx, accountId, draftId, { type: 'attachment_added', actor: ctx.actor, data, at: stored.createdAt })
      copied += 1
    }
    if (copied > 0) await recordProposalDomainEvent(trx, clock, accountId, draftId, 'proposal.updated')
    return copied
  })
}

/** Removes an attachment from a draft: 409 once sent, 404 attachment_not_found for one the document does not have. */
export async function removeProposalAttachment(db: Db, ctx: ActionContext, proposalId: number, attachmentId: number): Promise<AttachmentView> {
  const { accountId, clock } = ctx
  return db.transaction().execute(async (trx) => {
    const row = await lockProposal(trx, accountId, proposalId)
    assertTransition(row.status, 'update')
    const attachment = await attachmentRows(trx, accountId, proposalId).select(VIEW_COLUMNS).where('id', '=', attachmentId).executeTakeFirst()
    if (!attachment) throw attachmentNotFound(attachmentId)
    await trx.deleteFrom('proposal_files').where('account_id', '=', accountId).where('proposal_id', '=', proposalId).where('kind', '=', 'attachment').where('id', '=', attachmentId).execute()
    const at = isoNow(clock)
    const removed = viewOf(attachment)
    await recordProposalEvent(trx, accountId, proposalId, { type: 'attachment_removed', actor: ctx.actor, data: { attachment_id: removed.id, file_name: removed.file_name, size: removed.size, sha256: removed.sha256 }, at })
    await recordProposalDomainEvent(trx, clock, accountId, proposalId, 'proposal.updated')
    await ctx.onCommitted?.(trx)
    return removed
  })
}

async function countAttachments(trx: Db, accountId: number, proposalId: number): Promise<number> {
  const row = await attachmentRows(trx, accountId, proposalId).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}
