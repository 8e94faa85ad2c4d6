// The data subject's access request (LGPD art. 18, II): everything the account holds about a
// customer and the people who sign its documents, as one JSON document. Request log entries are
// listed (when, which call, status) without their bodies: those are the integrator's payloads,
// already masked for CPF and e-mail, pruned after REQUEST_LOG_RETENTION_DAYS, and redacted by the
// erasure like every other copy. Files are listed with their hashes, not embedded.
import type { Clock } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import { toCustomerView } from '../customers/customer-mapper.js'
import { type DataSubject, findDataSubject, subjectEmails } from './data-subject.js'
import { subjectOutboxFilter } from './subject-outbox.js'
import { containsAny, mentionsToken } from './text-search.js'

function parsed(json: string): unknown {
  try {
    return JSON.parse(json)
  } catch {
    return json
  }
}

export async function exportPersonalData(db: Db, clock: Clock, accountId: number, reference: string) {
  const subject = await findDataSubject(db, accountId, reference)
  const proposalIds = subject.proposals.map((proposal) => proposal.id)
  const some = proposalIds.length > 0
  const [details, items, roles, files, history, emails, requestLog] = await Promise.all([
    some ? db.selectFrom('proposals').selectAll().where('account_id', '=', accountId).where('id', 'in', proposalIds).orderBy('id').execute() : [],
    some ? db.selectFrom('proposal_items').selectAll().where('account_id', '=', accountId).where('proposal_id', 'in', proposalIds).orderBy('proposal_id').orderBy('position').execute() : [],
    db.selectFrom('signer_roles').select(['id', 'name']).where('account_id', '=', accountId).execute(),
    some ? db.selectFrom('proposal_files').select(['id', 'proposal_id', 'kind', 'file_name', 'content_type', 'size', 'sha256', 'created_at'])
      .where('account_id', '=', accountId).where('proposal_id', 'in', proposalIds).orderBy('id').execute() : [],
    some ? db.selectFrom('proposal_events').selectAll().where('account_id', '=', accountId).where('proposal_id', 'in', proposalIds).orderBy('id').execute() : [],
    subjectOutbox(db, subject),
    requestLogMentions(db, subject),
  ])
  const roleName = new Map(roles.map((role) => [role.id, role.name]))
  return {
    exported_at: clock.now().toISOString(),
    account_id: accountId,
    customer: toCustomerView(subject.customer),
    documents: details.map((proposal) => ({
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
      original_sha256: proposal.original_sha256,
      signed_sha256: proposal.signed_sha256,
      items: items.filter((item) => item.proposal_id === proposal.id).map((item) => ({
        position: item.position, code: item.code, name: item.name, description: item.description, unit: item.unit,
        quantity: item.quantity_milli / 1000, unit_price_cents: item.unit_price_cents, discount_cents: item.discount_cents, total_cents: item.total_cents,
      })),
      signers: subject.signers.filter((signer) => signer.proposal_id === proposal.id).map((signer) => ({
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
        },
      })),
      files: files.filter((file) => file.proposal_id === proposal.id).map(({ proposal_id: _, ...file }) => file),
      history: history.filter((event) => event.proposal_id === proposal.id).map((event) => ({
        type: event.type, actor_type: event.actor_type, actor_name: event.actor_name, data: parsed(event.data_json), created_at: event.created_at,
      })),
    })),
    emails,
    request_log: requestLog,
  }
}

export type PersonalDataExport = Awaited<ReturnType<typeof exportPersonalData>>

/** The subject's e-mails (subject-outbox.ts). */
async function subjectOutbox(db: Db, subject: DataSubject) {
  const filter = subjectOutboxFilter(subject)
  if (filter === null) return []
  const addresses = subjectEmails(subject)
  const rows = await db
    .selectFrom('outbox_emails')
    .select(['id', 'proposal_id', 'kind', 'to_address', 'subject', 'text_body', 'state', 'created_at', 'sent_at'])
    .where(filter)
    .orderBy('id')
    .execute()
  // E-mails about the documents sent to someone else (the seller) are listed without that person's address.
  return rows.map((row) => (addresses.includes(row.to_address.trim().toLowerCase()) ? row : { ...row, to_address: null }))
}

/**
 * Request log entries whose path or bodies name the customer (its code, document, e-mail, name, a
 * document's path). LIKE only narrows the search: "CLI-1" is also in "CLI-10" and "/proposals/12"
 * in "/proposals/123", so each candidate must name a term as a whole token to be the subject's.
 */
async function requestLogMentions(db: Db, subject: DataSubject) {
  const { customer } = subject
  const terms = [customer.code, customer.document, customer.email, customer.name, ...subject.proposals.map((proposal) => `/proposals/${proposal.id}`)]
    .filter((term): term is string => Boolean(term) && term!.length >= 4)
  if (terms.length === 0) return []
  const columns = ['path', 'request_body', 'response_body'] as const
  const candidates = await db
    .selectFrom('request_logs')
    .select(['id', 'request_id', 'method', 'path', 'status', 'created_at', 'request_body', 'response_body'])
    .where('account_id', '=', subject.accountId)
    .where(containsAny(db, columns, terms))
    .orderBy('id')
    .execute()
  return candidates
    .filter((row) => columns.some((column) => terms.some((term) => mentionsToken(row[column], term))))
    .map(({ request_body: _request, response_body: _response, ...row }) => row)
}
