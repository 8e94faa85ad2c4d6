// How often a signer came back to their document (docs/DECISIONS.md "The seller sees how often a
// signer opened the document"). A seller calls the customer who has just read the proposal for
// the third time; the first open alone (viewed_at) does not tell them that. Every open of the
// signing page within OPEN_VISIT_MINUTES of the last counted one belongs to the same visit (a
// reload, the page again after asking for a code, a second tab), so the count reads as visits.
import { type Clock, isoNow } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import type { SignerStatus } from '../../platform/db/schema.js'

export const OPEN_VISIT_MINUTES = 30

/** A signer back after this long is news for the seller (an e-mail, `signing.ts`); sooner, it is the same reading. */
export const RETURN_AFTER_DAYS = 1
const DAY_MS = 86_400_000

/** Whole days since the previous visit began when this one starts a return (RETURN_AFTER_DAYS or more), else null. */
export function daysAwayOnReturn(previousVisit: string | null, now: Date): number | null {
  if (previousVisit === null) return null
  const days = Math.floor((now.getTime() - new Date(previousVisit).getTime()) / DAY_MS)
  return days >= RETURN_AFTER_DAYS ? days : null
}

/**
 * The link-preview fetchers of messaging apps and social sites (a link pasted in WhatsApp,
 * Telegram, Slack, Teams (SkypeUriPreview) or LinkedIn is fetched to draw its card) and search
 * crawlers: the page is fetched, nobody reads it. Their requests record neither a viewing nor a
 * visit. The pattern names the fetchers alone, never an app's own browser, whose agent may carry
 * the app's name while a person reads.
 */
const LINK_PREVIEW_AGENTS = /^WhatsApp\/|TelegramBot|facebookexternalhit|Facebot|Slackbot|SkypeUriPreview|Twitterbot|LinkedInBot|Discordbot|Googlebot|bingbot|Applebot|redditbot|Pinterestbot|Embedly|Iframely|vkShare|Mastodon\//i

/** Whether a request is a person opening the page: not a HEAD request (headers only) nor a link preview's fetch. */
export function isPersonOpening(request: { headOnly?: boolean; userAgent: string }): boolean {
  return request.headOnly !== true && !LINK_PREVIEW_AGENTS.test(request.userAgent)
}

/** Whether an open now starts a new visit, given when the last counted one began (read with the link). */
export function startsVisit(lastOpenedAt: string | null, now: Date): boolean {
  return lastOpenedAt === null || new Date(lastOpenedAt).getTime() <= now.getTime() - OPEN_VISIT_MINUTES * 60_000
}

export interface OpenedLink {
  accountId: number
  signerId: number
  /** The link's secret: a link replaced meanwhile (a corrected e-mail) counts nothing. */
  token: string
}

/**
 * Counts this open as a visit unless the last visit began under OPEN_VISIT_MINUTES ago, returning
 * the count, its start and the signer's status (undefined when it was no visit). The caller asks
 * `startsVisit` first with the time it read, so a reload writes nothing (on SQLite even an update
 * that changes no row waits for the write lock), and holds the document's lock (signing.ts,
 * `recordVisit`); the update checks the window again: two opens at the same moment are serialised,
 * and the second finds the first's time and counts nothing. The document's `updated_at` does not
 * move: a visit changes nothing the document says (the change feed would list it at every read).
 */
export async function countSignerOpen(db: Db, clock: Clock, link: OpenedLink): Promise<{ open_count: number; last_opened_at: string; signer_status: SignerStatus } | undefined> {
  const visitStartedAfter = new Date(clock.now().getTime() - OPEN_VISIT_MINUTES * 60_000).toISOString()
  const visit = await db
    .updateTable('proposal_signers')
    .set((eb) => ({ open_count: eb('open_count', '+', 1), last_opened_at: isoNow(clock) }))
    .where('account_id', '=', link.accountId)
    .where('id', '=', link.signerId)
    .where('sign_token', '=', link.token)
    .where((eb) => eb.or([eb('last_opened_at', 'is', null), eb('last_opened_at', '<=', visitStartedAfter)]))
    .returning(['open_count', 'last_opened_at', 'status'])
    .executeTakeFirst()
  return visit && { open_count: visit.open_count, last_opened_at: visit.last_opened_at!, signer_status: visit.status }
}
