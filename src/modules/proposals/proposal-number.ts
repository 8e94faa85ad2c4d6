// Per-account sequential numbers without gaps or duplicates. The counter is the account's row in
// proposal_number_counters (migration 010 says why it is not on the accounts row), incremented
// inside the creating transaction: on PostgreSQL the upsert takes a row lock that serialises
// concurrent creations of one account until commit (the account's first creations wait on the
// key's unique index instead); on SQLite the write transaction is exclusive anyway. A rolled-back
// creation rolls its number back with it.
import type { Db } from '../../platform/db/connect.js'
import { preparedQuery } from '../../platform/db/prepared-query.js'
import { creationLimitOfAccount } from '../integrations/monthly-quota.js'

// The same statement returns the account's monthly limit of API creations, which an API creation
// checks next under this lock: one round trip less than reading it apart.
const incrementNumber = preparedQuery(1, (db, accountId: number) =>
  db
    .insertInto('proposal_number_counters')
    .values({ account_id: accountId, last_number: 1 })
    .onConflict((conflict) => conflict.column('account_id').doUpdateSet((eb) => ({ last_number: eb('proposal_number_counters.last_number', '+', 1) })))
    .returning((eb) => ['last_number', eb.selectFrom('accounts').select(creationLimitOfAccount).where('accounts.id', '=', accountId).$asScalar().$notNull().as('creation_limit')]),
)

export interface TakenNumber {
  number: number
  /**
   * The account's monthly limit of API creations: its override, else its plan's, as the
   * statement began (on PostgreSQL before any wait for the lock).
   */
  creationLimit: number
}

export async function takeNextProposalNumber(trx: Db, accountId: number): Promise<TakenNumber> {
  // An upsert returns its row whether it inserted or updated; an account that does not exist
  // fails the counter's foreign key instead of returning nothing.
  const row = (await incrementNumber(trx, accountId))[0]!
  return { number: row.last_number, creationLimit: row.creation_limit }
}
