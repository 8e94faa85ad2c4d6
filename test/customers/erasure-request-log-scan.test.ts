// An erasure searches the request log before its transaction (scanRequestLog in
// erase-personal-data.ts): the log is large (every API call, 180 days, with bodies) and the search
// inside the transaction held every other writer of a SQLite instance back for as long as it ran
// (~84 s for an account with 1,000,000 entries). Checked here, with what lands between the search
// and the transaction: an entry written meanwhile is erased too, a candidate changed meanwhile is
// erased as it now reads, and a subject that gained an identifier meanwhile is searched for it
// across the whole log. Another customer's entries are left as they were.
import { expect, it } from 'vitest'
import { erasePersonalData } from '../../src/modules/privacy/erase-personal-data.js'
import type { RequestLogEntry } from '../../src/modules/integrations/request-log/request-log-entry.js'
import { insertRequestLogs } from '../../src/modules/integrations/request-log/request-log-repository.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, uniqueSuffix } from '../support/factories.js'
import type { TestApp } from '../support/test-app.js'

function entry(env: TestApp, accountId: number, requestBody: string): RequestLogEntry {
  return {
    created_at: env.clock.now().toISOString(), request_id: `erase-scan-${uniqueSuffix()}`, account_id: accountId, api_token_id: null, token_prefix: null,
    method: 'POST', path: '/api/v1/proposals', query: null, status: 201, duration_ms: 1, ip: null, user_agent: null, idempotency_key: null, error_code: null,
    request_headers: null, request_body: requestBody, response_body: null, client_closed: false,
  }
}

async function logEntry(env: TestApp, accountId: number, requestBody: string): Promise<number> {
  const written = entry(env, accountId, requestBody)
  await insertRequestLogs(env.db, [written])
  const row = await env.db.selectFrom('request_logs').select('id').where('request_id', '=', written.request_id).executeTakeFirstOrThrow()
  return Number(row.id)
}

async function bodyOf(env: TestApp, id: number): Promise<string | null> {
  return (await env.db.selectFrom('request_logs').select('request_body').where('id', '=', id).executeTakeFirstOrThrow()).request_body
}

describeEachDialect('erasure: the request log searched before the transaction', (env) => {
  it('erases what lands between the search and the transaction, and what a candidate reads by then', async () => {
    const account = await makeAccount(env)
    const subject = await makeCustomer(env, account)
    const neighbour = await makeCustomer(env, account)
    const candidate = await logEntry(env, account.id, JSON.stringify({ customer: { email: subject.email } }))
    const neighbours = await logEntry(env, account.id, JSON.stringify({ customer: { email: neighbour.email, document: neighbour.document } }))
    let meanwhile = 0

    await erasePersonalData(env.db, env.clock, account.id, String(subject.id), {
      erasedBy: 'DPO',
      afterRequestLogScan: async () => {
        // A call written after the search, and the candidate changed (as another erasure would).
        meanwhile = await logEntry(env, account.id, JSON.stringify({ customer: { document: subject.document } }))
        await env.db.updateTable('request_logs').set({ request_body: JSON.stringify({ customer: { email: subject.email }, note: 'changed meanwhile' }) }).where('id', '=', candidate).execute()
      },
    })

    const candidateBody = await bodyOf(env, candidate)
    expect(candidateBody).toContain('changed meanwhile')
    expect(candidateBody).not.toContain(subject.email!)
    const meanwhileBody = await bodyOf(env, meanwhile)
    expect(meanwhileBody).not.toContain(subject.document!)
    expect(meanwhileBody).not.toBe(JSON.stringify({ customer: { document: subject.document } }))
    expect(await bodyOf(env, neighbours)).toBe(JSON.stringify({ customer: { email: neighbour.email, document: neighbour.document } }))
  })

  it('searches the whole log when the subject gained an identifier after the search', async () => {
    const account = await makeAccount(env)
    const subject = await makeCustomer(env, account)
    const newEmail = `novo.${uniqueSuffix()}@titular.test`
    // Written before the search, naming an address the customer only has once the search is done.
    const earlier = await logEntry(env, account.id, JSON.stringify({ contact: newEmail }))

    await erasePersonalData(env.db, env.clock, account.id, String(subject.id), {
      erasedBy: 'DPO',
      afterRequestLogScan: async () => {
        await env.db.updateTable('customers').set({ email: newEmail }).where('id', '=', subject.id).execute()
      },
    })

    expect(await bodyOf(env, earlier)).not.toContain(newEmail)
    const customer = await env.db.selectFrom('customers').select('email').where('id', '=', subject.id).executeTakeFirstOrThrow()
    expect(customer.email).toBeNull()
  })
})
