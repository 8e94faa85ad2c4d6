// The account's activity: who changed how the account is governed, when and from where. Its
// settings and logo, the two-step verification policy, its users, API tokens and webhook
// endpoints, and the catalogue documents are built from (products, payment methods, signer
// roles, templates). Each entry is written in the transaction that makes the change, so an entry exists
// exactly when its change does (a crash loses both or neither), and only changes are written: a
// form saved as it was records nothing. Admins read it in Configurações → Atividade
// (docs/DECISIONS.md, "The account keeps a record of who changed its governance").
import { type Clock, isoNow } from '../../platform/clock.js'
import { type Selectable, sql } from 'kysely'
import type { Db } from '../../platform/db/connect.js'
import type { AccountActivityTable } from '../../platform/db/schema.js'
import { inTransaction } from '../../platform/db/in-transaction.js'
import { deleteInBatches, PRUNE_BATCH_SIZE, retentionCutoff } from '../../platform/retention.js'

/** Who made a change: a user of the web app, an integration's token through the API, or support through the CLI. */
export interface ActivityActor {
  type: 'user' | 'api_token' | 'support'
  id: number | null
  name: string
  /** The address the request came from; null from the CLI. */
  ip: string | null
}

/** Support's changes, made with the `vendoc` CLI on the server. */
export const SUPPORT_ACTOR: ActivityActor = { type: 'support', id: null, name: 'Suporte do Vendoc (CLI)', ip: null }

/** Every action, by what it changes. */
export const ACTIVITY_ACTIONS = {
  'account.settings_updated': 'account',
  'account.logo_updated': 'account',
  'account.logo_removed': 'account',
  'account.two_factor_policy_changed': 'account',
  'account.plan_changed': 'account',
  'account.creation_limit_changed': 'account',
  'user.created': 'user',
  'user.updated': 'user',
  'user.invited': 'user',
  'user.two_factor_reset': 'user',
  'user.sessions_ended': 'user',
  'api_token.created': 'api_token',
  'api_token.regenerated': 'api_token',
  'api_token.revoked': 'api_token',
  'webhook.created': 'webhook',
  'webhook.updated': 'webhook',
  'webhook.secret_rotated': 'webhook',
  'webhook.deleted': 'webhook',
  // The catalogue documents are built from (catalog/catalog-activity.ts).
  'product.created': 'catalog',
  'product.updated': 'catalog',
  'payment_method.created': 'catalog',
  'payment_method.updated': 'catalog',
  'signer_role.created': 'catalog',
  'signer_role.updated': 'catalog',
  'template.created': 'catalog',
  'template.updated': 'catalog',
} as const

export type ActivityAction = keyof typeof ACTIVITY_ACTIONS
/** What an entry can be about besides the account itself: its action's first word (`product.updated` → `product`). */
export const ACTIVITY_TARGET_KINDS = ['user', 'api_token', 'webhook', 'product', 'payment_method', 'signer_role', 'template'] as const
export type ActivityTargetKind = (typeof ACTIVITY_TARGET_KINDS)[number]

/** The actions about one kind of thing, for a filter by one of them. */
function actionsAbout(kind: ActivityTargetKind): ActivityAction[] {
  return (Object.keys(ACTIVITY_ACTIONS) as ActivityAction[]).filter((action) => action.startsWith(`${kind}.`))
}
export type ActivitySubject = (typeof ACTIVITY_ACTIONS)[ActivityAction]
export const ACTIVITY_SUBJECTS: readonly ActivitySubject[] = ['account', 'user', 'api_token', 'webhook', 'catalog']

/** A field's value before and after a change, or only that it changed (a password, a message's text). */
export type FieldChange = { from: unknown; to: unknown } | { hidden: true }

export interface ActivityEntry {
  action: ActivityAction
  /** The changed thing, named as it was then; the account itself needs none. */
  target?: { id: number | null; label: string }
  data?: Record<string, unknown>
}

