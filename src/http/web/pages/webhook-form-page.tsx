// New / edit webhook: URL, description, events as checkboxes, active. The edit page also lists the
// endpoint's deliveries and offers secret rotation (the new secret shown once, on that response).
import { DOMAIN_EVENT_TYPES } from '../../../modules/events/event-types.js'
import type { WebhookDelivery } from '../../../modules/webhooks/webhook-deliveries.js'
import type { WebhookEndpoint, WebhookEndpointWithSecret } from '../../../modules/webhooks/webhook-endpoints.js'
import { ActivityItemLink } from '../components/activity-item-link.js'
import { PageHeader } from '../components/page-header.js'
import { Pagination } from '../components/pagination.js'
import { TableWrap } from '../components/table-wrap.js'
import { CheckboxField, CsrfField, FormField } from '../form-field.js'
import { formatDateTime } from '../format.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'
import { EndpointStatus, eventTypeLabel, IssuedWebhookSecret, WEBHOOKS_PATH } from './webhook-list-page.js'

/** The event types in the form, by what they are about: the catalogue names a group per prefix. */
const EVENT_GROUPS = Object.entries(t.webhooks.eventGroups).map(([prefix, legend]) => ({ prefix: `${prefix}.`, legend }))

const tw = t.webhooks
const td = t.webhooks.deliveries

export interface WebhookFormValues {
  url: string
  description: string
  events: string[]
  active: boolean
}

export type WebhookFormErrors = Partial<Record<'url' | 'description' | 'events', string>>

export interface DeliveriesView {
  list: WebhookDelivery[]
  page: number
  perPage: number
  total: number
  state: string
  /** WEBHOOK_DELIVERY_RETENTION_DAYS, told on the page so nobody wonders where old deliveries went. */
  retentionDays: number
}

export interface WebhookFormPageProps {
  ctx: PageContext
  values: WebhookFormValues
  errors?: WebhookFormErrors
  /** Absent on the "new" page. */
  endpoint?: WebhookEndpoint
  /** The app clock's time, for the endpoint's pause. */
  now: Date
  issued?: WebhookEndpointWithSecret
  deliveries?: DeliveriesView
}

export function WebhookFormPage({ ctx, values, errors = {}, endpoint, now, issued, deliveries }: WebhookFormPageProps) {
  const title = endpoint ? tw.editTitle(endpoint.url) : tw.newTitle
  const action = endpoint ? `${WEBHOOKS_PATH}/${endpoint.id}` : WEBHOOKS_PATH
  const hasErrors = Object.keys(errors).length > 0
  return (
    <AppLayout title={title} ctx={ctx} section="webhooks" scripts={issued ? ['copy-button'] : []}>
      <PageHeader title={title} breadcrumb={{ label: tw.breadcrumb, href: WEBHOOKS_PATH }} actions={endpoint ? <ActivityItemLink kind="webhook" id={endpoint.id} /> : undefined} />
      {issued && <IssuedWebhookSecret endpoint={issued} kind="rotated" />}
      {hasErrors && <p class="alert error" role="alert">{t.formHasErrors}</p>}
      {endpoint && (
        <p>
          <EndpointStatus endpoint={endpoint} timeZone={ctx.session.timeZone} now={now} />
        </p>
      )}
      <form method="post" action={action} class="card" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <FormField name="url" type="url" label={tw.url} value={values.url} error={errors.url} hint={tw.urlHint} maxLength={2000} />
        <FormField name="description" label={tw.description} value={values.description} error={errors.description} hint={tw.descriptionHint} required={false} maxLength={200} />
        <fieldset class="field webhook-events" aria-describedby={errors.events ? 'events-error' : undefined}>
          <legend>{tw.events}</legend>
          {EVENT_GROUPS.map(({ prefix, legend }) => (
            <fieldset class="event-group" key={prefix}>
              <legend>{legend}</legend>
              {DOMAIN_EVENT_TYPES.filter((type) => type.startsWith(prefix)).map((type) => (
                <div class="field checkbox" key={type}>
                  <input type="checkbox" id={`event-${type}`} name="events" value={type} checked={values.events.includes(type)} />
                  <label for={`event-${type}`}>
                    {tw.eventTypes[type]} <code>{type}</code>
                  </label>
                </div>
              ))}
            </fieldset>
          ))}
          {errors.events && <p class="field-error" id="events-error">{errors.events}</p>}
        </fieldset>
        <CheckboxField name="active" label={tw.active} checked={values.active} />
        <div class="form-actions">
          <button type="submit" class="button">{endpoint ? tw.save : tw.create}</button>
          <a class="button ghost" href={WEBHOOKS_PATH}>{t.common.cancel}</a>
        </div>
      </form>
      {endpoint && (
        // Both undo something another system relies on (the secret it verifies with; the endpoint and
        // its delivery log): the POST is reachable only after opening its confirmation.
        <div class="page-actions">
          <details class="confirm">
            <summary class="button secondary">{tw.rotate}</summary>
            <form method="post" action={`${action}/rotate-secret`} class="confirm-body">
              <CsrfField token={ctx.csrfToken} />
              <p>{tw.rotateConfirm}</p>
              <button type="submit" class="button small">{tw.rotateSubmit}</button>
            </form>
          </details>
          <details class="confirm">
            <summary class="button danger">{tw.remove}</summary>
            <form method="post" action={`${action}/delete`} class="confirm-body">
              <CsrfField token={ctx.csrfToken} />
              <p>{tw.removeConfirm}</p>
              <button type="submit" class="button danger small">{tw.removeSubmit}</button>
            </form>
          </details>
        </div>
      )}
      {endpoint && deliveries && <DeliveryTable ctx={ctx} endpoint={endpoint} deliveries={deliveries} />}
    </AppLayout>
  )
}

