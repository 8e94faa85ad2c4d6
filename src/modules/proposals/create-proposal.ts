// Creating a sales document (DESIGN.md §3.4), shared by the API and the web app. Everything runs
// in one transaction that starts by taking the next number: the number, the customer upsert,
// the rows and the history entry commit together, and any failure leaves no trace (not even a
// consumed number). Every reference problem is collected before failing, so one 422 names them all.
import { randomUUID } from 'node:crypto'
import type { Db } from '../../platform/db/connect.js'
import { type Clock, isoNow } from '../../platform/clock.js'
import type { ProposalsTable, SignatureType } from '../../platform/db/schema.js'
import { preparedInsert } from '../../platform/db/prepared-query.js'
import type { Insertable } from 'kysely'
import type { CustomerInput } from '../customers/customer-input.js'
import { consumeCreationQuota, type QuotaState } from '../integrations/monthly-quota.js'
import type { Actor } from './actor.js'
import { insertProposalChildren, prepareProposalContent, PROPOSAL_CONTENT_COLUMNS, recordProposalEvent } from './proposal-content-writes.js'
import { takeNextProposalNumber } from './proposal-number.js'
import { recordProposalDomainEvent } from '../lifecycle/action-context.js'

export type FieldValue = string | number | boolean | null

export interface CreateProposalInput {
  title?: string
  template_id: number
  signature_type: SignatureType
  payment_method_id: number
  installments?: number
  seller_id?: number
  customer: CustomerInput
  items: Array<{ product_id: number; quantity: number; unit_price_cents?: number; discount_cents?: number; description?: string | null }>
  signers?: Array<{ name: string; email: string; cpf?: string | null; phone?: string | null; role_id: number; signing_order?: number }>
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
  /** Runs inside the creating transaction once the rows are written (e.g. to bind an idempotency key). */
  onCreated?: (trx: Db, created: { id: number; number: number }) => Promise<void>
}

export interface CreatedProposal {
  id: number
  number: number
  /** The quota after this creation, when it counted against it. */
  quota: QuotaState | null
}

// Built once (prepared-query.ts); the columns a new document sets, the content's and the creation's.
const insertProposal = preparedInsert<Insertable<ProposalsTable>>('proposals', [
  ...PROPOSAL_CONTENT_COLUMNS,
  'account_id', 'number', 'external_uuid', 'status', 'created_via', 'api_token_id', 'created_by_user_id', 'created_at', 'updated_at',
])

export async function createProposal(db: Db, context: CreationContext, input: CreateProposalInput): Promise<CreatedProposal> {
  return db.transaction().execute(async (trx) => {
    const { accountId } = context
    const number = await takeNextProposalNumber(trx, accountId)
    // After the account row lock: the quota check and its increment are serialised per account.
    const quota = context.countsAgainstQuota ? await consumeCreationQuota(trx, context.clock, { id: accountId, timeZone: context.timeZone }) : null
    const content = await prepareProposalContent(trx, context, input)
    const now = isoNow(context.clock)
    const id = await insertProposal.returningId(trx, {
      ...content.columns,
      account_id: accountId,
      number,
      external_uuid: randomUUID(),
      status: 'draft',
      created_via: context.via,
      api_token_id: context.actor.type === 'api_token' ? context.actor.id : null,
      created_by_user_id: context.actor.type === 'user' ? context.actor.id : null,
      created_at: now,
      updated_at: now,
    })

    await insertProposalChildren(trx, accountId, id, content, now)
    await recordProposalEvent(trx, accountId, id, { type: 'created', actor: context.actor, data: { via: context.via, number, total_cents: content.totals.total_cents }, at: now })
    await recordProposalDomainEvent(trx, context.clock, accountId, id, 'proposal.created')
    await context.onCreated?.(trx, { id, number })
    return { id, number, quota }
  })
}
