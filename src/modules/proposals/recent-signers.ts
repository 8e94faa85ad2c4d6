// The signers of a customer's earlier documents, offered by the document form for a new (or a
// draft's) document of the same customer ("Signatários de documentos anteriores deste cliente"),
// so a repeat customer's directors and witnesses are not typed again, and listed on the customer's
// page ("Signatários"). Read from the customer's
// latest documents rather than kept as a contact list: who the team last sent to is who it sends to
// next, and there is nothing more to keep up to date or to erase (an erasure's placeholder
// addresses are left out). Every signer of those documents counts, whatever became of the document
// or of the signature: the people are the customer's either way.
import type { Db } from '../../platform/db/connect.js'
import type { SignerAuthentication } from '../../platform/db/schema.js'
import { isErasedEmail } from '../privacy/redaction.js'

/** How many of the customer's latest documents are read, and how many people offered at most. */
export const DOCUMENTS_READ = 20
export const RECENT_SIGNERS_SHOWN = 8

export interface RecentSigner {
  name: string
  email: string
  cpf: string | null
  phone: string | null
  role_id: number
  /** The signer's role (a foreign key of the same account, so always found); typed as the left join reads. */
  role_name: string | null
  /** False for a role deactivated since: the form no longer offers it, so it is not copied. */
  role_active: boolean
  authentication: SignerAuthentication
}

/**
 * The signers of the customer's latest documents, latest document first, each in signing order;
 * `excluded` is the draft being edited, whose own signers are in its form already.
 */
export function recentSignersQuery(db: Db, accountId: number, customerId: number, excluded?: number) {
  const latest = db
    .selectFrom('proposals')
    .select(['id', 'created_at'])
    .where('account_id', '=', accountId)
    .where('customer_id', '=', customerId)
    .$if(excluded !== undefined, (query) => query.where('id', '<>', excluded!))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(DOCUMENTS_READ)
  return db
    .selectFrom(latest.as('p'))
    .innerJoin('proposal_signers as ps', (join) => join.onRef('ps.proposal_id', '=', 'p.id').on('ps.account_id', '=', accountId))
    // A left join, which SQLite keeps in this order: as an inner join, a planner without statistics
    // may start from the roles of every account. Each role is then read by its key.
    .leftJoin('signer_roles as r', (join) => join.onRef('r.id', '=', 'ps.role_id').on('r.account_id', '=', accountId))
    .select(['ps.name', 'ps.email', 'ps.cpf', 'ps.phone', 'ps.role_id', 'r.name as role_name', 'r.active as role_active', 'ps.authentication'])
    .orderBy('p.created_at', 'desc')
    .orderBy('p.id', 'desc')
    .orderBy('ps.signing_order')
    .orderBy('ps.id')
}

/** One entry per address, as they were on the latest document that had them, latest first. */
export async function recentSignersOf(db: Db, accountId: number, customerId: number, excluded?: number): Promise<RecentSigner[]> {
  const rows = await recentSignersQuery(db, accountId, customerId, excluded).execute()
  const byAddress = new Map<string, RecentSigner>()
  for (const row of rows) {
    const address = row.email.toLowerCase()
    if (isErasedEmail(address) || byAddress.has(address)) continue
    byAddress.set(address, { ...row, role_active: Boolean(row.role_active) })
    if (byAddress.size === RECENT_SIGNERS_SHOWN) break
  }
  return [...byAddress.values()]
}
