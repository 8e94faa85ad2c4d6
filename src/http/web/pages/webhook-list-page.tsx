// Configurações → Webhooks: the account's endpoints. After a create, this page (answering the POST
// itself) shows the new secret once; it never travels in a flash cookie or a URL.
import { isDomainEventType } from '../../../modules/events/event-types.js'
import { isPaused } from '../../../modules/webhooks/endpoint-pause.js'
import type { WebhookEndpoint, WebhookEndpointWithSecret } from '../../../modules/webhooks/webhook-endpoints.js'
import { PageHeader } from '../components/page-header.js'
import { SecretShownOnce } from '../components/secret-shown-once.js'
import { TableWrap } from '../components/table-wrap.js'
import { formatDateTime } from '../format.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'

export const WEBHOOKS_PATH = '/settings/webhooks'
const tw = t.webhooks

export function IssuedWebhookSecret({ endpoint, kind }: { endpoint: WebhookEndpointWithSecret; kind: 'created' | 'rotated' }) {
  const heading = kind === 'created' ? tw.secretTitleCreated : tw.secretTitleRotated
  return <SecretShownOnce id="issued-secret" heading={heading} warning={tw.secretWarning} label={tw.secretLabel} secret={endpoint.secret} />
}

/** An event type in words; a code this version does not know (an old row) is shown as is. */
export function eventTypeLabel(type: string): string {
  return isDomainEventType(type) ? tw.eventTypes[type] : type
}

export function EndpointStatus({ endpoint, timeZone, now }: { endpoint: WebhookEndpoint; timeZone: string; now: Date }) {
  if (!endpoint.active) return <span class="badge">{tw.inactive}</span>
  if (isPaused(endpoint, now)) return <span class="badge danger">{tw.pausedUntil(formatDateTime(endpoint.paused_until!, timeZone), endpoint.consecutive_failures)}</span>
  if (endpoint.failing_since) return <span class="badge danger">{tw.failingSince(formatDateTime(endpoint.failing_since, timeZone))}</span>
  // Attempts failing, not yet paused nor out of retries: not "Em dia".
  if (endpoint.consecutive_failures > 0) return <span class="badge warn">{tw.failingRun(endpoint.consecutive_failures)}</span>
  return <span class="badge ok">{tw.ok}</span>
}

export function WebhookListPage({ ctx, endpoints, issued, now }: { ctx: PageContext; endpoints: WebhookEndpoint[]; issued?: WebhookEndpointWithSecret; now: Date }) {
  return (
    <AppLayout title={tw.title} ctx={ctx} section="webhooks" scripts={issued ? ['copy-button'] : []}>
      <PageHeader title={tw.title} intro={tw.intro} actions={<a class="button" href={`${WEBHOOKS_PATH}/new`}>{tw.newEndpoint}</a>} />
      {issued && <IssuedWebhookSecret endpoint={issued} kind="created" />}
      <TableWrap labelledBy="webhooks-caption">
        <table class="table">
          <caption id="webhooks-caption">{tw.tableCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{tw.url}</th>
              <th scope="col">{tw.description}</th>
              <th scope="col">{tw.events}</th>
              <th scope="col">{tw.status}</th>
              <th scope="col">{t.common.actions}</th>
            </tr>
          </thead>
          <tbody>
            {endpoints.length === 0 ? (
              <tr>
                <td colSpan={5} class="empty">{tw.empty}</td>
              </tr>
            ) : (
              endpoints.map((endpoint) => (
                <tr key={endpoint.id}>
                  <td>
                    <code>{endpoint.url}</code>
                  </td>
                  <td>{endpoint.description ?? ''}</td>
                  <td>{endpoint.events.map(eventTypeLabel).join(', ')}</td>
                  <td>
                    <EndpointStatus endpoint={endpoint} timeZone={ctx.session.timeZone} now={now} />
                  </td>
                  <td>
                    <a href={`${WEBHOOKS_PATH}/${endpoint.id}`}>{tw.edit}</a>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </TableWrap>
    </AppLayout>
  )
}
