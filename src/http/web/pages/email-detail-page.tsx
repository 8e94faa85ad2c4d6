// One message of the outbox. The text body is shown as text in a <pre>; the HTML body is never
// rendered (it would run as part of this page), only mentioned.
import type { OutboxEmailDetail } from '../../../modules/notifications/outbox-emails.js'
import { PageHeader } from '../components/page-header.js'
import { formatDateTime } from '../format.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'
import { EMAILS_PATH, emailKindLabel, emailStateBadge } from './email-list-page.js'

const te = t.emails
const td = t.emails.detail

export function EmailDetailPage({ ctx, email }: { ctx: PageContext; email: OutboxEmailDetail }) {
  const tz = ctx.session.timeZone
  const none = <span class="muted">{t.common.none}</span>
  return (
    <AppLayout title={email.subject} ctx={ctx} section="emails">
      <PageHeader
        title={email.subject}
        breadcrumb={{ label: td.breadcrumb, href: EMAILS_PATH }}
        actions={<a class="button ghost" href={EMAILS_PATH}>{td.backToList}</a>}
      />
      <section class="card" aria-labelledby="email-summary">
        <h2 id="email-summary">{td.summary}</h2>
        <dl class="request-facts">
          <dt>{te.to}</dt>
          <dd>{email.to_address}</dd>
          <dt>{te.subject}</dt>
          <dd class="email-subject">{email.subject}</dd>
          <dt>{te.kind}</dt>
          <dd>{emailKindLabel(email.kind)}</dd>
          <dt>{te.state}</dt>
          <dd>{emailStateBadge(email.state)}</dd>
          <dt>{te.createdAt}</dt>
          <dd>{formatDateTime(email.created_at, tz)}</dd>
          <dt>{te.sentAt}</dt>
          <dd>{email.sent_at ? formatDateTime(email.sent_at, tz) : none}</dd>
          <dt>{te.document}</dt>
          <dd>{email.proposal ? <a href={`/proposals/${email.proposal.id}/preview`}>{te.documentNumber(email.proposal.number)}</a> : none}</dd>
          <dt>{td.replyTo}</dt>
          <dd>{email.reply_to ?? <span class="muted">{td.noReplyTo}</span>}</dd>
          <dt>{td.attachment}</dt>
          <dd>
            {email.attachment ? (
              <>
                {email.attachment.file_name} <span class="muted">({td.sizeBytes(email.attachment.size)})</span>
              </>
            ) : (
              <span class="muted">{td.noAttachment}</span>
            )}
          </dd>
        </dl>
      </section>
      {email.error && (
        <section class="card" aria-labelledby="email-error">
          <h2 id="email-error">{td.error}</h2>
          <p class="alert error">{email.error}</p>
        </section>
      )}
      <section class="card" aria-labelledby="email-text">
        <h2 id="email-text">{td.textBody}</h2>
        {email.body_hidden ? <p class="muted">{td.bodyHidden}</p> : <pre class="email-body">{email.text_body}</pre>}
        {email.html_body !== null && <p class="muted">{td.htmlNote}</p>}
      </section>
    </AppLayout>
  )
}
