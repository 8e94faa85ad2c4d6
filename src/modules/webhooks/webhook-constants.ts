// Numbers and names of the webhook feature that several files share (docs/WEBHOOKS.md documents them).
import { JOB_DEFAULT_MAX_ATTEMPTS } from '../../platform/jobs/job-queue.js'

export const WEBHOOK_DELIVER_JOB = 'webhook.deliver'
/** Attempts per delivery: with the queue's schedule (1 min … 8 h) they span about 21 hours. */
export const WEBHOOK_MAX_ATTEMPTS = JOB_DEFAULT_MAX_ATTEMPTS
export const WEBHOOK_TIMEOUT_MS = 10_000
/** How much of the receiver's answer the delivery log keeps. */
export const WEBHOOK_EXCERPT_BYTES = 2048
export const WEBHOOK_USER_AGENT = 'Vendoc-Webhooks/1'
export const WEBHOOK_URL_MAX = 2000
export const WEBHOOK_DESCRIPTION_MAX = 200
/**
 * Endpoints per account: each one multiplies every event into a delivery, so an account cannot
 * register the same URL a thousand times over; far more than any CRM, ERP and help desk need.
 */
export const WEBHOOK_ENDPOINTS_MAX = 20
