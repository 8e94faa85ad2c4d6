// The data subject's erasure request (LGPD art. 18, IV and VI): the customer and the people who
// sign its documents are anonymised everywhere the account keeps a copy — the customer and signer
// rows, the signing evidence (IP, user agent, typed signature), the history, e-mails, webhook
// payloads, the request log and stored idempotent responses — in one transaction, account-scoped,
// the request log, the job queue and the stored responses searched before it
// (scan-before-erasure.ts: they grow with use, and a search inside the transaction held every
// other writer back for as long).
// What stays, on purpose (docs/DECISIONS.md, "Personal data (LGPD)"): the files of *signed*
// documents, byte for byte, so the signed PDF still matches its recorded SHA-256 and remains
// evidence of the contract (art. 16, I; art. 7, VI). Files of documents never signed are deleted.
// Running it again changes nothing and records nothing.
import type { Selectable } from 'kysely'
import { parseCopyTo } from '../proposals/copy-recipients.js'
import type { Clock } from '../../platform/clock.js'
import { isoNow } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import { idList, textList } from '../../platform/db/value-list.js'
import type { ProposalStatus, RequestLogsTable } from '../../platform/db/schema.js'
import { writeCustomerData } from '../customers/customer-repository.js'
import { recordDomainEvent } from '../events/record-domain-event.js'
import { recordProposalEvents } from '../proposals/proposal-content-writes.js'
import { type RowUpdate, updateRowsById } from '../../platform/db/update-rows-by-id.js'
import { withHistoryAmendable } from './amend-history.js'
import { type DataSubject, findDataSubject } from './data-subject.js'
import { customerPlaceholder, emailPlaceholder, type NeedleSet, needlesOf, redactJson, signerPlaceholder } from './redaction.js'
import { LOG_COLUMNS, rowsToSearch, type ScanBeforeErasure, scanBeforeErasure } from './scan-before-erasure.js'
import { subjectOutboxFilter } from './subject-outbox.js'
import { documentIdsInPath, mentionsToken } from './text-search.js'

export const ERASURE_EVENT = 'personal_data_erased'

export interface ErasureOptions {
  /** Who asked for it (the operator), recorded in the documents' history (never sent to webhooks); never the subject. */
  erasedBy: string
  /** Compute what would change, then roll everything back. */
  dryRun?: boolean
  /** Runs after the searches made before the transaction, and before it (tests write there what lands meanwhile). */
  afterScan?: () => Promise<void>
}

export interface ErasureSummary {
  customer_id: number
  documents: number
  signers: number
  /** Rows changed per table (0 everywhere: the subject was already erased). */
  changed: Record<string, number>
  /** Files of signed documents, kept as evidence with their hashes. */
  kept_signed_files: number
  deleted_files: number
  already_erased: boolean
  dry_run: boolean
}

/** An erasure that must wait: a digitally signed document whose signed PDF is still being built. */
export class ErasureNotPossibleError extends Error {}

class DryRunRollback extends Error {
  constructor(readonly summary: ErasureSummary) {
    super('dry run')
  }
}

/** The columns of `target` whose value differs from `row`'s (nothing when the row is already clean): what is counted. */
function changedColumns<T extends Record<string, unknown>>(row: T, target: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(target).filter(([key, value]) => row[key] !== value)) as Partial<T>
}

function changedAny(changes: object): boolean {
  return Object.keys(changes).length > 0
}

/** The rows whose target differs from what was read, each with only the columns that differ. */
function changedRows<T extends { id: number | string }>(rows: readonly T[], targetOf: (row: T) => Partial<Record<keyof T & string, string | null>>): RowUpdate[] {
  return rows.flatMap((row) => {
    const changes = changedColumns(row as Record<string, unknown>, targetOf(row))
    return changedAny(changes) ? [{ id: row.id, changes: changes as Record<string, string | null> }] : []
  })
}

export async function erasePersonalData(db: Db, clock: Clock, accountId: number, reference: string, options: ErasureOptions): Promise<ErasureSummary> {
  const scan = await scanBeforeErasure(db, accountId, reference)
  await options.afterScan?.()
  try {
    return await db.transaction().execute(async (trx) => {
      const summary = await eraseInTransaction(trx, clock, accountId, reference, options, scan)
      if (options.dryRun) throw new DryRunRollback(summary)
      return summary
    })
  } catch (error) {
    if (error instanceof DryRunRollback) return error.summary
    throw error
  }
}

