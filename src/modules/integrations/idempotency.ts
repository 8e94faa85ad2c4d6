// Idempotency keys (DESIGN.md §5): a POST sent again with the same Idempotency-Key and body within
// 24 hours gets the first response back instead of acting twice. The unique (account, key) row is
// the claim: whoever inserts it runs the request; the others see it in progress (409), see it
// completed (replay), or see another body under the same key (422).
import { createHash } from 'node:crypto'
import type { Db } from '../../platform/db/connect.js'
import { type Clock, isoNow } from '../../platform/clock.js'
import { AppError } from '../../platform/errors.js'
import { preparedQuery } from '../../platform/db/prepared-query.js'

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000
/** How long a claim may stay in progress before it counts as abandoned (the process died). */
export const IDEMPOTENCY_LOCK_MS = 60 * 1000

export interface IdempotentRequest {
  accountId: number
  key: string
  method: string
  path: string
  body: unknown
}

export interface StoredResponse {
  status: number
  headers: Record<string, string>
  body: string
}

export type Claim =
  /** This request owns the key: run it, then complete or release the claim. */
  | { kind: 'claimed'; claimId: number }
  /** A previous request completed: answer with its stored response. */
  | { kind: 'replay'; response: StoredResponse }
  /** A previous request created `resourceId` but died before storing its response. */
  | { kind: 'recover'; claimId: number; resourceId: number }

/**
 * JSON with every object's keys in sorted order (arrays keep theirs): the same body sent with its
 * keys in another order is the same request, not a reused key.
 */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.keys(item).sort().map((key) => [key, (item as Record<string, unknown>)[key]]))
      : item,
  )
}

export function bodyHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex')
}

/**
 * The hash keys stored before bodyHash sorted the keys (the body as parsed). Still accepted so a
 * retry of a request made before the upgrade replays instead of being refused as another body;
 * removable once every key stored before it has expired (24 hours later; DECISIONS.md).
 */
function bodyHashBeforeSortedKeys(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body ?? null)).digest('hex')
}

function later(clock: Clock, ms: number): string {
  return new Date(clock.now().getTime() + ms).toISOString()
}

// Every creation with an Idempotency-Key runs these: built once (prepared-query.ts).
// The claim: a new key is inserted; a key past its 24 hours is taken over in the same statement
// (remembered no longer, it starts afresh, keeping its row's id: an earlier owner of that id held
// its claim for at most IDEMPOTENCY_LOCK_MS, a day before); any other existing key returns no row.
// On PostgreSQL that last case still locks the key's row for the statement (ON CONFLICT DO UPDATE
// does, whatever its WHERE says): a replay or a 409 costs a small write, and a retry sent while the
// first request's creation holds the row (it binds the document to the key) waits for that commit.
// The fresh key, which every first request is, saves a statement instead (docs/PERFORMANCE.md).
const claimKey = preparedQuery(8, (db, accountId: number, key: string, method: string, path: string, bodyHashHex: string, createdAt: string, lockedUntil: string, expiredBefore: string) =>
  db
    .insertInto('idempotency_keys')
    .values({
      account_id: accountId,
      idempotency_key: key,
      method,
      path,
      body_hash: bodyHashHex,
      state: 'in_progress',
      resource_id: null,
      response_status: null,
      response_headers: null,
      response_body: null,
      created_at: createdAt,
      locked_until: lockedUntil,
    })
    .onConflict((conflict) =>
      conflict
        .columns(['account_id', 'idempotency_key'])
        .doUpdateSet((eb) => ({
          method: eb.ref('excluded.method'),
          path: eb.ref('excluded.path'),
          body_hash: eb.ref('excluded.body_hash'),
          state: eb.ref('excluded.state'),
          resource_id: null,
          response_status: null,
          response_headers: null,
          response_body: null,
          created_at: eb.ref('excluded.created_at'),
          locked_until: eb.ref('excluded.locked_until'),
        }))
        .where('idempotency_keys.created_at', '<', expiredBefore),
    )
    .returning('id'),
)
const bindResource = preparedQuery(2, (db, claimId: number, resourceId: number) => db.updateTable('idempotency_keys').set({ resource_id: resourceId }).where('id', '=', claimId))
const completeClaim = preparedQuery(4, (db, claimId: number, status: number, headersJson: string, body: string) =>
  db.updateTable('idempotency_keys').set({ state: 'completed', response_status: status, response_headers: headersJson, response_body: body }).where('id', '=', claimId),
)

