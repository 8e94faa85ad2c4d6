// The account's own settings, which its admins change (Configurações → Conta): the company name
// (on documents, e-mails and `{{ account.name }}`), its CNPJ (or CPF), address and contacts (on
// its documents and in templates), and the time zone in which its dates, months (dashboard, API
// quota, request log filters) and validity days are counted; and how the signers are addressed:
// the automatic reminders and the usual message to them (send-proposal.ts); and who else receives
// every signed copy (finalize-signed-proposal.ts); and the largest discount a draft may carry
// without an admin's approval (discount-approval.ts).
import { isEmailAddress, isPhoneNumber } from '../../platform/contact-formats.js'
import type { Db } from '../../platform/db/connect.js'
import type { AccountsTable } from '../../platform/db/schema.js'
import type { Selectable } from 'kysely'
import { type Clock, isoNow } from '../../platform/clock.js'
import { parseDocument } from '../customers/brazilian-documents.js'
import { announceApiTokenChange } from '../integrations/api-token-cache.js'
import { AUTO_REMINDER_DAYS } from '../lifecycle/automatic-reminders.js'
import { checkSignerMessage } from '../lifecycle/signer-correspondence.js'
import { settleDiscountRequests } from '../lifecycle/discount-approval.js'
import { parseDiscountLimit } from '../lifecycle/discount-rule.js'
import { type CopyListProblem, copyListProblem, parseCopyTo, splitCopyList } from '../proposals/copy-recipients.js'
import { findAccount, lockAccount } from './accounts.js'
import { MAX_NAME_LENGTH } from './sign-up.js'
import { type ActivityActor, changedFields, recordChanges } from './account-activity.js'
import { inTransaction } from '../../platform/db/in-transaction.js'

/**
 * Brazil's time zones (IANA), east to west. Brazil has kept no daylight saving time since 2019,
 * but the zones still differ from UTC−2 (Fernando de Noronha) to UTC−5 (Acre), and the states
 * in one offset keep their own zone for their history.
 */
export const BRAZIL_TIME_ZONES = [
  'America/Noronha',
  'America/Sao_Paulo',
  'America/Bahia',
  'America/Fortaleza',
  'America/Recife',
  'America/Maceio',
  'America/Belem',
  'America/Santarem',
  'America/Araguaina',
  'America/Cuiaba',
  'America/Campo_Grande',
  'America/Manaus',
  'America/Porto_Velho',
  'America/Boa_Vista',
  'America/Rio_Branco',
  'America/Eirunepe',
] as const

export interface AccountSettingsInput {
  name: string
  timeZone: string
  /** Optional company data: '' leaves it empty. */
  document: string
  address: string
  phone: string
  email: string
  /** Every how many days the automatic reminders go, as typed: '' for never, or one of AUTO_REMINDER_DAYS. */
  autoReminderDays: string
  /** The usual message to the signers, as typed: '' for none. */
  defaultSignerMessage: string
  /** Addresses that get every signed document's copy, as typed (one per line): '' for none. */
  signedCopyTo: string
  /** The largest discount without an admin's approval, a percentage as typed: '' for no approvals. */
  discountApprovalAbove: string
}

export type AccountSettingsField = 'name' | 'time_zone' | 'document' | 'address' | 'phone' | 'email' | 'auto_reminder_days' | 'default_signer_message' | 'signed_copy_to' | 'discount_approval_above'
type SettingsProblem = 'required' | 'too_long' | 'unknown_time_zone' | 'invalid_document' | 'invalid_phone' | 'invalid_email' | 'unknown_reminder_interval' | 'refused_characters' | 'invalid_percentage'
export type AccountSettingsErrors = Partial<Record<Exclude<AccountSettingsField, 'signed_copy_to'>, SettingsProblem>> & { signed_copy_to?: CopyListProblem }

/**
 * How the account addresses its signers: the automatic reminders' interval in days (null: none),
 * its usual message, and who else gets every signed copy.
 */
export async function findSignerSettings(db: Db, accountId: number): Promise<{ autoReminderDays: number | null; defaultSignerMessage: string | null; signedCopyTo: string[]; discountApprovalAboveBp: number | null }> {
  const row = await db.selectFrom('accounts').select(['auto_reminder_days', 'default_signer_message', 'signed_copy_to_json', 'discount_approval_above_bp']).where('id', '=', accountId).executeTakeFirst()
  return {
    autoReminderDays: row?.auto_reminder_days ?? null,
    defaultSignerMessage: row?.default_signer_message ?? null,
    signedCopyTo: parseCopyTo(row?.signed_copy_to_json ?? '[]'),
    discountApprovalAboveBp: row?.discount_approval_above_bp ?? null,
  }
}

function reminderDays(typed: string, errors: AccountSettingsErrors): number | null {
  if (typed.trim() === '') return null
  const days = (AUTO_REMINDER_DAYS as readonly number[]).find((choice) => String(choice) === typed.trim())
  if (days === undefined) errors.auto_reminder_days = 'unknown_reminder_interval'
  return days ?? null
}

export const ACCOUNT_ADDRESS_MAX = 300

