// The lifecycle actions of a document in the web app (send, resend, cancel, mark signed, correct a
// signer's contact, attachments, an internal comment): forms on
// /proposals/:id/edit post here (CSRF checked by the web plugin), the same module actions as the
// API run with the signed-in user (member or admin) as the actor, and the browser goes back to
// the document with a flash message. A refused action (another status, a limit) is an error flash
// naming the current status; a foreign or missing id is the 404 page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type ActionContext, actionContextOf, readProposal } from '../../../modules/lifecycle/action-context.js'
import { cancelProposal } from '../../../modules/lifecycle/cancel-proposal.js'
import { approveDiscount, type NothingDone, requestDiscountApproval } from '../../../modules/lifecycle/discount-approval.js'
import { formatShare } from '../../../modules/lifecycle/discount-rule.js'
import { addProposalAttachment, ATTACHMENT_MAX_BYTES, ATTACHMENT_NAME_MAX, ATTACHMENTS_PER_DOCUMENT, removeProposalAttachment } from '../../../modules/documents/proposal-attachments.js'
import { markProposalSigned, SCAN_MAX_BYTES, type ScanInput, sniffScanType } from '../../../modules/lifecycle/mark-proposal-signed.js'
import { resendProposal } from '../../../modules/lifecycle/resend-proposal.js'
import { sendProposal } from '../../../modules/lifecycle/send-proposal.js'
import { SIGNER_MESSAGE_MAX } from '../../../modules/lifecycle/signer-correspondence.js'
import { updateSignerContact } from '../../../modules/lifecycle/update-signer-contact.js'
import { COMMENT_NOTIFY_MAX } from '../../../modules/proposals/comment-notices.js'
import { addProposalComment, COMMENT_MAX_CHARACTERS, COMMENTS_PER_DOCUMENT } from '../../../modules/proposals/proposal-comments.js'
import { formatCalendarDate } from '../../../platform/pt-br-format.js'
import { dayBounds } from '../../../platform/time-zones.js'
import { AppError, retryAfterSeconds } from '../../../platform/errors.js'
import { formString, formStrings, isCalendarDate, TYPED_ID } from '../form-data.js'
import { requireRole, requireSession, sendNotFound } from '../guards.js'
import { formFile, type UploadedFile } from '../multipart-form.js'
import type { Flash } from '../flash.js'
import { t } from '../i18n/pt-BR.js'
import { sessionOf } from '../page-context.js'
import { idParam, redirectWithFlash, type WebRoutesOptions } from './route-options.js'

const a = t.proposalActions

/** "18.5" (the API's percentage) → 1850 hundredths of a percent. */
function percentBp(value: unknown): number {
  return Math.round(Number(value) * 100)
}

/** The scan's 10 MB and the form's few fields around it. */
const SCAN_FORM_BODY_LIMIT = SCAN_MAX_BYTES + 64 * 1024

/**
 * The upload as the module's scan input, its type read from its first bytes (browsers declare
 * `image/jpg`, `application/octet-stream`…); a file of no accepted type is refused as the API
 * refuses one whose bytes do not match its declared type.
 */
function scanOf(upload: UploadedFile | null): ScanInput | undefined {
  if (!upload) return undefined
  const fileName = upload.fileName.replace(/[\u0000-\u001f/\\]/g, '').slice(0, 200) || 'digitalizacao'
  const sniffed = sniffScanType(upload.bytes)
  if (!sniffed) throw new AppError('validation_failed', 'not a PDF, JPEG or PNG', { errors: [{ in: 'body', path: '/scan/content_type', message: 'must be a PDF, JPEG or PNG' }] })
  return { fileName, contentType: sniffed, bytes: upload.bytes }
}

/** An attachment's 10 MB and the form's few fields around it. */
const ATTACHMENT_FORM_BODY_LIMIT = ATTACHMENT_MAX_BYTES + 64 * 1024

/**
 * The name a browser gave the file, made one the module takes: the user typed none here, so what
 * no name may hold (control and format characters, line breaks, a folder) is dropped and a long
 * one is shortened, keeping ".pdf" (the API refuses such names instead, naming the field).
 */
function uploadedAttachmentName(given: string): string {
  const name = given.normalize('NFC').split(/[/\\]/).pop()!.replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu, '').trim()
  // The extension as the browser sent it (".PDF" stays), ".pdf" when there was none.
  const extension = /\.pdf$/i.exec(name)?.[0] ?? '.pdf'
  const stem = name.replace(/\.pdf$/i, '').trim()
  if (stem === '') return name === '' ? '' : `anexo${extension}`
  return `${[...stem].slice(0, ATTACHMENT_NAME_MAX - 4).join('').trim()}${extension}`
}

