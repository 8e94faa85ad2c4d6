// Shared by the lifecycle tests: documents in each status, reached through the real API, and a
// snapshot of every table an action writes (for "a refused action changes nothing").
import { expect } from 'vitest'
import type { Db } from '../../src/platform/db/connect.js'
import type { ProposalDetail } from '../../src/modules/proposals/proposal-mapper.js'
import { validCpf } from '../support/documents.js'
import { type CreationBody, makeCustomer, makeProposal, type TestAccount, uniqueSuffix } from '../support/factories.js'
import { snapshotDatabase } from '../support/snapshot.js'
import type { TestApp } from '../support/test-app.js'

/** Two signers in the first signing-order group and one after them. */
export function digitalOverrides(account: TestAccount): CreationBody {
  const suffix = uniqueSuffix()
  return {
    signature_type: 'digital',
    signers: [
      { name: 'Ana Primeira', email: `ana.${suffix}@cliente.test`, cpf: validCpf(), role_id: account.roles.party.id, signing_order: 1 },
      { name: 'Beto Primeiro', email: `beto.${suffix}@cliente.test`, cpf: validCpf(), role_id: account.roles.party.id, signing_order: 1 },
      { name: 'Caio Segundo', email: `caio.${suffix}@cliente.test`, cpf: validCpf(), role_id: account.roles.witness.id, signing_order: 2 },
    ],
  }
}

export async function makeDraft(env: TestApp, account: TestAccount, kind: 'paper' | 'digital', overrides: CreationBody = {}): Promise<ProposalDetail> {
  const customer = await makeCustomer(env, account)
  return makeProposal(env, account, customer, { ...(kind === 'digital' ? digitalOverrides(account) : {}), ...overrides })
}

export async function post(env: TestApp, account: TestAccount, path: string, payload?: unknown, headers: Record<string, string> = {}) {
  return env.app.inject({ method: 'POST', url: `/api/v1/proposals/${path}`, headers: { ...account.auth, ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) })
}

export async function postOk(env: TestApp, account: TestAccount, path: string, payload?: unknown): Promise<ProposalDetail> {
  const response = await post(env, account, path, payload)
  expect(response.statusCode, response.body).toBe(200)
  return response.json<ProposalDetail>()
}

export type Status = 'draft' | 'sent' | 'viewed' | 'signed' | 'cancelled' | 'expired' | 'rejected'

/** A document of `kind` brought to `status` through the actions (viewed/rejected/expired set in the database). */
export async function documentIn(env: TestApp, account: TestAccount, kind: 'paper' | 'digital', status: Status): Promise<ProposalDetail> {
  const draft = await makeDraft(env, account, kind)
  if (status === 'draft') return draft
  if (status === 'cancelled') return postOk(env, account, `${draft.id}/cancel`, { reason: 'Teste' })
  const sent = await postOk(env, account, `${draft.id}/send`)
  if (status === 'sent') return sent
  if (status === 'signed' && kind === 'paper') return postOk(env, account, `${draft.id}/mark-signed`, {})
  // States only the signer's side or the clock reach: set directly, as those parts would.
  const column = { viewed: 'viewed_at', signed: 'signed_at', expired: 'expired_at', rejected: 'rejected_at' }[status] as 'viewed_at'
  await env.db.updateTable('proposals').set({ status, [column]: new Date().toISOString() }).where('id', '=', draft.id).execute()
  return { ...sent, status }
}

/** Every row an action may write, minus the columns the job runner changes on its own. */
export async function snapshotEverything(db: Db) {
  const base = await snapshotDatabase(db)
  const ids = async (table: 'proposal_files' | 'domain_events' | 'jobs' | 'outbox_emails' | 'webhook_deliveries' | 'idempotency_keys') =>
    (await db.selectFrom(table).select('id').orderBy('id').execute()).map((row) => row.id)
  return {
    ...base,
    files: await ids('proposal_files'),
    domainEvents: await ids('domain_events'),
    jobs: await ids('jobs'),
    emails: await ids('outbox_emails'),
    deliveries: await ids('webhook_deliveries'),
    idempotency: await ids('idempotency_keys'),
  }
}
