// Per-account sequential numbers without gaps or duplicates. The counter lives on the account
// row and is incremented inside the creating transaction: on PostgreSQL the UPDATE takes a row
// lock that serialises concurrent creations of one account until commit; on SQLite the write
// transaction is exclusive anyway. A rolled-back creation rolls its number back with it.
import type { Db } from '../../platform/db/connect.js'
import { preparedQuery } from '../../platform/db/prepared-query.js'

const incrementNumber = preparedQuery(1, (db, accountId: number) =>
  db
    .updateTable('accounts')
    .set((eb) => ({ last_proposal_number: eb('last_proposal_number', '+', 1) }))
    .where('id', '=', accountId)
    .returning('last_proposal_number'),
)

export async function takeNextProposalNumber(trx: Db, accountId: number): Promise<number> {
  const [row] = await incrementNumber(trx, accountId)
  if (row === undefined) throw new Error(`account ${accountId} does not exist`)
  return row.last_proposal_number
}
