// The part of a document's write that creation and draft editing share: check the content
// (every problem collected into one 422), refuse an external_reference another document holds,
// upsert the customer, price the lines; then write the children and the history entry. Both
// callers run these inside their own transaction, after their own locks.
import type { Db } from '../../platform/db/connect.js'
import { idList } from '../../platform/db/value-list.js'
import type { ProposalEventsTable, ProposalEventType, ProposalItemsTable, ProposalSignersTable, ProposalsTable } from '../../platform/db/schema.js'
import { AppError, FieldErrors } from '../../platform/errors.js'
import { applyCustomerInput } from '../customers/customer-input.js'
import type { Actor } from './actor.js'
import { checkProposalInput, type InputScope } from './check-proposal-input.js'
import type { ActiveCatalogueRows } from '../catalog/catalog-lookups.js'
import type { CreateProposalInput } from './create-proposal.js'
import { findProposalIdByExternalReference } from './proposal-repository.js'
import { documentTotals, lineTotalCents, type Totals } from './proposal-totals.js'
import { preparedInsert } from '../../platform/db/prepared-query.js'
import { settleAll } from '../../platform/settle-all.js'
import type { Insertable, Selectable } from 'kysely'
import { recordCustomerWrite } from '../customers/customer-events.js'

type CheckedContent = Awaited<ReturnType<typeof checkProposalInput>>

/** The proposals columns the content decides, for an insert or an update. */
export const PROPOSAL_CONTENT_COLUMNS = [
  'external_reference', 'title', 'customer_id', 'seller_id', 'template_id', 'signature_type', 'payment_method_id',
  'installments', 'first_due_days', 'installment_interval_days', 'custom_payment_terms', 'due_on_business_days', 'down_payment_cents', 'down_payment_due_days', 'subtotal_cents', 'discount_cents', 'total_cents', 'fields_json', 'copy_to_json', 'notes', 'valid_until',
] as const satisfies ReadonlyArray<keyof ProposalsTable>

export interface PreparedContent {
  // (A boolean as written; SQLite reads it back as 0 or 1.)
  columns: Omit<Pick<Selectable<ProposalsTable>, (typeof PROPOSAL_CONTENT_COLUMNS)[number]>, 'custom_payment_terms' | 'due_on_business_days'> & { custom_payment_terms: boolean; due_on_business_days: boolean }
  lines: CheckedContent['lines']
  signerRows: CheckedContent['signerRows']
  totals: Totals
}

/**
 * Checks and prices `input`. `documentId`: the document being edited (it may keep its own
 * external_reference); `catalogue`: its catalogue rows, when the caller looked them up already.
 */
export async function prepareProposalContent(
  trx: Db,
  scope: InputScope,
  input: CreateProposalInput,
  { documentId, catalogue }: { documentId?: number; catalogue?: ActiveCatalogueRows } = {},
): Promise<PreparedContent> {
  const { accountId } = scope
  const errors = new FieldErrors()
  // The external_reference's owner is read with the rest (one round trip on PostgreSQL), but
  // reported only once the content itself is valid.
  const [{ template, paymentMethod, seller, installments, lines, signerRows, copyTo, customer }, existing] = await settleAll([
    checkProposalInput(trx, scope, input, errors, catalogue),
    input.external_reference == null ? undefined : findProposalIdByExternalReference(trx, accountId, input.external_reference),
  ])
  errors.throwIfAny()

  if (input.external_reference != null) {
    if (existing !== undefined && existing.id !== documentId) {
      throw new AppError('duplicate_external_reference', `Document ${existing.id} (number ${existing.number}) already has external_reference "${input.external_reference}".`, {
        existing_proposal: existing,
      })
    }
  }

  const customerWrite = await applyCustomerInput(trx, scope.clock, accountId, input.customer, customer!)
  // Inline data registers or changes the customer; a reference (the benchmarked creation's) writes nothing.
  await recordCustomerWrite(trx, scope.clock, accountId, customerWrite)
  const customerRow = customerWrite.row
  const totals = documentTotals(lines)
  return {
    columns: {
      external_reference: input.external_reference ?? null,
      title: input.title?.trim() || defaultTitle(template!.name, customerRow.name),
      customer_id: customerRow.id,
      seller_id: seller?.id ?? null,
      template_id: template!.id,
      signature_type: input.signature_type,
      payment_method_id: paymentMethod!.id,
      installments,
      // Its own terms, or the method's as they are now: a later change to the method leaves this document's alone.
      first_due_days: (input.payment_terms ?? paymentMethod!).first_due_days,
      installment_interval_days: (input.payment_terms ?? paymentMethod!).installment_interval_days,
      custom_payment_terms: input.payment_terms != null,
      // The means of payment decides whether a date moves to a banking day, whoever set the days.
      due_on_business_days: paymentMethod!.due_on_business_days,
      down_payment_cents: input.down_payment_cents ?? 0,
      // Its days belong to it: none without one.
      down_payment_due_days: input.down_payment_cents ? (input.down_payment_due_days ?? 0) : 0,
      subtotal_cents: totals.subtotal_cents,
      discount_cents: totals.discount_cents,
      total_cents: totals.total_cents,
      fields_json: JSON.stringify(input.fields ?? {}),
      copy_to_json: JSON.stringify(copyTo),
      notes: input.notes ?? null,
      valid_until: input.valid_until ?? null,
    },
    lines,
    signerRows,
    totals,
  }
}

