// An account's webhook endpoints: where events go, which ones, and the secret that signs them.
// Every query filters by the account, so another account's id behaves exactly like a missing one.
// The secret is returned only by create and rotate; every other read leaves it out.
import type { Selectable } from 'kysely'
import type { Clock } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import type { WebhookEndpointsTable } from '../../platform/db/schema.js'
import { AppError, FieldErrors } from '../../platform/errors.js'
import { lockAccount } from '../accounts/accounts.js'
import { DOMAIN_EVENT_TYPES, type DomainEventType, isDomainEventType } from '../events/event-types.js'
import { PAUSE_CLEARED } from './endpoint-pause.js'
import { WEBHOOK_DESCRIPTION_MAX, WEBHOOK_ENDPOINTS_MAX } from './webhook-constants.js'
import { newWebhookSecret } from './webhook-signature.js'
import { checkWebhookAddress, parseWebhookUrl } from './webhook-url-policy.js'
import { type ActivityActor, changedFields, type FieldChange, recordActivity, recordChanges } from '../accounts/account-activity.js'
import { inTransaction } from '../../platform/db/in-transaction.js'

export interface WebhookEndpoint {
  id: number
  url: string
  description: string | null
  events: DomainEventType[]
  active: boolean
  /** When a delivery last exhausted its retries; null once one succeeds again. */
  failing_since: string | null
  /** Failed attempts in a row since the last success (endpoint-pause.ts). */
  consecutive_failures: number
  /** Until when due deliveries are not sent; null when not paused. */
  paused_until: string | null
  created_at: string
  updated_at: string
}

export interface WebhookEndpointWithSecret extends WebhookEndpoint {
  secret: string
}

export interface WebhookEndpointInput {
  url: string
  events: string[]
  description?: string | null
  active?: boolean
}

export type WebhookEndpointPatch = Partial<WebhookEndpointInput>

export interface WebhookPolicy {
  /** Config's webhookAllowPrivateUrls. */
  allowPrivate: boolean
}

type EndpointRow = Selectable<WebhookEndpointsTable>

function parseEvents(json: string): DomainEventType[] {
  try {
    const list: unknown = JSON.parse(json)
    return Array.isArray(list) ? list.filter(isDomainEventType) : []
  } catch {
    return []
  }
}

export function toWebhookEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    id: Number(row.id),
    url: row.url,
    description: row.description,
    events: parseEvents(row.events_json),
    active: Boolean(row.active),
    failing_since: row.failing_since,
    consecutive_failures: Number(row.consecutive_failures),
    paused_until: row.paused_until,
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}

/** Events in the canonical order, deduplicated; unknown names and an empty list are field errors. */
function normaliseEvents(events: string[], errors: FieldErrors): DomainEventType[] {
  if (events.length === 0) errors.add('/events', 'must name at least one event')
  events.forEach((event, index) => {
    if (!isDomainEventType(event)) errors.add(`/events/${index}`, `must be one of ${DOMAIN_EVENT_TYPES.join(', ')}`)
  })
  return DOMAIN_EVENT_TYPES.filter((type) => events.includes(type))
}

function normaliseDescription(description: string | null | undefined, errors: FieldErrors): string | null {
  const text = description?.trim() ?? ''
  if ([...text].length > WEBHOOK_DESCRIPTION_MAX) errors.add('/description', `must be at most ${WEBHOOK_DESCRIPTION_MAX} characters`)
  return text === '' ? null : text
}

/**
 * The URL's syntax (scheme, length, parse), a 422 validation_failed checked with the other fields so
 * that one answer names every field at fault; null when it fails.
 */
function checkUrlSyntax(url: string, errors: FieldErrors): URL | null {
  const parsed = parseWebhookUrl(url.trim())
  if (parsed.ok) return parsed.url
  errors.add('/url', parsed.reason)
  return null
}