export async function claimIdempotencyKey(db: Db, clock: Clock, request: IdempotentRequest): Promise<Claim> {
  const now = isoNow(clock)
  const hash = bodyHash(request.body)
  // A key is remembered for 24 hours; past that, the same key starts afresh.
  const expiredBefore = new Date(clock.now().getTime() - IDEMPOTENCY_TTL_MS).toISOString()
  const [inserted] = await claimKey(db, request.accountId, request.key, request.method, request.path, hash, now, later(clock, IDEMPOTENCY_LOCK_MS), expiredBefore)
  if (inserted) return { kind: 'claimed', claimId: inserted.id }

  const existing = await db.selectFrom('idempotency_keys').selectAll().where('account_id', '=', request.accountId).where('idempotency_key', '=', request.key).executeTakeFirst()
  // Deleted between our insert and select (released by a failed request): the caller may retry.
  if (!existing) throw inProgress(request.key)
  const sameBody = existing.body_hash === hash || existing.body_hash === bodyHashBeforeSortedKeys(request.body)
  if (existing.method !== request.method || existing.path !== request.path || !sameBody) {
    throw new AppError('idempotency_key_reused', `Idempotency-Key "${request.key}" was already used for another request (${existing.method} ${existing.path} with a different body); use a new key for a new request.`)
  }
  if (existing.state === 'completed') {
    return { kind: 'replay', response: { status: existing.response_status!, headers: JSON.parse(existing.response_headers ?? '{}'), body: existing.response_body ?? '' } }
  }
  if (existing.locked_until >= now) throw inProgress(request.key)
  // Abandoned claim: take it over, unless another request does so first.
  const taken = await db
    .updateTable('idempotency_keys')
    .set({ locked_until: later(clock, IDEMPOTENCY_LOCK_MS) })
    .where('id', '=', existing.id)
    .where('state', '=', 'in_progress')
    .where('locked_until', '=', existing.locked_until)
    .executeTakeFirst()
  if (taken.numUpdatedRows === 0n) throw inProgress(request.key)
  return existing.resource_id !== null ? { kind: 'recover', claimId: existing.id, resourceId: existing.resource_id } : { kind: 'claimed', claimId: existing.id }
}

function inProgress(key: string): AppError {
  return new AppError('idempotency_key_in_progress', `A request with Idempotency-Key "${key}" is still in progress; retry in a moment to get its response.`)
}

/** Binds the created resource to the claim, inside the creating transaction. */
export async function bindIdempotencyResource(trx: Db, claimId: number, resourceId: number): Promise<void> {
  await bindResource(trx, claimId, resourceId)
}

export async function completeIdempotencyKey(db: Db, claimId: number, response: StoredResponse): Promise<void> {
  await completeClaim(db, claimId, response.status, JSON.stringify(response.headers), response.body)
}

/** A request that failed is not remembered: the same key may be used again to retry it. */
export async function releaseIdempotencyKey(db: Db, claimId: number): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('id', '=', claimId).where('state', '=', 'in_progress').where('resource_id', 'is', null).execute()
}

export async function pruneIdempotencyKeys(db: Db, clock: Clock): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('created_at', '<', new Date(clock.now().getTime() - IDEMPOTENCY_TTL_MS).toISOString()).executeTakeFirst()
  return Number(result.numDeletedRows)
}
