// Configurações → E-mails: the account's outbox, newest first, filtered by state, 50 a page.
import type { OutboxEmailSummary } from '../../../modules/notifications/outbox-emails.js'
import { OUTBOX_EMAIL_STATES } from '../../../modules/notifications/outbox-emails.js'
import { ChoiceFilter } from '../components/choice-filter.js'
import { PageHeader } from '../components/page-header.js'
import { Pagination } from '../components/pagination.js'
import { TableWrap } from '../components/table-wrap.js'
import { formatDateTime } from '../format.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'

const te = t.emails

export const EMAILS_PATH = '/settings/emails'
export const EMAILS_PER_PAGE = 50

/** Green sent, red failed, amber queued, blue stored (kept in the app, never sent). */
export function emailStateBadge(state: string) {
  const tone = state === 'sent' ? 'ok' : state === 'failed' ? 'danger' : state === 'queued' ? 'warn' : 'accent'
  return <span class={`badge ${tone}`}>{te.states[state] ?? state}</span>
}

export function emailKindLabel(kind: string): string {
  return te.kinds[kind] ?? kind
}

export interface EmailListPageProps {
  ctx: PageContext
  /** The state filter as given ('' = all). */
  state: string
  emails: OutboxEmailSummary[]
  page: number
  total: number
  /** No SMTP_URL: messages are kept, not sent. */
  smtpConfigured: boolean
}

export function EmailListPage({ ctx, state, emails, page, total, smtpConfigured }: EmailListPageProps) {
  const tz = ctx.session.timeZone
  const none = <span class="muted">{t.common.none}</span>
  return (
    <AppLayout title={te.title} ctx={ctx} section="emails">
      <PageHeader title={te.title} intro={te.intro} />
      {!smtpConfigured && <p class="alert info">{te.storedNote}</p>}
      <ChoiceFilter path={EMAILS_PATH} label={te.filtersLabel} name="state" fieldLabel={te.state} value={state} options={OUTBOX_EMAIL_STATES.map((value) => ({ value, label: te.states[value] ?? value }))} />
      <TableWrap label={te.tableCaption}>
        <table class="table email-table" aria-label={te.tableCaption}>
          <thead>
            <tr>
              <th scope="col">{te.to}</th>
              <th scope="col">{te.subject}</th>
              <th scope="col">{te.kind}</th>
              <th scope="col">{te.state}</th>
              <th scope="col">{te.createdAt}</th>
              <th scope="col">{te.sentAt}</th>
              <th scope="col">{te.document}</th>
              <th scope="col">{te.details}</th>
            </tr>
          </thead>
          <tbody>
            {emails.length === 0 && (
              <tr>
                <td colSpan={8} class="empty">{total > 0 ? t.pagination.noRowsHere : state !== '' ? te.emptyFiltered : te.empty}</td>
              </tr>
            )}
            {emails.map((email) => (
              <tr>
                <td>{email.to_address}</td>
                <td class="email-subject">{email.subject}</td>
                <td>{emailKindLabel(email.kind)}</td>
                <td>{emailStateBadge(email.state)}</td>
                <td>{formatDateTime(email.created_at, tz)}</td>
                <td>{email.sent_at ? formatDateTime(email.sent_at, tz) : none}</td>
                <td>{email.proposal ? <a href={`/proposals/${email.proposal.id}/preview`}>{te.documentNumber(email.proposal.number)}</a> : none}</td>
                <td>
                  <a href={`${EMAILS_PATH}/${email.id}`} aria-label={te.detailsOf(email.subject)}>
                    {te.details}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <Pagination path={EMAILS_PATH} query={{ state }} page={page} perPage={EMAILS_PER_PAGE} total={total} />
    </AppLayout>
  )
}