/** The longest title the API and the web form accept. */
const TITLE_MAX_CHARS = 200

/**
 * The title of a document created without one: "<template> — <customer>", cut to the length a
 * title may have (a long customer name had made a title the API then refused to take back).
 */
export function defaultTitle(templateName: string, customerName: string): string {
  return [...`${templateName} — ${customerName}`].slice(0, TITLE_MAX_CHARS).join('')
}

/** The document's item rows as written, less the account and the document they belong to. */
export function itemValues(content: PreparedContent) {
  return content.lines.map((line, position) => ({ ...line, position, total_cents: lineTotalCents(line) }))
}

/** The document's signer rows as written, less the account and the document they belong to. */
export function signerValues(content: PreparedContent, now: string) {
  return content.signerRows.map((signer) => ({ ...signer, status: 'pending' as const, signed_at: null, created_at: now }))
}

/** Inserts a new document's items and signers. */
export async function insertProposalChildren(trx: Db, accountId: number, proposalId: number, content: PreparedContent, now: string): Promise<void> {
  const owner = { account_id: accountId, proposal_id: proposalId }
  await insertItems.runMany(trx, itemValues(content).map((item) => ({ ...item, ...owner })))
  await insertSigners.runMany(trx, signerValues(content, now).map((signer) => ({ ...signer, ...owner })))
}

// What a draft's edit compares to decide whether a list changed (a draft's signers are all
// pending, unsigned; their creation time is no content).
const ITEM_CONTENT = ['position', 'product_id', 'code', 'name', 'description', 'unit', 'quantity_milli', 'unit_price_cents', 'discount_cents', 'total_cents'] as const
const SIGNER_CONTENT = ['name', 'email', 'cpf', 'phone', 'role_id', 'signing_order', 'authentication'] as const

function sameRows(stored: ReadonlyArray<Record<string, unknown>>, wanted: ReadonlyArray<Record<string, unknown>>, columns: readonly string[]): boolean {
  const cell = (value: unknown) => (value === null || value === undefined ? null : String(value))
  return stored.length === wanted.length && stored.every((row, index) => columns.every((column) => cell(row[column]) === cell(wanted[index]![column])))
}

/**
 * A draft's items and signers after an edit, each list rewritten only when it changed: an edit of
 * other fields (a PATCH of the notes) keeps their ids, which integrations store.
 */
export async function replaceProposalChildren(trx: Db, accountId: number, proposalId: number, content: PreparedContent, now: string): Promise<void> {
  const owner = { account_id: accountId, proposal_id: proposalId }
  const items = itemValues(content)
  const storedItems = await trx.selectFrom('proposal_items').select(ITEM_CONTENT).where('account_id', '=', accountId).where('proposal_id', '=', proposalId).orderBy('position').execute()
  if (!sameRows(storedItems, items, ITEM_CONTENT)) {
    await trx.deleteFrom('proposal_items').where('account_id', '=', accountId).where('proposal_id', '=', proposalId).execute()
    await insertItems.runMany(trx, items.map((item) => ({ ...item, ...owner })))
  }
  const signers = signerValues(content, now)
  const storedSigners = await trx.selectFrom('proposal_signers').select(SIGNER_CONTENT).where('account_id', '=', accountId).where('proposal_id', '=', proposalId).orderBy('id').execute()
  if (!sameRows(storedSigners, signers, SIGNER_CONTENT)) {
    await trx.deleteFrom('proposal_signers').where('account_id', '=', accountId).where('proposal_id', '=', proposalId).execute()
    await insertSigners.runMany(trx, signers.map((signer) => ({ ...signer, ...owner })))
  }
}

