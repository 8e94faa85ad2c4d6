// Every row an account owns, in every tenant table, as comparable text: tests snapshot another
// account before and after an attack and expect the two to be equal ("nothing of B changed").
import type { Db } from '../../src/platform/db/connect.js'

/** Every table holding an account's data, for "nothing of B's changed". */
const ACCOUNT_TABLES = [
  'customers', 'products', 'payment_methods', 'templates', 'signer_roles', 'users', 'api_tokens', 'api_token_retired_hashes', 'proposals', 'proposal_items',
  'proposal_signers', 'proposal_events', 'proposal_files', 'outbox_emails', 'webhook_endpoints', 'webhook_deliveries', 'jobs', 'domain_events', 'request_logs',
  'api_usage_counters', 'proposal_number_counters', 'idempotency_keys', 'web_sessions', 'user_authenticators', 'recovery_codes', 'login_challenges', 'security_keys',
  'signer_email_codes', 'template_versions', 'account_activity',
] as const

/** The account row and all its rows in every tenant table, in a stable order. */
export async function accountSnapshot(db: Db, accountId: number): Promise<Record<string, string[]>> {
  const rows: Record<string, string[]> = {}
  rows.accounts = [JSON.stringify(await db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow())]
  for (const table of ACCOUNT_TABLES) {
    const found = await db.selectFrom(table as 'customers').selectAll().where('account_id', '=', accountId).execute()
    rows[table] = found.map((row) => JSON.stringify(row)).sort()
  }
  return rows
}
