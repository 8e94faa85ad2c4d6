// The e-mails that belong to a data subject, for both the export and the erasure: every e-mail of
// the account sent to one of the subject's addresses, and every e-mail about its documents.
import { type Expression, type ExpressionBuilder, sql, type SqlBool } from 'kysely'
import type { Db } from '../../platform/db/connect.js'
import type { Database } from '../../platform/db/schema.js'
import { idList, textList } from '../../platform/db/value-list.js'
import { type DataSubject, subjectEmails } from './data-subject.js'

/**
 * The filter on outbox_emails (account scope included), or null when the subject can have none:
 * the ids of the two kinds, each found through its own index (migration 018), then the e-mails
 * by id. As one condition (`account_id = ? and (address in … or document in …)`) both databases
 * read every e-mail of the account instead; and with the account also named outside the ids,
 * SQLite walked the account's index range testing each id against the list.
 */
export function subjectOutboxFilter(db: Db, subject: DataSubject): ((eb: ExpressionBuilder<Database, 'outbox_emails'>) => Expression<SqlBool>) | null {
  const addresses = subjectEmails(subject)
  const proposalIds = subject.proposals.map((proposal) => proposal.id)
  if (addresses.length === 0 && proposalIds.length === 0) return null
  return (eb) => {
    const accountEmails = () => eb.selectFrom('outbox_emails').select('id').where('account_id', '=', subject.accountId)
    const sentToSubject = addresses.length > 0 ? accountEmails().where(sql<string>`lower(to_address)`, 'in', textList(db, addresses)) : null
    const aboutItsDocuments = proposalIds.length > 0 ? accountEmails().where('proposal_id', 'in', idList(db, proposalIds)) : null
    const ids = sentToSubject && aboutItsDocuments ? sentToSubject.union(aboutItsDocuments) : (sentToSubject ?? aboutItsDocuments)!
    return eb('id', 'in', ids)
  }
}
