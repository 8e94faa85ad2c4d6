// The e-mails that belong to a data subject, for both the export and the erasure: every e-mail of
// the account sent to one of the subject's addresses, and every e-mail about its documents.
import { type Expression, type ExpressionBuilder, sql, type SqlBool } from 'kysely'
import type { Database } from '../../platform/db/schema.js'
import { type DataSubject, subjectEmails } from './data-subject.js'

/** The filter on outbox_emails (account scope included), or null when the subject can have none. */
export function subjectOutboxFilter(subject: DataSubject): ((eb: ExpressionBuilder<Database, 'outbox_emails'>) => Expression<SqlBool>) | null {
  const addresses = subjectEmails(subject)
  const proposalIds = subject.proposals.map((proposal) => proposal.id)
  if (addresses.length === 0 && proposalIds.length === 0) return null
  return (eb) => eb.and([
    eb('account_id', '=', subject.accountId),
    eb.or([
      ...(addresses.length > 0 ? [eb(sql<string>`lower(to_address)`, 'in', addresses)] : []),
      ...(proposalIds.length > 0 ? [eb('proposal_id', 'in', proposalIds)] : []),
    ]),
  ])
}
