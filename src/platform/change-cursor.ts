// The cursors of the change feeds (GET /api/v1/proposals, GET /api/v1/customer-changes): the
// position of a page's last row on the keyset (updated_at, id), opaque to the integrator. Pages
// follow a keyset, not an offset: a row that changes while the integrator walks the pages moves
// to the end, where it is read again, instead of shifting every later row back by one and
// making the next page skip a row it never saw.
import { validationError } from './errors.js'

interface CursorPosition {
  updatedAt: string
  id: number
}

/**
 * The feed a cursor belongs to, written into it so that one feed's cursor given to the other is a
 * 422 rather than a position among other rows. The documents' cursors carry no name (the first
 * feed's format, which integrators may hold mid-walk); every later feed's start with it.
 */
type ChangeFeed = 'proposals' | 'customers'

/** An opaque cursor: the position of the last row of a page, base64url. */
export function encodeCursor(feed: ChangeFeed, position: CursorPosition): string {
  const parts = [...(feed === 'proposals' ? [] : [feed]), position.updatedAt, String(position.id)]
  return Buffer.from(parts.join('|')).toString('base64url')
}

function isWrittenInstant(text: string | undefined): text is string {
  if (text === undefined || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(text) || text.startsWith('0000')) return false
  const instant = new Date(text)
  return !Number.isNaN(instant.getTime()) && instant.toISOString() === text
}

/** The position a cursor holds, or a 422 naming `after` for anything a feed did not write. */
export function decodeCursor(feed: ChangeFeed, cursor: string): CursorPosition {
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('|')
  const named = feed === 'proposals' || parts.shift() === feed
  const [updatedAt, id, ...rest] = parts
  const number = Number(id)
  // Exactly as the feeds write instants: a day that does not exist (2026-02-30) or the year 0
  // would read as another instant here and be refused by PostgreSQL there.
  if (!named || rest.length > 0 || !isWrittenInstant(updatedAt) || !/^[1-9]\d{0,15}$/.test(id ?? '') || !Number.isSafeInteger(number)) {
    throw validationError([{ in: 'query', path: '/after', message: 'is not a cursor this list gave (use meta.next_cursor as it is)' }])
  }
  return { updatedAt: updatedAt!, id: number }
}

/**
 * A feed's page from its query's rows, which asked for one more than a page: that extra row
 * tells whether another page follows, without counting the rest.
 */
export function feedPage<T extends { updated_at: string; id: number }>(feed: ChangeFeed, rows: readonly T[], perPage: number): { rows: T[]; nextCursor: string | null } {
  const page = rows.slice(0, perPage)
  const last = page.at(-1)
  return { rows: page, nextCursor: rows.length > perPage && last ? encodeCursor(feed, { updatedAt: last.updated_at, id: last.id }) : null }
}
