// Correcting a signer's e-mail or phone after the document was sent: one typo in an address used
// to mean cancelling the document and building it again. Allowed while the document waits for
// signatures and the signer has neither signed nor refused. A new e-mail gets a new signing link
// (the old one may have gone to a stranger, so it stops working at once) and, when it is the
// signer's turn, a new invitation to the new address; the history records who changed what.
import { isoNow } from '../../platform/clock.js'
import { isEmailAddress, isPhoneNumber, normalizeEmail } from '../../platform/contact-formats.js'
import type { Db } from '../../platform/db/connect.js'
import { AppError, validationError } from '../../platform/errors.js'
import { invitationEmail } from '../notifications/email-messages.js'
import { queueEmail } from '../notifications/queue-email.js'
import { recordProposalEvent } from '../proposals/proposal-content-writes.js'
import { type ActionContext, lockProposal } from './action-context.js'
import { correspondenceFor, signerCorrespondence } from './signer-correspondence.js'
import { assertUnderDailyCap } from './resend-proposal.js'
import { discardEmailCode } from './signer-email-code.js'
import { newSignToken, signingLinkUrl } from './signing-link.js'
import { OPEN_STATUSES } from './transitions.js'

export interface SignerContactInput {
  signerId: number
  /** Absent keeps the stored address (the API's PATCH). */
  email?: string
  /** '' clears it; absent keeps it. */
  phone?: string
}

export interface SignerContactChange {
  signerName: string
  emailChanged: boolean
  phoneChanged: boolean
  /** A new invitation went to the new address (it was the signer's turn). */
  reinvited: boolean
}

/** The values sent, normalised and checked; an absent one stays undefined (kept as stored). */
function checkedContact(input: SignerContactInput): { email?: string; phone?: string | null } {
  const email = typeof input.email === 'string' ? normalizeEmail(input.email) : undefined
  const phone = input.phone === undefined ? undefined : input.phone.trim() === '' ? null : input.phone.trim()
  const errors = [
    ...(email === undefined || isEmailAddress(email) ? [] : [{ in: 'body' as const, path: '/email', message: email === '' ? 'is required' : 'must be an e-mail address' }]),
    ...(phone === undefined || phone === null || isPhoneNumber(phone) ? [] : [{ in: 'body' as const, path: '/phone', message: 'must be 8 to 30 digits, spaces and + ( ) . -' }]),
  ]
  if (errors.length > 0) throw validationError(errors)
  return { ...(email === undefined ? {} : { email }), ...(phone === undefined ? {} : { phone }) }
}

export async function updateSignerContact(db: Db, ctx: ActionContext, proposalId: number, input: SignerContactInput): Promise<SignerContactChange> {
  const { accountId, clock } = ctx
  return db.transaction().execute(async (trx) => {
    // The document first: a missing or foreign one is not found, whatever the form holds.
    const row = await lockProposal(trx, accountId, proposalId)
    const sent = checkedContact(input)
    const signers = await trx
      .selectFrom('proposal_signers')
      .select(['id', 'name', 'email', 'phone', 'status', 'sign_token'])
      .where('account_id', '=', accountId)
      .where('proposal_id', '=', proposalId)
      .execute()
    const signer = signers.find((candidate) => candidate.id === input.signerId)
    // Once the values are well-formed (422): the signer the request names must exist (404) before
    // their state, or the document's, is judged (409).
    if (!signer) throw new AppError('signer_not_found', `Document ${proposalId} has no signer with id ${input.signerId}.`)
    if (!(OPEN_STATUSES as readonly string[]).includes(row.status)) {
      throw new AppError('invalid_status_transition', `A signer's contact can only be corrected while the document waits for signatures; it is ${row.status}.`, { current_status: row.status })
    }
    if (signer.status === 'signed' || signer.status === 'rejected') {
      throw new AppError('signer_already_answered', `This signer has ${signer.status}: their record is evidence and stays as it is.`, { signer_status: signer.status })
    }
    const contact = { email: sent.email ?? signer.email.toLowerCase(), phone: sent.phone === undefined ? signer.phone : sent.phone }
    if (signers.some((other) => other.id !== signer.id && other.email.toLowerCase() === contact.email)) {
      throw validationError([{ in: 'body', path: '/email', message: 'another signer of this document has the same e-mail' }])
    }
    const emailChanged = contact.email !== signer.email.toLowerCase()
    // A phone stored as the API received it may carry spaces around it: the same number trimmed is no change.
    const phoneChanged = sent.phone !== undefined && sent.phone !== (signer.phone?.trim() || null)
    if (!emailChanged && !phoneChanged) return { signerName: signer.name, emailChanged, phoneChanged, reinvited: false }

    // The old link may have reached the wrong person: a new address gets a new link, and whoever
    // opened the old one did not see it as this signer (their first open is still to come).
    const token = emailChanged && signer.sign_token !== null ? newSignToken() : signer.sign_token
    const reinvited = emailChanged && token !== null && (signer.status === 'sent' || signer.status === 'viewed')
    // A new address gets as many messages a day as a reminder allows: corrections back and forth
    // must not become a way to flood an inbox.
    if (reinvited) await assertUnderDailyCap(trx, ctx, proposalId, { id: signer.id, email: contact.email }, ['invitation', 'reminder'])
    const now = isoNow(clock)
    await trx
      .updateTable('proposal_signers')
      .set({
        email: contact.email,
        phone: contact.phone,
        sign_token: token,
        ...(emailChanged && signer.status === 'viewed' ? { status: 'sent' as const, viewed_at: null } : {}),
        // The old link's visits were not this signer's either (lifecycle/signer-opens.ts).
        ...(emailChanged ? { open_count: 0, last_opened_at: null } : {}),
        // The new invitation counts as the latest reminder: the automatic ones wait from it.
        ...(reinvited ? { reminded_at: now } : {}),
      })
      .where('account_id', '=', accountId)
      .where('id', '=', signer.id)
      .execute()
    if (emailChanged) await discardEmailCode(trx, accountId, signer.id)
    if (reinvited) {
      const part = correspondenceFor(await signerCorrespondence(trx, accountId, row), contact.email)
      const email = invitationEmail({
        ...part.text,
        proposal: { number: row.number, title: row.title },
        signer: { name: signer.name },
        signUrl: signingLinkUrl(ctx.publicUrl, token!),
        validUntil: row.valid_until,
      })
      await queueEmail(trx, clock, { accountId, proposalId, kind: 'invitation', to: contact.email, ...email, replyTo: part.replyTo })
    }
    await recordProposalEvent(trx, accountId, proposalId, {
      type: 'signer_contact_changed',
      actor: ctx.actor,
      data: {
        signer: { id: signer.id, name: signer.name },
        ...(emailChanged ? { email: { from: signer.email, to: contact.email } } : {}),
        ...(phoneChanged ? { phone: { from: signer.phone, to: contact.phone } } : {}),
        new_link: emailChanged && token !== null,
        reinvited,
      },
      at: now,
    })
    return { signerName: signer.name, emailChanged, phoneChanged, reinvited }
  })
}