export async function recordActivity(trx: Db, clock: Clock, accountId: number, by: ActivityActor, entry: ActivityEntry): Promise<void> {
  await trx
    .insertInto('account_activity')
    .values({
      account_id: accountId,
      subject: ACTIVITY_ACTIONS[entry.action],
      action: entry.action,
      actor_type: by.type,
      actor_id: by.id,
      actor_name: by.name,
      ip: by.ip,
      target_id: entry.target?.id ?? null,
      target_label: entry.target?.label ?? '',
      data_json: JSON.stringify(entry.data ?? {}),
      created_at: isoNow(clock),
    })
    .execute()
}

/**
 * The fields whose values differ between `before` and `after`, each with both values (compared as
 * JSON, so lists compare by content); `hidden` fields say only that they changed (a message's
 * text is the account's business, not the log's). Empty when nothing changed.
 */
export function changedFields<T extends Record<string, unknown>>(before: T, after: T, hidden: readonly (keyof T)[] = []): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {}
  for (const field of Object.keys(after) as (keyof T & string)[]) {
    if (JSON.stringify(before[field] ?? null) === JSON.stringify(after[field] ?? null)) continue
    changes[field] = hidden.includes(field) ? { hidden: true } : { from: before[field] ?? null, to: after[field] ?? null }
  }
  return changes
}

/** Records an update only when it changed something: a form saved as it was is no activity. */
export async function recordChanges(trx: Db, clock: Clock, accountId: number, by: ActivityActor | undefined, entry: ActivityEntry & { changes: Record<string, FieldChange> }): Promise<void> {
  if (by === undefined || Object.keys(entry.changes).length === 0) return
  await recordActivity(trx, clock, accountId, by, { action: entry.action, target: entry.target, data: { ...entry.data, changes: entry.changes } })
}

/** A user of the account as the activity names them: name and e-mail as they are at the change. */
export async function userTarget(trx: Db, accountId: number, userId: number): Promise<{ id: number; label: string }> {
  const user = await trx.selectFrom('users').select(['name', 'email']).where('account_id', '=', accountId).where('id', '=', userId).executeTakeFirst()
  return { id: userId, label: user ? `${user.name} <${user.email}>` : '' }
}

/**
 * Runs `write` so that an entry commits with its change: in the caller's transaction when `db` is
 * one, else in a transaction of its own when there is an author to record; without an author (the
 * benchmark's data and the tests' setup) on `db` as given.
 */
export function inActivityTransaction<T>(db: Db, by: ActivityActor | undefined, write: (trx: Db) => Promise<T>): Promise<T> {
  return by ? inTransaction(db, write) : write(db)
}

export interface ActivityView {
  id: number
  action: ActivityAction
  subject: ActivitySubject
  actor: { type: ActivityActor['type']; id: number | null; name: string }
  ip: string | null
  target: { id: number | null; label: string }
  data: Record<string, unknown>
  at: string
}

/** Whose changes: a kind of author's, or with `id` one user's or token's (support has none). */
export interface ActivityActorFilter {
  type: ActivityActor['type']
  id?: number
}

export interface ActivityFilters {
  subject?: ActivitySubject
  actor?: ActivityActorFilter
  /** One user, token, webhook or catalogue entry: its own changes (a user's also as the default seller handed over). */
  target?: { kind: ActivityTargetKind; id: number }
  /** Made at or after this comparable instant (time-zones.ts): the page's first day at midnight in the account's zone, or the API's `from`. */
  madeFrom?: string
  /** Made before this one: the midnight after the page's last day, or the API's `to`. */
  madeBefore?: string
  /** A walk for an export: the entries after this id, oldest first, made at or before `settledBy`. */
  after?: { id: number; settledBy: string }
}

/** The account's entries the filters match; a foreign user's or token's id matches none, as the account scopes first. */
function activityQuery(db: Db, accountId: number, filters: ActivityFilters) {
  let query = db.selectFrom('account_activity').where('account_id', '=', accountId)
  if (filters.subject !== undefined) query = query.where('subject', '=', filters.subject)
  if (filters.actor !== undefined) {
    query = query.where('actor_type', '=', filters.actor.type)
    if (filters.actor.id !== undefined) query = query.where('actor_id', '=', filters.actor.id)
  }
  if (filters.target !== undefined) query = query.where('action', 'in', actionsAbout(filters.target.kind)).where('target_id', '=', filters.target.id)
  if (filters.madeFrom !== undefined) query = query.where('created_at', '>=', filters.madeFrom)
  if (filters.madeBefore !== undefined) query = query.where('created_at', '<', filters.madeBefore)
  if (filters.after !== undefined) query = query.where('id', '>', filters.after.id).where('created_at', '<=', filters.after.settledBy)
  return query
}

