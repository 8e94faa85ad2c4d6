// The lifecycle side of /proposals/:id/edit: the actions the document's status allows (send,
// resend, cancel, mark signed — each a CSRF-protected form; a discount's approval before sending), its status times and hashes, and
// each signer's status with their signing link while it works (copyable).
import { type DiscountApprovalState, formatShare } from '../../../modules/lifecycle/discount-rule.js'
import { SIGNER_MESSAGE_MAX } from '../../../modules/lifecycle/signer-correspondence.js'
import { canTransition } from '../../../modules/lifecycle/transitions.js'
import type { ProposalDetail } from '../../../modules/proposals/proposal-mapper.js'
import { CsrfField, FileField, FormField, TextAreaField } from '../form-field.js'
import { formatDateTime } from '../format.js'
import { t } from '../i18n/pt-BR.js'
import type { PageContext } from '../page-context.js'

const a = t.proposalActions

/**
 * A draft's discount under its limit (its seller's, else the account's): what it needs before sending and the button that
 * moves it on (an admin approves; anyone else asks the admins), or who approved it.
 */
function DiscountApproval({ ctx, detail, state }: { ctx: PageContext; detail: ProposalDetail; state: DiscountApprovalState }) {
  const timeZone = ctx.session.timeZone
  if (state.status === 'not_required') return null
  if (state.status === 'approved') return <p class="muted" data-discount-approval="approved">{a.discount.approved(formatShare(state.approvedBp), state.by, formatDateTime(state.at, timeZone))}</p>
  const admin = ctx.session.role === 'admin'
  return (
    <form method="post" action={`/proposals/${detail.id}/${admin ? 'approve-discount' : 'request-discount-approval'}`} class="action-form" data-discount-approval="pending">
      <CsrfField token={ctx.csrfToken} />
      {/* What the admin approves: a draft edited after this page was drawn is not approved unseen. */}
      {admin && <input type="hidden" name="subtotal_cents" value={String(detail.totals.subtotal_cents)} />}
      {admin && <input type="hidden" name="discount_cents" value={String(detail.totals.discount_cents)} />}
      <p class="alert info">
        {a.discount.pending(formatShare(state.shareBp), formatShare(state.limitBp))}
        {state.requested && <> {a.discount.requested(state.requested.by, formatDateTime(state.requested.at, timeZone))}</>}
      </p>
      <button type="submit" class="button secondary">{admin ? a.discount.approve : a.discount.request}</button>
    </form>
  )
}

export function ProposalActionsPanel({ ctx, detail, defaultSignerMessage = null, discountApproval = { status: 'not_required' } }: { ctx: PageContext; detail: ProposalDetail; defaultSignerMessage?: string | null; discountApproval?: DiscountApprovalState }) {
  const type = detail.signature_type.id
  const base = `/proposals/${detail.id}`
  const canSend = canTransition(detail.status, 'send', type)
  const canResend = canTransition(detail.status, 'resend', type) && detail.signers.some((signer) => signer.url_to_sign !== null)
  const canMarkSigned = canTransition(detail.status, 'mark_signed', type)
  const canCancel = canTransition(detail.status, 'cancel', type)
  return (
    <section class="card proposal-actions" aria-labelledby="actions-heading">
      <h2 id="actions-heading">{a.title}</h2>
      {!canSend && !canResend && !canMarkSigned && !canCancel && <p class="muted">{a.none}</p>}
      {canSend && <DiscountApproval ctx={ctx} detail={detail} state={discountApproval} />}
      {canSend && (
        <form method="post" action={`${base}/send`} class="action-form">
          <CsrfField token={ctx.csrfToken} />
          <p class="muted">{type === 'digital' ? a.sendHintDigital : a.sendHintPaper}</p>
          {type === 'digital' && <TextAreaField name="message" label={a.signerMessage} value={defaultSignerMessage ?? ''} hint={a.signerMessageHint(SIGNER_MESSAGE_MAX)} rows={3} maxLength={SIGNER_MESSAGE_MAX} id="field-signer-message" />}
          <button type="submit" class="button">{a.send}</button>
        </form>
      )}
      {canResend && (
        <form method="post" action={`${base}/resend`} class="action-form">
          <CsrfField token={ctx.csrfToken} />
          <p class="muted">{a.resendHint}</p>
          <button type="submit" class="button secondary">{a.resend}</button>
        </form>
      )}
      {canMarkSigned && (
        <form method="post" action={`${base}/mark-signed`} class="action-form" enctype="multipart/form-data">
          <CsrfField token={ctx.csrfToken} />
          <FormField name="signed_on" type="date" label={a.signedOn} hint={a.signedOnHint} required={false} id="field-signed-on" />
          <FileField name="scan" label={a.scan} hint={a.scanHint} accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png" id="field-scan" />
          <button type="submit" class="button">{a.markSigned}</button>
        </form>
      )}
      {canCancel && (
        <form method="post" action={`${base}/cancel`} class="action-form">
          <CsrfField token={ctx.csrfToken} />
          <TextAreaField name="reason" label={a.cancelReason} hint={a.cancelHint} rows={2} required id="field-cancel-reason" />
          <button type="submit" class="button danger">{a.cancel}</button>
        </form>
      )}
    </section>
  )
}

