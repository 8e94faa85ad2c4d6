// Who hears about a document on the seller's side: its seller (if active), otherwise the account's
// active admins. Optional notices go only to those who did not turn them off (Minha conta → Avisos
// por e-mail): a seller who did hears nothing, and the admins are not told in their place. What a
// seller must not miss (a refusal, an expiry) always goes out. Whoever caused the notice (a user
// commenting) is left out: nobody is told of what they did themselves.
import type { Db } from '../../platform/db/connect.js'

/** The notices a user may turn off, each by its column; 'always' cannot be. */
const PREFERENCE_COLUMNS = {
  activity: 'notify_document_activity',
  expiry_warning: 'notify_expiry_warning',
} as const

export type SellerNotice = keyof typeof PREFERENCE_COLUMNS | 'always'

export async function sellerOrAdmins(trx: Db, accountId: number, sellerId: number | null, notice: SellerNotice, exceptUserId: number | null = null): Promise<string[]> {
  const wanted = (user: { id: number; notify_document_activity: unknown; notify_expiry_warning: unknown }) =>
    user.id !== exceptUserId && (notice === 'always' || Boolean(user[PREFERENCE_COLUMNS[notice]]))
  const columns = ['id', 'email', 'active', 'notify_document_activity', 'notify_expiry_warning'] as const
  if (sellerId !== null) {
    const seller = await trx.selectFrom('users').select(columns).where('account_id', '=', accountId).where('id', '=', sellerId).executeTakeFirst()
    if (seller && Boolean(seller.active)) return wanted(seller) ? [seller.email] : []
  }
  const admins = await trx.selectFrom('users').select(columns).where('account_id', '=', accountId).where('role', '=', 'admin').where('active', '=', true).orderBy('id').execute()
  return admins.filter(wanted).map((admin) => admin.email)
}
