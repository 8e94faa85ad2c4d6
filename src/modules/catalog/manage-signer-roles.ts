// The account's signer roles ("Contratante", "Testemunha"…) as the registration screens edit them.
// Names are unique within the account ignoring case; the check compares in JavaScript because
// SQLite's lower() folds ASCII only ("AVALIAÇÃO" vs "avaliação"). An account has a handful of roles.
import type { Db } from '../../platform/db/connect.js'
import type { ActivityActor } from '../accounts/account-activity.js'
import { writeCatalogEntry } from './catalog-activity.js'
import { type Clock, isoNow } from '../../platform/clock.js'
import { type FieldErrors, type SaveResult, accountRows, checkText } from './catalog-text.js'

export interface SignerRoleRow {
  id: number
  name: string
  active: boolean
}

export type SignerRoleField = 'name'

export const { list: listSignerRoles, find: findSignerRole } = accountRows(
  (db, accountId) => db.selectFrom('signer_roles').select(['id', 'name', 'active']).where('account_id', '=', accountId),
  (row): SignerRoleRow => ({ ...row, active: Boolean(row.active) }),
)

function foldName(name: string): string {
  return name.trim().toLocaleLowerCase('pt-BR')
}

/** Another of the account's roles (inactive ones too) has this name, folded for case. */
async function nameTaken(db: Db, accountId: number, id: number | undefined, name: string): Promise<boolean> {
  const others = await db.selectFrom('signer_roles').select(['id', 'name']).where('account_id', '=', accountId).execute()
  return others.some((other) => other.id !== id && foldName(other.name) === foldName(name))
}

/**
 * Creates (id undefined) or updates the account's signer role; a missing or foreign id is
 * notFound. With `by`, the account's activity records the creation or what the update changed.
 */
export async function saveSignerRole(db: Db, clock: Clock, accountId: number, id: number | undefined, input: { name: string; active: boolean }, by?: ActivityActor): Promise<SaveResult<SignerRoleField>> {
  const errors: FieldErrors<SignerRoleField> = {}
  const name = checkText(input.name, 120)
  if (name.error) errors.name = name.error
  else if (await nameTaken(db, accountId, id, name.value)) errors.name = 'name_taken'
  if (Object.keys(errors).length > 0) return { ok: false, errors }

  const now = isoNow(clock)
  const values = { name: name.value, active: input.active }
  return writeCatalogEntry(db, clock, accountId, id, by, {
    kind: 'signer_role',
    label: values.name,
    values,
    recheck: async (trx) => ((await nameTaken(trx, accountId, id, values.name)) ? { name: 'name_taken' } : undefined),
    insert: async (trx) => (await trx.insertInto('signer_roles').values({ account_id: accountId, ...values, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow()).id,
    readBefore: async (trx, existing) => {
      const row = await trx.selectFrom('signer_roles').select(['name', 'active']).where('account_id', '=', accountId).where('id', '=', existing).executeTakeFirst()
      return row && { ...row, active: Boolean(row.active) }
    },
    update: async (trx, existing) => {
      await trx.updateTable('signer_roles').set({ ...values, updated_at: now }).where('account_id', '=', accountId).where('id', '=', existing).execute()
    },
  })
}
