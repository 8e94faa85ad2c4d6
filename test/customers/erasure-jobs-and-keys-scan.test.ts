// An erasure searches the job queue and the stored idempotent responses before its transaction
// (scan-before-erasure.ts), as it does the request log: the queue keeps a row per e-mail and
// webhook delivery for 30 days after it finished, the keys a creation's whole answer for 24 hours,
// and their search inside the transaction held SQLite's write lock for ~1.0 s with 1,000,000
// finished jobs, ~1.2 s with 200,000 stored answers. A finished job and a completed key never
// change, so the transaction reads back what the search found and searches only the rows written
// since and those still open at the search (a pending job's last error changes with each attempt,
// a key in progress gets its answer). Checked here, per table, with what lands in between.
import { expect, it } from 'vitest'
import { erasePersonalData } from '../../src/modules/privacy/erase-personal-data.js'
import { enqueueJob } from '../../src/platform/jobs/job-queue.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, uniqueSuffix } from '../support/factories.js'
import type { TestApp } from '../support/test-app.js'

/** A table whose rows stay open for a while (their text may change) and are then closed for good. */
interface OpenRows {
  /** A new row holding `text`, open or already closed. */
  add(env: TestApp, accountId: number, text: string, state: 'open' | 'closed'): Promise<number>
  /** Closes an open row as the app does, `text` becoming part of it. */
  close(env: TestApp, id: number, text: string): Promise<void>
  /** Rewrites a row's text as the app never does to a closed row. */
  rewrite(env: TestApp, id: number, text: string): Promise<void>
  /** The row's searched text. */
  text(env: TestApp, id: number): Promise<string | null>
}

const jobs: OpenRows = {
  async add(env, accountId, text, state) {
    const id = await enqueueJob(env.db, env.clock, { kind: 'webhook.deliver', accountId, payload: { text } })
    if (state === 'closed') await env.db.updateTable('jobs').set({ state: 'done' }).where('id', '=', id).execute()
    return id
  },
  async close(env, id, text) {
    // As the job runner records a last failed attempt, the receiver's answer in the error.
    await env.db.updateTable('jobs').set({ state: 'failed', last_error: text, locked_until: null, updated_at: env.clock.now().toISOString() }).where('id', '=', id).execute()
  },
  async rewrite(env, id, text) {
    await env.db.updateTable('jobs').set({ payload_json: JSON.stringify({ text }) }).where('id', '=', id).execute()
  },
  async text(env, id) {
    const row = await env.db.selectFrom('jobs').select(['payload_json', 'last_error']).where('id', '=', id).executeTakeFirstOrThrow()
    return `${row.payload_json} ${row.last_error ?? ''}`
  },
}

const keys: OpenRows = {
  async add(env, accountId, text, state) {
    const now = env.clock.now().toISOString()
    const row = await env.db.insertInto('idempotency_keys').values({
      account_id: accountId, idempotency_key: `erase-scan-${uniqueSuffix()}`, method: 'POST', path: '/api/v1/webhooks', body_hash: 'x', resource_id: null,
      state: state === 'open' ? 'in_progress' : 'completed', response_status: state === 'open' ? null : 201, response_headers: null,
      response_body: state === 'open' ? null : JSON.stringify({ text }), created_at: now, locked_until: now,
    }).returning('id').executeTakeFirstOrThrow()
    return Number(row.id)
  },
  async close(env, id, text) {
    await env.db.updateTable('idempotency_keys').set({ state: 'completed', response_status: 201, response_body: JSON.stringify({ text }) }).where('id', '=', id).execute()
  },
  async rewrite(env, id, text) {
    await env.db.updateTable('idempotency_keys').set({ response_body: JSON.stringify({ text }) }).where('id', '=', id).execute()
  },
  async text(env, id) {
    return (await env.db.selectFrom('idempotency_keys').select('response_body').where('id', '=', id).executeTakeFirstOrThrow()).response_body
  },
}

describeEachDialect('erasure: the job queue and the stored responses searched before the transaction', (env) => {
  const tables = [['jobs', jobs], ['idempotency_keys', keys]] as const

  it.each(tables)('%s: erases the closed rows found, the rows written meanwhile and the rows open at the search that close meanwhile', async (_table, rows) => {
    const account = await makeAccount(env)
    const other = await makeAccount(env)
    const subject = await makeCustomer(env, account)
    const neighbour = await makeCustomer(env, account)
    const found = await rows.add(env, account.id, `to ${subject.email}`, 'closed')
    const open = await rows.add(env, account.id, 'in progress', 'open')
    const neighbours = await rows.add(env, account.id, `to ${neighbour.email}, ${neighbour.document}`, 'closed')
    const foreign = await rows.add(env, other.id, `to ${subject.email}`, 'closed')
    const untouched = { neighbours: await rows.text(env, neighbours), foreign: await rows.text(env, foreign) }
    let meanwhile = 0

    await erasePersonalData(env.db, env.clock, account.id, String(subject.id), {
      erasedBy: 'DPO',
      afterScan: async () => {
        meanwhile = await rows.add(env, account.id, `customer ${subject.document}`, 'closed')
        await rows.close(env, open, `unknown customer ${subject.document}`)
      },
    })

    expect(await rows.text(env, found)).not.toContain(subject.email!)
    expect(await rows.text(env, meanwhile)).not.toContain(subject.document!)
    const closed = await rows.text(env, open)
    expect(closed).toContain('unknown customer ')
    expect(closed).not.toContain(subject.document!)
    expect(await rows.text(env, neighbours)).toBe(untouched.neighbours)
    expect(await rows.text(env, foreign)).toBe(untouched.foreign)
  })

  it.each(tables)('%s: does not search the closed rows again inside the transaction', async (_table, rows) => {
    const account = await makeAccount(env)
    const subject = await makeCustomer(env, account)
    const unrelated = await rows.add(env, account.id, 'nothing personal', 'closed')

    // A closed row is never rewritten, but by an erasure; one rewritten anyway after the search
    // shows what the transaction searched: had it searched every closed row, it would erase this.
    await erasePersonalData(env.db, env.clock, account.id, String(subject.id), {
      erasedBy: 'DPO',
      afterScan: async () => rows.rewrite(env, unrelated, `to ${subject.email}`),
    })

    expect(await rows.text(env, unrelated)).toContain(subject.email!)
  })

  it.each(tables)('%s: searches every row when the subject gained an identifier after the search', async (_table, rows) => {
    const account = await makeAccount(env)
    const subject = await makeCustomer(env, account)
    const newEmail = `novo.${uniqueSuffix()}@titular.test`
    const earlier = await rows.add(env, account.id, `to ${newEmail}`, 'closed')

    await erasePersonalData(env.db, env.clock, account.id, String(subject.id), {
      erasedBy: 'DPO',
      afterScan: async () => {
        await env.db.updateTable('customers').set({ email: newEmail }).where('id', '=', subject.id).execute()
      },
    })

    expect(await rows.text(env, earlier)).not.toContain(newEmail)
  })
})
