// Everything a forged form could change, read from the database: every row of the tables that
// hold account data, the accounts and users (sign-up), which web sessions exist (login,
// logout) — without the sessions' last-seen times, which a refused request may still touch — and
// the two-step verification's rows, and signers' e-mail codes.
import type { Db } from '../../../src/platform/db/connect.js'

const DATA_TABLES = [
  'accounts', 'users', 'customers', 'products', 'payment_methods', 'templates', 'template_versions', 'signer_roles', 'api_tokens', 'proposals', 'proposal_items',
  'proposal_signers', 'proposal_events', 'outbox_emails', 'webhook_endpoints', 'webhook_deliveries', 'jobs',
] as const

export type TableSnapshot = Record<string, unknown[]>

export async function snapshotTables(db: Db): Promise<TableSnapshot> {
  const snapshot: TableSnapshot = {}
  for (const table of DATA_TABLES) snapshot[table] = await db.selectFrom(table).selectAll().orderBy('id').execute()
  snapshot.web_sessions = (await db.selectFrom('web_sessions').select(['id', 'user_id', 'csrf_token', 'created_at']).orderBy('id').execute())
  // Two-step verification: the app's keys, the recovery codes, the sign-ins waiting for a code.
  snapshot.user_authenticators = await db.selectFrom('user_authenticators').selectAll().orderBy('user_id').execute()
  snapshot.recovery_codes = await db.selectFrom('recovery_codes').selectAll().orderBy('id').execute()
  snapshot.login_challenges = await db.selectFrom('login_challenges').selectAll().orderBy('id').execute()
  snapshot.security_keys = await db.selectFrom('security_keys').selectAll().orderBy('id').execute()
  // A signer's e-mail code (POST /sign/:token/code).
  snapshot.signer_email_codes = await db.selectFrom('signer_email_codes').selectAll().orderBy('signer_id').execute()
  return snapshot
}
