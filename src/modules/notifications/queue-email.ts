// Writing an e-mail never sends it: the row in outbox_emails and its 'email.send' job are written
// in the caller's transaction, so a message exists if and only if the action that caused it
// committed, and a slow or broken SMTP server never blocks or undoes that action.
import type { Clock } from '../../platform/clock.js'
import { isoNow } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import { enqueueJob } from '../../platform/jobs/job-queue.js'

export const EMAIL_SEND_JOB = 'email.send'

/** What each message is about; the outbox page filters and labels by it. */
export type EmailKind = 'invitation' | 'reminder' | 'completed' | 'rejected' | 'viewed' | 'signer_signed' | 'signer_returned' | 'expiry_warning' | 'expired' | 'discount_approval' | 'discount_approved' | 'comment' | typeof PASSWORD_RESET_EMAIL_KIND | typeof USER_INVITATION_EMAIL_KIND | typeof SECURITY_NOTICE_EMAIL_KIND | typeof SIGNER_CODE_EMAIL_KIND

/**
 * A password reset link (accounts/password-reset.ts). Its body is never shown in the account's
 * outbox (getOutboxEmail): with the link, any admin could take over the user's sign-in.
 */
export const PASSWORD_RESET_EMAIL_KIND = 'password_reset'
/** A new user's invitation to choose a password (accounts/user-invitation.ts): the same kind of credential. */
export const USER_INVITATION_EMAIL_KIND = 'user_invitation'

/** A signer's code to confirm their e-mail before signing (lifecycle/signer-email-code.ts): a credential too. */
export const SIGNER_CODE_EMAIL_KIND = 'signer_code'

/** A change to how a user signs in (accounts/security-notices.ts); no credential in it. */
export const SECURITY_NOTICE_EMAIL_KIND = 'security_notice'

/** Messages whose body is a way in (a link that sets a password, a signer's code): never shown, emptied once spent. */
export function carriesCredential(kind: string): boolean {
  return kind === PASSWORD_RESET_EMAIL_KIND || kind === USER_INVITATION_EMAIL_KIND || kind === SIGNER_CODE_EMAIL_KIND
}

export interface QueueEmailInput {
  accountId: number
  proposalId?: number | null
  kind: EmailKind | (string & {})
  to: string
  subject: string
  text: string
  html?: string | null
  /** A proposal_files row of the same account (e.g. the signed PDF), attached when the message is sent. */
  attachmentFileId?: number | null
  /** The address a reply goes to (its Reply-To header); none: the sender's "não responda" address. */
  replyTo?: string | null
}

/** The job's payload: only the id, so the message itself is read (account-scoped) when it runs. */
export interface EmailSendPayload {
  emailId: number
}

export async function queueEmail(trx: Db, clock: Clock, input: QueueEmailInput): Promise<number> {
  const row = await trx
    .insertInto('outbox_emails')
    .values({
      account_id: input.accountId,
      proposal_id: input.proposalId ?? null,
      kind: input.kind,
      to_address: input.to,
      subject: input.subject,
      text_body: input.text,
      html_body: input.html ?? null,
      attachment_file_id: input.attachmentFileId ?? null,
      reply_to: input.replyTo ?? null,
      state: 'queued',
      error: null,
      created_at: isoNow(clock),
      sent_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const payload: EmailSendPayload = { emailId: row.id }
  await enqueueJob(trx, clock, { kind: EMAIL_SEND_JOB, accountId: input.accountId, payload })
  return row.id
}
