// Configurações → Webhooks: endpoints, their deliveries and redelivery (/settings/webhooks…), admin
// only. Creating an endpoint or rotating its secret answers the page itself (200, no redirect), so
// the secret is shown once and never travels in a flash cookie or a URL.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { getWebhookDelivery, listWebhookDeliveries, redeliverWebhook, WEBHOOK_DELIVERY_STATES } from '../../../modules/webhooks/webhook-deliveries.js'
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  rotateWebhookSecret,
  updateWebhookEndpoint,
  type WebhookEndpoint,
  type WebhookEndpointWithSecret,
} from '../../../modules/webhooks/webhook-endpoints.js'
import type { WebhookDeliveryState } from '../../../platform/db/schema.js'
import { WEBHOOK_ENDPOINTS_MAX } from '../../../modules/webhooks/webhook-constants.js'
import { AppError } from '../../../platform/errors.js'
import { pageNumber } from '../components/pagination.js'
import { formChecked, formString } from '../form-data.js'
import { requireRole, sendNotFound } from '../guards.js'
import { t } from '../i18n/pt-BR.js'
import { activityActorOf, pageContext, sessionOf } from '../page-context.js'
import { WebhookDeliveryPage } from '../pages/webhook-delivery-page.js'
import { type WebhookFormErrors, WebhookFormPage, type WebhookFormValues } from '../pages/webhook-form-page.js'
import { WEBHOOKS_PATH, WebhookListPage } from '../pages/webhook-list-page.js'
import { sendPage } from '../render.js'
import { idParam, redirectWithFlash, type WebRoutesOptions } from './route-options.js'

const tw = t.webhooks
const PER_PAGE = 25

function formValues(body: unknown): WebhookFormValues {
  const raw = (body as Record<string, unknown> | null | undefined)?.events
  const events = (Array.isArray(raw) ? raw : [raw]).filter((value): value is string => typeof value === 'string')
  return { url: formString(body, 'url').trim(), description: formString(body, 'description').trim(), events, active: formChecked(body, 'active') }
}

/** The module's field errors, in the page's words; null when the error is not about the form. */
function formErrors(error: unknown): WebhookFormErrors | null {
  if (!(error instanceof AppError)) return null
  if (error.code === 'webhook_url_not_allowed') return { url: tw.errors.urlNotAllowed }
  if (error.code !== 'validation_failed') return null
  const errors: WebhookFormErrors = {}
  for (const field of error.extras.errors ?? []) {
    if (field.path === '/url') errors.url = tw.errors.urlInvalid
    else if (field.path.startsWith('/events')) errors.events = tw.errors.eventsRequired
    else if (field.path === '/description') errors.description = tw.errors.descriptionTooLong
  }
  return errors
}

function valuesOf(endpoint: WebhookEndpoint): WebhookFormValues {
  return { url: endpoint.url, description: endpoint.description ?? '', events: endpoint.events, active: endpoint.active }
}

