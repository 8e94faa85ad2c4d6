// "Verificar documento": the public form (a PDF, or a SHA-256 to look up) and what it found: each
// matching document's issuer, number, status and signatures, or that nothing this Vendoc issued
// has that hash. Only an uploaded file is called authentic: a typed code is only the hash of some
// file, and a forged PDF can carry a genuine document's code.
import type { VerifiedDocument } from '../../../modules/documents/verify-document.js'
import { formatDateTime } from '../../../platform/pt-br-format.js'
import { CsrfField, FileField, FormField } from '../form-field.js'
import { t } from '../i18n/pt-BR.js'
import { PublicLayout } from '../layout.js'

const v = t.verification

/** The largest PDF the form takes, as for a paper document's scan: Vendoc's own PDFs are far smaller. */
export const VERIFY_FILE_LIMIT = 10 * 1024 * 1024

export interface VerificationPageProps {
  csrfToken: string
  /** The hash looked up, when there was one, and whether it is an uploaded file's: then `found` is what it matched. */
  checked?: { sha256: string; source: 'file' | 'code'; found: VerifiedDocument[] }
  hashValue?: string
  errors?: { file?: string; sha256?: string; form?: string }
}

/** The zone's label in the catalogue ("UTC−3 · Brasília…"), or its IANA name for a zone set by support. */
function zoneLabel(zone: string): string {
  return (t.accountSettings.zones as Record<string, string>)[zone] ?? zone
}

function signerStatus(status: VerifiedDocument['signers'][number]['status']): string {
  return status === 'signed' || status === 'rejected' ? v.signerStatus[status] : v.signerStatus.waiting
}

function when(instant: string | null, timeZone: string): string {
  return instant === null ? '—' : formatDateTime(instant, timeZone)
}

function headline(doc: VerifiedDocument, source: 'file' | 'code'): string {
  if (source === 'code') return doc.version === 'signed' ? v.codeSigned(doc.number, doc.issuer) : v.codeOriginal(doc.number, doc.issuer)
  return doc.version === 'signed' ? v.authenticSigned(doc.number, doc.issuer) : v.authenticOriginal(doc.number, doc.issuer)
}

function VerifiedDocumentCard({ doc, source, index }: { doc: VerifiedDocument; source: 'file' | 'code'; index: number }) {
  const zone = doc.timeZone
  const facts: Array<[string, string]> = [
    [v.facts.title, doc.title],
    [v.facts.issuer, doc.issuer],
    [v.facts.status, t.proposals.status[doc.status] ?? doc.status],
    [v.facts.signature, v.signatureType[doc.signatureType] ?? doc.signatureType],
    [v.facts.sentAt, when(doc.sentAt, zone)],
    ...(doc.signedAt ? [[v.facts.signedAt, when(doc.signedAt, zone)] as [string, string]] : []),
    ...(doc.rejectedAt ? [[v.facts.rejectedAt, when(doc.rejectedAt, zone)] as [string, string]] : []),
    ...(doc.cancelledAt ? [[v.facts.cancelledAt, when(doc.cancelledAt, zone)] as [string, string]] : []),
    ...(doc.expiredAt ? [[v.facts.expiredAt, when(doc.expiredAt, zone)] as [string, string]] : []),
  ]
  const warning = v.warning[doc.status]
  return (
    <section class="card verification-result" aria-labelledby={`verified-${index}`}>
      <h2 id={`verified-${index}`}>{source === 'file' ? v.authentic : v.codeFound}</h2>
      <p class={source === 'file' ? 'alert success' : 'alert info'} role="status">
        {headline(doc, source)}
      </p>
      {warning && (
        <p class="alert error" role="alert">
          {warning}
        </p>
      )}
      {doc.version === 'original' && doc.signedSha256 && (
        <p>
          {v.signedExists} <code class="hash">{doc.signedSha256}</code>
        </p>
      )}
      {doc.version === 'original' && !doc.signedSha256 && doc.status !== 'signed' && <p class="muted">{v.notSigned}</p>}
      <dl class="proposal-summary">
        {facts.map(([label, value]) => (
          <>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </>
        ))}
      </dl>
      {doc.signers.length > 0 && (
        <table class="table" aria-label={v.signers}>
          <thead>
            <tr>
              <th scope="col">{v.signerColumns.name}</th>
              <th scope="col">{v.signerColumns.role}</th>
              <th scope="col">{v.signerColumns.status}</th>
              <th scope="col">{v.signerColumns.when}</th>
            </tr>
          </thead>
          <tbody>
            {doc.signers.map((signer) => (
              <tr>
                <td>{signer.name}</td>
                <td>{signer.role}</td>
                <td>{signerStatus(signer.status)}</td>
                <td>{when(signer.signedAt ?? signer.rejectedAt, zone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="field-hint">{v.times(zoneLabel(zone))}</p>
    </section>
  )
}

export function VerificationPage({ csrfToken, checked, hashValue = '', errors = {} }: VerificationPageProps) {
  return (
    <PublicLayout title={v.title}>
      <header class="page-header">
        <h1>{v.title}</h1>
        <p class="muted">{v.intro}</p>
      </header>
      {errors.form && (
        <p class="alert error" role="alert">
          {errors.form}
        </p>
      )}
      {checked && (
        <>
          <p class="muted">
            {v.checked} <code class="hash">{checked.sha256}</code>
          </p>
          {checked.found.length === 0 ? (
            <section class="card verification-result" aria-labelledby="verification-not-found">
              <h2 id="verification-not-found">{v.notFoundTitle}</h2>
              <p class="alert error" role="alert">
                {v.notFound}
              </p>
            </section>
          ) : (
            checked.found.map((doc, index) => <VerifiedDocumentCard doc={doc} source={checked.source} index={index} />)
          )}
        </>
      )}
      <section class="card" aria-label={checked ? v.another : v.title}>
        {checked && <h2>{v.another}</h2>}
        <form method="post" action="/verify" enctype="multipart/form-data" class="action-form">
          <CsrfField token={csrfToken} />
          <FileField name="file" label={v.file} hint={v.fileHint} accept="application/pdf,.pdf" required error={errors.file} />
          <button type="submit" class="button">{v.fileSubmit}</button>
        </form>
        <form method="get" action="/verify" class="action-form" novalidate>
          <FormField name="sha256" label={v.hash} hint={v.hashHint} value={hashValue} maxLength={200} error={errors.sha256} autocomplete="off" />
          <button type="submit" class="button secondary">{v.hashSubmit}</button>
        </form>
      </section>
    </PublicLayout>
  )
}