async function eraseInTransaction(trx: Db, clock: Clock, accountId: number, reference: string, options: ErasureOptions, scan: ScanBeforeErasure): Promise<ErasureSummary> {
  const subject = await findDataSubject(trx, accountId, reference)
  const { customer } = subject
  // The evidence page is built from the signer rows by the 'proposal.finalize' job: erasing first
  // would freeze placeholders into the contract's proof. The job runs within seconds of signing.
  const unfinished = subject.proposals.filter((proposal) => proposal.status === 'signed' && proposal.signature_type === 'digital' && proposal.signed_sha256 === null)
  if (unfinished.length > 0) {
    throw new ErasureNotPossibleError(`document ${unfinished.map((proposal) => proposal.number).join(', ')} of customer ${customer.id} is signed but its signed PDF is not built yet; nothing was changed`)
  }
  const needles = needlesOf(subject)
  const terms = needles.searchTerms()
  const proposalIds = subject.proposals.map((proposal) => proposal.id)
  const now = isoNow(clock)
  const changed: Record<string, number> = {}
  const count = (table: string, rows = 1) => {
    if (rows > 0) changed[table] = (changed[table] ?? 0) + rows
  }

  // The read-only searches first (the bulk of them made before the transaction): the writes
  // below, and the lock on proposal_events that lifting its trigger takes, then last as short a
  // time as they can.
  const textCopies = await findTextCopies(trx, subject, terms, needles, scan)

  // The customer's documents next, all at once: every action locks its document before it touches
  // signers or history, so holding them all first, before the history's table lock below, leaves
  // no action holding one of them while waiting for something this erasure holds. The erasure
  // writes each of them at the end (its history entry moves updated_at): taking them only then,
  // while holding signers and the history's lock, could deadlock with a cancel or a signature.
  // The no-op write is the lock (as lockProposal's); it changes nothing.
  if (proposalIds.length > 0) {
    await trx.updateTable('proposals').set((eb) => ({ status: eb.ref('status') })).where('account_id', '=', accountId).where('id', 'in', idList(trx, proposalIds)).execute()
  }

  // The history first among the writes: on PostgreSQL, lifting its trigger takes an exclusive lock
  // on proposal_events, and waiting for it while holding rows a server transaction needs could
  // deadlock (the documents above are held by no action that waits on this erasure).
  if (proposalIds.length > 0) await redactHistory(trx, subject, needles, count)

  // The customer: identifying columns cleared, the name a placeholder. The code is the account's own
  // reference and stays, unless it repeats an identifier (a CNPJ used as code).
  const customerTarget = {
    name: customerPlaceholder(customer.id), trade_name: null, document: null, document_type: null, email: null, phone: null,
    address_street: null, address_number: null, address_complement: null, address_district: null, address_city: null, address_state: null, address_postal_code: null,
    ...(customer.code !== null && needles.redact(customer.code) !== customer.code ? { code: null } : {}),
  }
  // Every target column is written, changed or not, and only the count depends on the row as read:
  // a value committed after the read (inline data landing meanwhile) is overwritten all the same,
  // and updated_at moves, to the time of this write (not the erasure's start, which the scans
  // above may have left behind a later change), when the row as it is now differs.
  await writeCustomerData(trx, accountId, customer.id, customerTarget, isoNow(clock))
  if (changedAny(changedColumns(customer, customerTarget))) count('customers')

  // The copy addresses that were the customer's go; the account's own (a seller copied) stay.
  const erasedCopies = new Set(subject.copyAddresses.map((copy) => copy.address))
  const proposalUpdates = changedRows(subject.proposals, (proposal) => ({
    title: needles.redact(proposal.title), notes: needles.redactNullable(proposal.notes),
    fields_json: redactJson(proposal.fields_json, needles), cancel_reason: needles.redactNullable(proposal.cancel_reason),
    signer_message: needles.redactNullable(proposal.signer_message),
    copy_to_json: JSON.stringify(parseCopyTo(proposal.copy_to_json).filter((address) => !erasedCopies.has(address))),
  }))
  await updateRowsById(trx, 'proposals', accountId, proposalUpdates)
  count('proposals', proposalUpdates.length)

  // Signers: who they are and how they signed from where. The signing times, the consent given and
  // the hash of what they signed stay: they identify no one once the name is gone. The signing
  // link dies with the name (a pending signature cannot go on for an erased person).
  const signerUpdates = subject.signers.map((signer) => {
    const signerTarget = {
      name: signerPlaceholder(signer.id), email: emailPlaceholder('signatario', signer.id), cpf: null, phone: null, sign_token: null,
      signed_name: signer.signed_name === null ? null : signerPlaceholder(signer.id), signed_cpf: null,
      signature_data: signer.signature_kind === 'typed' && signer.signature_data !== null ? signerPlaceholder(signer.id) : null,
      signed_ip: null, signed_user_agent: null,
      reject_reason: needles.redactNullable(signer.reject_reason), consent_text: needles.redactNullable(signer.consent_text),
    }
    if (changedAny(changedColumns(signer, signerTarget))) count('proposal_signers')
    return { id: signer.id, changes: signerTarget }
  })
  await updateRowsById(trx, 'proposal_signers', accountId, signerUpdates)

  await redactEvents(trx, accountId, customer.id, proposalIds, needles, count)
  await redactOutbox(trx, subject, needles, count)
  const files = await removeUnsignedFiles(trx, subject, count)
  await redactTextCopies(trx, accountId, textCopies, needles, count)

  const documents = subject.proposals.length
  const total = Object.values(changed).reduce((sum, rows) => sum + rows, 0)
  if (total > 0) {
    // Who and when, never what: the event names the customer by id only.
    const signersOf = new Map<number, number>()
    for (const signer of subject.signers) signersOf.set(signer.proposal_id, (signersOf.get(signer.proposal_id) ?? 0) + 1)
    await recordProposalEvents(trx, accountId, proposalIds.map((proposalId) => ({
      proposalId, event: { type: ERASURE_EVENT, actor: { type: 'system', id: null, name: options.erasedBy }, data: { customer_id: customer.id, signers: signersOf.get(proposalId) ?? 0 }, at: now },
    })))
    // The account's record of the request, also for a customer without documents, and the webhook
    // that tells the systems synced with Vendoc to erase their copy too. Who ran it is in the
    // documents' history, not here: an operator's name is not for other systems (for a customer
    // without documents, the command's own output is the operator's record).
    const data = { customer: { id: customer.id }, documents, signers: subject.signers.length }
    await recordDomainEvent(trx, clock, { accountId, type: 'customer.personal_data_erased', proposalId: null, customerId: customer.id, data })
  }
  return {
    customer_id: customer.id, documents, signers: subject.signers.length, changed, kept_signed_files: files.kept, deleted_files: files.deleted,
    already_erased: total === 0, dry_run: options.dryRun === true,
  }
}

