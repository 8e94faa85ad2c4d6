// Creating a sales document (DESIGN.md §3.4), shared by the API and the web app. Everything runs
// in one transaction that reads the catalogue rows and then takes the next number (the account's
// row lock): the number, the customer upsert, the rows and the history entry commit together,
// and any failure leaves no trace (not even a consumed number). Every reference problem is
// collected before failing, so one 422 names them all.
import type { PaymentTerms } from './payment-schedule.js'
import { randomUUID } from 'node:crypto'
import type { Db } from '../../platform/db/connect.js'
import { type Clock, isoNow } from '../../platform/clock.js'
import type { SignatureType, SignerAuthentication } from '../../platform/db/schema.js'
import type { CustomerInput } from '../customers/customer-input.js'
import { consumeCreationQuota, type QuotaState } from '../integrations/monthly-quota.js'
import type { Actor } from './actor.js'
import { prepareProposalContent } from './proposal-content-writes.js'
import { insertNewProposal, reserveProposalId } from './insert-new-proposal.js'
import { takeNextProposalNumber } from './proposal-number.js'
import { lookUpCatalogue } from './check-proposal-input.js'
import { recordProposalEventOf } from '../lifecycle/action-context.js'
import { settleAll } from '../../platform/settle-all.js'
import { isPostgres } from '../../platform/db/dialect-of.js'
import { inGroupCommit } from '../../platform/db/postgres-group-commit.js'

export type FieldValue = string | number | boolean | null

export interface CreateProposalInput {
  title?: string
  template_id: number
  signature_type: SignatureType
  payment_method_id: number
  installments?: number
  /** Terms negotiated for this document; absent or null: its payment method's (payment-schedule.ts). */
  payment_terms?: PaymentTerms | null
  /** Paid before the installments, which split the rest (on signing, or `down_payment_due_days` after it); absent, null or 0: none. */
  down_payment_cents?: number | null
  /** Days after the signature the down payment falls due; absent, null or 0: on signing. Only with a down payment. */
  down_payment_due_days?: number | null
  seller_id?: number
  customer: CustomerInput
  items: Array<{ product_id: number; quantity: number; unit_price_cents?: number; discount_cents?: number; description?: string | null }>
  signers?: Array<{ name: string; email: string; cpf?: string | null; phone?: string | null; role_id: number; signing_order?: number; authentication?: SignerAuthentication }>
  /** Addresses that receive the signed copy of a digital document (copy-recipients.ts). */
  copy_to?: string[]
  valid_until?: string | null
  notes?: string | null
  fields?: Record<string, FieldValue>
  external_reference?: string | null
}

export interface CreationContext {
  accountId: number
  timeZone: string
  clock: Clock
  via: 'api' | 'web'
  actor: Actor
  /** API creations count against the monthly quota, checked and counted in this transaction. */
  countsAgainstQuota?: boolean
  /**
   * Runs inside the creating transaction, its statements issued after the document's (e.g. to bind
   * an idempotency key); on PostgreSQL they go in the same round trip. A failure undoes the creation.
   */
  onCreated?: (trx: Db, created: { id: number; number: number }) => Promise<void>
}

export interface CreatedProposal {
  id: number
  number: number
  /** The quota after this creation, when it counted against it. */
  quota: QuotaState | null
}

export async function createProposal(db: Db, context: CreationContext, input: CreateProposalInput): Promise<CreatedProposal> {
  // PostgreSQL: creations of one account are serialised by its row lock anyway, so this process's
  // commit together (postgres-group-commit.ts), each in a savepoint. SQLite groups its own commits
  // (sqlite-group-commit.ts).
  if (isPostgres(db)) return inGroupCommit(db, context.accountId, (trx) => createWithin(trx, context, input))
  return db.transaction().execute((trx) => createWithin(trx, context, input))
}

// The account's row lock (proposal-number.ts) is held from the statement that takes the number
// until the commit, and every other creation of the account waits for it, so on PostgreSQL the
// statements under it go in as few round trips as they can (withConcurrentStatements: statements
// issued together leave together, in the order issued, and PostgreSQL runs them in that order):
//   1. the number's statement, and behind it the content's reads that must see what committed
//      before the lock was granted (the seller, the customer, the external_reference's owner);
//   2. the quota's count, the document with its rows, its history event, the idempotency key's
//      binding (the id was taken from the sequence before the lock, so nothing waits for it);
//   3. the commit, which on PostgreSQL is its group's (postgres-group-commit.ts): after the first
//      creation of a group the lock is held already, and the next ones run 1 and 2 in savepoints.
// On SQLite the same code runs its statements one by one, in-process, with the id from the insert.
async function createWithin(trx: Db, context: CreationContext, input: CreateProposalInput): Promise<CreatedProposal> {
  const { accountId } = context
  // Before the lock: reads that need no serialisation. (A product deactivated or repriced while
  // this creation waits for the lock may still apply: it held when the request was read.)
  const [catalogue, reservedId] = await settleAll([lookUpCatalogue(trx, accountId, input), reserveProposalId(trx)])
  const [taken, prepared] = await Promise.allSettled([takeNextProposalNumber(trx, accountId), prepareProposalContent(trx, context, input, { catalogue })])
  if (taken.status === 'rejected') throw taken.reason
  const { number, creationLimit } = taken.value
  // Serialised per account by the lock: the quota's check and count (atomic on its own anyway).
  const countQuota = () => (context.countsAgainstQuota ? consumeCreationQuota(trx, context.clock, { id: accountId, timeZone: context.timeZone }, creationLimit) : Promise.resolve(null))
  // An exhausted quota is the answer even to a request whose content is also wrong: it does not
  // depend on the content, and the client must wait rather than resend a corrected request.
  if (prepared.status === 'rejected') {
    await countQuota()
    throw prepared.reason
  }
  const content = prepared.value
  const now = isoNow(context.clock)
  const externalUuid = randomUUID()
  const row = {
    ...content.columns,
    account_id: accountId,
    number,
    external_uuid: externalUuid,
    status: 'draft' as const,
    created_via: context.via,
    api_token_id: context.actor.type === 'api_token' ? context.actor.id : null,
    created_by_user_id: context.actor.type === 'user' ? context.actor.id : null,
    created_at: now,
    updated_at: now,
  }
  const history = { type: 'created' as const, actor: context.actor, data: { via: context.via, number, total_cents: content.totals.total_cents }, at: now }
  // The document's summary for its event from what is written, not read back.
  const written = (id: number) => ({ id, number, status: 'draft' as const, external_uuid: externalUuid, external_reference: row.external_reference, total_cents: content.totals.total_cents })
  const recordWritten = (id: number) => settleAll([recordProposalEventOf(trx, context.clock, accountId, written(id), 'proposal.created'), context.onCreated?.(trx, { id, number })])
  if (reservedId === null) {
    const [quota, id] = await settleAll([countQuota(), insertNewProposal(trx, row, content, history)])
    await recordWritten(id)
    return { id, number, quota }
  }
  // The document's statement is issued first: its event and the key's binding refer to it.
  const [quota] = await settleAll([countQuota(), insertNewProposal(trx, { ...row, id: reservedId }, content, history), recordWritten(reservedId)])
  return { id: reservedId, number, quota }
}