// Draft saves, and creations on SQLite, write these: built once per row count (prepared-query.ts).
const insertItems = preparedInsert<Insertable<ProposalItemsTable>>('proposal_items', [
  'account_id', 'proposal_id', 'position', 'product_id', 'code', 'name', 'description', 'unit', 'quantity_milli', 'unit_price_cents', 'discount_cents', 'total_cents',
])
const insertSigners = preparedInsert<Insertable<ProposalSignersTable>>('proposal_signers', [
  'account_id', 'proposal_id', 'name', 'email', 'cpf', 'phone', 'role_id', 'signing_order', 'authentication', 'status', 'signed_at', 'created_at',
])

export interface HistoryEntry {
  type: ProposalEventType
  actor: Actor
  data: Record<string, unknown>
  at: string
}

/** A history entry's row as written, less the account and the document it belongs to. */
export function historyValues(event: HistoryEntry) {
  return {
    type: event.type,
    actor_type: event.actor.type,
    actor_id: event.actor.id,
    actor_name: event.actor.name,
    data_json: JSON.stringify(event.data),
    created_at: event.at,
  }
}

/**
 * Appends one entry to the document's history, and moves its `updated_at` to the entry's time: a
 * history entry is a change (a reminder, a corrected contact, an erasure…), and an
 * integrator syncing with `GET /proposals?updated_since=` must see every one, whichever action
 * made it. A creation's entry has the creation's own time already.
 */
export async function recordProposalEvent(trx: Db, accountId: number, proposalId: number, event: HistoryEntry): Promise<void> {
  await insertProposalEvent.run(trx, { account_id: accountId, proposal_id: proposalId, ...historyValues(event) })
  if (event.type !== 'created') await touchProposals(trx, accountId, [proposalId], event.at)
}

/**
 * Appends one entry to each document's history, in statements of at most 1,000 rows (the LGPD
 * erasure writes one per document of a customer), and moves their `updated_at` in one statement per
 * distinct time. The caller holds the documents' rows already (the erasure locks them first).
 */
export async function recordProposalEvents(trx: Db, accountId: number, entries: ReadonlyArray<{ proposalId: number; event: HistoryEntry }>): Promise<void> {
  const rows = entries.map(({ proposalId, event }) => ({ account_id: accountId, proposal_id: proposalId, ...historyValues(event) }))
  // Eight columns a row: 8,000 parameters a statement, under either database's bound.
  for (let first = 0; first < rows.length; first += 1_000) await trx.insertInto('proposal_events').values(rows.slice(first, first + 1_000)).execute()
  const byTime = new Map<string, number[]>()
  for (const { proposalId, event } of entries) {
    const ids = byTime.get(event.at)
    if (ids) ids.push(proposalId)
    else byTime.set(event.at, [proposalId])
  }
  for (const [at, proposalIds] of byTime) await touchProposals(trx, accountId, proposalIds, at)
}

/** `updated_at` moves forward only: an entry written with an earlier time never moves it back. */
async function touchProposals(trx: Db, accountId: number, proposalIds: number[], at: string): Promise<void> {
  const documents = trx.updateTable('proposals').set({ updated_at: at }).where('account_id', '=', accountId)
  const named = proposalIds.length === 1 ? documents.where('id', '=', proposalIds[0]!) : documents.where('id', 'in', idList(trx, proposalIds))
  await named.where('updated_at', '<', at).execute()
}

// Every document action writes history: built once (prepared-query.ts).
const insertProposalEvent = preparedInsert<Insertable<ProposalEventsTable>>('proposal_events', [
  'account_id', 'proposal_id', 'type', 'actor_type', 'actor_id', 'actor_name', 'data_json', 'created_at',
])