type Count = (table: string, rows?: number) => void

async function redactHistory(trx: Db, subject: DataSubject, needles: NeedleSet, count: Count): Promise<void> {
  const signerIds = new Set(subject.signers.map((signer) => signer.id))
  const events = await trx.selectFrom('proposal_events').select(['id', 'actor_type', 'actor_id', 'actor_name', 'data_json'])
    .where('account_id', '=', subject.accountId).where('proposal_id', 'in', idList(trx, subject.proposals.map((proposal) => proposal.id))).orderBy('id').execute()
  const updates = changedRows(events, (event) => ({
    actor_name: event.actor_type === 'signer' && event.actor_id !== null && signerIds.has(event.actor_id) ? signerPlaceholder(event.actor_id) : needles.redact(event.actor_name),
    data_json: redactJson(event.data_json, needles),
  }))
  if (updates.length === 0) return
  await withHistoryAmendable(trx, () => updateRowsById(trx, 'proposal_events', subject.accountId, updates))
  count('proposal_events', updates.length)
}

/** The domain events of the subject's documents: ranges of domain_events_account_proposal_idx (migration 019). */
export function subjectEventsQuery(db: Db, accountId: number, proposalIds: number[]) {
  return db.selectFrom('domain_events').select(['id', 'payload_json']).where('account_id', '=', accountId).where('proposal_id', 'in', idList(db, proposalIds))
}

