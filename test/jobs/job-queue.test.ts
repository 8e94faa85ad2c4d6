// The durable job queue on both databases: retries with backoff, lease expiry after a crashed
// worker, max attempts, unknown kinds, at most all the slots but one for a kind, an account or a kind of an account, two runners
// sharing the queue without running a job twice, and finished jobs pruned after their retention.
import { describe, expect, it } from 'vitest'
import { type OperationNode, RawNode, ValueNode } from 'kysely'
import { loadConfig } from '../../src/config.js'
import { enqueueJob, RETRY_DELAYS_MS } from '../../src/platform/jobs/job-queue.js'
import { JobRunner } from '../../src/platform/jobs/job-runner.js'
import { pruneFinishedJobs } from '../../src/platform/jobs/prune-jobs.js'
import type { ClaimedJob, JobHandlerFactory } from '../../src/platform/jobs/job-types.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount } from '../support/factories.js'
import { ManualClock } from '../support/manual-clock.js'
import { appOnSameDatabase, type TestApp } from '../support/test-app.js'

const silent = { info() {}, warn() {}, error() {} }
const clock = new ManualClock('2026-11-29T12:00:00.000Z')

/** A runner on the test's database (or `db`, the same one seen through a plugin); it polls only when given `pollMs`. */
function runner(env: TestApp, handlers: Record<string, JobHandlerFactory>, options: { leaseMs?: number; concurrency?: number; pollMs?: number; db?: TestApp['db'] } = {}) {
  const { db = env.db, ...runnerOptions } = options
  return new JobRunner({ db, dialect: env.dialect, clock, config: loadConfig({ LOG_LEVEL: 'silent' }), log: silent }, handlers, { pollMs: 0, ...runnerOptions })
}

/** Waits until `done()` holds or `limitMs` passed (what the caller then asserts says which). */
async function waitUntil(done: () => boolean, limitMs: number): Promise<void> {
  for (let waited = 0; waited < limitMs && !done(); waited += 10) await new Promise((resolve) => setTimeout(resolve, 10))
}

