// The three commercial plans. The governance issue enforces api_access and the limits;
// the CLI's default plan for new accounts is `profissional`.
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'

export const SEEDED_PLANS = [
  { code: 'basico', name: 'Básico', api_access: false, monthly_creation_limit: 0 },
  { code: 'profissional', name: 'Profissional', api_access: true, monthly_creation_limit: 200 },
  { code: 'empresarial', name: 'Empresarial', api_access: true, monthly_creation_limit: 1000 },
] as const

export async function up(db: Kysely<unknown>): Promise<void> {
  await (db as Kysely<Database>).insertInto('plans').values(SEEDED_PLANS.map((plan) => ({ ...plan }))).execute()
}
