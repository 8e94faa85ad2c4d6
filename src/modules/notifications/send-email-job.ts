// The 'email.send' job: delivers one outbox_emails row. With SMTP_URL it goes out through
// nodemailer (smtp:// or smtps://; a failure is recorded on the row and thrown, so the queue
// retries it, and the last failed attempt marks the row 'failed'); without SMTP_URL the message
// is kept as 'stored', readable by the admin in Configurações → E-mails, so nothing is lost.
import nodemailer from 'nodemailer'
import type { Transporter } from 'nodemailer'
import { isoNow } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import type { ClaimedJob, JobEnvironment, JobHandler, JobHandlerFactory } from '../../platform/jobs/job-types.js'
import { findAccountLogo } from '../accounts/account-logo.js'
import { LOGO_PARAGRAPH, logoContentId } from './email-messages.js'
import { carriesCredential, type EmailSendPayload } from './queue-email.js'

const SMTP_TIMEOUT_MS = 30_000
/**
 * Connections kept open to the SMTP server: as many as e-mails the job queue sends at once (no
 * kind of job takes more than three of a runner's four slots, slot-shares.ts).
 */
const SMTP_POOL_CONNECTIONS = 3
/** Messages a connection carries before it is replaced (servers limit messages per session). */
const SMTP_MESSAGES_PER_CONNECTION = 100

/** The longest error text kept on the row (SMTP replies can be long). */
const ERROR_MAX = 1000

function emailIdOf(payload: unknown): number | null {
  const id = (payload as Partial<EmailSendPayload> | null | undefined)?.emailId
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : null
}

/** "Vendoc <no-reply@example.com>" → "example.com", for Message-IDs unique to this installation. */
/**
 * Once a password reset, a user's invitation or a signer's code has left (or, without SMTP or after its last failed attempt, could never leave), its
 * body goes: the link or code in it is a credential, no page shows it, and a copy of the database must not carry it.
 */
function spentBody(kind: string): { text_body?: string; html_body?: null } {
  return carriesCredential(kind) ? { text_body: '', html_body: null } : {}
}

export function mailDomain(from: string): string {
  const address = /<([^<>]+)>/.exec(from)?.[1] ?? from
  return address.slice(address.lastIndexOf('@') + 1).trim() || 'localhost'
}

/**
 * Stable across retries (a receiving server that got an attempt which we saw fail can drop the
 * duplicate); the creation time keeps ids apart between installations sharing a domain.
 */
export function messageIdFor(email: { id: number; created_at: string }, domain: string): string {
  return `<vendoc.${email.id}.${Date.parse(email.created_at)}@${domain}>`
}

type Attachment = { filename: string; contentType: string; content: Buffer; cid?: string }

/**
 * A body showing the company's logo gets it attached inline, read now (a logo is not copied into
 * every queued message). Removed or replaced since the message was queued, its paragraph goes
 * instead of leaving a broken image or stretching another one to the old one's size.
 */
async function withAccountLogo(db: Db, accountId: number, html: string, attachments: Attachment[]): Promise<string> {
  const contentId = LOGO_PARAGRAPH.exec(html)?.[1]
  if (contentId === undefined) return html
  const logo = await findAccountLogo(db, accountId)
  if (!logo || logoContentId(logo.sha256) !== contentId) return html.replace(LOGO_PARAGRAPH, '')
  const extension = logo.contentType === 'image/png' ? 'png' : 'jpg'
  attachments.push({ filename: `logo.${extension}`, contentType: logo.contentType, content: Buffer.from(logo.bytes), cid: contentId })
  return html
}

async function loadAttachment(db: Db, accountId: number, fileId: number): Promise<Attachment> {
  const file = await db
    .selectFrom('proposal_files')
    .select(['file_name', 'content_type', 'bytes'])
    .where('id', '=', fileId)
    .where('account_id', '=', accountId)
    .executeTakeFirst()
  if (!file) throw new Error(`attachment file ${fileId} not found`)
  return { filename: file.file_name, contentType: file.content_type, content: Buffer.from(file.bytes) }
}