export function registerWebhookRoutes(app: FastifyInstance, options: WebRoutesOptions): void {
  const { db, clock, config } = options
  const policy = { allowPrivate: config.webhookAllowPrivateUrls }
  const adminOnly = { preHandler: requireRole('admin') }

  async function sendEditPage(request: FastifyRequest, reply: FastifyReply, endpoint: WebhookEndpoint, extra: { values?: WebhookFormValues; errors?: WebhookFormErrors; issued?: WebhookEndpointWithSecret } = {}, status = 200) {
    const query = (request.query ?? {}) as Record<string, unknown>
    const state = typeof query.state === 'string' && (WEBHOOK_DELIVERY_STATES as readonly string[]).includes(query.state) ? (query.state as WebhookDeliveryState) : undefined
    const page = pageNumber(query.page)
    const result = await listWebhookDeliveries(db, sessionOf(request).accountId, endpoint.id, { state }, { page, perPage: PER_PAGE })
    const deliveries = { list: result.data, page, perPage: PER_PAGE, total: result.meta.total, state: state ?? '', retentionDays: config.webhookDeliveryRetentionDays }
    return sendPage(reply, <WebhookFormPage ctx={pageContext(request)} endpoint={endpoint} now={clock.now()} values={extra.values ?? valuesOf(endpoint)} errors={extra.errors} issued={extra.issued} deliveries={deliveries} />, status)
  }

  /** Runs `fn` with the endpoint of the URL; a foreign or missing id is the 404 page. */
  async function withEndpoint(request: FastifyRequest, reply: FastifyReply, fn: (endpoint: WebhookEndpoint) => Promise<unknown>) {
    const id = idParam(request.params)
    if (id === null) return sendNotFound(request, reply)
    let endpoint: WebhookEndpoint
    try {
      endpoint = await getWebhookEndpoint(db, sessionOf(request).accountId, id)
    } catch (error) {
      if (error instanceof AppError && error.code === 'webhook_not_found') return sendNotFound(request, reply)
      throw error
    }
    return fn(endpoint)
  }

  app.get(WEBHOOKS_PATH, adminOnly, async (request, reply) => {
    const endpoints = await listWebhookEndpoints(db, sessionOf(request).accountId)
    return sendPage(reply, <WebhookListPage ctx={pageContext(request)} endpoints={endpoints} now={clock.now()} />)
  })

  app.get(`${WEBHOOKS_PATH}/new`, adminOnly, async (request, reply) =>
    sendPage(reply, <WebhookFormPage ctx={pageContext(request)} now={clock.now()} values={{ url: '', description: '', events: [], active: true }} />),
  )

  app.post(WEBHOOKS_PATH, adminOnly, async (request, reply) => {
    const values = formValues(request.body)
    const accountId = sessionOf(request).accountId
    try {
      const created = await createWebhookEndpoint(db, clock, policy, accountId, values, activityActorOf(request))
      const endpoints = await listWebhookEndpoints(db, accountId)
      return await sendPage(reply, <WebhookListPage ctx={pageContext(request)} endpoints={endpoints} issued={created} now={clock.now()} />)
    } catch (error) {
      if (error instanceof AppError && error.code === 'webhook_limit_reached') {
        return redirectWithFlash(reply, options, WEBHOOKS_PATH, { kind: 'error', text: tw.limitReached(WEBHOOK_ENDPOINTS_MAX) })
      }
      const errors = formErrors(error)
      if (errors === null) throw error
      return sendPage(reply, <WebhookFormPage ctx={pageContext(request)} now={clock.now()} values={values} errors={errors} />, 422)
    }
  })

  app.get(`${WEBHOOKS_PATH}/:id`, adminOnly, async (request, reply) => withEndpoint(request, reply, (endpoint) => sendEditPage(request, reply, endpoint)))

  app.post(`${WEBHOOKS_PATH}/:id`, adminOnly, async (request, reply) =>
    withEndpoint(request, reply, async (endpoint) => {
      const values = formValues(request.body)
      try {
        await updateWebhookEndpoint(db, clock, policy, sessionOf(request).accountId, endpoint.id, values, activityActorOf(request))
        return redirectWithFlash(reply, options, `${WEBHOOKS_PATH}/${endpoint.id}`, { kind: 'success', text: tw.savedFlash })
      } catch (error) {
        const errors = formErrors(error)
        if (errors === null) throw error
        return sendEditPage(request, reply, endpoint, { values, errors }, 422)
      }
    }),
  )

  app.post(`${WEBHOOKS_PATH}/:id/rotate-secret`, adminOnly, async (request, reply) =>
    withEndpoint(request, reply, async (endpoint) => {
      const issued = await rotateWebhookSecret(db, clock, sessionOf(request).accountId, endpoint.id, activityActorOf(request))
      return sendEditPage(request, reply, issued, { issued })
    }),
  )

  app.post(`${WEBHOOKS_PATH}/:id/delete`, adminOnly, async (request, reply) =>
    withEndpoint(request, reply, async (endpoint) => {
      await deleteWebhookEndpoint(db, clock, sessionOf(request).accountId, endpoint.id, activityActorOf(request))
      return redirectWithFlash(reply, options, WEBHOOKS_PATH, { kind: 'success', text: tw.deletedFlash })
    }),
  )

  app.get(`${WEBHOOKS_PATH}/:id/deliveries/:deliveryId`, adminOnly, async (request, reply) =>
    withEndpoint(request, reply, async (endpoint) => {
      const deliveryId = idParam(request.params, 'deliveryId')
      if (deliveryId === null) return sendNotFound(request, reply)
      try {
        const delivery = await getWebhookDelivery(db, sessionOf(request).accountId, endpoint.id, deliveryId)
        return await sendPage(reply, <WebhookDeliveryPage ctx={pageContext(request)} endpoint={endpoint} delivery={delivery} />)
      } catch (error) {
        if (error instanceof AppError && error.code === 'webhook_delivery_not_found') return sendNotFound(request, reply)
        throw error
      }
    }),
  )

  app.post(`${WEBHOOKS_PATH}/:id/deliveries/:deliveryId/redeliver`, adminOnly, async (request, reply) =>
    withEndpoint(request, reply, async (endpoint) => {
      const deliveryId = idParam(request.params, 'deliveryId')
      if (deliveryId === null) return sendNotFound(request, reply)
      try {
        await redeliverWebhook(db, clock, sessionOf(request).accountId, endpoint.id, deliveryId)
      } catch (error) {
        if (error instanceof AppError && error.code === 'webhook_delivery_not_found') return sendNotFound(request, reply)
        throw error
      }
      return redirectWithFlash(reply, options, `${WEBHOOKS_PATH}/${endpoint.id}/deliveries/${deliveryId}`, { kind: 'success', text: t.webhooks.deliveries.redeliveredFlash })
    }),
  )
}
