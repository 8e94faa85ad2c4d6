// One document at /proposals/:id/edit: its number, status, totals, installment schedule and
// history, with the form when it is a draft, or its content read-only (and a notice) otherwise.
import type { DiscountApprovalState } from '../../../modules/lifecycle/discount-rule.js'
import type { ProposalDetail } from '../../../modules/proposals/proposal-mapper.js'
import type { ProposalFormOptions } from '../../../modules/proposals/proposal-form-options.js'
import { PageHeader } from '../components/page-header.js'
import { formatCalendarDate, formatDateTime, formatDocument, formatMoney, formatQuantity } from '../format.js'
import { ProposalStatusBadge } from '../components/proposal-status-badge.js'
import { TableWrap } from '../components/table-wrap.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'
import { ProposalForm } from './proposal-form-page.js'
import { ProposalActionsPanel, ProposalSignersPanel, ProposalTimesPanel } from './proposal-lifecycle-panels.js'
import type { FormErrors, ProposalFormValues } from './proposal-form-values.js'
import { versionPath } from './template-versions-page.js'
import { ProposalAttachmentsPanel } from './proposal-attachments-panel.js'
import { ProposalCommentsPanel } from './proposal-comments-panel.js'
import type { AttachmentView } from '../../../modules/documents/proposal-attachments.js'
import type { CommentColleague } from '../../../modules/proposals/comment-notices.js'

const e = t.proposals.edit

function Summary({ detail, timeZone }: { detail: ProposalDetail; timeZone: string }) {
  return (
    <section class="card" aria-labelledby="summary-heading">
      <h2 id="summary-heading">{e.summary}</h2>
      <dl class="proposal-summary">
        <div><dt>{e.number}</dt><dd>{detail.number}</dd></div>
        <div><dt>{e.status}</dt><dd><ProposalStatusBadge status={detail.status} /></dd></div>
        <div><dt>{t.proposals.columns.customer}</dt><dd>{detail.customer.name}{detail.customer.document ? ` — ${formatDocument(detail.customer.document)}` : ''}</dd></div>
        <div><dt>{t.proposals.form.subtotal}</dt><dd>{formatMoney(detail.totals.subtotal_cents)}</dd></div>
        <div><dt>{t.proposals.form.discounts}</dt><dd>{formatMoney(detail.totals.discount_cents)}</dd></div>
        <div><dt>{t.proposals.form.total}</dt><dd data-stored-total>{formatMoney(detail.totals.total_cents)}</dd></div>
        <div><dt>{e.createdAt}</dt><dd>{formatDateTime(detail.created_at, timeZone)}</dd></div>
        <div><dt>{e.updatedAt}</dt><dd>{formatDateTime(detail.updated_at, timeZone)}</dd></div>
      </dl>
    </section>
  )
}

/** Before the signature, days after it; once signed, the date. */
function dueText(entry: { due_in_days: number; due_date: string | null }): string {
  return entry.due_date === null ? e.dueAfterSigning(entry.due_in_days) : formatCalendarDate(entry.due_date)
}