export const sendEmailJob: JobHandlerFactory = (env: JobEnvironment, lifetime): JobHandler => {
  const { db, clock, config, log } = env
  // One transport per app: created on first use, reused by every message, closed when the job
  // runner stops. Pooled: a message goes over a connection already open and authenticated, so a
  // burst of e-mails (invitations, reminders) does not pay the connection, TLS handshake and
  // login again for each (on a remote relay ~10 round trips a message become ~4). The timeouts
  // keep a stuck server well inside the job's lease (5 minutes), so a send is never run twice at
  // once; the URL's query (e.g. ?requireTLS=true) can still override them.
  let transport: Transporter | null = null
  const transportFor = (url: string): Transporter => {
    if (transport === null) {
      const created = nodemailer.createTransport({
        url,
        pool: true,
        maxConnections: SMTP_POOL_CONNECTIONS,
        maxMessages: SMTP_MESSAGES_PER_CONNECTION,
        connectionTimeout: SMTP_TIMEOUT_MS,
        greetingTimeout: SMTP_TIMEOUT_MS,
        socketTimeout: 2 * SMTP_TIMEOUT_MS,
      })
      lifetime.atStop(() => created.close())
      transport = created
    }
    return transport
  }
  const domain = mailDomain(config.mailFrom)

  return async (job: ClaimedJob) => {
    const emailId = emailIdOf(job.payload)
    if (emailId === null) {
      log.error({ jobId: job.id, payload: job.payload }, 'email.send job without a valid emailId')
      return
    }
    let query = db.selectFrom('outbox_emails').selectAll().where('id', '=', emailId)
    if (job.accountId !== null) query = query.where('account_id', '=', job.accountId)
    const email = await query.executeTakeFirst()
    if (!email) {
      log.warn({ jobId: job.id, emailId }, 'email.send: message not found')
      return
    }
    // At-least-once delivery of jobs: a message already handled is not sent twice.
    if (email.state !== 'queued') return

    if (config.smtpUrl === null) {
      await db.updateTable('outbox_emails').set({ state: 'stored', error: null, ...spentBody(email.kind) }).where('id', '=', email.id).where('account_id', '=', email.account_id).execute()
      return
    }

    try {
      const attachments = email.attachment_file_id === null ? [] : [await loadAttachment(db, email.account_id, email.attachment_file_id)]
      const html = email.html_body === null ? null : await withAccountLogo(db, email.account_id, email.html_body, attachments)
      await transportFor(config.smtpUrl).sendMail({
        from: config.mailFrom,
        to: email.to_address,
        ...(email.reply_to === null ? {} : { replyTo: email.reply_to }),
        subject: email.subject,
        text: email.text_body,
        ...(html === null ? {} : { html }),
        attachments,
        messageId: messageIdFor(email, domain),
        headers: email.proposal_id === null ? {} : { 'X-Vendoc-Proposal': String(email.proposal_id) },
      })
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, ERROR_MAX)
      const last = job.attempt >= job.maxAttempts
      await db
        .updateTable('outbox_emails')
        // A credential that never left is spent all the same: no retry will send it.
        .set({ error: message, ...(last ? { state: 'failed' as const, ...spentBody(email.kind) } : {}) })
        .where('id', '=', email.id)
        .where('account_id', '=', email.account_id)
        .execute()
      log.warn({ jobId: job.id, emailId: email.id, attempt: job.attempt, maxAttempts: job.maxAttempts, error: message }, 'email.send failed')
      throw error
    }
    await db.updateTable('outbox_emails').set({ state: 'sent', sent_at: isoNow(clock), error: null, ...spentBody(email.kind) }).where('id', '=', email.id).where('account_id', '=', email.account_id).execute()
  }
}
