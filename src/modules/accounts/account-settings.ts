// The account's own settings, which its admins change (Configurações → Conta): the company name
// (on documents, e-mails and `{{ account.name }}`) and the time zone in which its dates, months
// (dashboard, API quota, request log filters) and validity days are counted.
import type { Db } from '../../platform/db/connect.js'
import { type Clock, isoNow } from '../../platform/clock.js'
import { announceApiTokenChange } from '../integrations/api-token-cache.js'
import { findAccount } from './accounts.js'
import { MAX_NAME_LENGTH } from './sign-up.js'

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
}

export type AccountSettingsErrors = Partial<Record<'name' | 'time_zone', 'required' | 'too_long' | 'unknown_time_zone'>>

export type AccountSettingsResult = { ok: true } | { ok: false; errors: AccountSettingsErrors } | { ok: false; notFound: true }

/**
 * Saves the name and the time zone. A zone is one of Brazil's, or the one the account already has
 * (support may have set another from the CLI): a form saved unchanged never fails on it.
 */
export async function updateAccountSettings(db: Db, clock: Clock, accountId: number, input: AccountSettingsInput): Promise<AccountSettingsResult> {
  const account = await findAccount(db, accountId)
  if (!account) return { ok: false, notFound: true }
  const name = input.name.trim()
  const errors: AccountSettingsErrors = {}
  if (name === '') errors.name = 'required'
  else if (name.length > MAX_NAME_LENGTH) errors.name = 'too_long'
  const knownZone = (BRAZIL_TIME_ZONES as readonly string[]).includes(input.timeZone) || input.timeZone === account.time_zone
  if (!knownZone) errors.time_zone = 'unknown_time_zone'
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  await db.updateTable('accounts').set({ name, time_zone: input.timeZone, updated_at: isoNow(clock) }).where('id', '=', accountId).execute()
  // API answers use the zone (today's date, the quota's month): cached token lookups forget it now.
  if (input.timeZone !== account.time_zone) announceApiTokenChange()
  return { ok: true }
}
