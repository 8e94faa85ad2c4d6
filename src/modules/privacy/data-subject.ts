// A data subject of one account: the customer named by the same references the API accepts (id,
// code, CNPJ or CPF), its documents and the people who sign them. Everything the export shows and
// the erasure changes starts from here, always within the account: another account's customer
// reads exactly like a missing one (resolveCustomerReference's 404).
import type { Selectable } from 'kysely'
import type { Db } from '../../platform/db/connect.js'
import { idList } from '../../platform/db/value-list.js'
import type { ProposalSignersTable, ProposalsTable } from '../../platform/db/schema.js'
import type { CustomerRow } from '../customers/customer-mapper.js'
import { resolveCustomerReference } from '../customers/resolve-customer-reference.js'

export type SubjectProposal = Pick<Selectable<ProposalsTable>, 'id' | 'number' | 'status' | 'signature_type' | 'title' | 'notes' | 'fields_json' | 'cancel_reason' | 'signed_sha256'>
export type SubjectSigner = Selectable<ProposalSignersTable>

export interface DataSubject {
  accountId: number
  customer: CustomerRow
  proposals: SubjectProposal[]
  signers: SubjectSigner[]
}

export async function findDataSubject(db: Db, accountId: number, reference: string): Promise<DataSubject> {
  const customer = await resolveCustomerReference(db, accountId, reference)
  const proposals = await db
    .selectFrom('proposals')
    .select(['id', 'number', 'status', 'signature_type', 'title', 'notes', 'fields_json', 'cancel_reason', 'signed_sha256'])
    .where('account_id', '=', accountId)
    .where('customer_id', '=', customer.id)
    .orderBy('id')
    .execute()
  const proposalIds = proposals.map((proposal) => proposal.id)
  const signers = proposalIds.length === 0 ? [] : await db
    .selectFrom('proposal_signers')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('proposal_id', 'in', idList(db, proposalIds))
    .orderBy('proposal_id')
    .orderBy('signing_order')
    .orderBy('id')
    .execute()
  return { accountId, customer, proposals, signers }
}

/** The subject's e-mail addresses (the customer's and every signer's), lower-cased. */
export function subjectEmails(subject: DataSubject): string[] {
  const addresses = [subject.customer.email, ...subject.signers.map((signer) => signer.email)]
  return [...new Set(addresses.filter((address): address is string => Boolean(address)).map((address) => address.trim().toLowerCase()))]
}
