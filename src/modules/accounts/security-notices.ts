// An e-mail to a user each time how they sign in changes (the password, by themself or by an admin
// or support; two-step verification on or off, new recovery codes, a recovery code used, a
// security key added or removed): written in the transaction that made the change, so the
// notice exists exactly when the change does, and one the user did not make does not go unseen.
import type { Clock } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import { securityNoticeEmail, type SecurityNoticeEvent } from '../notifications/email-messages.js'
import { queueEmail, SECURITY_NOTICE_EMAIL_KIND } from '../notifications/queue-email.js'

export async function queueSecurityNotice(trx: Db, clock: Clock, user: { accountId: number; userId: number }, event: SecurityNoticeEvent): Promise<void> {
  const row = await trx.selectFrom('users').select(['name', 'email']).where('account_id', '=', user.accountId).where('id', '=', user.userId).executeTakeFirst()
  if (!row) return
  await queueEmail(trx, clock, { accountId: user.accountId, kind: SECURITY_NOTICE_EMAIL_KIND, to: row.email, ...securityNoticeEmail({ userName: row.name, event }) })
}
