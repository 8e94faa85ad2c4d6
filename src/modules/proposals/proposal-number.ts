// Per-account sequential numbers without gaps or duplicates. The counter lives on the account
// row and is incremented inside the creating transaction: on PostgreSQL the UPDATE takes a row
// lock that serialises concurrent creations of one account until commit; on SQLite the write
// transaction is exclusive anyway. A rolled-back creation rolls its number back with it.
import type { Db } from '../../platform/db/connect.js'
import { preparedQuery } from '../../platform/db/prepared-query.js'
import { creationLimitOfAccount } from '../integrations/monthly-quota.js'

// The same statement returns the account's monthly limit of API creations, which an API creation
// checks next under this lock: one round trip less than reading it apart.
const incrementNumber = preparedQuery(1, (db, accountId: number) =>
  db
    .updateTable('accounts')
    .set((eb) => ({ last_proposal_number: eb('last_proposal_number', '+', 1) }))
    .where('accounts.id', '=', accountId)
    .returning((eb) => ['last_proposal_number', creationLimitOfAccount(eb)]),
)

export interface TakenNumber {
  number: number
  /**
   * The account's monthly limit of API creations: its override as the lock found it, else its
   * plan's (on PostgreSQL as the statement began, before any wait for the lock).
   */
  creationLimit: number
}

export async function takeNextProposalNumber(trx: Db, accountId: number): Promise<TakenNumber> {
  const [row] = await incrementNumber(trx, accountId)
  if (row === undefined) throw new Error(`account ${accountId} does not exist`)
  return { number: row.last_proposal_number, creationLimit: row.creation_limit }
}
