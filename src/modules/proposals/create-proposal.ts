// Creating a sales document (DESIGN.md §3.4), shared by the API and the web app. Everything runs
// in one transaction that reads the catalogue rows and then takes the next number (the account's
// row lock): the number, the customer upsert, the rows and the history entry commit together,
// and any failure leaves no trace (not even a consumed number). Every reference problem is
// collected before failing, so one 422 names them all.
import { randomUUID } from 'node:crypto'
import type { Db } from '../../platform/db/connect.js'
import { type Clock, isoNow } from '../../platform/clock.js'
import type { SignatureType } from '../../platform/db/schema.js'
import type { CustomerInput } from '../customers/customer-input.js'
import { consumeCreationQuota, type QuotaState } from '../integrations/monthly-quota.js'
import type { Actor } from './actor.js'
import { prepareProposalContent } from './proposal-content-writes.js'
import { insertNewProposal } from './insert-new-proposal.js'
import { takeNextProposalNumber } from './proposal-number.js'
import { lookUpCatalogue } from './check-proposal-input.js'
import { recordProposalEventOf } from '../lifecycle/action-context.js'

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

export async function createProposal(db: Db, context: CreationContext, input: CreateProposalInput): Promise<CreatedProposal> {
  return db.transaction().execute(async (trx) => {
    const { accountId } = context
    // Before the account row lock below, which every creation of the account waits for until this
    // one commits: these reads need no serialisation. (A product deactivated or repriced while
    // this creation waits for the lock may still apply: it held when the request was read. The
    // seller is read under the lock, and the creation limit by the statement that takes it.)
    const catalogue = await lookUpCatalogue(trx, accountId, input)
    const { number, creationLimit } = await takeNextProposalNumber(trx, accountId)
    // After the account row lock: the quota check and its increment, the customer's once-only
    // creation and the external_reference check are serialised per account.
    const quota = context.countsAgainstQuota ? await consumeCreationQuota(trx, context.clock, { id: accountId, timeZone: context.timeZone }, creationLimit) : null
    const content = await prepareProposalContent(trx, context, input, { catalogue })
    const now = isoNow(context.clock)
    const externalUuid = randomUUID()
    const id = await insertNewProposal(
      trx,
      {
        ...content.columns,
        account_id: accountId,
        number,
        external_uuid: externalUuid,
        status: 'draft',
        created_via: context.via,
        api_token_id: context.actor.type === 'api_token' ? context.actor.id : null,
        created_by_user_id: context.actor.type === 'user' ? context.actor.id : null,
        created_at: now,
        updated_at: now,
      },
      content,
      { type: 'created', actor: context.actor, data: { via: context.via, number, total_cents: content.totals.total_cents }, at: now },
    )
    // Its summary from what was just written, not read back: one statement less under the lock.
    const written = { id, number, status: 'draft' as const, external_uuid: externalUuid, external_reference: content.columns.external_reference, total_cents: content.totals.total_cents }
    await recordProposalEventOf(trx, context.clock, accountId, written, 'proposal.created')
    await context.onCreated?.(trx, { id, number })
    return { id, number, quota }
  })
}
