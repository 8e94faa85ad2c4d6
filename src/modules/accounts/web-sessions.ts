// Browser sessions of the web app, stored in the database. The cookie holds a random token; the
// row's id is its SHA-256, so reading the table does not give anyone a session. A session ends
// after 12 hours without use or 7 days after login, whichever comes first; last use is written at
// most once a minute so browsing does not turn every page view into a write. A user keeps at most
// MAX_SESSIONS_PER_USER; each records the login's User-Agent and address (own-sessions.ts).
import { randomBytes } from 'node:crypto'
import { secretDigest } from '../../platform/token-digest.js'
import type { Db } from '../../platform/db/connect.js'
import { type Clock, isoNow } from '../../platform/clock.js'

export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000
const TOUCH_INTERVAL_MS = 60 * 1000

export interface WebSession {
  accountId: number
  accountName: string
  userId: number
  userName: string
  email: string
  role: 'admin' | 'member'
  csrfToken: string
  /** The account's IANA time zone: dates on pages and "this month" are the account's. */
  timeZone: string
  /** The account requires two-step verification and this user has not set it up: only that is open to them. */
  mustSetUpTwoFactor: boolean
}

/** The row's id for a cookie token (own-sessions.ts finds the current session by it). */
export function sessionId(token: string): string {
  return secretDigest(token)
}

/** What the login's request said of the browser, kept for Minha conta → Sessões. */
export interface SessionDevice {
  userAgent: string | undefined
  /** Fastify's request.ip; undefined only once the socket is gone. */
  ipAddress: string | undefined
}

/** The most of a User-Agent kept: real ones are 100–300 characters; the rest is padding or abuse. */
const USER_AGENT_MAX = 512

/**
 * The most sessions a user keeps: a person has a few browsers; a script with the password could
 * open thousands, and Minha conta → Sessões lists them all. Past it, the longest unused go.
 */
export const MAX_SESSIONS_PER_USER = 50

/** An IPv4 client of a server listening on `::` arrives as `::ffff:a.b.c.d`; people know it as `a.b.c.d`. */
function storedAddress(ip: string | undefined): string | null {
  if (!ip) return null
  return ip.replace(/^::ffff:(?=\d{1,3}(\.\d{1,3}){3}$)/i, '').slice(0, 64)
}

/** The header without control characters (a header cannot carry line breaks, but may carry others). */
function storedUserAgent(value: string | undefined): string | null {
  const cleaned = (value ?? '').replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim().slice(0, USER_AGENT_MAX)
  return cleaned === '' ? null : cleaned
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url')
}

function expiryFor(createdAt: number, lastSeenAt: number): string {
  return new Date(Math.min(lastSeenAt + SESSION_IDLE_MS, createdAt + SESSION_ABSOLUTE_MS)).toISOString()
}

/** Starts a session for the user; returns the token for the cookie (shown nowhere else). */
export async function createWebSession(db: Db, clock: Clock, user: { userId: number; accountId: number }, device: SessionDevice): Promise<{ token: string }> {
  const token = newSecret()
  const id = sessionId(token)
  const now = clock.now().getTime()
  const nowIso = isoNow(clock)
  // The user's expired sessions go when they log in again, so the table does not grow with logins.
  await db.deleteFrom('web_sessions').where('user_id', '=', user.userId).where('expires_at', '<=', nowIso).execute()
  await db
    .insertInto('web_sessions')
    .values({
      id, account_id: user.accountId, user_id: user.userId, csrf_token: newSecret(), created_at: nowIso, last_seen_at: nowIso, expires_at: expiryFor(now, now),
      user_agent: storedUserAgent(device.userAgent), ip_address: storedAddress(device.ipAddress),
    })
    .execute()
  const beyondLimit = await db
    .selectFrom('web_sessions')
    .select('id')
    .where('account_id', '=', user.accountId)
    .where('user_id', '=', user.userId)
    // The new one stays whatever the clock says of the others.
    .where('id', '!=', id)
    .orderBy('last_seen_at', 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(1000)
    .offset(MAX_SESSIONS_PER_USER - 1)
    .execute()
  if (beyondLimit.length > 0) await db.deleteFrom('web_sessions').where('id', 'in', beyondLimit.map((row) => row.id)).execute()
  return { token }
}

/** The live session of a cookie token, or null (unknown, expired — then deleted — or user deactivated). */
export async function findWebSession(db: Db, clock: Clock, token: string): Promise<WebSession | null> {
  const id = sessionId(token)
  const row = await db
    .selectFrom('web_sessions')
    .innerJoin('users', (join) => join.onRef('users.id', '=', 'web_sessions.user_id').onRef('users.account_id', '=', 'web_sessions.account_id'))
    .innerJoin('accounts', 'accounts.id', 'web_sessions.account_id')
    .leftJoin('user_authenticators', (join) => join.onRef('user_authenticators.user_id', '=', 'users.id').onRef('user_authenticators.account_id', '=', 'users.account_id'))
    .select([
      'web_sessions.csrf_token',
      'web_sessions.created_at',
      'web_sessions.last_seen_at',
      'web_sessions.expires_at',
      'users.id as user_id',
      'users.name as user_name',
      'users.email',
      'users.role',
      'users.active',
      'accounts.id as account_id',
      'accounts.name as account_name',
      'accounts.time_zone',
      'accounts.require_two_factor',
      'user_authenticators.secret as totp_secret',
    ])
    .where('web_sessions.id', '=', id)
    .executeTakeFirst()
  if (!row) return null
  const now = clock.now().getTime()
  if (now >= Date.parse(row.expires_at) || !Boolean(row.active)) {
    await db.deleteFrom('web_sessions').where('id', '=', id).execute()
    return null
  }
  if (now - Date.parse(row.last_seen_at) >= TOUCH_INTERVAL_MS) {
    await db
      .updateTable('web_sessions')
      .set({ last_seen_at: new Date(now).toISOString(), expires_at: expiryFor(Date.parse(row.created_at), now) })
      .where('id', '=', id)
      .execute()
  }
  return {
    accountId: row.account_id,
    accountName: row.account_name,
    userId: row.user_id,
    userName: row.user_name,
    email: row.email,
    role: row.role,
    csrfToken: row.csrf_token,
    timeZone: row.time_zone,
    mustSetUpTwoFactor: Boolean(row.require_two_factor) && !row.totp_secret,
  }
}

/**
 * Logs a user out everywhere (deactivated, given a new password, or their sessions ended from
 * Minha conta or by an admin), but for the session of `keepToken` (the user's own browser stays
 * signed in), and ends their sign-ins waiting for a two-step verification code.
 */
export async function endUserSessions(db: Db, accountId: number, userId: number, keepToken?: string): Promise<void> {
  let query = db.deleteFrom('web_sessions').where('account_id', '=', accountId).where('user_id', '=', userId)
  if (keepToken !== undefined) query = query.where('id', '!=', sessionId(keepToken))
  await query.execute()
  // A sign-in halfway (password accepted, code due) ends too: it was opened with what may be known.
  await db.deleteFrom('login_challenges').where('account_id', '=', accountId).where('user_id', '=', userId).execute()
}

export async function deleteWebSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('web_sessions').where('id', '=', sessionId(token)).execute()
}

/** Deletes every expired session; run hourly by the background jobs. Returns how many went. */
export async function pruneWebSessions(db: Db, clock: Clock): Promise<number> {
  const result = await db.deleteFrom('web_sessions').where('expires_at', '<=', isoNow(clock)).executeTakeFirst()
  return Number(result.numDeletedRows)
}
