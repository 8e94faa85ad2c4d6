// The signer's pages (/sign/:token): the document in a sandboxed frame, its hash and PDF, and the
// form — name, CPF, consent and a typed signature (works without JavaScript) or a drawn one
// (signature-pad script). Public layout: the signer has no session and sees no app navigation.
import type { AccountLogo } from '../../../modules/accounts/account-logo.js'
import { maskEmailAddress } from '../../../modules/integrations/request-log/mask-sensitive.js'
import type { SigningView } from '../../../modules/lifecycle/signing.js'
import { formatFileSize } from '../../../platform/pt-br-format.js'
import { CheckboxField, CsrfField, FormField, TextAreaField, describedBy } from '../form-field.js'
import { t } from '../i18n/pt-BR.js'
import { PublicLayout } from '../layout.js'

export interface SignFormValues {
  name: string
  cpf: string
  consent: boolean
  signatureKind: 'typed' | 'drawn'
  signatureText: string
  signatureDrawn: string
  emailCode: string
}

export const EMPTY_SIGN_FORM: SignFormValues = { name: '', cpf: '', consent: false, signatureKind: 'typed', signatureText: '', signatureDrawn: '', emailCode: '' }

export type SignFormErrors = Partial<Record<'name' | 'cpf' | 'consent' | 'signature' | 'reason' | 'emailCode', string>>

export interface SigningPageProps {
  view: SigningView
  token: string
  csrfToken: string
  values?: SignFormValues
  reason?: string
  errors?: SignFormErrors
  /** What the code's request form says: a code was sent, or why none was. */
  codeRequest?: { notice: string } | { error: string }
  /** The sender's logo, shown in the page as a data: URL (the page's own CSP allows it; no route to guess). */
  logo: Pick<AccountLogo, 'contentType' | 'bytes' | 'width' | 'height'> | null
  /** Whom the signer can write with a question (the seller, else the company), as their e-mails' Reply-To. */
  contact: { name: string; email: string } | null
}

