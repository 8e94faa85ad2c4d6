// Support acts on a token by its id alone (`vendoc tokens regenerate 12`): this says which account
// it belongs to, so the account-scoped use cases can then be called as usual. Not for tenant code,
// which always knows its account.
import type { Db } from '../../platform/db/connect.js'

export async function findApiTokenAccountId(db: Db, tokenId: number): Promise<number | undefined> {
  const row = await db.selectFrom('api_tokens').select('account_id').where('id', '=', tokenId).executeTakeFirst()
  return row?.account_id
}
