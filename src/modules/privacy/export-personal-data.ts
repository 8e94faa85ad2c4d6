// The data subject's access request (LGPD art. 18, II): everything the account holds about a
// customer and the people who sign its documents, as one JSON document written as it is read.
// Request log entries are listed (when, which call, status) without their bodies: those are the
// integrator's payloads, already masked for CPF and e-mail, pruned after
// REQUEST_LOG_RETENTION_DAYS, and redacted by the erasure like every other copy. Files are listed
// with their hashes, not embedded.
import type { Clock } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import { idList } from '../../platform/db/value-list.js'
import { notifiedIn } from '../proposals/comment-notices.js'
import { parseCopyTo } from '../proposals/copy-recipients.js'
import { toCustomerView } from '../customers/customer-mapper.js'
import { signedAuthentication } from '../lifecycle/signed-authentication.js'
import { type DataSubject, type ExportedSigner, findDataSubjectWhole, subjectEmails } from './data-subject.js'
import { subjectOutboxFilter } from './subject-outbox.js'
import { containsAny, documentIdsInPath, mentionsToken } from './text-search.js'
import { normalizeEmail } from '../../platform/contact-formats.js'

function parsed(json: string): unknown {
  try {
    return JSON.parse(json)
  } catch {
    return json
  }
}

/** Documents read and written per slice: memory stays bounded whatever the customer's number of documents. */
const DOCUMENTS_PER_SLICE = 1_000

/**
 * Writes the export as one JSON document (indented by two spaces, as `JSON.stringify(…, null, 2)`
 * would write it), piece by piece: the documents are read and written a slice at a time. Built
 * whole, a customer of 20,000 documents made a 117 MB text and a ~0.9 GB process, and a few times
 * that number would have run out of heap.
 */
export async function writePersonalDataExport(db: Db, clock: Clock, accountId: number, reference: string, write: (text: string) => void): Promise<void> {
  const subject = await findDataSubjectWhole(db, accountId, reference)
  const roles = await db.selectFrom('signer_roles').select(['id', 'name']).where('account_id', '=', accountId).execute()
  const roleName = new Map(roles.map((role) => [role.id, role.name]))
  const signersOf = byDocument(subject.signers)
  write(`{\n  "exported_at": ${JSON.stringify(clock.now().toISOString())},\n  "account_id": ${JSON.stringify(accountId)},\n`)
  write(`  "customer": ${indented(toCustomerView(subject.customer))},\n  "documents": [`)
  const proposalIds = subject.proposals.map((proposal) => proposal.id)
  for (let first = 0; first < proposalIds.length; first += DOCUMENTS_PER_SLICE) {
    const documents = await documentSlice(db, accountId, proposalIds.slice(first, first + DOCUMENTS_PER_SLICE), signersOf, roleName)
    // A write per document: a slice's text joined first was a string of megabytes, and collecting those cost more than the export's reads.
    documents.forEach((document, index) => write(`${first + index === 0 ? '' : ','}\n    ${indented(document, 2)}`))
  }
  write(proposalIds.length === 0 ? '],\n' : '\n  ],\n')
  write(`  "emails": ${indented(await subjectOutbox(db, subject))},\n`)
  write(`  "request_log": ${indented(await requestLogMentions(db, subject))}\n}\n`)
}

/** `value` as JSON indented by two spaces, nested `depth` levels deep (JSON strings hold no raw line breaks). */
function indented(value: unknown, depth = 1): string {
  return JSON.stringify(value, null, 2).replaceAll('\n', `\n${'  '.repeat(depth)}`)
}


async function documentSlice(db: Db, accountId: number, proposalIds: number[], signersOf: Map<number, ExportedSigner[]>, roleName: Map<number, string>) {
  const [details, items, files, history] = await Promise.all([
    db.selectFrom('proposals').selectAll().where('account_id', '=', accountId).where('id', 'in', idList(db, proposalIds)).orderBy('id').execute(),
    db.selectFrom('proposal_items').selectAll().where('account_id', '=', accountId).where('proposal_id', 'in', idList(db, proposalIds)).orderBy('proposal_id').orderBy('position').execute(),
    db.selectFrom('proposal_files').select(['id', 'proposal_id', 'kind', 'file_name', 'content_type', 'size', 'sha256', 'created_at'])
      .where('account_id', '=', accountId).where('proposal_id', 'in', idList(db, proposalIds)).orderBy('id').execute(),
    db.selectFrom('proposal_events').selectAll().where('account_id', '=', accountId).where('proposal_id', 'in', idList(db, proposalIds)).orderBy('id').execute(),
  ])
  // Each document's rows from maps built once: filtering every list per document was quadratic
  // (40,000 documents with 260,000 items ran for minutes).
  const itemsOf = byDocument(items)
  const filesOf = byDocument(files)
  const historyOf = byDocument(history)
  return details.map((proposal) => ({
    id: proposal.id,
    number: proposal.number,
    external_uuid: proposal.external_uuid,
    external_reference: proposal.external_reference,
    title: proposal.title,
    status: proposal.status,
    signature_type: proposal.signature_type,
    total_cents: proposal.total_cents,
    notes: proposal.notes,
    fields: parsed(proposal.fields_json),
    valid_until: proposal.valid_until,
    created_at: proposal.created_at,
    sent_at: proposal.sent_at,
    signed_at: proposal.signed_at,
    rejected_at: proposal.rejected_at,
    cancelled_at: proposal.cancelled_at,
    cancel_reason: proposal.cancel_reason,
    signer_message: proposal.signer_message,
    copy_to: parseCopyTo(proposal.copy_to_json),
    original_sha256: proposal.original_sha256,
    signed_sha256: proposal.signed_sha256,
    items: (itemsOf.get(proposal.id) ?? []).map((item) => ({
      position: item.position, code: item.code, name: item.name, description: item.description, unit: item.unit,
      quantity: item.quantity_milli / 1000, unit_price_cents: item.unit_price_cents, discount_cents: item.discount_cents, total_cents: item.total_cents,
    })),
    signers: (signersOf.get(proposal.id) ?? []).map((signer) => ({
      id: signer.id,
      name: signer.name,
      email: signer.email,
      cpf: signer.cpf,
      phone: signer.phone,
      role: roleName.get(signer.role_id) ?? null,
      signing_order: signer.signing_order,
      status: signer.status,
      sent_at: signer.sent_at,
      viewed_at: signer.viewed_at,
      open_count: signer.open_count,
      last_opened_at: signer.last_opened_at,
      signed_at: signer.signed_at,
      rejected_at: signer.rejected_at,
      reject_reason: signer.reject_reason,
      evidence: {
        signed_name: signer.signed_name,
        signed_cpf: signer.signed_cpf,
        signature_kind: signer.signature_kind,
        signature_data: signer.signature_data,
        ip: signer.signed_ip,
        user_agent: signer.signed_user_agent,
        consent_text: signer.consent_text,
        signed_document_sha256: signer.signed_document_sha256,
        authentication: signedAuthentication(signer),
      },
    })),
    files: (filesOf.get(proposal.id) ?? []).map(({ proposal_id: _, ...file }) => file),
    history: (historyOf.get(proposal.id) ?? []).map((event) => ({
      type: event.type, actor_type: event.actor_type, actor_name: event.actor_name, data: withoutColleagueAddresses(parsed(event.data_json)), created_at: event.created_at,
    })),
  }))
}