export function deliveryStateBadge(state: string): string {
  return state === 'succeeded' ? 'badge ok' : state === 'failed' ? 'badge danger' : 'badge warn'
}

function DeliveryTable({ ctx, endpoint, deliveries }: { ctx: PageContext; endpoint: WebhookEndpoint; deliveries: DeliveriesView }) {
  const path = `${WEBHOOKS_PATH}/${endpoint.id}`
  const tz = ctx.session.timeZone
  return (
    <section aria-labelledby="deliveries-heading">
      <h2 id="deliveries-heading">{td.title}</h2>
      <p class="muted">{td.retention(deliveries.retentionDays)}</p>
      <form method="get" action={path} class="filters" aria-label={td.filtersLabel}>
        <label for="delivery-state">{td.state}</label>
        <select id="delivery-state" name="state">
          <option value="">{t.common.all}</option>
          {Object.entries(td.states).map(([value, label]) => (
            <option value={value} selected={deliveries.state === value}>{label}</option>
          ))}
        </select>
        <button type="submit" class="button secondary small">{t.common.filter}</button>
      </form>
      <TableWrap labelledBy="deliveries-caption">
        <table class="table">
          <caption id="deliveries-caption">{td.tableCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{td.event}</th>
              <th scope="col">{td.state}</th>
              <th scope="col" class="num">{td.httpStatus}</th>
              <th scope="col" class="num">{td.attempts}</th>
              <th scope="col">{td.nextAttempt}</th>
              <th scope="col">{td.createdAt}</th>
              <th scope="col">{td.details}</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.list.length === 0 ? (
              <tr>
                <td colSpan={7} class="empty">{deliveries.total > 0 ? t.pagination.noRowsHere : td.empty}</td>
              </tr>
            ) : (
              deliveries.list.map((delivery) => (
                <tr key={delivery.id}>
                  <td>{eventTypeLabel(delivery.event_type)}</td>
                  <td>
                    <span class={deliveryStateBadge(delivery.state)}>{td.states[delivery.state] ?? delivery.state}</span>
                  </td>
                  <td class="num">{delivery.response_status ?? '—'}</td>
                  <td class="num">{delivery.attempts}</td>
                  <td>{delivery.state === 'pending' && delivery.next_attempt_at ? formatDateTime(delivery.next_attempt_at, tz) : '—'}</td>
                  <td>{formatDateTime(delivery.created_at, tz)}</td>
                  <td>
                    <a href={`${path}/deliveries/${delivery.id}`}>{td.details}</a>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </TableWrap>
      <Pagination path={path} query={deliveries.state ? { state: deliveries.state } : {}} page={deliveries.page} perPage={deliveries.perPage} total={deliveries.total} />
    </section>
  )
}