function Schedule({ ctx, detail, templateOmitsDownPayment }: { ctx: PageContext; detail: ProposalDetail; templateOmitsDownPayment: boolean }) {
  const downPayment = detail.payment.down_payment
  return (
    <section class="card" aria-labelledby="schedule-heading">
      <h2 id="schedule-heading">{e.schedule} · {detail.payment.method.name}</h2>
      {templateOmitsDownPayment && (
        <p class="alert info" data-template-omits-down-payment>
          {e.templateOmitsDownPayment(detail.template.name)}
          {ctx.session.role === 'admin' && <> <a href={`/registration-data/templates/${detail.template.id}/edit`}>{e.editTemplate}</a></>}
        </p>
      )}
      {detail.payment.custom_terms && <p class="muted">{e.customTerms}</p>}
      {detail.payment.due_on_business_days && <p class="muted">{e.businessDays}</p>}
      <TableWrap labelledBy="schedule-heading">
        <table class="table">
          <thead><tr><th scope="col">{e.installment}</th><th scope="col">{e.due}</th><th scope="col" class="num">{e.amount}</th></tr></thead>
          <tbody>
            {downPayment && (
              <tr>
                <td>{e.downPayment}</td>
                <td>{dueText(downPayment)}</td>
                <td class="num">{formatMoney(downPayment.amount_cents)}</td>
              </tr>
            )}
            {detail.payment.schedule.map((entry) => (
              <tr>
                <td>{entry.number}/{detail.payment.installments}</td>
                <td>{dueText(entry)}</td>
                <td class="num">{formatMoney(entry.amount_cents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  )
}

function History({ detail, timeZone }: { detail: ProposalDetail; timeZone: string }) {
  return (
    <section class="card" aria-labelledby="history-heading">
      <h2 id="history-heading">{e.history}</h2>
      <TableWrap labelledBy="history-heading">
        <table class="table">
          <thead><tr><th scope="col">{e.when}</th><th scope="col">{e.event}</th><th scope="col">{e.who}</th></tr></thead>
          <tbody>
            {detail.events.map((event) => {
              const via = typeof event.data.via === 'string' ? t.proposals.via[event.data.via] : undefined
              return (
                <tr>
                  <td>{formatDateTime(event.at, timeZone)}</td>
                  <td>{t.proposals.events[event.type] ?? event.type}{via ? ` ${via}` : ''}{typeof event.data.file_name === 'string' ? `: ${event.data.file_name}` : ''}</td>
                  <td>{event.actor.name}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </TableWrap>
    </section>
  )
}

/** The template's version a sent document was rendered from (its "sent" event says; documents sent before versions have none). */
function sentTemplateVersion(detail: ProposalDetail): number | undefined {
  const version = detail.events.find((event) => event.type === 'sent')?.data.template_version
  return typeof version === 'number' ? version : undefined
}

/** The content of a document that can no longer change. */
function ReadOnlyContent({ detail, isAdmin }: { detail: ProposalDetail; isAdmin: boolean }) {
  const f = t.proposals.form
  const fields = Object.entries(detail.fields)
  const version = sentTemplateVersion(detail)
  return (
    <>
      <section class="card" aria-labelledby="general-heading">
        <h2 id="general-heading">{f.general}</h2>
        <dl class="proposal-summary">
          <div><dt>{f.title}</dt><dd>{detail.title}</dd></div>
          <div>
            <dt>{f.template}</dt>
            <dd>
              {detail.template.name}
              {/* Which wording went out: the version it was sent with, opened on the template's history for an admin. */}
              {version !== undefined && <>{' · '}{isAdmin ? <a href={versionPath(detail.template.id, version)} data-sent-template-version="">{f.templateVersion(version)}</a> : <span data-sent-template-version="">{f.templateVersion(version)}</span>}</>}
            </dd>
          </div>
          <div><dt>{f.seller}</dt><dd>{detail.seller?.name ?? t.proposals.noSeller}</dd></div>
          <div><dt>{f.signatureType}</dt><dd>{detail.signature_type.name}</dd></div>
          <div><dt>{f.validUntil}</dt><dd>{detail.valid_until ? formatCalendarDate(detail.valid_until) : t.common.none}</dd></div>
          <div><dt>{f.externalReference}</dt><dd>{detail.external_reference ?? t.common.none}</dd></div>
        </dl>
        {detail.notes && <p class="proposal-notes">{detail.notes}</p>}
      </section>
      <section class="card" aria-labelledby="items-heading">
        <h2 id="items-heading">{e.items}</h2>
        <TableWrap labelledBy="items-heading">
          <table class="table">
            <thead><tr><th scope="col">{f.product}</th><th scope="col" class="num">{f.quantity}</th><th scope="col" class="num">{f.unitPrice}</th><th scope="col" class="num">{f.discount}</th><th scope="col" class="num">{f.lineTotal}</th></tr></thead>
            <tbody>
              {detail.items.map((item) => (
                <tr>
                  <td>{item.code} · {item.name}</td>
                  <td class="num">{formatQuantity(Math.round(item.quantity * 1000))} {item.unit}</td>
                  <td class="num">{formatMoney(item.unit_price_cents)}</td>
                  <td class="num">{formatMoney(item.discount_cents)}</td>
                  <td class="num">{formatMoney(item.total_cents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
      <section class="card" aria-labelledby="signers-heading">
        <h2 id="signers-heading">{e.signers}</h2>
        {detail.signers.length === 0 ? <p class="muted">{e.none}</p> : (
          <ul>
            {detail.signers.map((signer) => (
              <li>
                {signer.signing_order}. {signer.name} &lt;{signer.email}&gt; — {signer.role.name}
                {signer.authentication === 'email_code' && ` · ${t.proposalActions.withEmailCode}`}
              </li>
            ))}
          </ul>
        )}
      </section>
      {detail.copy_to.length > 0 && (
        <section class="card" aria-labelledby="copy-to-heading">
          <h2 id="copy-to-heading">{t.proposals.form.copyTo}</h2>
          <ul>{detail.copy_to.map((address) => <li>{address}</li>)}</ul>
        </section>
      )}
      <section class="card" aria-labelledby="fields-heading">
        <h2 id="fields-heading">{e.fields}</h2>
        {fields.length === 0 ? <p class="muted">{e.none}</p> : (
          <dl class="proposal-summary">
            {fields.map(([key, value]) => <div><dt>{key}</dt><dd>{value === null ? '' : String(value)}</dd></div>)}
          </dl>
        )}
      </section>
    </>
  )
}

export interface EditProposalPageProps {
  ctx: PageContext
  detail: ProposalDetail
  options: ProposalFormOptions
  values: ProposalFormValues
  errors: FormErrors
  /** The account's usual message to the signers, which the send form starts from. */
  defaultSignerMessage?: string | null
  /** A draft with a down payment whose template shows the installments but not it (template-review.ts). */
  templateOmitsDownPayment?: boolean
  /** A draft's discount under the account's limit (discount-approval.ts). */
  discountApproval?: DiscountApprovalState
  /** Its PDF attachments (proposal-attachments.ts). */
  attachments?: AttachmentView[]
  /** Whom a comment may ask to tell (comment-notices.ts). */
  colleagues?: CommentColleague[]
}

export function EditProposalPage({ ctx, detail, options, values, errors, defaultSignerMessage = null, templateOmitsDownPayment = false, discountApproval, attachments = [], colleagues = [] }: EditProposalPageProps) {
  const editable = detail.status === 'draft'
  const timeZone = ctx.session.timeZone
  return (
    <AppLayout title={t.proposals.editTitle(detail.number)} ctx={ctx} section="proposals" scripts={editable ? ['proposal-form', 'signer-suggestions', 'copy-button'] : ['copy-button']}>
      <PageHeader
        title={t.proposals.editTitle(detail.number)}
        breadcrumb={{ label: t.proposals.title, href: '/proposals' }}
        intro={detail.title}
        actions={
          <>
            <a class="button secondary" href={`/proposals/${detail.id}/preview`}>{t.proposals.viewDocument}</a>
            <a class="button secondary" href={`/proposals/new?from=${detail.id}`} data-duplicate>{t.proposals.copy.action}</a>
            {/* A draft's PDF is built on the fly; once sent, the frozen original, and the signed one beside it. */}
            {editable
              ? <a class="button secondary" href={`/proposals/${detail.id}/pdf`} download>{t.proposals.downloadDraftPdf}</a>
              : <a class="button secondary" href={`/proposals/${detail.id}/pdf?version=original`} download>{t.proposals.downloadPdf}</a>}
            {detail.signed_sha256 !== null && <a class="button secondary" href={`/proposals/${detail.id}/pdf?version=signed`} download>{t.proposals.downloadSignedPdf}</a>}
            {/* A paper signature's scan, when one was attached (its signature's history entry names it). */}
            {detail.events.some((event) => event.type === 'signed' && event.data.scan_file_id !== undefined) && <a class="button secondary" href={`/proposals/${detail.id}/scan`} download>{t.proposals.downloadScan}</a>}
          </>
        }
      />
      {!editable && <p class="alert info" role="status">{e.readOnly(t.proposals.status[detail.status] ?? detail.status)}</p>}
      <div class="proposal-edit">
        <div class="proposal-main">
          {editable ? <ProposalForm ctx={ctx} action={`/proposals/${detail.id}`} submitLabel={t.proposals.form.save} options={options} values={values} errors={errors} documentId={detail.id} /> : <ReadOnlyContent detail={detail} isAdmin={ctx.session.role === 'admin'} />}
        </div>
        <aside class="proposal-side">
          <ProposalActionsPanel ctx={ctx} detail={detail} defaultSignerMessage={defaultSignerMessage} discountApproval={discountApproval} />
          <Summary detail={detail} timeZone={timeZone} />
          <ProposalAttachmentsPanel ctx={ctx} proposalId={detail.id} editable={editable} sent={detail.sent_at !== null} digital={detail.signature_type.id === 'digital'} attachments={attachments} />
          <ProposalCommentsPanel ctx={ctx} detail={detail} colleagues={colleagues} />
          <ProposalTimesPanel detail={detail} timeZone={timeZone} />
          <ProposalSignersPanel ctx={ctx} detail={detail} timeZone={timeZone} />
          <Schedule ctx={ctx} detail={detail} templateOmitsDownPayment={templateOmitsDownPayment} />
          <History detail={detail} timeZone={timeZone} />
        </aside>
      </div>
    </AppLayout>
  )
}

/** The answer to saving a document that is no longer a draft (409): nothing changed. */
export function NotEditablePage({ ctx, detail }: { ctx: PageContext; detail: ProposalDetail }) {
  return (
    <AppLayout title={e.notEditableTitle} ctx={ctx} section="proposals">
      <PageHeader title={e.notEditableTitle} breadcrumb={{ label: t.proposals.title, href: '/proposals' }} />
      <p class="alert error" role="alert">{e.readOnly(t.proposals.status[detail.status] ?? detail.status)}</p>
      <p>{e.notEditableText}</p>
      <p><a class="button secondary" href={`/proposals/${detail.id}/edit`}>{e.backToDocument}</a></p>
    </AppLayout>
  )
}
