// An erasure searches the job queue before its transaction (scan-before-erasure.ts): the queue keeps
// a row per e-mail and webhook delivery for 30 days after it finished, and its search inside the
// transaction held SQLite's write lock for ~0.6 s with 1,000,000 finished jobs. A finished job never
// changes, so the transaction reads back what the search found and searches only the jobs enqueued
// since and those still pending at the search (their last error changes with each attempt).
// Checked here with what lands between the search and the transaction.
import { expect, it } from 'vitest'
import { erasePersonalData } from '../../src/modules/privacy/erase-personal-data.js'
import { enqueueJob } from '../../src/platform/jobs/job-queue.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer } from '../support/factories.js'
import type { TestApp } from '../support/test-app.js'

async function job(env: TestApp, accountId: number, payload: unknown, finished?: { state: 'done' | 'failed'; error?: string }): Promise<number> {
  const id = await enqueueJob(env.db, env.clock, { kind: 'webhook.deliver', accountId, payload })
  if (finished) await finish(env, id, finished.state, finished.error ?? null)
  return id
}

/** As the job runner records an outcome. */
async function finish(env: TestApp, id: number, state: 'done' | 'failed', error: string | null): Promise<void> {
  await env.db.updateTable('jobs').set({ state, last_error: error, locked_until: null, updated_at: env.clock.now().toISOString() }).where('id', '=', id).execute()
}

async function jobRow(env: TestApp, id: number) {
  return env.db.selectFrom('jobs').select(['payload_json', 'last_error']).where('id', '=', id).executeTakeFirstOrThrow()
}

describeEachDialect('erasure: the job queue searched before the transaction', (env) => {
  it('erases the finished jobs found, the jobs enqueued meanwhile and the errors of jobs pending at the search', async () => {
    const account = await makeAccount(env)
    const other = await makeAccount(env)
    const subject = await makeCustomer(env, account)
    const neighbour = await makeCustomer(env, account)
    const found = await job(env, account.id, { to: subject.email }, { state: 'done' })
    const pending = await job(env, account.id, { endpointId: 7, eventId: 'evt_pending' })
    const neighbours = await job(env, account.id, { to: neighbour.email, document: neighbour.document }, { state: 'failed', error: `rejected ${neighbour.document}` })
    const foreign = await job(env, other.id, { to: subject.email }, { state: 'done' })
    let meanwhile = 0

    await erasePersonalData(env.db, env.clock, account.id, String(subject.id), {
      erasedBy: 'DPO',
      afterScan: async () => {
        meanwhile = await job(env, account.id, { customer: { document: subject.document } })
        // Its last attempt failed after the search, the receiver's answer quoting the subject.
        await finish(env, pending, 'failed', `receiver answered 422: unknown customer ${subject.document}`)
      },
    })

    expect((await jobRow(env, found)).payload_json).not.toContain(subject.email!)
    expect((await jobRow(env, meanwhile)).payload_json).not.toContain(subject.document!)
    const failed = await jobRow(env, pending)
    expect(failed.last_error).toMatch(/^receiver answered 422: unknown customer /)
    expect(failed.last_error).not.toContain(subject.document!)
    expect(await jobRow(env, neighbours)).toEqual({ payload_json: JSON.stringify({ to: neighbour.email, document: neighbour.document }), last_error: `rejected ${neighbour.document}` })
    expect((await jobRow(env, foreign)).payload_json).toBe(JSON.stringify({ to: subject.email }))
  })

  it('does not search the finished jobs again inside the transaction', async () => {
    const account = await makeAccount(env)
    const subject = await makeCustomer(env, account)
    const unrelated = await job(env, account.id, { endpointId: 7, eventId: 'evt_unrelated' }, { state: 'done' })
    // A finished job is never rewritten, but by an erasure; one rewritten anyway after the search
    // shows what the transaction searched: had it searched every finished job, it would erase this.
    const planted = JSON.stringify({ to: subject.email })

    await erasePersonalData(env.db, env.clock, account.id, String(subject.id), {
      erasedBy: 'DPO',
      afterScan: async () => {
        await env.db.updateTable('jobs').set({ payload_json: planted }).where('id', '=', unrelated).execute()
      },
    })

    expect((await jobRow(env, unrelated)).payload_json).toBe(planted)
  })

  it('searches every job when the subject gained an identifier after the search', async () => {
    const account = await makeAccount(env)
    const subject = await makeCustomer(env, account)
    const newEmail = `novo.job.${account.id}@titular.test`
    const earlier = await job(env, account.id, { to: newEmail }, { state: 'done' })

    await erasePersonalData(env.db, env.clock, account.id, String(subject.id), {
      erasedBy: 'DPO',
      afterScan: async () => {
        await env.db.updateTable('customers').set({ email: newEmail }).where('id', '=', subject.id).execute()
      },
    })

    expect((await jobRow(env, earlier)).payload_json).not.toContain(newEmail)
  })
})
