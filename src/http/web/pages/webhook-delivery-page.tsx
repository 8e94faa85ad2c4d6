// One delivery: the body sent (pretty-printed), the last answer, and "Reenviar".
import type { WebhookDelivery } from '../../../modules/webhooks/webhook-deliveries.js'
import type { WebhookEndpoint } from '../../../modules/webhooks/webhook-endpoints.js'
import { PageHeader } from '../components/page-header.js'
import { CsrfField } from '../form-field.js'
import { formatDateTime } from '../format.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'
import { prettyBody } from './request-log-detail-page.js'
import { DeliveryErrorText } from './webhook-delivery-error.js'
import { deliveryStateBadge } from './webhook-form-page.js'
import { eventTypeLabel, WEBHOOKS_PATH } from './webhook-list-page.js'

const td = t.webhooks.deliveries

export function WebhookDeliveryPage({ ctx, endpoint, delivery }: { ctx: PageContext; endpoint: WebhookEndpoint; delivery: WebhookDelivery }) {
  const endpointPath = `${WEBHOOKS_PATH}/${endpoint.id}`
  const tz = ctx.session.timeZone
  const title = td.detailTitle(eventTypeLabel(delivery.event_type))
  return (
    <AppLayout title={title} ctx={ctx} section="webhooks">
      <PageHeader
        title={title}
        breadcrumb={{ label: t.webhooks.breadcrumb, href: WEBHOOKS_PATH }}
        actions={
          <form method="post" action={`${endpointPath}/deliveries/${delivery.id}/redeliver`} class="inline-form">
            <CsrfField token={ctx.csrfToken} />
            <button type="submit" class="button">{td.redeliver}</button>
          </form>
        }
      />
      <section class="card">
        <dl class="request-facts">
          <dt>{td.eventType}</dt>
          <dd>
            <code>{delivery.event_type}</code>
          </dd>
          <dt>{td.eventId}</dt>
          <dd>
            <code>{delivery.event_id}</code>
          </dd>
          <dt>{td.state}</dt>
          <dd>
            <span class={deliveryStateBadge(delivery.state)}>{td.states[delivery.state] ?? delivery.state}</span>
          </dd>
          <dt>{td.attempts}</dt>
          <dd>{delivery.attempts}</dd>
          <dt>{td.httpStatus}</dt>
          <dd>{delivery.response_status ?? '—'}</dd>
          <dt>{td.duration}</dt>
          <dd>{delivery.duration_ms === null ? '—' : td.durationMs(delivery.duration_ms)}</dd>
          <dt>{td.nextAttempt}</dt>
          <dd>{delivery.state === 'pending' && delivery.next_attempt_at ? formatDateTime(delivery.next_attempt_at, tz) : '—'}</dd>
          <dt>{td.deliveredAt}</dt>
          <dd>{delivery.delivered_at ? formatDateTime(delivery.delivered_at, tz) : '—'}</dd>
          <dt>{td.error}</dt>
          <dd>{delivery.error === null ? '—' : <DeliveryErrorText error={delivery.error} timeZone={tz} />}</dd>
        </dl>
      </section>
      <section class="card" aria-labelledby="delivery-request">
        <h2 id="delivery-request">{td.requestBody}</h2>
        <pre>{prettyBody(delivery.request_body)}</pre>
      </section>
      <section class="card" aria-labelledby="delivery-response">
        <h2 id="delivery-response">{td.responseExcerpt}</h2>
        {delivery.response_excerpt ? <pre>{delivery.response_excerpt}</pre> : <p class="muted">{td.noResponse}</p>}
      </section>
      <p>
        <a href={endpointPath}>{td.backToEndpoint}</a>
      </p>
    </AppLayout>
  )
}
