// Creating registration data: products/services, payment methods, templates and signer roles.
// Used by the demo seed, the test factories and (later) the web app's registration screens.
import type { Db } from '../../platform/db/connect.js'
import { type Clock, isoNow } from '../../platform/clock.js'
import type { PaymentMethodKind } from '../../platform/db/schema.js'
import { productSearchKeys } from './product-search-keys.js'
import { insertTemplateVersion } from './template-versions.js'
import { recordCatalogCreation } from './catalog-activity.js'
import type { ActivityActor } from '../accounts/account-activity.js'
import { inTransaction } from '../../platform/db/in-transaction.js'

export interface NewProduct {
  code: string
  name: string
  kind: 'product' | 'service'
  unit: string
  price_cents: number
  description?: string | null
  active?: boolean
}

export async function createProduct(db: Db, clock: Clock, accountId: number, input: NewProduct): Promise<{ id: number }> {
  const now = isoNow(clock)
  return db
    .insertInto('products')
    .values({ account_id: accountId, ...input, ...productSearchKeys(input), description: input.description ?? null, active: input.active ?? true, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
}

export async function createPaymentMethod(
  db: Db,
  clock: Clock,
  accountId: number,
  input: { name: string; kind: PaymentMethodKind; max_installments: number; first_due_days?: number; installment_interval_days?: number; due_on_business_days?: boolean; active?: boolean },
): Promise<{ id: number }> {
  const now = isoNow(clock)
  return db
    .insertInto('payment_methods')
    .values({ account_id: accountId, ...input, active: input.active ?? true, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
}

/** A new template and its version 1 (template-versions.ts), written together; with `by`, recorded in the account's activity. */
export async function createTemplate(
  db: Db,
  clock: Clock,
  accountId: number,
  input: { name: string; description?: string | null; body: string; active?: boolean },
  by?: ActivityActor,
): Promise<{ id: number }> {
  const now = isoNow(clock)
  const content = { name: input.name, description: input.description ?? null, body: input.body, active: input.active ?? true }
  return inTransaction(db, async (trx) => {
    const created = await trx.insertInto('templates').values({ account_id: accountId, ...content, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow()
    await insertTemplateVersion(trx, accountId, created.id, 1, content, { at: now, by })
    await recordCatalogCreation(trx, clock, accountId, by, 'template', { id: created.id, label: content.name }, { version: 1 })
    return created
  })
}

export async function createSignerRole(db: Db, clock: Clock, accountId: number, input: { name: string; active?: boolean }): Promise<{ id: number }> {
  const now = isoNow(clock)
  return db
    .insertInto('signer_roles')
    .values({ account_id: accountId, name: input.name, active: input.active ?? true, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
}
