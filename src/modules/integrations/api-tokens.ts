// Creating tokens and resolving a presented token to its account. Only the SHA-256 of a token is
// stored; lookups go by that hash, so no secret is ever compared byte by byte in application code.
import { randomBytes } from 'node:crypto'
import type { TokenAccess } from '../../platform/db/schema.js'
import type { Db } from '../../platform/db/connect.js'
import { preparedQuery } from '../../platform/db/prepared-query.js'
import { type Clock, isoNow } from '../../platform/clock.js'
import { displayPrefix, generateToken, hashToken, isWellFormedToken } from './token-format.js'
import { type ActivityActor, inActivityTransaction, recordActivity } from '../accounts/account-activity.js'

/** No token with this id in this account (a foreign token reads exactly like a missing one). */
export class ApiTokenNotFoundError extends Error {
  constructor(readonly tokenId: number) {
    super(`API token ${tokenId} does not exist`)
    this.name = 'ApiTokenNotFoundError'
  }
}

/** The token was revoked: it stays revoked (issue a new one instead of reviving it). */
export class ApiTokenRevokedError extends Error {
  constructor(readonly tokenId: number) {
    super(`API token ${tokenId} is revoked; create a new token instead`)
    this.name = 'ApiTokenRevokedError'
  }
}

export interface IssuedToken {
  id: number
  name: string
  prefix: string
  /** 'read': it may only GET. */
  access: TokenAccess
  /** The secret, shown once. */
  token: string
}

/**
 * `by` is who creates it, for the account's activity, written in the same transaction; without it
 * (the benchmark's and the tests' tokens, possibly inside their own transaction) none.
 */
export async function createApiToken(db: Db, clock: Clock, accountId: number, name = 'API', by?: ActivityActor, access: TokenAccess = 'full'): Promise<IssuedToken> {
  const token = generateToken()
  const prefix = displayPrefix(token)
  const insert = async (trx: Db): Promise<IssuedToken> => {
    const row = await trx
      .insertInto('api_tokens')
      // A full token leaves the column to its default: the tests that rewind the schema to before migration 054 create tokens too.
      .values({ account_id: accountId, name, prefix, token_hash: hashToken(token), created_at: isoNow(clock), last_used_at: null, revoked_at: null, ...(access === 'full' ? {} : { access }) })
      .returning('id')
      .executeTakeFirstOrThrow()
    if (by) await recordActivity(trx, clock, accountId, by, { action: 'api_token.created', target: { id: row.id, label: name }, data: { prefix, access } })
    return { id: row.id, name, prefix, access, token }
  }
  return inActivityTransaction(db, by, insert)
}

export interface AuthenticatedToken {
  tokenId: number
  tokenName: string
  tokenPrefix: string
  accountId: number
  timeZone: string
  apiAccess: boolean
  /** Anything but 'full' may only GET: an unexpected value locks the token down rather than open. */
  readOnly: boolean
}

/** Who a presented token belonged to, even when it no longer authenticates (for the request log). */
export interface TokenAttribution {
  accountId: number
  tokenId: number
  tokenPrefix: string
}

export type TokenCheck =
  | { ok: true; token: AuthenticatedToken }
  | { ok: false; reason: 'malformed' | 'unknown' | 'revoked'; attribution: TokenAttribution | null }

// Every API request runs this lookup: built once, then only executed (prepared-query.ts).
const tokenByHash = preparedQuery(1, (db, hash: string) =>
  db
    .selectFrom('api_tokens')
    .innerJoin('accounts', 'accounts.id', 'api_tokens.account_id')
    .innerJoin('plans', 'plans.id', 'accounts.plan_id')
    .select(['api_tokens.id', 'api_tokens.name', 'api_tokens.prefix', 'api_tokens.account_id', 'api_tokens.revoked_at', 'api_tokens.access', 'plans.api_access', 'accounts.time_zone'])
    .where('api_tokens.token_hash', '=', hash),
)

/** Reads the database on every call; the API's hot path goes through ApiTokenCache instead. */
export async function authenticateApiToken(db: Db, presented: string): Promise<TokenCheck> {
  if (!isWellFormedToken(presented)) return MALFORMED
  return checkTokenHash(db, hashToken(presented), presented)
}

export const MALFORMED: TokenCheck = Object.freeze({ ok: false, reason: 'malformed', attribution: null })

/** What a well-formed token (`presented`, whose SHA-256 is `hash`) authenticates as now. */
export async function checkTokenHash(db: Db, hash: string, presented: string): Promise<TokenCheck> {
  const [row] = await tokenByHash(db, hash)
  if (row === undefined) {
    const retired = await db
      .selectFrom('api_token_retired_hashes as r')
      .innerJoin('api_tokens as t', 't.id', 'r.api_token_id')
      .select(['r.account_id', 'r.api_token_id', 't.prefix'])
      .where('r.token_hash', '=', hash)
      .executeTakeFirst()
    if (retired === undefined) return { ok: false, reason: 'unknown', attribution: null }
    // The prefix shown is the one of the secret that was presented, not of its replacement.
    return { ok: false, reason: 'revoked', attribution: { accountId: retired.account_id, tokenId: retired.api_token_id, tokenPrefix: displayPrefix(presented) } }
  }
  if (row.revoked_at !== null) {
    return { ok: false, reason: 'revoked', attribution: { accountId: row.account_id, tokenId: row.id, tokenPrefix: row.prefix } }
  }
  return {
    ok: true,
    token: { tokenId: row.id, tokenName: row.name, tokenPrefix: row.prefix, accountId: row.account_id, timeZone: row.time_zone, apiAccess: Boolean(row.api_access), readOnly: row.access !== 'full' },
  }
}

/**
 * Moves a secret's hash to api_token_retired_hashes (call it inside the transaction that replaces
 * or revokes the secret): from the commit on the secret no longer authenticates, but a request
 * that presents it is still attributed to its account and token.
 */
export async function retireTokenHash(trx: Db, clock: Clock, token: { id: number; account_id: number; token_hash: string }): Promise<void> {
  await trx.insertInto('api_token_retired_hashes').values({ account_id: token.account_id, api_token_id: token.id, token_hash: token.token_hash, retired_at: isoNow(clock) }).execute()
}

/**
 * What a revoked token row keeps in token_hash: never the hex SHA-256 of anything (it has a `:`),
 * so the row cannot match a presented secret even if a check of revoked_at were forgotten.
 */
export function revokedHashPlaceholder(): string {
  return `revoked:${randomBytes(16).toString('hex')}`
}