/** The optional company data, normalised ('' → null), with the errors of what does not read as its kind. */
function companyData(input: AccountSettingsInput, errors: AccountSettingsErrors) {
  const text = (value: string) => (value.trim() === '' ? null : value.trim())
  const document = text(input.document)
  const parsed = document === null ? null : parseDocument(document)
  if (document !== null && parsed === null) errors.document = 'invalid_document'
  const address = text(input.address)
  if (address !== null && address.length > ACCOUNT_ADDRESS_MAX) errors.address = 'too_long'
  const phone = text(input.phone)
  if (phone !== null && !isPhoneNumber(phone)) errors.phone = 'invalid_phone'
  const email = text(input.email)?.toLowerCase() ?? null
  if (email !== null && !isEmailAddress(email)) errors.email = 'invalid_email'
  return { document: parsed?.document ?? null, address, phone, email }
}

/** The settings the account's activity follows, as stored. */
const LOGGED_SETTINGS = ['name', 'time_zone', 'document', 'address', 'phone', 'email', 'auto_reminder_days', 'default_signer_message', 'signed_copy_to_json', 'discount_approval_above_bp'] as const
type LoggedSettingsRow = Pick<Selectable<AccountsTable>, (typeof LOGGED_SETTINGS)[number]>

/** The same as the activity keeps them: the copy list as addresses (the page shows the limit as a percentage). */
function loggedSettings(row: LoggedSettingsRow) {
  const { signed_copy_to_json: copyTo, discount_approval_above_bp: limitBp, ...rest } = row
  return { ...rest, signed_copy_to: JSON.parse(copyTo) as string[], discount_approval_above_bp: limitBp }
}

export type AccountSettingsResult = { ok: true } | { ok: false; errors: AccountSettingsErrors } | { ok: false; notFound: true }

/**
 * Saves the name, the time zone, the company data and the automatic reminders' interval. A zone is one of Brazil's, or the one the account already has
 * (support may have set another from the CLI): a form saved unchanged never fails on it.
 */
export async function updateAccountSettings(db: Db, clock: Clock, accountId: number, input: AccountSettingsInput, by?: ActivityActor): Promise<AccountSettingsResult> {
  const account = await findAccount(db, accountId)
  if (!account) return { ok: false, notFound: true }
  const name = input.name.trim()
  const errors: AccountSettingsErrors = {}
  if (name === '') errors.name = 'required'
  else if (name.length > MAX_NAME_LENGTH) errors.name = 'too_long'
  const knownZone = (BRAZIL_TIME_ZONES as readonly string[]).includes(input.timeZone) || input.timeZone === account.time_zone
  if (!knownZone) errors.time_zone = 'unknown_time_zone'
  const company = companyData(input, errors)
  const autoReminderDays = reminderDays(input.autoReminderDays, errors)
  const signerMessage = checkSignerMessage(input.defaultSignerMessage)
  if (signerMessage.problem !== null) errors.default_signer_message = signerMessage.problem
  const signedCopyTo = splitCopyList(input.signedCopyTo)
  const copyProblem = copyListProblem(signedCopyTo)
  if (copyProblem !== null) errors.signed_copy_to = copyProblem
  const discountLimit = parseDiscountLimit(input.discountApprovalAbove)
  if (discountLimit === 'invalid') errors.discount_approval_above = 'invalid_percentage'
  if (Object.keys(errors).length > 0 || discountLimit === 'invalid') return { ok: false, errors }
  const limitBp = discountLimit
  const reminders = await db.selectFrom('accounts').select(['auto_reminder_days', 'auto_reminders_since']).where('id', '=', accountId).executeTakeFirst()
  // Turned on now: reminders reach the signers invited from now on, not every old open document.
  const since = autoReminderDays === null ? null : reminders?.auto_reminder_days == null ? isoNow(clock) : (reminders.auto_reminders_since ?? isoNow(clock))
  // One transaction: the drafts asked for are judged against the limit this save leaves.
  await inTransaction(db, async (trx) => {
    // Locked first, so two admins saving at once are recorded one after the other, each from what the other left.
    await lockAccount(trx, accountId)
    const before = await trx.selectFrom('accounts').select(LOGGED_SETTINGS).where('id', '=', accountId).executeTakeFirstOrThrow()
    const saved = { name, time_zone: input.timeZone, ...company, auto_reminder_days: autoReminderDays, default_signer_message: signerMessage.message,
      signed_copy_to_json: JSON.stringify(signedCopyTo.map((address) => address.toLowerCase())), discount_approval_above_bp: limitBp }
    await trx
      .updateTable('accounts')
      .set({ ...saved, auto_reminders_since: since, updated_at: isoNow(clock) })
      .where('id', '=', accountId)
      .execute()
    // The usual message's text is the account's own; the activity says it changed, not what it says.
    await recordChanges(trx, clock, accountId, by, { action: 'account.settings_updated', changes: changedFields(loggedSettings(before), loggedSettings(saved), ['default_signer_message']) })
    // Those it leaves under the limit wait no more on the Painel.
    await settleDiscountRequests(trx, accountId)
  })
  // API answers use the zone (today's date, the quota's month): cached token lookups forget it now.
  if (input.timeZone !== account.time_zone) announceApiTokenChange()
  return { ok: true }
}
