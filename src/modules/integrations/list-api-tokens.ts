// The tokens of an account as people see them (Configurações → Integrações, `vendoc tokens list`):
// never a secret or a hash, only the display prefix.
import type { Selectable } from 'kysely'
import type { Db } from '../../platform/db/connect.js'
import type { ApiTokensTable, TokenAccess } from '../../platform/db/schema.js'

export interface ApiTokenSummary {
  id: number
  name: string
  /** The first characters of the current secret ("vdc_AbCd1234"), safe to show. */
  prefix: string
  created_at: string
  last_used_at: string | null
  revoked_at: string | null
  /** 'read': it may only GET. */
  access: TokenAccess
}

export const API_TOKEN_SUMMARY_COLUMNS = ['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at', 'access'] as const

export function toApiTokenSummary(row: Pick<Selectable<ApiTokensTable>, (typeof API_TOKEN_SUMMARY_COLUMNS)[number]>): ApiTokenSummary {
  return { id: row.id, name: row.name, prefix: row.prefix, created_at: row.created_at, last_used_at: row.last_used_at, revoked_at: row.revoked_at, access: row.access }
}

/** Every token of the account, revoked ones included, oldest first. */
export async function listApiTokens(db: Db, accountId: number): Promise<ApiTokenSummary[]> {
  const rows = await db.selectFrom('api_tokens').select(API_TOKEN_SUMMARY_COLUMNS).where('account_id', '=', accountId).orderBy('id').execute()
  return rows.map(toApiTokenSummary)
}
