// The account's payment methods as the registration screens edit them. Like every catalogue row
// they are deactivated, never deleted (documents reference them); the API offers active ones only.
// Names are unique within the account ignoring case, as signer roles' are (manage-signer-roles.ts),
// compared in JavaScript because SQLite's lower() folds ASCII only; the document form lists them by
// name. Checked here, not by a unique index: accounts may already hold duplicates, which a
// migration adding one would fail on. Such a legacy duplicate can still be edited under its name.
import type { Db } from '../../platform/db/connect.js'
import type { ActivityActor } from '../accounts/account-activity.js'
import { writeCatalogEntry } from './catalog-activity.js'
import { type Clock, isoNow } from '../../platform/clock.js'
import type { PaymentMethodKind } from '../../platform/db/schema.js'
import { type FieldErrors, type SaveResult, accountRows, checkText } from './catalog-text.js'
import { MAX_TERM_DAYS } from '../proposals/payment-schedule.js'

export const PAYMENT_METHOD_KINDS: readonly PaymentMethodKind[] = ['pix', 'boleto', 'credit_card', 'bank_transfer', 'other']
/** The API accepts `installments` up to 120 (POST /proposals), so a method allows at most that. */
export const MAX_INSTALLMENTS = 120

export interface PaymentMethodRow {
  id: number
  name: string
  kind: PaymentMethodKind
  max_installments: number
  first_due_days: number
  installment_interval_days: number
  /** A date on no banking day moves to the next one (proposals/banking-days.ts). */
  due_on_business_days: boolean
  active: boolean
}

export interface PaymentMethodInput {
  name: string
  kind: string
  /** As typed: a whole number from 1 to MAX_INSTALLMENTS. */
  max_installments: string
  /** As typed: days from the signature to the first installment, 0 to MAX_TERM_DAYS. */
  first_due_days: string
  /** As typed: days between installments, 1 to MAX_TERM_DAYS. */
  installment_interval_days: string
  due_on_business_days: boolean
  active: boolean
}

export type PaymentMethodField = 'name' | 'kind' | 'max_installments' | 'first_due_days' | 'installment_interval_days'

const COLUMNS = ['id', 'name', 'kind', 'max_installments', 'first_due_days', 'installment_interval_days', 'due_on_business_days', 'active'] as const

function toRow(row: Omit<PaymentMethodRow, 'active' | 'due_on_business_days'> & { active: unknown; due_on_business_days: unknown }): PaymentMethodRow {
  return { ...row, due_on_business_days: Boolean(row.due_on_business_days), active: Boolean(row.active) }
}

export const { list: listPaymentMethods, find: findPaymentMethod } = accountRows(
  (db, accountId) => db.selectFrom('payment_methods').select(COLUMNS).where('account_id', '=', accountId),
  toRow,
)

function foldName(name: string): string {
  return name.trim().toLocaleLowerCase('pt-BR')
}

/** Another of the account's methods (inactive ones too) has this name, and the row `id` is not keeping its own. */
async function nameTaken(db: Db, accountId: number, id: number | undefined, name: string): Promise<boolean> {
  const rows = await db.selectFrom('payment_methods').select(['id', 'name']).where('account_id', '=', accountId).execute()
  const folded = foldName(name)
  const own = rows.find((row) => row.id === id)
  if (own !== undefined && foldName(own.name) === folded) return false
  return rows.some((row) => row.id !== id && foldName(row.name) === folded)
}

/** A whole number typed into a form, from `min` to `max`; 'required' when blank, 'out_of_range' for anything else. */
function wholeNumber(text: string, min: number, max: number): number | 'required' | 'out_of_range' {
  const trimmed = text.trim()
  if (trimmed === '') return 'required'
  const value = /^\d{1,4}$/.test(trimmed) ? Number(trimmed) : NaN
  return value >= min && value <= max ? value : 'out_of_range'
}

/**
 * Creates (id undefined) or updates the account's payment method; a missing or foreign id is
 * notFound. With `by`, the account's activity records the creation or what the update changed.
 */
export async function savePaymentMethod(db: Db, clock: Clock, accountId: number, id: number | undefined, input: PaymentMethodInput, by?: ActivityActor): Promise<SaveResult<PaymentMethodField>> {
  const errors: FieldErrors<PaymentMethodField> = {}
  const name = checkText(input.name, 120)
  if (name.error) errors.name = name.error
  else if (await nameTaken(db, accountId, id, name.value)) errors.name = 'name_taken'
  if (!(PAYMENT_METHOD_KINDS as readonly string[]).includes(input.kind)) errors.kind = input.kind === '' ? 'required' : 'invalid_choice'
  const installments = wholeNumber(input.max_installments, 1, MAX_INSTALLMENTS)
  if (typeof installments === 'string') errors.max_installments = installments === 'required' ? installments : 'invalid_installments'
  const firstDue = wholeNumber(input.first_due_days, 0, MAX_TERM_DAYS)
  if (typeof firstDue === 'string') errors.first_due_days = firstDue === 'required' ? firstDue : 'invalid_first_due_days'
  const interval = wholeNumber(input.installment_interval_days, 1, MAX_TERM_DAYS)
  if (typeof interval === 'string') errors.installment_interval_days = interval === 'required' ? interval : 'invalid_interval_days'
  if (Object.keys(errors).length > 0) return { ok: false, errors }

  const values = {
    name: name.value,
    kind: input.kind as PaymentMethodKind,
    max_installments: installments as number,
    first_due_days: firstDue as number,
    installment_interval_days: interval as number,
    due_on_business_days: input.due_on_business_days,
    active: input.active,
  }
  const now = isoNow(clock)
  return writeCatalogEntry(db, clock, accountId, id, by, {
    kind: 'payment_method',
    label: values.name,
    values,
    recheck: async (trx) => ((await nameTaken(trx, accountId, id, values.name)) ? { name: 'name_taken' } : undefined),
    insert: async (trx) => (await trx.insertInto('payment_methods').values({ account_id: accountId, ...values, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow()).id,
    readBefore: async (trx, existing) => {
      const row = await trx.selectFrom('payment_methods').select(['name', 'kind', 'max_installments', 'first_due_days', 'installment_interval_days', 'due_on_business_days', 'active'])
        .where('account_id', '=', accountId).where('id', '=', existing).executeTakeFirst()
      return row && { ...row, due_on_business_days: Boolean(row.due_on_business_days), active: Boolean(row.active) }
    },
    update: async (trx, existing) => {
      await trx.updateTable('payment_methods').set({ ...values, updated_at: now }).where('account_id', '=', accountId).where('id', '=', existing).execute()
    },
  })
}