/** What the browser is told: a success's text, or a flash of another kind (nothing to do). */
type Action = (context: ActionContext, id: number, body: unknown) => Promise<string | Flash>

/** The friendly message of a refused action, or null when the error is not the user's to fix. */
function refusal(error: AppError): string | null {
  switch (error.code) {
    case 'invalid_status_transition': {
      const status = String(error.extras.current_status ?? '')
      return a.invalidTransition(t.proposals.status[status] ?? status)
    }
    case 'proposal_without_signers':
      return a.noSigners
    case 'email_delivery_required':
      return a.emailDeliveryRequired
    case 'validity_ended':
      return a.validityEnded(formatCalendarDate(String(error.extras.valid_until)))
    case 'proposal_changed_concurrently':
      return a.changedMeanwhile
    case 'resend_limit_reached':
      return a.resendLimit
    case 'signer_not_found':
      return a.contact.unknownSigner
    case 'signer_already_answered':
      return a.contact.notChangeable
    case 'documents_busy':
      return a.documentsBusy(retryAfterSeconds(error))
    case 'too_many_attachments':
      return a.attachments.tooMany(ATTACHMENTS_PER_DOCUMENT)
    case 'too_many_comments':
      return a.comments.tooMany(COMMENTS_PER_DOCUMENT)
    case 'attachment_not_found':
      return a.attachments.notFound
    case 'discount_approval_required':
      return a.discount.required(formatShare(percentBp(error.extras.discount_percent)), formatShare(percentBp(error.extras.limit_percent)))
    case 'validation_failed': {
      const first = error.extras.errors?.[0]
      const path = first?.path ?? ''
      if (path === '/email') return first?.message.includes('same e-mail') ? a.contact.duplicateEmail : a.contact.invalidEmail
      if (path === '/phone') return a.contact.invalidPhone
      if (path === '/reason') return a.reasonRequired
      if (path === '/message') return a.invalidSignerMessage(SIGNER_MESSAGE_MAX)
      if (path.startsWith('/signer_ids/')) return a.signerNotWaiting
      if (path === '/signed_at') return a.invalidDate
      if (path.startsWith('/scan/')) return a.invalidScan
      if (path === '/file_name') return a.attachments.invalidName
      if (path === '/content_base64') return a.attachments.invalidFile
      if (path === '/text') return a.comments.invalid(COMMENT_MAX_CHARACTERS)
      if (path.startsWith('/notify')) return a.comments.invalidNotify(COMMENT_NOTIFY_MAX)
      return a.nobodyWaiting
    }
    default:
      return null
  }
}

