// Sending freezes a draft: its PDF and rendered HTML are stored with the PDF's SHA-256, the
// document becomes `sent`, and (digital) every signer gets a private link while the first group in
// the signing order is invited by e-mail. A paper document just waits for mark-signed.
// The PDF is built before the transaction (heavy work holds no lock); the transaction then checks
// the draft is still the one that was rendered (same updated_at, or only comments since), else renders again once.
// A discount past its limit (the seller's own, else the account's) needs an admin's approval first (discount-approval.ts).
// The seller may write a message to the signers; it is kept on the document for every invitation
// and reminder (signer-correspondence.ts).
import { isoNow } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import { AppError } from '../../platform/errors.js'
import { buildOriginalPdf } from '../documents/pdf-builders.js'
import { pdfFileName } from '../documents/file-names.js'
import { storeProposalFile } from '../documents/proposal-files.js'
import { listProposalAttachments } from '../documents/proposal-attachments.js'
import { queueEmail } from '../notifications/queue-email.js'
import { invitationEmail } from '../notifications/email-messages.js'
import { proposalNotFound } from '../proposals/get-proposal.js'
import { recordProposalEvent } from '../proposals/proposal-content-writes.js'
import { type ActionContext, lockProposal, type ProposalRow, readProposal, recordProposalDomainEvent } from './action-context.js'
import { newSignToken, signingLinkUrl } from './signing-link.js'
import { assertTransition } from './transitions.js'
import { assertValidityOpen } from './validity.js'
import { assertDiscountApproved } from './discount-approval.js'
import { checkSignerMessage, correspondenceFor, signerCorrespondence, signerMessageInput } from './signer-correspondence.js'

/** Thrown inside the transaction when the draft was edited after its PDF was built. */
class DraftChanged extends Error {}

export interface SendInput {
  /** The seller's words to the signers (digital only); blank or null is none; absent, the account's usual message. */
  message?: string | null
}

export async function sendProposal(db: Db, ctx: ActionContext, id: number, input: SendInput = {}): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await sendOnce(db, ctx, id, input)
      return
    } catch (error) {
      if (!(error instanceof DraftChanged)) throw error
      if (attempt >= 2) throw new AppError('proposal_changed_concurrently', `Document ${id} was edited while it was being sent; send it again.`)
    }
  }
}

async function sendOnce(db: Db, ctx: ActionContext, id: number, input: SendInput): Promise<void> {
  const { accountId, clock } = ctx
  const before = await readProposal(db, accountId, id)
  assertTransition(before.status, 'send')
  assertValidityOpen(before, clock.now(), ctx.timeZone)
  await assertDiscountApproved(db, accountId, before)
  const message = input.message === undefined ? await defaultSignerMessage(db, accountId, before.signature_type) : signerMessageInput(input.message, before.signature_type)
  if (before.signature_type === 'digital') await requireSigners(db, accountId, id, ctx.emailDelivery === true)
  const pdf = await buildOriginalPdf(db, accountId, id, { now: clock.now() })
  if (!pdf) throw proposalNotFound(String(id))

  await db.transaction().execute(async (trx) => {
    const row = await lockProposal(trx, accountId, id)
    assertTransition(row.status, 'send')
    if (row.updated_at !== before.updated_at && (await changedSince(trx, accountId, id, before.updated_at))) throw new DraftChanged()
    // The PDF lists the attachments with their hashes: one added or removed meanwhile (within the
    // same millisecond as the last edit, updated_at cannot tell) means rendering it again.
    if (!sameAttachments(await listProposalAttachments(trx, accountId, id), pdf.attachments)) throw new DraftChanged()
    assertValidityOpen(row, clock.now(), ctx.timeZone)
    // Again under the lock: the limit may have changed meanwhile, which moves no draft's updated_at.
    await assertDiscountApproved(trx, accountId, row)
    const now = isoNow(clock)
    const fileName = pdfFileName(row.number)
    const original = await storeProposalFile(trx, clock, { accountId, proposalId: id, kind: 'original', contentType: 'application/pdf', fileName, bytes: pdf.bytes })
    await storeProposalFile(trx, clock, { accountId, proposalId: id, kind: 'html', contentType: 'text/html; charset=utf-8', fileName: fileName.replace(/\.pdf$/, '.html'), bytes: new TextEncoder().encode(pdf.html) })
    await trx
      .updateTable('proposals')
      .set({ status: 'sent', sent_at: now, original_sha256: original.sha256, signer_message: message, discount_approval_requested_at: null, updated_at: now })
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .execute()

    const invited = row.signature_type === 'digital' ? await inviteFirstSigners(trx, ctx, { ...row, signer_message: message }, now) : []
    await recordProposalEvent(trx, accountId, id, {
      type: 'sent',
      actor: ctx.actor,
      // The template's version it was rendered from: which wording went out (a template's history, template-versions.ts).
      // The attachments frozen with it, by id and hash (documents/proposal-attachments.ts), when it has any.
      data: {
        signature_type: row.signature_type, original_sha256: original.sha256, invited_signer_ids: invited, template_version: pdf.templateVersion,
        ...(message === null ? {} : { signer_message: true }), ...(pdf.attachments.length === 0 ? {} : { attachments: pdf.attachments }),
      },
      at: now,
    })
    await recordProposalDomainEvent(trx, clock, accountId, id, 'proposal.sent')
    await ctx.onCommitted?.(trx)
  })
}

