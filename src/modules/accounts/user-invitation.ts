// A new user is invited by e-mail to choose their own password, instead of an admin choosing one
// and passing it on: the link is a password link (password-reset.ts: only its SHA-256 stored, works
// once, ends every session when used) of purpose `invitation`, valid seven days, since an invitation
// waits for someone who did not ask for it. Sending another replaces the user's earlier invitations.
// The message's body is a credential: never shown in the account's outbox, emptied once sent.
import type { Clock } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import { userInvitationEmail } from '../notifications/email-messages.js'
import { queueEmail, USER_INVITATION_EMAIL_KIND } from '../notifications/queue-email.js'
import { issuePasswordLink } from './password-reset.js'
import { type ActivityActor, recordActivity, userTarget } from './account-activity.js'
import { inTransaction } from '../../platform/db/in-transaction.js'

export const INVITATION_VALID_MS = 7 * 24 * 60 * 60 * 1000

export interface Invitation {
  accountId: number
  userId: number
  /** The admin who sends it, named in the message. */
  inviterName: string
  publicUrl: string
}

/**
 * Queues the invitation of an active user of the account, in the caller's transaction; false when
 * the account has no such active user (a foreign id answers as a missing one).
 */
export async function inviteUser(trx: Db, clock: Clock, invitation: Invitation): Promise<boolean> {
  const { accountId, userId } = invitation
  const user = await trx
    .selectFrom('users')
    .innerJoin('accounts', 'accounts.id', 'users.account_id')
    .select(['users.name', 'users.email', 'users.active', 'accounts.name as account_name'])
    .where('users.account_id', '=', accountId)
    .where('users.id', '=', userId)
    .executeTakeFirst()
  if (!user || !user.active) return false
  await trx.deleteFrom('password_resets').where('account_id', '=', accountId).where('user_id', '=', userId).where('purpose', '=', 'invitation').execute()
  const token = await issuePasswordLink(trx, clock, { accountId, userId, purpose: 'invitation', validMs: INVITATION_VALID_MS })
  const message = userInvitationEmail({
    userName: user.name,
    accountName: user.account_name,
    inviterName: invitation.inviterName,
    inviteUrl: `${invitation.publicUrl}/reset-password/${token}`,
    validDays: INVITATION_VALID_MS / 86_400_000,
  })
  await queueEmail(trx, clock, { accountId, kind: USER_INVITATION_EMAIL_KIND, to: user.email, ...message })
  return true
}

/** Sends a user's invitation again (a new link; the earlier ones stop working). */
export async function resendInvitation(db: Db, clock: Clock, invitation: Invitation, by?: ActivityActor): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const sent = await inviteUser(trx, clock, invitation)
    if (sent && by) await recordActivity(trx, clock, invitation.accountId, by, { action: 'user.invited', target: await userTarget(trx, invitation.accountId, invitation.userId) })
    return sent
  })
}
