// A data subject of one account: the customer named by the same references the API accepts (id,
// code, CNPJ or CPF), its documents and the people who sign them. Everything the export shows and
// the erasure changes starts from here, always within the account: another account's customer
// reads exactly like a missing one (resolveCustomerReference's 404).
import type { SelectQueryBuilder, Selectable } from 'kysely'
import type { Db } from '../../platform/db/connect.js'
import { idList } from '../../platform/db/value-list.js'
import type { Database, ProposalSignersTable, ProposalsTable } from '../../platform/db/schema.js'
import { parseCopyTo } from '../proposals/copy-recipients.js'
import type { CustomerRow } from '../customers/customer-mapper.js'
import { resolveCustomerReference } from '../customers/resolve-customer-reference.js'
import { normalizeEmail } from '../../platform/contact-formats.js'

export type SubjectProposal = Pick<Selectable<ProposalsTable>, 'id' | 'number' | 'status' | 'signature_type' | 'title' | 'notes' | 'fields_json' | 'cancel_reason' | 'signer_message' | 'copy_to_json' | 'signed_sha256'>

/**
 * What the erasure reads of a signer: who they are and the evidence that names them. Not the
 * dates, statuses and hashes, which the export shows and nothing erases: building every column
 * of a row is most of the read's time, ~0.7 s against ~0.25 s for 40,000 signers (SQLite), and
 * the erasure reads them twice, once holding the instance's write lock.
 */
const ERASED_SIGNER_COLUMNS = [
  'id', 'proposal_id', 'name', 'email', 'cpf', 'phone', 'sign_token', 'reject_reason',
  'signed_name', 'signed_cpf', 'signature_kind', 'signature_data', 'signed_ip', 'signed_user_agent', 'consent_text',
] as const satisfies ReadonlyArray<keyof ProposalSignersTable>

export type SubjectSigner = Pick<Selectable<ProposalSignersTable>, typeof ERASED_SIGNER_COLUMNS[number]>
export type ExportedSigner = Selectable<ProposalSignersTable>

/** A signer's e-mail or phone before a correction (lifecycle/update-signer-contact.ts): still the subject's in what was written then. */
export interface FormerContact {
  signerId: number
  email: string | null
  phone: string | null
}

export interface DataSubject<Signer extends SubjectSigner = SubjectSigner> {
  accountId: number
  customer: CustomerRow
  proposals: SubjectProposal[]
  signers: Signer[]
  /** The signers' contacts as they were before each correction, read from the history. */
  formerContacts: FormerContact[]
  /**
   * The addresses the subject's documents sent their signed copy to (copy-recipients.ts), each with
   * the first document naming it, less the account's own (its users', its company's, its list for
   * every signed copy): the seller
   * or a manager copied on a contract is not the customer's data.
   */
  copyAddresses: Array<{ proposalId: number; address: string }>
}

/** The contact a `signer_contact_changed` history entry says was replaced. */
function formerContactOf(dataJson: string): FormerContact | null {
  const data = JSON.parse(dataJson) as { signer?: { id?: unknown }; email?: { from?: unknown }; phone?: { from?: unknown } }
  const text = (value: unknown) => (typeof value === 'string' ? value : null)
  const signerId = data.signer?.id
  if (typeof signerId !== 'number') return null
  return { signerId, email: text(data.email?.from), phone: text(data.phone?.from) }
}

type SignerQuery = SelectQueryBuilder<Database, 'proposal_signers', object>

/** The subject with its signers' identifying columns: what the erasure changes and searches for. */
export function findDataSubject(db: Db, accountId: number, reference: string): Promise<DataSubject> {
  return findSubject(db, accountId, reference, (query) => query.select(ERASED_SIGNER_COLUMNS))
}

/** The subject with its signers whole: what the export shows. */
export function findDataSubjectWhole(db: Db, accountId: number, reference: string): Promise<DataSubject<ExportedSigner>> {
  return findSubject(db, accountId, reference, (query) => query.selectAll())
}

async function findSubject<Signer extends SubjectSigner>(
  db: Db, accountId: number, reference: string, signerColumns: (query: SignerQuery) => SelectQueryBuilder<Database, 'proposal_signers', Signer>,
): Promise<DataSubject<Signer>> {
  const customer = await resolveCustomerReference(db, accountId, reference)
  const proposals = await db
    .selectFrom('proposals')
    .select(['id', 'number', 'status', 'signature_type', 'title', 'notes', 'fields_json', 'cancel_reason', 'signer_message', 'copy_to_json', 'signed_sha256'])
    .where('account_id', '=', accountId)
    .where('customer_id', '=', customer.id)
    .orderBy('id')
    .execute()
  const proposalIds = proposals.map((proposal) => proposal.id)
  const signers = proposalIds.length === 0 ? [] : await signerColumns(db.selectFrom('proposal_signers'))
    .where('account_id', '=', accountId)
    .where('proposal_id', 'in', idList(db, proposalIds))
    .orderBy('proposal_id')
    .orderBy('signing_order')
    .orderBy('id')
    .execute()
  const corrections = proposalIds.length === 0 ? [] : await db
    .selectFrom('proposal_events')
    .select('data_json')
    .where('account_id', '=', accountId)
    .where('proposal_id', 'in', idList(db, proposalIds))
    .where('type', '=', 'signer_contact_changed')
    .execute()
  const formerContacts = corrections.map((row) => formerContactOf(row.data_json)).filter((contact): contact is FormerContact => contact !== null)
  const copyAddresses = await customerCopyAddresses(db, accountId, proposals)
  return { accountId, customer, proposals, signers, formerContacts, copyAddresses }
}

async function customerCopyAddresses(db: Db, accountId: number, proposals: SubjectProposal[]): Promise<DataSubject['copyAddresses']> {
  const named = proposals.flatMap((proposal) => parseCopyTo(proposal.copy_to_json).map((address) => ({ proposalId: proposal.id, address })))
  if (named.length === 0) return []
  const [users, account] = await Promise.all([
    db.selectFrom('users').select('email').where('account_id', '=', accountId).execute(),
    db.selectFrom('accounts').select(['email', 'signed_copy_to_json']).where('id', '=', accountId).executeTakeFirst(),
  ])
  const accountAddresses = [...users.map((user) => user.email), account?.email, ...parseCopyTo(account?.signed_copy_to_json ?? '[]')]
  const own = new Set(accountAddresses.filter((email): email is string => Boolean(email)).map(normalizeEmail))
  const seen = new Set<string>()
  return named.filter(({ address }) => {
    if (own.has(address) || seen.has(address)) return false
    seen.add(address)
    return true
  })
}

/**
 * The subject's e-mail addresses (the customer's and every signer's), lower-cased. Not the former
 * ones: an address is corrected because it was someone else's, whose own e-mails are not the
 * subject's to export or erase.
 */
export function subjectEmails(subject: DataSubject): string[] {
  const addresses = [subject.customer.email, ...subject.signers.map((signer) => signer.email)]
  return [...new Set(addresses.filter((address): address is string => Boolean(address)).map(normalizeEmail))]
}
