// The people who signed for a customer before, offered by the document form as signers of a new
// document for the same customer ("Signatários anteriores"), so a repeat customer's directors and
// witnesses are not typed again. Read from the customer's latest documents rather than kept as a
// contact list: who the team last sent to is who it sends to next, and there is nothing more to
// keep up to date or to erase (an erasure's placeholder addresses are left out).
import type { Db } from '../../platform/db/connect.js'
import type { SignerAuthentication } from '../../platform/db/schema.js'
import { isErasedEmail } from '../privacy/redaction.js'

/** How many of the customer's latest documents are read, and how many people offered at most. */
const DOCUMENTS_READ = 20
export const RECENT_SIGNERS_SHOWN = 8

export interface RecentSigner {
  name: string
  email: string
  cpf: string | null
  phone: string | null
  role_id: number
  role_name: string
  authentication: SignerAuthentication
}

/** One entry per address, as they were on the latest document that had them, latest first. */
export async function recentSignersOf(db: Db, accountId: number, customerId: number): Promise<RecentSigner[]> {
  const latest = db
    .selectFrom('proposals')
    .select(['id', 'created_at'])
    .where('account_id', '=', accountId)
    .where('customer_id', '=', customerId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(DOCUMENTS_READ)
  const rows = await db
    .selectFrom(latest.as('p'))
    .innerJoin('proposal_signers as ps', (join) => join.onRef('ps.proposal_id', '=', 'p.id').on('ps.account_id', '=', accountId))
    .innerJoin('signer_roles as r', (join) => join.onRef('r.id', '=', 'ps.role_id').on('r.account_id', '=', accountId))
    .select(['ps.name', 'ps.email', 'ps.cpf', 'ps.phone', 'ps.role_id', 'r.name as role_name', 'ps.authentication'])
    .orderBy('p.created_at', 'desc')
    .orderBy('p.id', 'desc')
    .orderBy('ps.signing_order')
    .orderBy('ps.id')
    .execute()
  const byAddress = new Map<string, RecentSigner>()
  for (const row of rows) {
    const address = row.email.toLowerCase()
    if (isErasedEmail(address) || byAddress.has(address)) continue
    byAddress.set(address, row)
    if (byAddress.size === RECENT_SIGNERS_SHOWN) break
  }
  return [...byAddress.values()]
}
