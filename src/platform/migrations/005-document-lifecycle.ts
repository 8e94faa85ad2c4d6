// The document lifecycle (DESIGN.md §6): status times and hashes on documents, the stored PDFs,
// each signer's link and signature evidence, the transactional outbox of domain events, the
// durable job queue (webhook deliveries, e-mails, expiry), webhook endpoints and their delivery
// log, the e-mail outbox, and append-only history enforced by the database itself.
import { type Kysely, sql } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { columnTypes, withId } from './column-types.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect)
  const binary = dialect === 'postgres' ? 'bytea' : 'blob'

  for (const [column, type] of [
    ['sent_at', t.instant],
    ['viewed_at', t.instant],
    ['signed_at', t.instant],
    ['rejected_at', t.instant],
    ['cancelled_at', t.instant],
    ['cancel_reason', 'text'],
    ['expired_at', t.instant],
    ['original_sha256', 'text'],
    ['signed_sha256', 'text'],
  ] as const) {
    await db.schema.alterTable('proposals').addColumn(column, type).execute()
  }
  // The expiry job's scan: documents still open whose validity ended.
  await db.schema.createIndex('proposals_open_valid_until_idx').on('proposals').columns(['status', 'valid_until']).execute()

  for (const [column, type] of [
    ['sign_token', 'text'],
    ['sent_at', t.instant],
    ['viewed_at', t.instant],
    ['rejected_at', t.instant],
    ['reject_reason', 'text'],
    ['signed_name', 'text'],
    ['signed_cpf', 'text'],
    ['signature_kind', 'text'],
    ['signature_data', 'text'],
    ['signed_ip', 'text'],
    ['signed_user_agent', 'text'],
    ['consent_text', 'text'],
    ['signed_document_sha256', 'text'],
  ] as const) {
    await db.schema.alterTable('proposal_signers').addColumn(column, type).execute()
  }
  await db.schema.createIndex('proposal_signers_sign_token_idx').on('proposal_signers').column('sign_token').unique().execute()

  // The frozen original PDF, the signed PDF with its evidence page, and paper scans.
  await withId(db.schema.createTable('proposal_files'), dialect)
    .addColumn('account_id', t.ref, (c) => c.notNull())
    .addColumn('proposal_id', t.ref, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('bytes', binary, (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addForeignKeyConstraint('proposal_files_proposal_fk', ['account_id', 'proposal_id'], 'proposals', ['account_id', 'id'], (c) => c.onDelete('cascade'))
    .execute()
  await db.schema.createIndex('proposal_files_proposal_idx').on('proposal_files').columns(['account_id', 'proposal_id', 'kind']).execute()

  // Transactional outbox: an event row commits with the action that caused it.
  await db.schema
    .createTable('domain_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', t.ref, (c) => c.notNull().references('accounts.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('proposal_id', t.ref)
    .addColumn('signer_id', t.ref)
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('domain_events_account_created_idx').on('domain_events').columns(['account_id', 'created_at']).execute()

  // The durable job queue: claimed with a lease (locked_until), retried with backoff until max_attempts.
  await withId(db.schema.createTable('jobs'), dialect)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('account_id', t.ref)
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('run_at', t.instant, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('locked_until', t.instant)
    .addColumn('last_error', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('jobs_due_idx').on('jobs').columns(['state', 'run_at']).execute()

  await withId(db.schema.createTable('webhook_endpoints'), dialect)
    .addColumn('account_id', t.ref, (c) => c.notNull().references('accounts.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('events_json', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('active', t.bool, (c) => c.notNull())
    .addColumn('failing_since', t.instant)
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('webhook_endpoints_account_idx').on('webhook_endpoints').column('account_id').execute()

  await withId(db.schema.createTable('webhook_deliveries'), dialect)
    .addColumn('account_id', t.ref, (c) => c.notNull())
    .addColumn('endpoint_id', t.ref, (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('request_body', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_excerpt', 'text')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer')
    .addColumn('next_attempt_at', t.instant)
    .addColumn('delivered_at', t.instant)
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('webhook_deliveries_endpoint_event_idx').on('webhook_deliveries').columns(['endpoint_id', 'event_id']).unique().execute()
  await db.schema.createIndex('webhook_deliveries_account_created_idx').on('webhook_deliveries').columns(['account_id', 'created_at']).execute()

  // Every e-mail the system sends (or, without SMTP_URL, keeps for the admin to read).
  await withId(db.schema.createTable('outbox_emails'), dialect)
    .addColumn('account_id', t.ref, (c) => c.notNull())
    .addColumn('proposal_id', t.ref)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text')
    .addColumn('attachment_file_id', t.ref)
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('sent_at', t.instant)
    .execute()
  await db.schema.createIndex('outbox_emails_account_created_idx').on('outbox_emails').columns(['account_id', 'created_at']).execute()

  // History is evidence: once written, a row can be neither changed nor removed.
  if (dialect === 'postgres') {
    await sql`create function proposal_events_append_only() returns trigger language plpgsql as $$
      begin raise exception 'proposal_events is append-only'; end $$`.execute(db)
    await sql`create trigger proposal_events_no_update before update or delete on proposal_events
      for each row execute function proposal_events_append_only()`.execute(db)
  } else {
    await sql`create trigger proposal_events_no_update before update on proposal_events
      begin select raise(abort, 'proposal_events is append-only'); end`.execute(db)
    await sql`create trigger proposal_events_no_delete before delete on proposal_events
      begin select raise(abort, 'proposal_events is append-only'); end`.execute(db)
  }
}
