// The catalogue's changes in the account's activity (accounts/account-activity.ts): a product's
// price, a payment method's terms, a role's or a template's name are what documents are built
// from, so who changed them, and from what to what, is governance too. Written in the save's own
// transaction; a save that changed nothing records nothing.
import { type ActivityActor, changedFields, inActivityTransaction, recordActivity, recordChanges } from '../accounts/account-activity.js'
import { lockAccount } from '../accounts/accounts.js'
import type { Clock } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import type { FieldErrors, SaveResult } from './catalog-text.js'

export type CatalogKind = 'product' | 'payment_method' | 'signer_role' | 'template'

export interface CatalogTarget {
  id: number
  label: string
}

/** A creation: what was created, with the details worth seeing at a glance (a product's price). */
export async function recordCatalogCreation(trx: Db, clock: Clock, accountId: number, by: ActivityActor | undefined, kind: CatalogKind, target: CatalogTarget, data: Record<string, unknown> = {}): Promise<void> {
  if (by) await recordActivity(trx, clock, accountId, by, { action: `${kind}.created`, target, data })
}

export interface CatalogWrite<T extends Record<string, unknown>, F extends string> {
  kind: CatalogKind
  /**
   * The checks against the account's other entries (a name or code taken), again under the lock:
   * the caller's first check ran before it, so two admins saving one name at once both passed it.
   */
  recheck?: (trx: Db) => Promise<FieldErrors<F> | undefined>
  /** How the activity names the entry (a product's code and name, another entry's name). */
  label: string
  /** The values saved, as `before` reads them (booleans as booleans). */
  values: T
  insert: (trx: Db) => Promise<number>
  /** The stored values of the entry with this id, or undefined for a missing or foreign one. */
  readBefore: (trx: Db, id: number) => Promise<T | undefined>
  update: (trx: Db, id: number) => Promise<void>
  /** What a creation's entry shows at a glance (a product's price). */
  creationData?: Record<string, unknown>
}

/**
 * Creates (id undefined) or updates one catalogue entry and records it in the account's activity
 * with `by`, all in one transaction under the account's lock: the creation, or the fields the
 * update changed. A missing or foreign id is notFound and writes nothing.
 */
export async function writeCatalogEntry<T extends Record<string, unknown>, F extends string>(
  db: Db,
  clock: Clock,
  accountId: number,
  id: number | undefined,
  by: ActivityActor | undefined,
  write: CatalogWrite<T, F>,
): Promise<SaveResult<F>> {
  return inActivityTransaction(db, by, async (trx) => {
    // First, on both paths: a creation's own trigger locks the account row after its insert
    // (catalog_version), so an edit locking it before its update and a creation racing it for
    // one code would each wait for the other (PostgreSQL's deadlock).
    // The account's lock, so two admins' saves are checked, written and recorded one after the
    // other, each from what the other saved (nothing to lock, or record, without an author).
    if (by) await lockAccount(trx, accountId)
    const errors = await write.recheck?.(trx)
    if (errors) return { ok: false, errors }
    if (id === undefined) {
      const created = await write.insert(trx)
      await recordCatalogCreation(trx, clock, accountId, by, write.kind, { id: created, label: write.label }, write.creationData)
      return { ok: true, id: created }
    }
    const before = await write.readBefore(trx, id)
    if (!before) return { ok: false, notFound: true }
    await write.update(trx, id)
    await recordChanges(trx, clock, accountId, by, { action: `${write.kind}.updated`, target: { id, label: write.label }, changes: changedFields(before, write.values) })
    return { ok: true, id }
  })
}
