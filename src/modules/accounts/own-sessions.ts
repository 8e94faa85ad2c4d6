// Minha conta → Sessões: the browsers a user is signed in on (the one asking marked), and ending
// one of them or all but this one; for an admin, how many another user of the account has, and
// ending them all. A session is named on the page by a handle derived from its row id, never by
// the id itself: the id is the digest that stands for the cookie, and a page is no place for it.
// Every query takes the account and the user: only that user's own live sessions are read or ended.
import { createHash } from 'node:crypto'
import type { Db } from '../../platform/db/connect.js'
import { type Clock, isoNow } from '../../platform/clock.js'
import { endUserSessions, sessionId } from './web-sessions.js'
import { type ActivityActor, inActivityTransaction, recordActivity, userTarget } from './account-activity.js'

export interface OwnSession {
  /** Names the session in the "Encerrar" form's URL (32 hex digits). */
  handle: string
  /** The session of the browser asking. */
  current: boolean
  userAgent: string | null
  ipAddress: string | null
  createdAt: string
  lastSeenAt: string
}

const SESSION_HANDLE_PATTERN = /^[0-9a-f]{32}$/

/** The handle of the session whose row id is `id` (a digest of it: the page never shows the id). */
export function sessionHandle(id: string): string {
  return createHash('sha256').update(`session-handle:${id}`).digest('hex').slice(0, 32)
}

async function liveSessionRows(db: Db, clock: Clock, user: { accountId: number; userId: number }) {
  return db
    .selectFrom('web_sessions')
    .select(['id', 'user_agent', 'ip_address', 'created_at', 'last_seen_at'])
    .where('account_id', '=', user.accountId)
    .where('user_id', '=', user.userId)
    .where('expires_at', '>', isoNow(clock))
    .orderBy('last_seen_at', 'desc')
    .orderBy('created_at', 'desc')
    // Two logins in the same millisecond: the same order on both databases.
    .orderBy('id')
    .execute()
}

/** The user's live sessions: the asking browser's (`sessionToken`, its cookie) first, then the others by last use. */
export async function listOwnSessions(db: Db, clock: Clock, user: { accountId: number; userId: number; sessionToken: string }): Promise<OwnSession[]> {
  const currentId = sessionId(user.sessionToken)
  const rows = await liveSessionRows(db, clock, user)
  const sessions = rows.map((row) => ({
    handle: sessionHandle(row.id),
    current: row.id === currentId,
    userAgent: row.user_agent,
    ipAddress: row.ip_address,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
  }))
  // This browser first, whatever the others did since.
  return [...sessions.filter((session) => session.current), ...sessions.filter((session) => !session.current)]
}

/**
 * Ends one of the user's other sessions; returns its User-Agent, which the page names it by. Null
 * when the handle names none of them: another user's, another account's, an expired one, a
 * made-up one, or this browser's own (which "Sair" ends), all alike.
 */
export async function endOwnSession(db: Db, clock: Clock, user: { accountId: number; userId: number; sessionToken: string }, handle: string): Promise<{ userAgent: string | null } | null> {
  if (!SESSION_HANDLE_PATTERN.test(handle)) return null
  const currentId = sessionId(user.sessionToken)
  const target = (await liveSessionRows(db, clock, user)).find((row) => row.id !== currentId && sessionHandle(row.id) === handle)
  if (!target) return null
  const result = await db.deleteFrom('web_sessions').where('account_id', '=', user.accountId).where('user_id', '=', user.userId).where('id', '=', target.id).executeTakeFirst()
  return Number(result.numDeletedRows) === 1 ? { userAgent: target.user_agent } : null
}

/**
 * Ends every session of the user but the one of `keepToken` (this browser's, in Minha conta; none
 * when an admin ends another user's), and their sign-ins waiting for a code (endUserSessions, as
 * a new password does). Returns how many live sessions ended, counted by the delete itself:
 * expired rows not pruned yet go too, uncounted, as no list showed them.
 */
export async function endSessions(db: Db, clock: Clock, user: { accountId: number; userId: number }, keepToken?: string, by?: ActivityActor): Promise<number> {
  return inActivityTransaction(db, by, async (trx) => {
    let live = trx.deleteFrom('web_sessions').where('account_id', '=', user.accountId).where('user_id', '=', user.userId).where('expires_at', '>', isoNow(clock))
    if (keepToken !== undefined) live = live.where('id', '!=', sessionId(keepToken))
    const ended = Number((await live.executeTakeFirst()).numDeletedRows)
    await endUserSessions(trx, user.accountId, user.userId, keepToken)
    // `by`: an admin or support ending another user's sessions (a user's own are not the account's governance).
    if (by && ended > 0) await recordActivity(trx, clock, user.accountId, by, { action: 'user.sessions_ended', target: await userTarget(trx, user.accountId, user.userId), data: { count: ended } })
    return ended
  })
}

/** How many live sessions a user has and the latest use among them (null with none). */
export interface SessionsSummary {
  count: number
  lastSeenAt: string | null
}

/** A user's sessions for their admin's page: a few rows (at most MAX_SESSIONS_PER_USER). */
export async function sessionsSummary(db: Db, clock: Clock, user: { accountId: number; userId: number }): Promise<SessionsSummary> {
  const rows = await liveSessionRows(db, clock, user)
  return { count: rows.length, lastSeenAt: rows[0]?.last_seen_at ?? null }
}
