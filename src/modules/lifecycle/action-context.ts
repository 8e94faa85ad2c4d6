// What every lifecycle action shares: who acts and from where, the row lock that serialises
// actions on one document, and the domain event (webhooks) each transition records.
import type { Selectable } from 'kysely'
import type { Clock } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import type { ProposalsTable } from '../../platform/db/schema.js'
import type { DomainEventType } from '../events/event-types.js'
import { recordDomainEvent } from '../events/record-domain-event.js'
import type { Actor } from '../proposals/actor.js'
import { proposalNotFound } from '../proposals/get-proposal.js'
import { preparedQuery } from '../../platform/db/prepared-query.js'

export interface ActionContext {
  accountId: number
  /** The account's time zone (the resend cap counts calendar days there). */
  timeZone: string
  clock: Clock
  actor: Actor
  /** PUBLIC_URL: the base of the signing links sent by e-mail. */
  publicUrl: string
  /** SMTP_URL is set, so e-mail leaves this installation (a signer may then sign with an e-mailed code); absent: it does not. */
  emailDelivery?: boolean
  /** Runs inside the action's transaction once it succeeded (e.g. to bind an idempotency key). */
  onCommitted?: (trx: Db) => Promise<void>
}

/** A lifecycle action's context, as the web app (a user) and the API (a token) build theirs alike. */
export function actionContextOf(
  scope: { accountId: number; timeZone: string },
  actor: Actor,
  installation: { clock: Clock; publicUrl: string; smtpUrl: string | null },
  onCommitted?: ActionContext['onCommitted'],
): ActionContext {
  const { clock, publicUrl, smtpUrl } = installation
  return { accountId: scope.accountId, timeZone: scope.timeZone, clock, actor, publicUrl, emailDelivery: smtpUrl !== null, ...(onCommitted ? { onCommitted } : {}) }
}

export type ProposalRow = Selectable<ProposalsTable>

/**
 * Reads the document for an action and locks it until the transaction ends. The no-op UPDATE is
 * the portable lock: a row lock on PostgreSQL (like SELECT … FOR UPDATE), and on SQLite it makes
 * the transaction a writer at once, which serialises it with every other writer.
 */
export async function lockProposal(trx: Db, accountId: number, id: number): Promise<ProposalRow> {
  const row = await trx
    .updateTable('proposals')
    .set((eb) => ({ status: eb.ref('status') }))
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
  if (!row) throw proposalNotFound(String(id))
  return row
}

const proposalRow = preparedQuery(2, (db, accountId: number, id: number) => db.selectFrom('proposals').selectAll().where('account_id', '=', accountId).where('id', '=', id))

export async function readProposal(db: Db, accountId: number, id: number): Promise<ProposalRow> {
  const [row] = await proposalRow(db, accountId, id)
  if (!row) throw proposalNotFound(String(id))
  return row
}

/** The document as webhook receivers see it (docs/LIFECYCLE.md, "Domain events"). */
export function proposalEventSummary(row: Pick<ProposalRow, 'id' | 'number' | 'status' | 'external_uuid' | 'external_reference' | 'total_cents'>) {
  return { id: row.id, number: row.number, status: row.status, external_uuid: row.external_uuid, external_reference: row.external_reference, total_cents: row.total_cents }
}

type SummarisedProposal = Parameters<typeof proposalEventSummary>[0]

/** Records `type` for the document whose summary fields the caller holds (creation: what it just wrote). */
export function recordProposalEventOf(trx: Db, clock: Clock, accountId: number, row: SummarisedProposal, type: DomainEventType, extra: Record<string, unknown> = {}): Promise<string> {
  return recordDomainEvent(trx, clock, { accountId, type, proposalId: row.id, data: { proposal: proposalEventSummary(row), ...extra } })
}

/** Records `type` for the document as it is now (read inside the transaction, after the write). */
export async function recordProposalDomainEvent(trx: Db, clock: Clock, accountId: number, proposalId: number, type: DomainEventType, extra: Record<string, unknown> = {}): Promise<string> {
  return recordProposalEventOf(trx, clock, accountId, await readProposal(trx, accountId, proposalId), type, extra)
}