/** The second stage, once every field is well formed: a URL the SSRF rule refuses is 422 webhook_url_not_allowed. */
async function checkUrlAddress(url: URL, policy: WebhookPolicy): Promise<string> {
  const check = await checkWebhookAddress(url, policy)
  if (check.ok) return check.url.toString()
  throw new AppError('webhook_url_not_allowed', `The webhook URL ${check.reason}; webhooks only call public addresses.`, {
    errors: [{ in: 'body', path: '/url', message: check.reason }],
  })
}

async function findRow(db: Db, accountId: number, id: number): Promise<EndpointRow | undefined> {
  return db.selectFrom('webhook_endpoints').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst()
}

function notFound(): AppError {
  return new AppError('webhook_not_found', 'No webhook of this account has this id.')
}

/** `by`, in this module's writes, is who acts, for the account's activity (none: a test's own setup). */
export async function createWebhookEndpoint(db: Db, clock: Clock, policy: WebhookPolicy, accountId: number, input: WebhookEndpointInput, by?: ActivityActor): Promise<WebhookEndpointWithSecret> {
  const errors = new FieldErrors()
  const events = normaliseEvents(input.events, errors)
  const description = normaliseDescription(input.description, errors)
  const parsedUrl = checkUrlSyntax(input.url, errors)
  errors.throwIfAny()
  const url = await checkUrlAddress(parsedUrl!, policy)
  const now = clock.now().toISOString()
  const secret = newWebhookSecret()
  const row = await inTransaction(db, async (trx) => {
    // Counted under the account's lock, so two creations at once cannot both take the last place.
    await lockAccount(trx, accountId)
    const { count } = await trx.selectFrom('webhook_endpoints').select((eb) => eb.fn.countAll<number | string>().as('count')).where('account_id', '=', accountId).executeTakeFirstOrThrow()
    if (Number(count) >= WEBHOOK_ENDPOINTS_MAX) {
      throw new AppError('webhook_limit_reached', `This account already has ${WEBHOOK_ENDPOINTS_MAX} webhook endpoints, the most it may have; delete one before adding another.`)
    }
    const created = await trx
      .insertInto('webhook_endpoints')
      .values({ account_id: accountId, url, description, events_json: JSON.stringify(events), secret, active: input.active ?? true, failing_since: null, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow()
    if (by) await recordActivity(trx, clock, accountId, by, { action: 'webhook.created', target: endpointTarget(created), data: { events, active: Boolean(created.active) } })
    return created
  })
  return { ...toWebhookEndpoint(row), secret }
}

export async function listWebhookEndpoints(db: Db, accountId: number): Promise<WebhookEndpoint[]> {
  const rows = await db.selectFrom('webhook_endpoints').selectAll().where('account_id', '=', accountId).orderBy('id').execute()
  return rows.map(toWebhookEndpoint)
}

export async function getWebhookEndpoint(db: Db, accountId: number, id: number): Promise<WebhookEndpoint> {
  const row = await findRow(db, accountId, id)
  if (!row) throw notFound()
  return toWebhookEndpoint(row)
}

export async function updateWebhookEndpoint(db: Db, clock: Clock, policy: WebhookPolicy, accountId: number, id: number, patch: WebhookEndpointPatch, by?: ActivityActor): Promise<WebhookEndpoint> {
  const current = await findRow(db, accountId, id)
  if (!current) throw notFound()
  const errors = new FieldErrors()
  const events = patch.events === undefined ? undefined : normaliseEvents(patch.events, errors)
  const description = patch.description === undefined ? undefined : normaliseDescription(patch.description, errors)
  // An unchanged URL is not re-checked here (it is at every delivery): saving other fields of an
  // endpoint whose host stopped resolving must not fail.
  const parsedUrl = patch.url === undefined || patch.url.trim() === current.url ? undefined : checkUrlSyntax(patch.url, errors)
  errors.throwIfAny()
  const url = parsedUrl === undefined ? undefined : await checkUrlAddress(parsedUrl!, policy)
  const row = await inTransaction(db, async (trx) => {
    // Read again under the account's lock, so the activity says what this update changed even
    // when two admins save the endpoint at once.
    await lockAccount(trx, accountId)
    const before = (await findRow(trx, accountId, id)) ?? current
    const updated = await trx
      .updateTable('webhook_endpoints')
      .set({
        ...(url === undefined ? {} : { url }),
        ...(events === undefined ? {} : { events_json: JSON.stringify(events) }),
        ...(description === undefined ? {} : { description }),
        ...(patch.active === undefined ? {} : { active: patch.active }),
        // A new URL, or an endpoint switched back on, starts without the old one's failures.
        ...(url !== undefined || (patch.active === true && !before.active) ? PAUSE_CLEARED : {}),
        updated_at: clock.now().toISOString(),
      })
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst()
    if (updated) await recordChanges(trx, clock, accountId, by, { action: 'webhook.updated', target: endpointTarget(updated), changes: endpointChanges(before, updated) })
    return updated
  })
  if (!row) throw notFound()
  return toWebhookEndpoint(row)
}

/**
 * A URL as the activity keeps it: each query value replaced by "…", each name kept as typed (a
 * bare key, `?abc123`, is replaced whole). Receivers often take a key in the query (`?token=…`),
 * and the activity outlives the URL by two years, so a key that leaked and was replaced must not
 * stay readable there. A key in the path (as some chat services put it) is not recognised: the
 * URL is what identifies the endpoint to the admin reading the activity. Plain text work, so a
 * stored URL that no longer parses never stops an edit or a deletion.
 */
export function activityUrl(url: string): string {
  const mark = url.indexOf('?')
  if (mark === -1) return url
  const parts = url.slice(mark + 1).split('#')[0]!.split('&').filter((part) => part !== '')
  const names = parts.map((part) => (part.includes('=') ? `${part.slice(0, part.indexOf('='))}=…` : '…'))
  return `${url.slice(0, mark)}?${[...new Set(names)].join('&')}`
}

/** An endpoint as the activity names it: by its URL (what an admin recognises; the description is optional). */
function endpointTarget(row: EndpointRow): { id: number; label: string } {
  return { id: Number(row.id), label: activityUrl(row.url) }
}

function endpointChanges(before: EndpointRow, after: EndpointRow): Record<string, FieldChange> {
  const fields = (row: EndpointRow) => ({ description: row.description, events: parseEvents(row.events_json), active: Boolean(row.active) })
  const changes = changedFields(fields(before), fields(after))
  if (before.url === after.url) return changes
  // A new key in the query alone reads the same once redacted: it changed, without its values.
  const [from, to] = [activityUrl(before.url), activityUrl(after.url)]
  return { url: from === to ? { hidden: true } : { from, to }, ...changes }
}

/** A new secret, effective for every delivery from now on (including retries of earlier events). */
export async function rotateWebhookSecret(db: Db, clock: Clock, accountId: number, id: number, by?: ActivityActor): Promise<WebhookEndpointWithSecret> {
  const secret = newWebhookSecret()
  const row = await inTransaction(db, async (trx) => {
    const rotated = await trx
      .updateTable('webhook_endpoints')
      .set({ secret, updated_at: clock.now().toISOString() })
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst()
    if (rotated && by) await recordActivity(trx, clock, accountId, by, { action: 'webhook.secret_rotated', target: endpointTarget(rotated) })
    return rotated
  })
  if (!row) throw notFound()
  return { ...toWebhookEndpoint(row), secret }
}

/** Removes the endpoint and its delivery log; queued deliveries find nothing and end quietly. */
export async function deleteWebhookEndpoint(db: Db, clock: Clock, accountId: number, id: number, by?: ActivityActor): Promise<void> {
  await inTransaction(db, async (trx) => {
    const row = await findRow(trx, accountId, id)
    if (!row) throw notFound()
    await trx.deleteFrom('webhook_deliveries').where('account_id', '=', accountId).where('endpoint_id', '=', id).execute()
    await trx.deleteFrom('webhook_endpoints').where('account_id', '=', accountId).where('id', '=', id).execute()
    if (by) await recordActivity(trx, clock, accountId, by, { action: 'webhook.deleted', target: endpointTarget(row) })
  })
}
