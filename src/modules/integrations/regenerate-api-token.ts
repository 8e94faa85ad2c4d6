// Regenerating a token keeps its id and name and replaces its secret. The old secret's hash moves
// to api_token_retired_hashes in the same transaction, and this process's token cache is cleared
// once it commits, so the old secret answers 401 from the very next request on (other processes
// notice within a second: api-token-cache.ts).
import type { Clock } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import { announceApiTokenChange } from './api-token-cache.js'
import { ApiTokenNotFoundError, ApiTokenRevokedError, type IssuedToken, retireTokenHash } from './api-tokens.js'
import { displayPrefix, generateToken, hashToken } from './token-format.js'
import { type ActivityActor, recordActivity } from '../accounts/account-activity.js'
import { inTransaction } from '../../platform/db/in-transaction.js'

/** A concurrent regeneration or revocation may win the row; then we read it again. */
const ATTEMPTS = 3

export async function regenerateApiToken(db: Db, clock: Clock, accountId: number, tokenId: number, by?: ActivityActor): Promise<IssuedToken> {
  for (let attempt = 1; ; attempt++) {
    const issued = await inTransaction(db, async (trx) => {
      const current = await trx
        .selectFrom('api_tokens')
        .select(['id', 'account_id', 'name', 'token_hash', 'revoked_at', 'access'])
        .where('id', '=', tokenId)
        .where('account_id', '=', accountId)
        .executeTakeFirst()
      if (current === undefined) throw new ApiTokenNotFoundError(tokenId)
      if (current.revoked_at !== null) throw new ApiTokenRevokedError(tokenId)
      const token = generateToken()
      const prefix = displayPrefix(token)
      // Conditional on the hash we read: of two concurrent regenerations only one replaces it
      // (on PostgreSQL the other waits for the row lock, then matches nothing and retries).
      const replaced = await trx
        .updateTable('api_tokens')
        // Last used: by the old secret; the new one has not been (so an admin sees when integrations switch).
        .set({ token_hash: hashToken(token), prefix, last_used_at: null })
        .where('id', '=', tokenId)
        .where('account_id', '=', accountId)
        .where('token_hash', '=', current.token_hash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst()
      if (replaced.numUpdatedRows === 0n) return undefined
      await retireTokenHash(trx, clock, current)
      if (by) await recordActivity(trx, clock, accountId, by, { action: 'api_token.regenerated', target: { id: current.id, label: current.name }, data: { prefix } })
      return { id: current.id, name: current.name, prefix, access: current.access, token }
    })
    if (issued !== undefined) {
      announceApiTokenChange()
      return issued
    }
    if (attempt >= ATTEMPTS) throw new Error(`API token ${tokenId} kept changing while being regenerated; try again`)
  }
}
