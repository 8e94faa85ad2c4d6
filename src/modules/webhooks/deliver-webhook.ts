// The 'webhook.deliver' job: one attempt at one delivery. The outcome is written to the delivery log
// first; a failure then throws so the queue retries it on its schedule (job-queue.ts). After the
// last attempt the delivery is 'failed' and the endpoint is marked failing (failing_since); the next
// success anywhere on the endpoint clears it. An endpoint paused after failing attempts in a row
// (endpoint-pause.ts) is not sent to: the attempt is recorded as failed, not sent.
import { QuietJobFailure, type ClaimedJob, type JobEnvironment, type JobHandler, type JobHandlerFactory } from '../../platform/jobs/job-types.js'
import { retryDelayMs } from '../../platform/jobs/job-queue.js'
import { INACTIVE_ERROR } from './delivery-errors.js'
import { isPaused, notSentError, recordEndpointFailure, recordEndpointSuccess } from './endpoint-pause.js'
import { postWebhook, type WebhookOutcome } from './post-webhook.js'

function deliveryIdOf(job: ClaimedJob): number | null {
  const id = (job.payload as { deliveryId?: unknown } | null)?.deliveryId
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : null
}

/** A manual redelivery's first attempt, which a pause does not hold back. */
function isFirstTryOfRedelivery(job: ClaimedJob): boolean {
  return job.attempt === 1 && (job.payload as { redelivery?: unknown } | null)?.redelivery === true
}

export const deliverWebhookJob: JobHandlerFactory = (env: JobEnvironment): JobHandler => async (job) => {
  const { db, clock } = env
  const deliveryId = deliveryIdOf(job)
  if (deliveryId === null || job.accountId === null) throw new Error('webhook.deliver job without deliveryId or account')
  const delivery = await db.selectFrom('webhook_deliveries').selectAll().where('account_id', '=', job.accountId).where('id', '=', deliveryId).executeTakeFirst()
  // The endpoint (and its log) was deleted after the event, or the delivery is settled already (a
  // job whose result was not saved, a redelivery racing an old retry): nothing left to send.
  if (!delivery || delivery.state !== 'pending') return
  const endpoint = await db.selectFrom('webhook_endpoints').selectAll().where('account_id', '=', delivery.account_id).where('id', '=', delivery.endpoint_id).executeTakeFirst()
  if (!endpoint) return
  if (!endpoint.active) {
    const now = clock.now().toISOString()
    await db.updateTable('webhook_deliveries').set({ state: 'failed', error: INACTIVE_ERROR, next_attempt_at: null, updated_at: now }).where('id', '=', delivery.id).where('state', '=', 'pending').execute()
    return
  }

  // Paused: the attempt fails without a request, and nothing about the endpoint changes.
  const sent = !isPaused(endpoint, clock.now()) || isFirstTryOfRedelivery(job)
  const outcome: WebhookOutcome = !sent ? { ok: false, status: null, excerpt: null, error: notSentError(endpoint), durationMs: 0 } : await postWebhook({
    url: endpoint.url,
    secret: endpoint.secret,
    body: delivery.request_body,
    eventId: delivery.event_id,
    eventType: delivery.event_type,
    now: clock.now(),
    allowPrivate: env.config.webhookAllowPrivateUrls,
  })
  const at = clock.now()
  const now = at.toISOString()
  const recorded = {
    attempts: Number(delivery.attempts) + 1,
    response_status: outcome.status,
    response_excerpt: outcome.excerpt,
    duration_ms: sent ? outcome.durationMs : null,
    error: outcome.error,
    updated_at: now,
  }
  if (outcome.ok) {
    await db.transaction().execute(async (trx) => {
      // Only a pending delivery takes a result, so a late attempt never overwrites a settled one.
      await trx.updateTable('webhook_deliveries').set({ ...recorded, state: 'succeeded', delivered_at: now, next_attempt_at: null }).where('id', '=', delivery.id).where('state', '=', 'pending').execute()
      await recordEndpointSuccess(trx, endpoint.id)
    })
    return
  }
  const last = job.attempt >= job.maxAttempts
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('webhook_deliveries')
      .set({ ...recorded, state: last ? 'failed' : 'pending', next_attempt_at: last ? null : new Date(at.getTime() + retryDelayMs(job.attempt)).toISOString() })
      .where('id', '=', delivery.id)
      .where('state', '=', 'pending')
      .execute()
    if (sent) await recordEndpointFailure(trx, endpoint.id, at)
    if (last) await trx.updateTable('webhook_endpoints').set({ failing_since: now }).where('id', '=', endpoint.id).where('failing_since', 'is', null).execute()
  })
  const failure = `webhook delivery ${delivery.id} failed (attempt ${job.attempt} of ${job.maxAttempts}): ${outcome.error ?? 'unknown error'}`
  // A try held back by the pause is expected (and in the delivery log): no warning for each.
  throw sent ? new Error(failure) : new QuietJobFailure(failure)
}