/**
 * A comment's colleagues told by e-mail (`notified`, proposals/comment-notices.ts) by name alone:
 * their addresses are the company's staff's, not the data subject's, as the e-mails' list leaves
 * other people's addresses out.
 */
function withoutColleagueAddresses(data: unknown): unknown {
  if (data === null || typeof data !== 'object' || !('notified' in data)) return data
  return { ...data, notified: notifiedIn(data).map(({ name }) => ({ name })) }
}

/** Rows grouped by their document, each group in the rows' order. */
function byDocument<Row extends { proposal_id: number }>(rows: readonly Row[]): Map<number, Row[]> {
  const groups = new Map<number, Row[]>()
  for (const row of rows) {
    const group = groups.get(row.proposal_id)
    if (group) group.push(row)
    else groups.set(row.proposal_id, [row])
  }
  return groups
}

/** The subject's e-mails (subject-outbox.ts). */
async function subjectOutbox(db: Db, subject: DataSubject) {
  const filter = subjectOutboxFilter(db, subject)
  if (filter === null) return []
  const addresses = subjectEmails(subject)
  const rows = await db
    .selectFrom('outbox_emails')
    .select(['id', 'proposal_id', 'kind', 'to_address', 'subject', 'text_body', 'state', 'created_at', 'sent_at'])
    .where(filter)
    .orderBy('id')
    .execute()
  // E-mails about the documents sent to someone else (the seller) are listed without that person's address.
  return rows.map((row) => (addresses.includes(normalizeEmail(row.to_address)) ? row : { ...row, to_address: null }))
}

const LOG_LISTING = ['id', 'request_id', 'method', 'path', 'status', 'created_at'] as const
/** Entries read per statement when the log's paths are walked: memory stays bounded on a large log. */
const PATHS_PER_READ = 10_000

/**
 * Request log entries that name the customer (its code, document, e-mail or name, in the path or
 * a body) or whose path names one of its documents. LIKE only narrows the search: "CLI-1" is also
 * in "CLI-10", so each candidate must name a term as a whole token to be the subject's. Document
 * paths are matched on the path alone, walked in slices and read in JS: one LIKE per document
 * had made a statement too large for either database with a customer of 40,000 documents; a body
 * that links one of its documents (a creation's answer, a customer's page) names the customer too.
 */
async function requestLogMentions(db: Db, subject: DataSubject) {
  const { customer } = subject
  const identifiers = [customer.code, customer.document, customer.email, customer.name].filter((term): term is string => Boolean(term) && term!.length >= 4)
  const columns = ['path', 'request_body', 'response_body'] as const
  const found = new Map<number, { id: number; request_id: string; method: string; path: string; status: number; created_at: string }>()
  if (identifiers.length > 0) {
    const candidates = await db.selectFrom('request_logs').select([...LOG_LISTING, 'request_body', 'response_body']).where('account_id', '=', subject.accountId).where(containsAny(db, columns, identifiers)).execute()
    for (const { request_body: requestBody, response_body: responseBody, ...row } of candidates) {
      const texts = { path: row.path, request_body: requestBody, response_body: responseBody }
      if (columns.some((column) => identifiers.some((term) => mentionsToken(texts[column], term)))) found.set(Number(row.id), row)
    }
  }
  const documents = new Set(subject.proposals.map((proposal) => String(proposal.id)))
  for (let after = 0; documents.size > 0; ) {
    const rows = await db.selectFrom('request_logs').select(LOG_LISTING).where('account_id', '=', subject.accountId).where('id', '>', after)
      .where(containsAny(db, ['path'], ['/proposals/'])).orderBy('id').limit(PATHS_PER_READ).execute()
    for (const row of rows) if (documentIdsInPath(row.path).some((id) => documents.has(id))) found.set(Number(row.id), row)
    if (rows.length < PATHS_PER_READ) break
    after = Number(rows[rows.length - 1]!.id)
  }
  return [...found.values()].sort((a, b) => Number(a.id) - Number(b.id))
}