export function ProposalTimesPanel({ detail, timeZone }: { detail: ProposalDetail; timeZone: string }) {
  const times: Array<[string, string | null]> = [
    [a.sentAt, detail.sent_at],
    [a.viewedAt, detail.viewed_at],
    [a.signedAt, detail.signed_at],
    [a.rejectedAt, detail.rejected_at],
    [a.cancelledAt, detail.cancelled_at],
    [a.expiredAt, detail.expired_at],
  ]
  const shown = times.filter(([, at]) => at !== null)
  // The signer's reason is in the rejection's history entry (the e-mail to the seller carries it too).
  const rejection = detail.events.find((event) => event.type === 'rejected')
  const rejectReason = typeof rejection?.data.reason === 'string' ? rejection.data.reason : null
  if (shown.length === 0 && detail.original_sha256 === null) return null
  return (
    <section class="card" aria-labelledby="times-heading">
      <h2 id="times-heading">{a.times}</h2>
      <dl class="proposal-summary">
        {shown.map(([label, at]) => <div><dt>{label}</dt><dd>{formatDateTime(at!, timeZone)}</dd></div>)}
        {rejectReason !== null && <div><dt>{a.rejectReasonLabel}</dt><dd>{rejectReason}</dd></div>}
        {detail.signer_message !== null && <div><dt>{a.signerMessageLabel}</dt><dd class="proposal-notes">{detail.signer_message}</dd></div>}
        {detail.cancel_reason !== null && <div><dt>{a.cancelReasonLabel}</dt><dd>{detail.cancel_reason}</dd></div>}
        {detail.original_sha256 !== null && <div><dt>{a.originalHash}</dt><dd><code class="hash">{detail.original_sha256}</code></dd></div>}
        {detail.signed_sha256 !== null && <div><dt>{a.signedHash}</dt><dd><code class="hash">{detail.signed_sha256}</code></dd></div>}
      </dl>
    </section>
  )
}

export function ProposalSignersPanel({ ctx, detail, timeZone }: { ctx: PageContext; detail: ProposalDetail; timeZone: string }) {
  if (detail.status === 'draft') return null
  // While it waits for signatures, a signer who has neither signed nor refused can have a typo fixed.
  const correctable = detail.status === 'sent' || detail.status === 'viewed'
  return (
    <section class="card" aria-labelledby="signer-links-heading">
      <h2 id="signer-links-heading">{a.signers}</h2>
      {detail.signers.length === 0 ? <p class="muted">{a.noSignerRows}</p> : (
        <ul class="signer-links">
          {detail.signers.map((signer) => {
            const linkId = `signing-link-${signer.id}`
            const when = signer.signed_at ?? signer.rejected_at ?? signer.viewed_at ?? signer.sent_at
            return (
              <li data-signer-id={signer.id}>
                <strong>{signer.signing_order}. {signer.name}</strong> — {a.signerStatus[signer.status] ?? signer.status}
                {when !== null && ` (${formatDateTime(when, timeZone)})`}
                {/* Once signed, how it was confirmed (the API's signed_authentication); before, what it will take. */}
                {signer.status === 'signed'
                  ? signer.signed_authentication !== null && ` · ${a.signedBy[signer.signed_authentication]}`
                  : signer.authentication === 'email_code' && ` · ${a.withEmailCode}`}
                {signer.open_count > 0 && signer.last_opened_at !== null && <span data-signer-opens={signer.open_count}>{` · ${a.opens(signer.open_count, formatDateTime(signer.last_opened_at, timeZone))}`}</span>}
                {signer.url_to_sign !== null ? (
                  <div class="copy-row">
                    <label class="sr-only" for={linkId}>{a.signingLink(signer.name)}</label>
                    <input id={linkId} class="input code" type="text" readonly value={signer.url_to_sign} autocomplete="off" spellcheck={false} />
                    <button type="button" class="button secondary small" data-copy-target={linkId} data-copied-label={a.copied}>{a.copyLink}</button>
                  </div>
                ) : (
                  detail.signature_type.id === 'digital' && <p class="muted">{a.noLink}</p>
                )}
                {signer.url_to_sign !== null && canTransition(detail.status, 'resend', detail.signature_type.id) && <RemindSignerForm ctx={ctx} detail={detail} signer={signer} />}
                {correctable && signer.status !== 'signed' && signer.status !== 'rejected' && <SignerContactForm ctx={ctx} detail={detail} signer={signer} />}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}

/**
 * The signing link again to this signer alone (the actions panel's reminder goes to every waiting
 * one). Its accessible name starts with the visible words, so a voice command saying them finds it.
 */
function RemindSignerForm({ ctx, detail, signer }: { ctx: PageContext; detail: ProposalDetail; signer: ProposalDetail['signers'][number] }) {
  return (
    <form method="post" action={`/proposals/${detail.id}/resend`} class="inline-form">
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="signer_id" value={String(signer.id)} />
      <button type="submit" class="button ghost small" aria-label={a.remindOneLabel(signer.name)}>{a.remindOne}</button>
    </form>
  )
}

/** A collapsed form to correct one signer's e-mail or phone (lifecycle/update-signer-contact.ts). */
function SignerContactForm({ ctx, detail, signer }: { ctx: PageContext; detail: ProposalDetail; signer: ProposalDetail['signers'][number] }) {
  const c = a.contact
  return (
    <details class="signer-contact">
      <summary>{c.summary}</summary>
      <form method="post" action={`/proposals/${detail.id}/signer-contact`} class="action-form">
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="signer_id" value={String(signer.id)} />
        <FormField name="email" type="email" label={c.email} value={signer.email} maxLength={254} id={`field-signer-${signer.id}-email`} autocomplete="off" />
        <FormField name="phone" type="tel" label={c.phone} value={signer.phone ?? ''} required={false} maxLength={30} id={`field-signer-${signer.id}-phone`} autocomplete="off" hint={c.hint} />
        <button type="submit" class="button secondary small">{c.save}</button>
      </form>
    </details>
  )
}