/**
 * Whether the draft changed after `since` (the updated_at its PDF was built from): a history entry
 * written since, other than an internal comment. Every change of a draft writes one (an edit's
 * `updated`, an attachment's, an erasure's), and so does a comment, which moves updated_at as every
 * entry does but changes nothing the PDF shows: a CRM commenting while a seller sends must not
 * make the send render again, nor fail it after two comments.
 */
async function changedSince(trx: Db, accountId: number, id: number, since: string): Promise<boolean> {
  const entry = await trx.selectFrom('proposal_events').select('id')
    .where('account_id', '=', accountId).where('proposal_id', '=', id).where('created_at', '>', since).where('type', '<>', 'comment_added')
    .limit(1).executeTakeFirst()
  return entry !== undefined
}

function sameAttachments(now: Array<{ id: number; sha256: string }>, rendered: Array<{ id: number; sha256: string }>): boolean {
  return now.length === rendered.length && now.every((attachment, index) => attachment.id === rendered[index]!.id && attachment.sha256 === rendered[index]!.sha256)
}

/** The account's usual message (Configurações → Conta), for a digital document sent without one. */
async function defaultSignerMessage(db: Db, accountId: number, signatureType: 'digital' | 'paper'): Promise<string | null> {
  if (signatureType !== 'digital') return null
  const row = await db.selectFrom('accounts').select('default_signer_message').where('id', '=', accountId).executeTakeFirst()
  // Checked when it was saved; read again as a message so that a value set by hand cannot slip past the rules.
  const checked = checkSignerMessage(row?.default_signer_message)
  return checked.problem === null ? checked.message : null
}

/** A digital document goes out with signers, and with e-mail delivery when one of them signs with an e-mailed code (the outbox never shows it). */
async function requireSigners(db: Db, accountId: number, id: number, emailDelivery: boolean): Promise<void> {
  const signers = await db.selectFrom('proposal_signers').select(['id', 'authentication']).where('account_id', '=', accountId).where('proposal_id', '=', id).execute()
  if (signers.length === 0) throw new AppError('proposal_without_signers', 'A digital document needs at least one signer before it is sent; add one (PATCH the document) and send again.')
  if (!emailDelivery && signers.some((signer) => signer.authentication === 'email_code')) {
    throw new AppError('email_delivery_required', "A signer signs with a code sent by e-mail (authentication email_code), but this installation has no e-mail delivery (SMTP_URL): set the signer's authentication to link, or configure SMTP_URL, and send again.")
  }
}

/** Every signer gets a link; the lowest signing order is invited now, the others when their turn comes. */
async function inviteFirstSigners(trx: Db, ctx: ActionContext, row: Pick<ProposalRow, 'id' | 'number' | 'title' | 'valid_until' | 'seller_id' | 'signer_message'>, now: string): Promise<number[]> {
  const { accountId, clock } = ctx
  const signers = await trx
    .selectFrom('proposal_signers')
    .select(['id', 'name', 'email', 'signing_order'])
    .where('account_id', '=', accountId)
    .where('proposal_id', '=', row.id)
    .orderBy('signing_order')
    .orderBy('id')
    .execute()
  if (signers.length === 0) throw new AppError('proposal_without_signers', 'A digital document needs at least one signer before it is sent.')
  const firstOrder = signers[0]!.signing_order
  const correspondence = await signerCorrespondence(trx, accountId, row)
  const invited: number[] = []
  for (const signer of signers) {
    const token = newSignToken()
    const first = signer.signing_order === firstOrder
    await trx
      .updateTable('proposal_signers')
      .set(first ? { sign_token: token, status: 'sent', sent_at: now } : { sign_token: token })
      .where('account_id', '=', accountId)
      .where('id', '=', signer.id)
      .execute()
    if (!first) continue
    const part = correspondenceFor(correspondence, signer.email)
    const email = invitationEmail({
      ...part.text,
      proposal: { number: row.number, title: row.title },
      signer: { name: signer.name },
      signUrl: signingLinkUrl(ctx.publicUrl, token),
      validUntil: row.valid_until,
    })
    await queueEmail(trx, clock, { accountId, proposalId: row.id, kind: 'invitation', to: signer.email, ...email, replyTo: part.replyTo })
    invited.push(signer.id)
  }
  return invited
}
