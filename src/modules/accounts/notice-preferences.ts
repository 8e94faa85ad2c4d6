// A user's own e-mail notices (Minha conta → Avisos por e-mail): whether they hear of their
// documents' activity, the first open by a customer, each signature short of the last and the
// comments of others (proposals/comment-notices.ts; one naming them reaches them anyway); and
// whether they are warned a few days before an open document of theirs expires
// (lifecycle/expiry-notices.ts). Only those: a refusal, an expiry and the signed PDF are what a
// seller must not miss, so they always go out.
import { isoNow, type Clock } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'

/** The web app's place for them (the e-mails they govern link to it). */
export const NOTICE_PREFERENCES_PATH = '/account/password#avisos'

export interface NoticePreferences {
  documentActivity: boolean
  expiryWarning: boolean
}

export async function findNoticePreferences(db: Db, accountId: number, userId: number): Promise<NoticePreferences | null> {
  const row = await db.selectFrom('users').select(['notify_document_activity', 'notify_expiry_warning']).where('account_id', '=', accountId).where('id', '=', userId).executeTakeFirst()
  return row ? { documentActivity: Boolean(row.notify_document_activity), expiryWarning: Boolean(row.notify_expiry_warning) } : null
}

/**
 * Saves the user's choice; false when the user is not (or no longer) in the account. An unchanged
 * choice writes nothing: every write to users bumps the account's catalogue version (migration
 * 006), which empties its registration-data cache.
 */
export async function saveNoticePreferences(db: Db, clock: Clock, accountId: number, userId: number, preferences: NoticePreferences): Promise<boolean> {
  const current = await findNoticePreferences(db, accountId, userId)
  if (current === null) return false
  if (current.documentActivity === preferences.documentActivity && current.expiryWarning === preferences.expiryWarning) return true
  const result = await db
    .updateTable('users')
    .set({ notify_document_activity: preferences.documentActivity, notify_expiry_warning: preferences.expiryWarning, updated_at: isoNow(clock) })
    .where('account_id', '=', accountId)
    .where('id', '=', userId)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}