async function jobRow(env: TestApp, id: number) {
  return env.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

describeEachDialect(
  'durable job queue',
  (env) => {
    it('runs a due job once, leaves future jobs alone, and app.jobs.runDueJobs() drives the app runner', async () => {
      const seen: ClaimedJob[] = []
      const jobs = runner(env, { 'test.ok': () => async (job) => void seen.push(job) })
      const id = await enqueueJob(env.db, clock, { kind: 'test.ok', accountId: null, payload: { n: 1 } })
      const later = await enqueueJob(env.db, clock, { kind: 'test.ok', payload: { n: 2 }, runAt: new Date(clock.now().getTime() + 60_000) })
      expect(await jobs.runDueJobs()).toBe(1)
      expect(seen).toEqual([{ id, kind: 'test.ok', accountId: null, payload: { n: 1 }, attempt: 1, maxAttempts: 8 }])
      expect(await jobRow(env, id)).toMatchObject({ state: 'done', attempts: 1, locked_until: null })
      expect(await jobs.runDueJobs()).toBe(0)
      clock.advance(60_000)
      expect(await jobs.runDueJobs()).toBe(1)
      expect((await jobRow(env, later)).state).toBe('done')
      expect(typeof env.app.jobs.runDueJobs).toBe('function')
    })

    it('retries a failing job on the backoff schedule, then succeeds', async () => {
      let calls = 0
      const jobs = runner(env, {
        'test.flaky': () => async () => {
          calls += 1
          if (calls <= 2) throw new Error(`boom ${calls}`)
        },
      })
      const id = await enqueueJob(env.db, clock, { kind: 'test.flaky', payload: {} })
      expect(await jobs.runDueJobs()).toBe(1)
      let row = await jobRow(env, id)
      expect(row).toMatchObject({ state: 'pending', attempts: 1, last_error: 'boom 1', locked_until: null })
      expect(row.run_at).toBe(new Date(clock.now().getTime() + RETRY_DELAYS_MS[0]).toISOString())
      clock.advance(RETRY_DELAYS_MS[0] - 1000)
      expect(await jobs.runDueJobs()).toBe(0)
      clock.advance(1000)
      expect(await jobs.runDueJobs()).toBe(1)
      row = await jobRow(env, id)
      expect(row).toMatchObject({ state: 'pending', attempts: 2, last_error: 'boom 2' })
      expect(row.run_at).toBe(new Date(clock.now().getTime() + RETRY_DELAYS_MS[1]).toISOString())
      clock.advance(RETRY_DELAYS_MS[1])
      expect(await jobs.runDueJobs()).toBe(1)
      expect(await jobRow(env, id)).toMatchObject({ state: 'done', attempts: 3 })
      expect(calls).toBe(3)
    })

    it('prunes jobs finished more than 30 days before, in batches, never a job still pending', async () => {
      const pruning = new ManualClock('2026-11-29T12:00:00.000Z')
      const dueDaysAgo = (days: number) => new Date(pruning.now().getTime() - days * 24 * 60 * 60_000)
      const job = async (state: 'done' | 'failed' | 'pending', days: number) => {
        const id = await enqueueJob(env.db, pruning, { kind: 'test.old', payload: { days }, runAt: dueDaysAgo(days) })
        await env.db.updateTable('jobs').set({ state }).where('id', '=', id).execute()
        return id
      }
      const old = [await job('done', 31), await job('done', 45), await job('done', 90), await job('done', 31), await job('failed', 31), await job('failed', 400)]
      const kept = [await job('done', 29), await job('failed', 29), await job('pending', 90), await job('pending', 31)]
      expect(await pruneFinishedJobs(env.db, env.dialect, pruning, 2)).toBe(old.length)
      const left = (await env.db.selectFrom('jobs').select('id').where('kind', '=', 'test.old').execute()).map((row) => Number(row.id))
      expect(left.sort((a, b) => a - b)).toEqual(kept)
      expect(await pruneFinishedJobs(env.db, env.dialect, pruning, 2)).toBe(0)
      // The pending ones are overdue: gone before the other tests' runners would claim them.
      await env.db.deleteFrom('jobs').where('kind', '=', 'test.old').execute()
    })

    it('the app prunes finished jobs when it starts', async () => {
      const dueDaysAgo = (days: number) => new Date(env.clock.now().getTime() - days * 24 * 60 * 60_000)
      const finished = async (days: number) => {
        const id = await enqueueJob(env.db, env.clock, { kind: 'test.boot', payload: { days }, runAt: dueDaysAgo(days) })
        await env.db.updateTable('jobs').set({ state: 'done' }).where('id', '=', id).execute()
        return id
      }
      await finished(31)
      const recent = await finished(29)
      const app = await appOnSameDatabase(env)
      await app.close() // waits for the run started at ready
      expect((await env.db.selectFrom('jobs').select('id').where('kind', '=', 'test.boot').execute()).map((row) => Number(row.id))).toEqual([recent])
      await env.db.deleteFrom('jobs').where('kind', '=', 'test.boot').execute()
    })

    it('marks a job failed after max attempts, and a job of unknown kind at once', async () => {
      const jobs = runner(env, { 'test.broken': () => async () => Promise.reject(new Error('always')) })
      const id = await enqueueJob(env.db, clock, { kind: 'test.broken', payload: {}, maxAttempts: 3 })
      for (let attempt = 1; attempt <= 3; attempt++) {
        expect(await jobs.runDueJobs()).toBe(1)
        clock.advance(24 * 60 * 60_000)
      }
      expect(await jobRow(env, id)).toMatchObject({ state: 'failed', attempts: 3, last_error: 'always' })
      expect(await jobs.runDueJobs()).toBe(0)

      const unknown = await enqueueJob(env.db, clock, { kind: 'test.nobody', payload: {} })
      expect(await jobs.runDueJobs()).toBe(1)
      const row = await jobRow(env, unknown)
      expect(row.state).toBe('failed')
      expect(row.last_error).toMatch(/no handler is registered for job kind "test.nobody"/)
    })

    it('makes a job claimable again when the lease of a crashed worker expires; the stale worker cannot overwrite the outcome', async () => {
      const ran: number[] = []
      const handlers = { 'test.lease': () => async (job: ClaimedJob) => void ran.push(job.attempt) }
      const crashed = runner(env, handlers, { leaseMs: 60_000 })
      const healthy = runner(env, handlers, { leaseMs: 60_000 })
      const id = await enqueueJob(env.db, clock, { kind: 'test.lease', payload: {} })
      const claim = await crashed.claimNext()
      expect(claim?.job.id).toBe(id)
      // The worker "crashes": never reports. While the lease holds, nobody else takes the job.
      expect(await healthy.runDueJobs()).toBe(0)
      clock.advance(60_001)
      expect(await healthy.runDueJobs()).toBe(1)
      expect(ran).toEqual([2])
      expect(await jobRow(env, id)).toMatchObject({ state: 'done', attempts: 2 })
      // The stale worker wakes up and fails: its outcome is dropped (its lease is gone).
      await crashed.run({ job: claim!.job, lease: claim!.lease })
      expect(await jobRow(env, id)).toMatchObject({ state: 'done', attempts: 2 })
    })

    it('no account takes every slot, so a slow account does not hold back the others', async () => {
      // Account 1's jobs hang (a webhook receiver timing out) until released; account 2's single
      // job, and a job of no account, are queued after all of them.
      const [slowAccount, otherAccount] = [(await makeAccount(env)).id, (await makeAccount(env)).id]
      const run = await withHangingJobs(env, async () => {
        for (let i = 0; i < 6; i++) await enqueueJob(env.db, clock, { kind: 'test.slow', accountId: slowAccount, payload: { i } })
        await enqueueJob(env.db, clock, { kind: 'test.quick', accountId: otherAccount, payload: {} })
        await enqueueJob(env.db, clock, { kind: 'test.quick', accountId: null, payload: {} })
      }, 2)
      // Two slots for one kind of one account (three for the account, one for the rest).
      expect(run.slowStartedWhileOthersRan).toBe(2)
      expect(run.quickRan).toEqual([`quick ${otherAccount}`, 'quick null'])
      expect(run.total).toBe(8)
      expect(run.slowStarted).toBe(6)
    })

    it("an account's slow kind of job leaves a slot to its other work", async () => {
      // The account's own signing invitations wait behind its webhook deliveries no more.
      const account = (await makeAccount(env)).id
      const run = await withHangingJobs(env, async () => {
        for (let i = 0; i < 6; i++) await enqueueJob(env.db, clock, { kind: 'test.slow', accountId: account, payload: { i } })
        await enqueueJob(env.db, clock, { kind: 'test.quick', accountId: account, payload: {} })
      }, 1)
      expect(run.slowStartedWhileOthersRan).toBe(2)
      expect(run.quickRan).toEqual([`quick ${account}`])
      expect(run.total).toBe(7)
    })

    it('no kind of job takes every slot, however many accounts it comes from', async () => {
      // Two accounts' receivers time out: three slots at most for their deliveries, one left for
      // a third account's e-mail queued after all of them.
      const [first, second, third] = [(await makeAccount(env)).id, (await makeAccount(env)).id, (await makeAccount(env)).id]
      const run = await withHangingJobs(env, async () => {
        for (const account of [first, first, first, second, second, second]) await enqueueJob(env.db, clock, { kind: 'test.slow', accountId: account, payload: {} })
        await enqueueJob(env.db, clock, { kind: 'test.quick', accountId: third, payload: {} })
      }, 1)
      expect(run.slowStartedWhileOthersRan).toBe(3)
      expect(run.quickRan).toEqual([`quick ${third}`])
      expect(run.total).toBe(7)
      expect(run.slowStarted).toBe(6)
    })

    it('a polling runner refills a slot as soon as it frees, and searches past a full group once a tick', async () => {
      // One account's backlog: two of its jobs run at a time, the others wait for a freed slot.
      // With a tick of a minute, every job runs only if each freed slot is refilled at once (a
      // slot freed while a claim found the account full had waited for the next tick). And the
      // search for other accounts' jobs, which walks the whole backlog, runs once and not again
      // after every job (which made draining a backlog quadratic).
      const account = (await makeAccount(env)).id
      const count = 60
      for (let i = 0; i < count; i++) await enqueueJob(env.db, clock, { kind: 'test.burst', accountId: account, payload: { i } })
      let searches = 0
      const counted = env.db.withPlugin({
        transformQuery: (args) => {
          if (args.node.kind === 'RawNode' && args.node.sqlFragments.join('?').startsWith('select id, run_at from jobs where')) searches++
          return args.node
        },
        transformResult: async (args) => args.result,
      })
      let ran = 0
      const jobs = runner(env, {
        'test.burst': () => async () => {
          await new Promise((resolve) => setTimeout(resolve, 1))
          ran++
        },
      }, { db: counted, pollMs: 60_000, concurrency: 4 })
      jobs.start()
      try {
        await waitUntil(() => ran >= count, 10_000)
      } finally {
        await jobs.stop()
      }
      expect(ran).toBe(count)
      expect(searches).toBe(1)
    })

    it('a polling runner resumes its search past a full group where the last one stopped', async () => {
      // One account's deliveries hang (its two slots full) with a backlog queued before another
      // account's jobs: each of those is found by a search past the backlog, which had walked all
      // of it every time (~21 ms a search with 200,000 due jobs); it now starts from the job the
      // last search found, so only the first walks the backlog.
      const [slowAccount, otherAccount] = [(await makeAccount(env)).id, (await makeAccount(env)).id]
      for (let i = 0; i < 40; i++) await enqueueJob(env.db, clock, { kind: 'test.slow', accountId: slowAccount, payload: { i } })
      const quickIds: number[] = []
      for (let i = 0; i < 30; i++) quickIds.push(await enqueueJob(env.db, clock, { kind: 'test.quick', accountId: otherAccount, payload: { i } }))
      const searches: Array<{ resumedAfter: number | null }> = []
      const counted = env.db.withPlugin({
        transformQuery: (args) => {
          const { text, values } = flattened(args.node)
          // The resumed search's last value is the id it starts after.
          if (text.startsWith('select id, run_at from jobs where')) searches.push({ resumedAfter: text.includes('id <= ?') ? Number(values[values.length - 1]) : null })
          return args.node
        },
        transformResult: async (args) => args.result,
      })
      let release!: () => void
      const released = new Promise<void>((resolve) => (release = resolve))
      let quickRan = 0
      const jobs = runner(env, {
        'test.slow': () => async () => void (await released),
        'test.quick': () => async () => void quickRan++,
      }, { db: counted, pollMs: 60_000, concurrency: 4 })
      jobs.start()
      try {
        await waitUntil(() => quickRan >= quickIds.length, 10_000)
      } finally {
        release()
        await jobs.stop()
        // The backlog is left to no other test.
        await env.db.deleteFrom('jobs').where('account_id', '=', slowAccount).execute()
      }
      expect(quickRan).toBe(quickIds.length)
      const [first, ...resumed] = searches
      expect(first).toEqual({ resumedAfter: null })
      expect(resumed.length).toBeGreaterThanOrEqual(quickIds.length - 1)
      // Every later search starts at the other account's jobs, past the whole backlog.
      expect(resumed.every((search) => search.resumedAfter !== null && quickIds.includes(search.resumedAfter))).toBe(true)
    })

    it('a job come due behind where the search past a full group stopped runs at the next tick', async () => {
      // A crashed worker's job, older than everything else: its lease expires after the runner's
      // search past the full account has moved on to the jobs queued after it. The search resumes
      // from there until the tick, which starts it afresh.
      const [slowAccount, otherAccount, crashedAccount] = [(await makeAccount(env)).id, (await makeAccount(env)).id, (await makeAccount(env)).id]
      const orphan = await enqueueJob(env.db, clock, { kind: 'test.quick', accountId: crashedAccount, payload: {} })
      expect((await runner(env, {}, { leaseMs: 60_000 }).claimNext())?.job.id).toBe(orphan)
      for (let i = 0; i < 3; i++) await enqueueJob(env.db, clock, { kind: 'test.slow', accountId: slowAccount, payload: { i } })
      for (let i = 0; i < 5; i++) await enqueueJob(env.db, clock, { kind: 'test.quick', accountId: otherAccount, payload: { i } })
      let release!: () => void
      const released = new Promise<void>((resolve) => (release = resolve))
      const ran: number[] = []
      const jobs = runner(env, {
        'test.slow': () => async () => void (await released),
        'test.quick': () => async (job) => void ran.push(job.id),
      }, { pollMs: 100, concurrency: 4 })
      jobs.start()
      try {
        await waitUntil(() => ran.length === 5, 5_000)
        expect(ran).not.toContain(orphan)
        clock.advance(60_001)
        await waitUntil(() => ran.includes(orphan), 5_000)
        expect(ran).toContain(orphan)
      } finally {
        release()
        await jobs.stop()
        await env.db.deleteFrom('jobs').where('account_id', 'in', [slowAccount, otherAccount, crashedAccount]).execute()
      }
    })

    it('two runners sharing the queue never run a job twice', async () => {
      const counts = new Map<number, number>()
      const handler: JobHandlerFactory = () => async (job) => {
        counts.set(job.id, (counts.get(job.id) ?? 0) + 1)
        await new Promise((resolve) => setTimeout(resolve, 2))
      }
      const ids: number[] = []
      for (let i = 0; i < 40; i++) ids.push(await enqueueJob(env.db, clock, { kind: 'test.shared', payload: { i } }))
      const a = runner(env, { 'test.shared': handler })
      const b = runner(env, { 'test.shared': handler })
      const [ranA, ranB] = await Promise.all([a.runDueJobs(), b.runDueJobs()])
      expect(ranA + ranB).toBe(40)
      expect([...counts.keys()].sort((x, y) => x - y)).toEqual(ids)
      expect([...counts.values()].every((count) => count === 1)).toBe(true)
      const states = await env.db.selectFrom('jobs').select('state').where('id', 'in', ids).execute()
      expect(states.every((row) => row.state === 'done')).toBe(true)
    })
  },
  { clock },
)

/** A raw query's text with its nested fragments, each value a "?", and its values in order. */
function flattened(node: OperationNode): { text: string; values: unknown[] } {
  if (ValueNode.is(node)) return { text: '?', values: [node.value] }
  if (!RawNode.is(node)) return { text: '', values: [] }
  const inner = node.parameters.map(flattened)
  return {
    text: node.sqlFragments.map((fragment, index) => fragment + (inner[index]?.text ?? '')).join(''),
    values: inner.flatMap((part) => part.values),
  }
}

/**
 * Queues jobs of kind 'test.slow', which hang until released, and of kind 'test.quick', runs them
 * all with four slots, and notes the slow jobs started and the quick jobs run by the time
 * `quickCount` quick jobs ran (or 5 s passed, or more slow jobs started than any share allows),
 * while every slow job started still hangs. The slow jobs are then released
 * and every job awaited, even when the counting failed, so none is left for the next test.
 */
async function withHangingJobs(env: TestApp, enqueue: () => Promise<void>, quickCount: number) {
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  let slowStarted = 0
  const quickRan: string[] = []
  const jobs = runner(env, {
    'test.slow': () => async () => {
      slowStarted++
      await released
    },
    'test.quick': () => async (job) => void quickRan.push(`quick ${job.accountId}`),
  }, { concurrency: 4 })
  await enqueue()
  const running = jobs.runDueJobs()
  let slowStartedWhileOthersRan: number
  let quickRanWhileSlowHung: string[]
  try {
    await waitUntil(() => quickRan.length >= quickCount || slowStarted > 3, 5_000)
    slowStartedWhileOthersRan = slowStarted
    quickRanWhileSlowHung = [...quickRan].sort()
  } finally {
    release()
  }
  const total = await running
  return { slowStartedWhileOthersRan, quickRan: quickRanWhileSlowHung, slowStarted, total }
}

describe('retry schedule', () => {
  it('spans about 21 hours over 8 attempts', () => {
    const total = RETRY_DELAYS_MS.reduce((sum, ms) => sum + ms, 0)
    expect(RETRY_DELAYS_MS.length).toBe(7)
    expect(total / 3_600_000).toBeGreaterThan(20)
    expect(total / 3_600_000).toBeLessThan(22)
  })
})