export function registerProposalActionRoutes(app: FastifyInstance, options: WebRoutesOptions): void {
  const { db, clock, config } = options

  function register(path: string, action: Action, { bodyLimit, adminOnly = false }: { bodyLimit?: number; adminOnly?: boolean } = {}) {
    // A route taking a file refuses a visitor without a session before reading its body.
    const limits = bodyLimit === undefined ? {} : { bodyLimit, onRequest: requireSession }
    app.post(`/proposals/:id/${path}`, { preHandler: adminOnly ? requireRole('admin') : requireSession, ...limits }, async (request: FastifyRequest, reply: FastifyReply) => {
      const id = idParam(request.params)
      if (id === null) return sendNotFound(request, reply)
      const session = sessionOf(request)
      const context = actionContextOf(session, { type: 'user', id: session.userId, name: session.userName }, { clock, publicUrl: config.publicUrl, smtpUrl: config.smtpUrl })
      const back = `/proposals/${id}/edit`
      try {
        const said = await action(context, id, request.body)
        return redirectWithFlash(reply, options, back, typeof said === 'string' ? { kind: 'success', text: said } : said)
      } catch (error) {
        if (error instanceof AppError && error.code === 'proposal_not_found') return sendNotFound(request, reply)
        const text = error instanceof AppError ? refusal(error) : null
        if (text === null) throw error
        return redirectWithFlash(reply, options, back, { kind: 'error', text })
      }
    })
  }

  register('send', async (context, id, body) => {
    // The module checks the length (1,000 characters once trimmed); far past it, nothing is worth keeping.
    await sendProposal(db, context, id, { message: formString(body, 'message').slice(0, 10_000) })
    return a.sent(await numberOf(context, id))
  })

  register('resend', async (context, id, body) => {
    // Without signer_id every waiting signer is reminded; with one, that signer alone (the module
    // refuses a signer who is not waiting, or not the document's, as it does for the API).
    const typedId = formString(body, 'signer_id')
    const only = typedId === '' ? {} : { signerIds: [TYPED_ID.test(typedId) ? Number(typedId) : 0] }
    const result = await resendProposal(db, context, id, only)
    return a.resent(result.signerIds.length)
  })

  register('signer-contact', async (context, id, body) => {
    // An id that is not one names no signer: the module says so once it found the document (a
    // missing or foreign document is a 404 whatever the form holds).
    const typedId = formString(body, 'signer_id')
    const signerId = TYPED_ID.test(typedId) ? Number(typedId) : 0
    const input = { signerId, email: formString(body, 'email').slice(0, 1000), phone: formString(body, 'phone').slice(0, 1000) }
    const change = await updateSignerContact(db, context, id, input)
    if (!change.emailChanged && !change.phoneChanged) return a.contact.unchanged
    return a.contact.saved(change.signerName, change.reinvited)
  })

  register('cancel', async (context, id, body) => {
    // The length is checked by the module (1 to 500 characters after trimming).
    await cancelProposal(db, context, id, { reason: formString(body, 'reason').slice(0, 10_000) })
    return a.cancelled(await numberOf(context, id))
  })

  register('mark-signed', async (context, id, body) => {
    const date = formString(body, 'signed_on').trim()
    let signedAt: string | undefined
    if (date !== '') {
      // A calendar date in the account's time zone: its local noon, so it is never "in the future"
      // today nor shifted to another day by the offset; today means now.
      if (!isCalendarDate(date)) throw new AppError('validation_failed', 'invalid date', { errors: [{ in: 'body', path: '/signed_at', message: 'invalid date' }] })
      const bounds = dayBounds(date, context.timeZone)
      const now = clock.now()
      signedAt = bounds.end <= now ? new Date(bounds.start.getTime() + 12 * 3600_000).toISOString() : bounds.start <= now ? now.toISOString() : bounds.start.toISOString()
    }
    const scan = scanOf(formFile(body, 'scan'))
    await markProposalSigned(db, context, id, { ...(signedAt === undefined ? {} : { signedAt }), ...(scan ? { scan } : {}) })
    return a.markedSigned(await numberOf(context, id))
  }, { bodyLimit: SCAN_FORM_BODY_LIMIT })

  // A draft's attachments (PDFs): added one at a time, removed by id.
  register('attachments', async (context, id, body) => {
    // No file chosen is the module's "not a PDF", once it found the document (a foreign one is a 404).
    const upload = formFile(body, 'file') ?? { fileName: '', bytes: new Uint8Array() }
    const added = await addProposalAttachment(db, context, id, { fileName: uploadedAttachmentName(upload.fileName), bytes: upload.bytes })
    return a.attachments.added(added.file_name)
  }, { bodyLimit: ATTACHMENT_FORM_BODY_LIMIT })

  register('attachments/remove', async (context, id, body) => {
    const typedId = formString(body, 'attachment_id')
    const removed = await removeProposalAttachment(db, context, id, TYPED_ID.test(typedId) ? Number(typedId) : 0)
    return a.attachments.removed(removed.file_name)
  })

  // An internal comment, in any status (the module checks the text: empty, too long, unprintable).
  register('comments', async (context, id, body) => {
    const { notified } = await addProposalComment(db, context, id, { text: formString(body, 'text').slice(0, 10_000), notify: { userIds: formStrings(body, 'notify') } })
    return notified.length > 0 ? a.comments.addedAndNotified(notified.map((user) => user.name)) : a.comments.added
  })

  // A discount past the account's limit: an admin approves it, anyone asks the admins for it.
  register('approve-discount', async (context, id, body) => {
    // The figures the admin's page showed: a draft edited since is not approved unseen.
    const cents = (name: string) => (/^\d{1,16}$/.test(formString(body, name)) ? Number(formString(body, name)) : null)
    const subtotal = cents('subtotal_cents')
    const discount = cents('discount_cents')
    const seen = subtotal === null || discount === null ? null : { subtotal_cents: subtotal, discount_cents: discount }
    const result = await approveDiscount(db, context, id, seen)
    if (result.outcome !== 'approved') return approvalAnswer(result)
    return [a.discount.approvedNow(formatShare(result.shareBp)), ...(result.notified > 0 ? [a.discount.approvedTold(result.notified)] : [])].join(' ')
  }, { adminOnly: true })

  register('request-discount-approval', async (context, id) => {
    const result = await requestDiscountApproval(db, context, id)
    return result.outcome === 'requested' ? a.discount.requestedNow(result.notified) : approvalAnswer(result)
  })

  /** Nothing done: the discount needs no approval, has one, or was asked for already. */
  function approvalAnswer({ outcome }: NothingDone): Flash {
    const texts = { not_required: a.discount.notRequired, already_approved: a.discount.alreadyApproved, already_requested: a.discount.alreadyRequested, changed: a.discount.changed, not_allowed: a.discount.notAllowed }
    return { kind: 'info', text: texts[outcome] }
  }

  async function numberOf(context: ActionContext, id: number): Promise<number> {
    return (await readProposal(db, context.accountId, id)).number
  }
}
