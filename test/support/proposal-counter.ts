// An account's last document number as stored (proposal_number_counters; no row before its first).
import type { Db } from '../../src/platform/db/connect.js'

export async function lastProposalNumber(db: Db, accountId: number): Promise<number> {
  const row = await db.selectFrom('proposal_number_counters').select('last_number').where('account_id', '=', accountId).executeTakeFirst()
  return row?.last_number ?? 0
}