type ActivityRow = Selectable<AccountActivityTable>

// In the API's order (GET /api/v1/account-activity answers these objects as they are).
function activityView(row: ActivityRow): ActivityView {
  return {
    id: Number(row.id),
    at: row.created_at,
    subject: row.subject as ActivitySubject,
    action: row.action as ActivityAction,
    actor: { type: row.actor_type, id: row.actor_id === null ? null : Number(row.actor_id), name: row.actor_name },
    ip: row.ip,
    target: { id: row.target_id === null ? null : Number(row.target_id), label: row.target_label },
    data: JSON.parse(row.data_json) as Record<string, unknown>,
  }
}

/** A page of the account's activity, newest first (oldest first after an id), with how many entries the filter matches. */
export async function listActivity(db: Db, accountId: number, filters: ActivityFilters, { page, perPage }: { page: number; perPage: number }) {
  const [rows, count] = await Promise.all([
    activityQuery(db, accountId, filters).selectAll().orderBy('id', filters.after === undefined ? 'desc' : 'asc').limit(perPage).offset((page - 1) * perPage).execute(),
    activityQuery(db, accountId, filters).select(sql<number>`count(*)`.as('total')).executeTakeFirstOrThrow(),
  ])
  return { data: rows.map(activityView), total: Number(count.total) }
}

/** What an item was last called in the activity (the page's "Só as alterações de …"), whatever the other filters. */
export async function latestTargetLabel(db: Db, accountId: number, target: NonNullable<ActivityFilters['target']>): Promise<string | undefined> {
  const row = await activityQuery(db, accountId, { target }).select('target_label').orderBy('id', 'desc').limit(1).executeTakeFirst()
  return row?.target_label
}

/**
 * Every entry the filters match, newest first, `batchSize` at a time, each batch read below the
 * last id seen (no offset to grow with the walk): the CSV export streams these as it sends them.
 * It reads what has committed as it goes: an entry written during the walk usually has a larger id
 * than the first batch's and is left out, but on PostgreSQL one whose id was taken before a batch
 * and committed after it may be missed or included. The API's `after` walk is the gap-free export.
 */
export async function* activityBatches(db: Db, accountId: number, filters: Omit<ActivityFilters, 'after'>, batchSize = 500): AsyncGenerator<ActivityView[]> {
  let below: number | undefined
  for (;;) {
    let query = activityQuery(db, accountId, filters)
    if (below !== undefined) query = query.where('id', '<', below)
    const rows = await query.selectAll().orderBy('id', 'desc').limit(batchSize).execute()
    if (rows.length === 0) return
    yield rows.map(activityView)
    if (rows.length < batchSize) return
    below = Number(rows[rows.length - 1]!.id)
  }
}

/**
 * Deletes the entries older than the retention (ACCOUNT_ACTIVITY_RETENTION_DAYS), in batches,
 * oldest first through account_activity_created_idx; returns how many.
 */
export async function pruneAccountActivity(db: Db, clock: Clock, { retentionDays, batchSize = PRUNE_BATCH_SIZE }: { retentionDays: number; batchSize?: number }): Promise<number> {
  const cutoff = retentionCutoff(clock.now(), retentionDays)
  return deleteInBatches(batchSize, async (limit) => {
    const expired = db.selectFrom('account_activity').select('id').where('created_at', '<', cutoff).orderBy('created_at').limit(limit)
    const result = await db.deleteFrom('account_activity').where('id', 'in', expired).executeTakeFirst()
    return Number(result.numDeletedRows)
  })
}

export function isActivitySubject(value: unknown): value is ActivitySubject {
  return typeof value === 'string' && (ACTIVITY_SUBJECTS as readonly string[]).includes(value)
}