/**
 * The `customer.*` events of the customer (domain_events_account_customer_idx, migration 040): their
 * bodies name it by id only, but a receiver's answer kept with a delivery may echo its data.
 */
export function customerEventsQuery(db: Db, accountId: number, customerId: number) {
  return db.selectFrom('domain_events').select(['id', 'payload_json']).where('account_id', '=', accountId).where('customer_id', '=', customerId)
}

async function redactEvents(trx: Db, accountId: number, customerId: number, proposalIds: number[], needles: NeedleSet, count: Count): Promise<void> {
  const documentEvents = proposalIds.length > 0 ? await subjectEventsQuery(trx, accountId, proposalIds).execute() : []
  const events = [...documentEvents, ...(await customerEventsQuery(trx, accountId, customerId).execute())]
  const eventUpdates = changedRows(events, (event) => ({ payload_json: redactJson(event.payload_json, needles) }))
  await updateRowsById(trx, 'domain_events', accountId, eventUpdates)
  count('domain_events', eventUpdates.length)
  if (events.length === 0) return
  // Through the account's endpoints and the (endpoint_id, event_id) index: by the account alone,
  // the lookup read every delivery of the account, inside this transaction.
  const deliveries = await trx.selectFrom('webhook_deliveries').select(['id', 'request_body', 'response_excerpt', 'error'])
    .where('account_id', '=', accountId)
    .where('endpoint_id', 'in', trx.selectFrom('webhook_endpoints').select('id').where('account_id', '=', accountId))
    .where('event_id', 'in', textList(trx, events.map((event) => event.id))).execute()
  const deliveryUpdates = changedRows(deliveries, (delivery) => ({
    request_body: redactJson(delivery.request_body, needles), response_excerpt: needles.redactNullable(delivery.response_excerpt), error: needles.redactNullable(delivery.error),
  }))
  await updateRowsById(trx, 'webhook_deliveries', accountId, deliveryUpdates)
  count('webhook_deliveries', deliveryUpdates.length)
}

/** E-mails to the subject's addresses or about its documents: the subject's address becomes its placeholder, the texts lose every identifier. */
async function redactOutbox(trx: Db, subject: DataSubject, needles: NeedleSet, count: Count): Promise<void> {
  const filter = subjectOutboxFilter(trx, subject)
  if (filter === null) return
  const emails = await trx.selectFrom('outbox_emails').select(['id', 'to_address', 'subject', 'text_body', 'html_body', 'error']).where(filter).execute()
  const updates = changedRows(emails, (email) => ({
    to_address: needles.redact(email.to_address),
    subject: needles.redact(email.subject), text_body: needles.redact(email.text_body), html_body: needles.redactNullable(email.html_body), error: needles.redactNullable(email.error),
  }))
  await updateRowsById(trx, 'outbox_emails', subject.accountId, updates)
  count('outbox_emails', updates.length)
}

const SIGNED: ProposalStatus = 'signed'

