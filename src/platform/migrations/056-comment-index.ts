// The Painel's "Comentários para você" (reports/recent-comments.ts) reads an account's internal
// comments of the last days, newest first: a partial index over the comment entries alone, so the
// read is one short range whatever the size of the history, and every other history entry (most
// of them: each creation, send, view and signature writes some) costs nothing more to insert.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index if not exists proposal_events_comments_idx on proposal_events (account_id, created_at, id) where type = 'comment_added'`.execute(db)
}
