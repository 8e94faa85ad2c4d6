// Reading the account's outbox (Configurações → E-mails): every message the system sent, is
// sending, failed to send or kept because no SMTP server is configured. Always account-scoped: a
// foreign id reads exactly like a missing one (null).
import { sql } from 'kysely'
import type { Db } from '../../platform/db/connect.js'
import type { OutboxEmailState } from '../../platform/db/schema.js'
import { carriesCredential } from './queue-email.js'

export const OUTBOX_EMAIL_STATES: readonly OutboxEmailState[] = ['queued', 'sent', 'failed', 'stored']

export function isOutboxEmailState(value: unknown): value is OutboxEmailState {
  return typeof value === 'string' && (OUTBOX_EMAIL_STATES as readonly string[]).includes(value)
}

export interface OutboxEmailSummary {
  id: number
  kind: string
  to_address: string
  subject: string
  state: OutboxEmailState
  created_at: string
  sent_at: string | null
  proposal: { id: number; number: number } | null
}

export interface OutboxEmailDetail extends OutboxEmailSummary {
  /** Empty, and `body_hidden`, for a password reset: its link is for its recipient alone. */
  text_body: string
  body_hidden: boolean
  html_body: string | null
  error: string | null
  /** Where a reply goes (Reply-To), or null. */
  reply_to: string | null
  attachment: { id: number; file_name: string; size: number } | null
}

export interface OutboxEmailFilters {
  state?: OutboxEmailState
}

function baseQuery(db: Db, accountId: number) {
  return (
    db
      .selectFrom('outbox_emails as e')
      // The document link: the same account's proposal only.
      .leftJoin('proposals as p', (join) => join.onRef('p.id', '=', 'e.proposal_id').onRef('p.account_id', '=', 'e.account_id'))
      .where('e.account_id', '=', accountId)
  )
}

function summaryOf(row: {
  id: number
  kind: string
  to_address: string
  subject: string
  state: OutboxEmailState
  created_at: string
  sent_at: string | null
  proposal_id: number | null
  proposal_number: number | null
}): OutboxEmailSummary {
  return {
    id: Number(row.id),
    kind: row.kind,
    to_address: row.to_address,
    subject: row.subject,
    state: row.state,
    created_at: row.created_at,
    sent_at: row.sent_at,
    proposal: row.proposal_id !== null && row.proposal_number !== null ? { id: Number(row.proposal_id), number: Number(row.proposal_number) } : null,
  }
}

const SUMMARY_COLUMNS = ['e.id', 'e.kind', 'e.to_address', 'e.subject', 'e.state', 'e.created_at', 'e.sent_at', 'p.id as proposal_id', 'p.number as proposal_number'] as const

/** Newest first, `perPage` a page. */
export async function listOutboxEmails(db: Db, accountId: number, filters: OutboxEmailFilters, { page, perPage }: { page: number; perPage: number }) {
  const [rows, count] = await Promise.all([
    outboxPageQuery(db, accountId, filters, { limit: perPage, offset: (page - 1) * perPage }).execute(),
    outboxCountQuery(db, accountId, filters).executeTakeFirstOrThrow(),
  ])
  const total = Number(count.total)
  return { data: rows.map(summaryOf), meta: { page, per_page: perPage, total, total_pages: Math.max(1, Math.ceil(total / perPage)) } }
}

/** A page: the account's e-mails walked newest first in outbox_emails_account_listing_idx, which holds the state (migration 017). */
export function outboxPageQuery(db: Db, accountId: number, filters: OutboxEmailFilters, page: { limit: number; offset: number }) {
  const query = baseQuery(db, accountId).select(SUMMARY_COLUMNS).orderBy('e.created_at', 'desc').orderBy('e.id', 'desc').limit(page.limit).offset(page.offset)
  return filters.state ? query.where('e.state', '=', filters.state) : query
}

/** How many e-mails the filter matches, counted in that index alone (the document link is not needed for it). */
export function outboxCountQuery(db: Db, accountId: number, filters: OutboxEmailFilters) {
  const query = db.selectFrom('outbox_emails').where('account_id', '=', accountId).select(sql<number>`count(*)`.as('total'))
  return filters.state ? query.where('state', '=', filters.state) : query
}

export async function getOutboxEmail(db: Db, accountId: number, id: number): Promise<OutboxEmailDetail | null> {
  const row = await baseQuery(db, accountId)
    .leftJoin('proposal_files as f', (join) => join.onRef('f.id', '=', 'e.attachment_file_id').onRef('f.account_id', '=', 'e.account_id'))
    .select([...SUMMARY_COLUMNS, 'e.text_body', 'e.html_body', 'e.error', 'e.reply_to', 'f.id as file_id', 'f.file_name', 'f.size as file_size'])
    .where('e.id', '=', id)
    .executeTakeFirst()
  if (!row) return null
  const hidden = carriesCredential(row.kind)
  return {
    ...summaryOf(row),
    text_body: hidden ? '' : row.text_body,
    body_hidden: hidden,
    html_body: hidden ? null : row.html_body,
    error: row.error,
    reply_to: row.reply_to,
    attachment: row.file_id !== null && row.file_name !== null ? { id: Number(row.file_id), file_name: row.file_name, size: Number(row.file_size) } : null,
  }
}