/** Files of documents that were never signed (the frozen original, its HTML, scans) hold personal data and no evidence anyone relies on. */
async function removeUnsignedFiles(trx: Db, subject: DataSubject, count: Count): Promise<{ kept: number; deleted: number }> {
  const signedIds = subject.proposals.filter((proposal) => proposal.status === SIGNED).map((proposal) => proposal.id)
  const unsignedIds = subject.proposals.filter((proposal) => proposal.status !== SIGNED).map((proposal) => proposal.id)
  const kept = signedIds.length === 0 ? 0 : Number((await trx.selectFrom('proposal_files').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', subject.accountId).where('proposal_id', 'in', idList(trx, signedIds)).executeTakeFirstOrThrow()).n)
  if (unsignedIds.length === 0) return { kept, deleted: 0 }
  const files = await trx.selectFrom('proposal_files').select('id').where('account_id', '=', subject.accountId).where('proposal_id', 'in', idList(trx, unsignedIds)).execute()
  if (files.length === 0) return { kept, deleted: 0 }
  const fileIds = files.map((file) => file.id)
  await trx.updateTable('outbox_emails').set({ attachment_file_id: null }).where('account_id', '=', subject.accountId).where('attachment_file_id', 'in', idList(trx, fileIds)).execute()
  await trx.deleteFrom('proposal_files').where('account_id', '=', subject.accountId).where('id', 'in', idList(trx, fileIds)).execute()
  count('proposal_files', files.length)
  return { kept, deleted: files.length }
}

interface TextCopies {
  jobs: Array<{ id: number; payload_json: string; last_error: string | null }>
  logs: Array<Pick<Selectable<RequestLogsTable>, 'id' | (typeof LOG_COLUMNS)[number]>>
  keys: Array<{ id: number; response_body: string | null; response_headers: string | null }>
}

/** The ids a job's payload refers to a document by (the job kinds name it either way). */
function payloadProposalId(payloadJson: string): unknown {
  try {
    const payload = JSON.parse(payloadJson) as Record<string, unknown> | null
    return payload?.proposalId ?? payload?.proposal_id
  } catch {
    return undefined
  }
}

/**
 * Copies kept outside the documents' own rows — jobs, the request log, stored idempotent responses —
 * found by text, then kept only when they are the subject's: they name one of its identifiers
 * (document, e-mail, phone) or are tied to its records (a job about its document, a stored
 * response for the document or customer it created, a call whose path names them). A row that
 * only shares a name ("Padaria Central", a signer's first name) with the subject is a neighbour's.
 */
async function findTextCopies(trx: Db, subject: DataSubject, terms: string[], needles: NeedleSet, scan: ScanBeforeErasure): Promise<TextCopies> {
  if (terms.length === 0) return { jobs: [], logs: [], keys: [] }
  const { accountId, customer } = subject
  const proposalIds = new Set(subject.proposals.map((proposal) => proposal.id))
  const customerPaths = [String(customer.id), customer.code, customer.document].filter((reference): reference is string => Boolean(reference)).map((reference) => `/customers/${reference}`)
  // A document's path read from the log's path, not searched for once per document (quadratic).
  const namesSubject = (path: string) => documentIdsInPath(path).some((id) => proposalIds.has(Number(id))) || customerPaths.some((reference) => mentionsToken(path, reference))
  const jobs = (await rowsToSearch(trx, terms, scan, 'jobs', (condition) => trx.selectFrom('jobs').select(['id', 'payload_json', 'last_error']).where('account_id', '=', accountId).where(condition).execute()))
    .filter((job) => proposalIds.has(Number(payloadProposalId(job.payload_json))) || needles.mentionsIdentifier(job.payload_json) || needles.mentionsIdentifier(job.last_error))
  const logs = (await rowsToSearch(trx, terms, scan, 'request_logs', (condition) => trx.selectFrom('request_logs').select(['id', ...LOG_COLUMNS]).where('account_id', '=', accountId).where(condition).execute()))
    .filter((log) => namesSubject(log.path) || LOG_COLUMNS.some((column) => needles.mentionsIdentifier(log[column])))
  const keys = (await rowsToSearch(trx, terms, scan, 'idempotency_keys', (condition) => trx.selectFrom('idempotency_keys').select(['id', 'path', 'resource_id', 'response_body', 'response_headers']).where('account_id', '=', accountId).where(condition).execute()))
    .filter((key) => (key.resource_id !== null && (key.path.includes('/proposals') ? proposalIds.has(key.resource_id) : key.path.includes('/customers') && key.resource_id === customer.id))
      || needles.mentionsIdentifier(key.response_body) || needles.mentionsIdentifier(key.response_headers))
  return { jobs, logs, keys }
}

async function redactTextCopies(trx: Db, accountId: number, copies: TextCopies, needles: NeedleSet, count: Count): Promise<void> {
  const update = async (table: 'jobs' | 'request_logs' | 'idempotency_keys', updates: RowUpdate[]) => {
    await updateRowsById(trx, table, accountId, updates)
    count(table, updates.length)
  }
  await update('jobs', changedRows(copies.jobs, (job) => ({ payload_json: redactJson(job.payload_json, needles), last_error: needles.redactNullable(job.last_error) })))
  await update('request_logs', changedRows(copies.logs, (log) => Object.fromEntries(LOG_COLUMNS.map((column) => [column, needles.redactNullable(log[column])]))))
  await update('idempotency_keys', changedRows(copies.keys, (key) => ({ response_body: needles.redactNullable(key.response_body), response_headers: needles.redactNullable(key.response_headers) })))
}
