// An erasure searches the request log before its transaction (scan-before-erasure.ts): the log is
// large (every API call, 180 days, with bodies) and the search inside the transaction held every
// other writer of a SQLite instance back for as long as it ran (~84 s for an account with
// 1,000,000 entries). Checked here, with what lands between the search
// and the transaction: an entry written meanwhile is erased too, a candidate changed meanwhile is
// erased as it now reads, and a subject that gained an identifier meanwhile is searched for it
// across the whole log. Another customer's entries are left as they were. The last row a search
// covers (lastSettledId) is checked here for all three tables searched before the transaction,
// and its bounded wait on PostgreSQL with the jobs; the jobs' and keys' own cases are in
// erasure-jobs-and-keys-scan.test.ts.
import BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'
import { expect, it } from 'vitest'
import { erasePersonalData } from '../../src/modules/privacy/erase-personal-data.js'
import { lastSettledId } from '../../src/modules/privacy/scan-before-erasure.js'
import type { RequestLogEntry } from '../../src/modules/integrations/request-log/request-log-entry.js'
import { insertRequestLogs } from '../../src/modules/integrations/request-log/request-log-repository.js'
import { enqueueJob } from '../../src/platform/jobs/job-queue.js'
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
      afterScan: async () => {
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

  it('does not search the entries it did not find again inside the transaction', async () => {
    const account = await makeAccount(env)
    const subject = await makeCustomer(env, account)
    const unrelated = await logEntry(env, account.id, JSON.stringify({ title: 'Proposta' }))
    // An entry is never rewritten, but by an erasure; one rewritten anyway after the search shows
    // what the transaction searched: had it searched the whole log, it would erase this.
    const planted = JSON.stringify({ customer: { email: subject.email } })

    await erasePersonalData(env.db, env.clock, account.id, String(subject.id), {
      erasedBy: 'DPO',
      afterScan: async () => {
        await env.db.updateTable('request_logs').set({ request_body: planted }).where('id', '=', unrelated).execute()
      },
    })

    expect(await bodyOf(env, unrelated)).toBe(planted)
  })

  it.each(['request_logs', 'jobs', 'idempotency_keys'] as const)('names as the last row of %s searched one below which no row is still being written', async (table) => {
    const account = await makeAccount(env)
    const now = env.clock.now().toISOString()
    // A row written the way another process or connection writes one, in a transaction of its own.
    const insertSql = (label: string) => ({
      request_logs: `insert into request_logs (account_id, request_id, method, path, status, duration_ms, created_at, client_closed) values (${account.id}, 'settled-${label}-${uniqueSuffix()}', 'GET', '/api/v1/usage', 200, 1, '${now}', false)`,
      jobs: `insert into jobs (kind, account_id, payload_json, state, run_at, attempts, max_attempts, created_at, updated_at) values ('webhook.deliver', ${account.id}, '{}', 'pending', '${now}', 0, 8, '${now}', '${now}')`,
      idempotency_keys: `insert into idempotency_keys (account_id, idempotency_key, method, path, body_hash, state, created_at, locked_until) values (${account.id}, 'settled-${label}-${uniqueSuffix()}', 'POST', '/api/v1/proposals', 'x', 'in_progress', '${now}', '${now}')`,
    })[table]
    const committedRow = async () => {
      if (table === 'request_logs') return logEntry(env, account.id, '{}')
      if (table === 'jobs') return enqueueJob(env.db, env.clock, { kind: 'webhook.deliver', accountId: account.id, payload: {} })
      const row = await env.db.insertInto('idempotency_keys').values({ account_id: account.id, idempotency_key: `settled-${uniqueSuffix()}`, method: 'POST', path: '/api/v1/proposals', body_hash: 'x', state: 'in_progress', created_at: now, locked_until: now }).returning('id').executeTakeFirstOrThrow()
      return Number(row.id)
    }
    if (env.dialect === 'postgres') {
      // Another process's transaction, its id taken and not yet committed, while a later one commits.
      const other = new pg.Client({ connectionString: env.databaseUrl })
      await other.connect()
      try {
        await other.query('begin')
        const inFlight = Number((await other.query(`${insertSql('in-flight')} returning id`)).rows[0].id)
        const later = await committedRow()
        expect(later).toBeGreaterThan(inFlight)
        let settled: number | undefined
        const reading = lastSettledId(env.db, table).then((id) => (settled = id))
        await new Promise((resolve) => setTimeout(resolve, 300))
        expect(settled).toBeUndefined()
        await other.query('commit')
        await reading
        expect(settled).toBeGreaterThanOrEqual(later)
      } finally {
        await other.end()
      }
    } else {
      // Another connection's transaction, not yet committed: numbered past every committed row.
      const committed = await committedRow()
      const other = new BetterSqlite3(env.databaseUrl.slice('sqlite:'.length))
      try {
        other.exec('begin immediate')
        const inFlight = Number(other.prepare(insertSql('in-flight')).run().lastInsertRowid)
        const settled = await lastSettledId(env.db, table)
        expect(settled).toBeGreaterThanOrEqual(committed)
        expect(inFlight).toBeGreaterThan(settled)
        other.exec('commit')
      } finally {
        other.close()
      }
    }
  })

  it('does not hold creations back behind a long writer of the jobs: it gives up, leaving the whole queue to the transaction', async () => {
    const account = await makeAccount(env)
    const held = await enqueueJob(env.db, env.clock, { kind: 'webhook.deliver', accountId: account.id, payload: {} })
    if (env.dialect === 'postgres') {
      // Another erasure's transaction, say, which has rewritten a job and not yet committed.
      const other = new pg.Client({ connectionString: env.databaseUrl })
      await other.connect()
      try {
        await other.query('begin')
        await other.query('update jobs set last_error = $1 where id = $2', ['held', held])
        let settled: number | undefined
        const reading = lastSettledId(env.db, 'jobs').then((id) => (settled = id))
        await new Promise((resolve) => setTimeout(resolve, 50))
        // A creation enqueueing its webhooks meanwhile gets through while the writer still holds its lock.
        const enqueued = await enqueueJob(env.db, env.clock, { kind: 'webhook.deliver', accountId: account.id, payload: {} })
        expect(enqueued).toBeGreaterThan(held)
        await reading
        expect(settled).toBe(0)
        await other.query('commit')
        expect(await lastSettledId(env.db, 'jobs')).toBeGreaterThanOrEqual(enqueued)
      } finally {
        await other.end()
      }
    } else {
      // SQLite's writers are serialised: a writer in flight never holds the search back.
      const other = new BetterSqlite3(env.databaseUrl.slice('sqlite:'.length))
      try {
        other.exec('begin immediate')
        other.prepare('update jobs set last_error = ? where id = ?').run('held', held)
        expect(await lastSettledId(env.db, 'jobs')).toBeGreaterThanOrEqual(held)
        other.exec('commit')
      } finally {
        other.close()
      }
    }
  })

  it('searches the whole log when the subject gained an identifier after the search', async () => {
    const account = await makeAccount(env)
    const subject = await makeCustomer(env, account)
    const newEmail = `novo.${uniqueSuffix()}@titular.test`
    // Written before the search, naming an address the customer only has once the search is done.
    const earlier = await logEntry(env, account.id, JSON.stringify({ contact: newEmail }))

    await erasePersonalData(env.db, env.clock, account.id, String(subject.id), {
      erasedBy: 'DPO',
      afterScan: async () => {
        await env.db.updateTable('customers').set({ email: newEmail }).where('id', '=', subject.id).execute()
      },
    })

    expect(await bodyOf(env, earlier)).not.toContain(newEmail)
    const customer = await env.db.selectFrom('customers').select('email').where('id', '=', subject.id).executeTakeFirstOrThrow()
    expect(customer.email).toBeNull()
  })
})
