// The Painel's "Comentários para você": the internal comments of the last RECENT_COMMENT_DAYS
// that concern the signed-in user, newest first: those that named them ("Avisar colegas", the
// API's `notify`) and those on the documents they sell, written by someone else. The e-mails
// (proposals/comment-notices.ts) may be off, lost or unread; the Painel is where a seller sees
// what the team asked them. One range of migration 056's partial index over the comments alone,
// each row's document joined by its key.
import { sql } from 'kysely'
import type { Clock } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import { notifiedIn } from '../proposals/comment-notices.js'

/** How far back the Painel looks: a question older than two weeks is answered or forgotten. */
export const RECENT_COMMENT_DAYS = 14
/** At most this many are listed; each links to its document's comments. */
export const RECENT_COMMENTS_SHOWN = 8
/** The excerpt's length in characters (code points); the document's page has the whole text. */
export const COMMENT_EXCERPT_CHARACTERS = 160

export interface RecentComment {
  proposalId: number
  number: number
  title: string
  customerName: string
  author: { type: string; name: string }
  at: string
  /** The text's beginning, its line breaks made spaces. */
  excerpt: string
  /** Why it is listed: the author named the user, or the user is the document's seller. */
  reason: 'named' | 'seller'
}

/** A LIKE pattern matching `text` anywhere, its wildcards escaped with "!" (ESCAPE '!' on both databases). */
function containsPattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (character) => `!${character}`)}%`
}

/**
 * The comments since `since` by others that name the user or sit on their documents, newest first
 * (exported for its plan test). The type is a literal, not a parameter, so that both databases
 * see the partial index's condition in the query. The match on the user's id in `data_json` is a
 * prefilter; the caller reads `data.notified` to be sure.
 */
export function recentCommentsQuery(db: Db, accountId: number, user: { id: number }, since: string, limit: number) {
  // `"user_id":12,` as JSON.stringify writes a `notified` entry (its id first, a name after it).
  const named = `${JSON.stringify({ user_id: user.id }).slice(1, -1)},`
  return db
    .selectFrom('proposal_events as e')
    .innerJoin('proposals as p', (join) => join.onRef('p.account_id', '=', 'e.account_id').onRef('p.id', '=', 'e.proposal_id'))
    .innerJoin('customers as c', (join) => join.onRef('c.account_id', '=', 'p.account_id').onRef('c.id', '=', 'p.customer_id'))
    .select(['e.id', 'e.actor_type', 'e.actor_name', 'e.data_json', 'e.created_at', 'p.id as proposal_id', 'p.number', 'p.title', 'p.seller_id', 'c.name as customer_name'])
    .where('e.account_id', '=', accountId)
    .where('e.type', '=', sql.lit('comment_added'))
    .where('e.created_at', '>=', since)
    // Not the user's own: an entry by a token or by another user.
    .where((eb) => eb.or([eb('e.actor_type', '!=', 'user'), eb('e.actor_id', '!=', user.id)]))
    .where((eb) => eb.or([eb('p.seller_id', '=', user.id), sql<boolean>`e.data_json like ${containsPattern(named)} escape '!'`]))
    .orderBy('e.created_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
}

function excerptOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  const characters = [...flat]
  return characters.length <= COMMENT_EXCERPT_CHARACTERS ? flat : `${characters.slice(0, COMMENT_EXCERPT_CHARACTERS).join('').trimEnd()}…`
}

/** The user's recent comments for the Painel (at most RECENT_COMMENTS_SHOWN), and whether there are more (one row more is read to know). */
export async function recentCommentsFor(db: Db, clock: Clock, accountId: number, user: { id: number }): Promise<{ shown: RecentComment[]; more: boolean }> {
  const since = new Date(clock.now().getTime() - RECENT_COMMENT_DAYS * 86_400_000).toISOString()
  const rows = await recentCommentsQuery(db, accountId, user, since, RECENT_COMMENTS_SHOWN + 1).execute()
  const comments = rows.flatMap((row): RecentComment[] => {
    const data = JSON.parse(row.data_json) as Record<string, unknown>
    const named = notifiedIn(data).some((colleague) => colleague.user_id === user.id)
    // Defensive: the prefilter matched something other than a `notified` entry, on a document not theirs.
    if (!named && row.seller_id !== user.id) return []
    return [{
      proposalId: row.proposal_id,
      number: row.number,
      title: row.title,
      customerName: row.customer_name,
      author: { type: row.actor_type, name: row.actor_name },
      at: row.created_at,
      excerpt: excerptOf(typeof data.text === 'string' ? data.text : ''),
      reason: named ? 'named' : 'seller',
    }]
  })
  // One row past the page was read: more exist when it survived the check too.
  return { shown: comments.slice(0, RECENT_COMMENTS_SHOWN), more: comments.length > RECENT_COMMENTS_SHOWN }
}
