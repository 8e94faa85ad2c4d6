// Revoking a token stops it for good: revoked_at is set and its secret's hash moves to
// api_token_retired_hashes (so a call with it is still attributed to the account in the request
// log). Revoking a revoked token changes nothing.
import { type Clock, isoNow } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import { announceApiTokenChange } from './api-token-cache.js'
import { type ActivityActor, recordActivity } from '../accounts/account-activity.js'
import { ApiTokenNotFoundError, retireTokenHash, revokedHashPlaceholder } from './api-tokens.js'
import { API_TOKEN_SUMMARY_COLUMNS, type ApiTokenSummary, toApiTokenSummary } from './list-api-tokens.js'
import { inTransaction } from '../../platform/db/in-transaction.js'

/** A concurrent regeneration may replace the secret between our read and our write; then we read it again. */
const ATTEMPTS = 3

export interface RevokedToken {
  token: ApiTokenSummary
  /** True when it was revoked before this call (nothing changed). */
  alreadyRevoked: boolean
}

export async function revokeApiToken(db: Db, clock: Clock, accountId: number, tokenId: number, by?: ActivityActor): Promise<RevokedToken> {
  for (let attempt = 1; ; attempt++) {
    const result = await inTransaction(db, async (trx): Promise<RevokedToken | undefined> => {
      const current = await trx
        .selectFrom('api_tokens')
        .select([...API_TOKEN_SUMMARY_COLUMNS, 'account_id', 'token_hash'])
        .where('id', '=', tokenId)
        .where('account_id', '=', accountId)
        .executeTakeFirst()
      if (current === undefined) throw new ApiTokenNotFoundError(tokenId)
      if (current.revoked_at !== null) return { token: toApiTokenSummary(current), alreadyRevoked: true }
      const revokedAt = isoNow(clock)
      const revoked = await trx
        .updateTable('api_tokens')
        .set({ revoked_at: revokedAt, token_hash: revokedHashPlaceholder() })
        .where('id', '=', tokenId)
        .where('account_id', '=', accountId)
        .where('token_hash', '=', current.token_hash)
        .executeTakeFirst()
      if (revoked.numUpdatedRows === 0n) return undefined
      await retireTokenHash(trx, clock, current)
      if (by) await recordActivity(trx, clock, accountId, by, { action: 'api_token.revoked', target: { id: current.id, label: current.name }, data: { prefix: current.prefix } })
      return { token: toApiTokenSummary({ ...current, revoked_at: revokedAt }), alreadyRevoked: false }
    })
    if (result !== undefined) {
      announceApiTokenChange()
      return result
    }
    if (attempt >= ATTEMPTS) throw new Error(`API token ${tokenId} kept changing while being revoked; try again`)
  }
}