function DocumentSummary({ view, token }: { view: SigningView; token: string }) {
  const { attachments } = view
  const { proposal } = view
  return (
    <section class="card signing-document" aria-labelledby="signing-document-heading">
      <h2 id="signing-document-heading">{t.signing.documentHeading}</h2>
      {view.html !== null ? (
        // The frozen HTML is served by its own route under a strict CSP; the sandbox (no scripts, no
        // same-origin) keeps whatever a template holds away from this page.
        <iframe class="signing-frame" sandbox="" src={`/sign/${token}/document`} title={t.signing.frameTitle(proposal.number)} />
      ) : (
        <p class="muted">{t.signing.noDocument}</p>
      )}
      <p>
        <a class="button secondary" href={`/sign/${token}/pdf`} download>
          {t.signing.downloadPdf}
        </a>
      </p>
      {attachments.length > 0 && (
        <div class="signing-attachments" data-attachments="">
          <h3>{t.signing.attachmentsHeading}</h3>
          <p class="field-hint">{t.signing.attachmentsHint}</p>
          <ul class="attachment-list">
            {attachments.map((attachment) => (
              <li>
                <a href={`/sign/${token}/attachments/${attachment.id}`} download aria-label={t.signing.downloadAttachment(attachment.file_name)}>{attachment.file_name}</a>
                <span class="muted"> · {formatFileSize(attachment.size)}</span>
                <br /><code class="attachment-hash">SHA-256 {attachment.sha256}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      <dl class="signing-hash">
        <dt>{t.signing.hashLabel}</dt>
        <dd>
          <code id="document-hash">{proposal.originalSha256 ?? '—'}</code>
        </dd>
      </dl>
      <p class="field-hint">{t.signing.hashHint}</p>
    </section>
  )
}

function Heading({ view, logo, contact }: { view: SigningView; logo: SigningPageProps['logo']; contact: SigningPageProps['contact'] }) {
  return (
    <header class="page-header">
      <div>
        {logo && (
          <img class="signing-logo" src={`data:${logo.contentType};base64,${Buffer.from(logo.bytes).toString('base64')}`} alt={t.signing.logoAlt(view.accountName)} width={logo.width} height={logo.height} />
        )}
        <p class="muted signing-sender">{t.signing.sentBy(view.accountName)}</p>
        {contact && (
          <p class="muted signing-contact">
            {t.signing.questions(contact.name)} <a href={`mailto:${contact.email}`}>{contact.email}</a>
          </p>
        )}
        <h1>{view.proposal.title}</h1>
        <p class="muted">
          {t.signing.pageTitle(view.proposal.number)} · {t.signing.signerLine(view.signer.name, view.signer.roleName)}
        </p>
      </div>
    </header>
  )
}

function SignatureField({ values, error }: { values: SignFormValues; error: string | undefined }) {
  const drawn = values.signatureKind === 'drawn'
  return (
    <fieldset class="signature-field" data-signature-pad aria-describedby={describedBy('field-signature', null, error)}>
      <legend>{t.signing.signatureLegend}</legend>
      {/* The choice only appears with JavaScript (the script unhides it); without it, typing is the way. */}
      <div class="signature-kinds" data-signature-kinds hidden>
        <label class="radio">
          <input type="radio" name="signature_kind" value="typed" checked={!drawn} />
          {t.signing.kindTyped}
        </label>
        <label class="radio">
          <input type="radio" name="signature_kind" value="drawn" checked={drawn} />
          {t.signing.kindDrawn}
        </label>
      </div>
      <div data-signature-panel="typed">
        <FormField
          name="signature_text"
          id="field-signature"
          label={t.signing.typedLabel}
          hint={t.signing.typedHint}
          value={values.signatureText}
          required={false}
          maxLength={200}
          autocomplete="name"
          groupErrorId={error ? 'field-signature-error' : undefined}
        />
      </div>
      <div data-signature-panel="drawn" hidden>
        <p id="signature-canvas-label">{t.signing.drawnLabel}</p>
        <canvas class="signature-canvas" width={600} height={200} data-signature-canvas role="img" aria-labelledby="signature-canvas-label" />
        <input type="hidden" name="signature_drawn" value={values.signatureDrawn} data-signature-output />
        <button type="button" class="button secondary small" data-signature-clear>
          {t.signing.clearDrawing}
        </button>
      </div>
      {error && (
        <p class="field-error" id="field-signature-error">
          {error}
        </p>
      )}
    </fieldset>
  )
}

/** The signature form's values, carried through the code's request so that asking again keeps what the page showed. */
function CarriedValues({ values }: { values: SignFormValues }) {
  const carried: Array<[string, string]> = [
    ['name', values.name],
    ['cpf', values.cpf],
    ['consent', values.consent ? '1' : ''],
    ['signature_kind', values.signatureKind],
    ['signature_text', values.signatureText],
    ['signature_drawn', values.signatureDrawn],
  ]
  return (
    <>
      {carried.filter(([, value]) => value !== '').map(([name, value]) => (
        <input type="hidden" name={name} value={value} data-carried />
      ))}
    </>
  )
}

/**
 * Asking for the e-mail code is a form of its own, before the signature's: a second submit button
 * inside that one would be what Enter presses in any of its fields. Its answer is said next to its
 * button, never as an error of the signature's form, which was not sent.
 */
function EmailCodeRequest({ view, token, csrfToken, values, answer }: { view: SigningView; token: string; csrfToken: string; values: SignFormValues; answer: SigningPageProps['codeRequest'] }) {
  return (
    // With JavaScript it carries the signature form's fields as typed (carry-fields script).
    <form method="post" action={`/sign/${token}/code`} class="email-code-request" data-carry-from="signing-form" data-carry-skip="email_code">
      <CsrfField token={csrfToken} />
      <CarriedValues values={values} />
      <p>{t.signing.emailCodeIntro(maskEmailAddress(view.signer.email))}</p>
      {answer && 'notice' in answer && (
        <p class="alert success" role="status">
          {answer.notice}
        </p>
      )}
      {answer && 'error' in answer && (
        <p class="alert error" role="alert">
          {answer.error}
        </p>
      )}
      <button type="submit" class="button secondary small">
        {t.signing.emailCodeSend}
      </button>
    </form>
  )
}

function SignForm({ view, token, csrfToken, values, errors, codeRequest }: { view: SigningView; token: string; csrfToken: string; values: SignFormValues; errors: SignFormErrors; codeRequest: SigningPageProps['codeRequest'] }) {
  const hasErrors = Object.keys(errors).some((key) => key !== 'reason')
  const needsCode = view.signer.authentication === 'email_code'
  return (
    <section class="card" aria-labelledby="signing-form-heading">
      <h2 id="signing-form-heading">{t.signing.formHeading}</h2>
      <p class="muted">{t.signing.formIntro}</p>
      {hasErrors && (
        <p class="alert error" role="alert">
          {t.signing.formHasErrors}
        </p>
      )}
      {needsCode && <EmailCodeRequest view={view} token={token} csrfToken={csrfToken} values={values} answer={codeRequest} />}
      <form method="post" action={`/sign/${token}`} class="signing-form" id="signing-form" novalidate>
        <CsrfField token={csrfToken} />
        {needsCode && (
          <FormField
            name="email_code"
            label={t.signing.emailCodeLabel}
            hint={t.signing.emailCodeHint}
            value={values.emailCode}
            error={errors.emailCode}
            inputmode="numeric"
            autocomplete="one-time-code"
            maxLength={12}
          />
        )}
        <FormField name="name" label={t.signing.name} hint={t.signing.nameHint} value={values.name} error={errors.name} autocomplete="name" maxLength={200} />
        <FormField name="cpf" label={t.signing.cpf} hint={t.signing.cpfHint} value={values.cpf} error={errors.cpf} inputmode="numeric" maxLength={20} />
        <fieldset class="consent-field">
          <legend>{t.signing.consentLegend}</legend>
          {/* The exact sentence stored with the signature; the checkbox is described by it (and by its error). */}
          <CheckboxField name="consent" label={t.signing.consentLabel} checked={values.consent} hint={view.consentText} error={errors.consent} />
        </fieldset>
        <SignatureField values={values} error={errors.signature} />
        <div class="form-actions">
          <button type="submit" class="button">
            {t.signing.submit}
          </button>
        </div>
      </form>
    </section>
  )
}

function RejectForm({ token, csrfToken, reason, error }: { token: string; csrfToken: string; reason: string; error: string | undefined }) {
  return (
    <section class="card" aria-labelledby="signing-reject-heading">
      <details open={error !== undefined}>
        <summary id="signing-reject-heading">{t.signing.rejectHeading}</summary>
        <p class="muted">{t.signing.rejectIntro}</p>
        <form method="post" action={`/sign/${token}/reject`}>
          <CsrfField token={csrfToken} />
          <TextAreaField name="reason" label={t.signing.rejectReason} value={reason} error={error} required rows={3} />
          <div class="form-actions">
            <button type="submit" class="button danger">
              {t.signing.rejectSubmit}
            </button>
          </div>
        </form>
      </details>
    </section>
  )
}

/** The signing page: the document, then (when it is this signer's turn) the forms to sign or refuse. */
export function SigningPage({ view, token, csrfToken, values = EMPTY_SIGN_FORM, reason = '', errors = {}, codeRequest, logo, contact }: SigningPageProps) {
  return (
    <PublicLayout title={t.signing.pageTitle(view.proposal.number)} scripts={view.signer.authentication === 'email_code' ? ['signature-pad', 'carry-fields'] : ['signature-pad']}>
      <Heading view={view} logo={logo} contact={contact} />
      {view.message !== null && (
        <section class="card" aria-labelledby="signer-message-heading">
          <h2 id="signer-message-heading">{t.signing.messageHeading(view.accountName)}</h2>
          <p class="signer-message">{view.message}</p>
        </section>
      )}
      {!view.isTheirTurn && view.signer.status !== 'signed' && (
        <p class="alert info" role="status">
          <strong>{t.signing.notYourTurnTitle}.</strong> {t.signing.notYourTurnText}
        </p>
      )}
      {view.signer.status === 'signed' && (
        <p class="alert success" role="status">
          <strong>{t.signing.alreadySignedTitle}.</strong> {t.signing.alreadySignedText}
        </p>
      )}
      <div class="signing-layout">
        <DocumentSummary view={view} token={token} />
        {view.isTheirTurn && (
          <div class="signing-actions">
            <SignForm view={view} token={token} csrfToken={csrfToken} values={values} errors={errors} codeRequest={codeRequest} />
            <RejectForm token={token} csrfToken={csrfToken} reason={reason} error={errors.reason} />
          </div>
        )}
      </div>
      <p class="muted signing-footer">{t.signing.footer}</p>
    </PublicLayout>
  )
}

/** A short page in the public layout: after signing, after refusing, or for a link that no longer works. */
export function SigningMessagePage({ title, lines, tone }: { title: string; lines: string[]; tone: 'success' | 'info' | 'error' }) {
  return (
    <PublicLayout title={title}>
      <section class={`card signing-message ${tone}`}>
        <h1>{title}</h1>
        {lines.map((line) => (
          <p>{line}</p>
        ))}
      </section>
    </PublicLayout>
  )
}
