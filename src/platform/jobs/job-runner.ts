// Runs the durable queue's jobs. Every state lives in the `jobs` row, so a restart loses nothing:
// a job is claimed by taking a lease (locked_until) and counting the attempt in one atomic UPDATE;
// a worker that dies mid-job simply lets its lease expire and the job becomes claimable again.
// On PostgreSQL several processes share the queue: FOR UPDATE SKIP LOCKED makes concurrent claimers
// pick different rows instead of waiting on each other. SQLite has one writer at a time, so the
// same UPDATE … WHERE id = (SELECT …) is atomic there without it.
// Jobs are taken oldest first, but no kind of job, no account and no kind within an account takes
// every slot (slot-shares.ts): jobs of an account whose webhook receiver times out (10 s each) had
// taken every slot, and a burst of its events held back every other account's e-mails and signed
// PDFs, and its own, for as long as they took.
import { sql, type RawBuilder } from 'kysely'
import { retryDelayMs } from './job-queue.js'
import { QuietJobFailure, type ClaimedJob, type JobEnvironment, type JobHandler, type JobHandlerFactory } from './job-types.js'
import { isNothingFull, SlotShares, type FullGroups } from './slot-shares.js'

export interface JobRunnerOptions {
  /** Poll interval in ms for start(); 0 or less means start() does nothing. */
  pollMs: number
  /** Jobs run at once by this runner (default 4). */
  concurrency?: number
  /** How long a claim holds a job before another worker may take it (default 5 min; far above any handler's own timeout). */
  leaseMs?: number
}

const ERROR_MAX_CHARS = 2000

interface ClaimedRow {
  id: number | string
  kind: string
  account_id: number | string | null
  payload_json: string
  attempts: number | string
  max_attempts: number | string
  locked_until: string | Date
}

/** A claim: the job plus the lease that proves it is still ours when we write the outcome. */
export interface JobClaim {
  job: ClaimedJob
  lease: string
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error)
  return text.length > ERROR_MAX_CHARS ? `${text.slice(0, ERROR_MAX_CHARS)}…` : text
}

export class JobRunner {
  private readonly handlers: Map<string, JobHandler>
  private readonly concurrency: number
  private readonly leaseMs: number
  private readonly inFlight = new Set<Promise<void>>()
  /** What the handlers hold open, released when the runner stops. */
  private readonly releases: Array<() => Promise<void> | void> = []
  /** Claimed and not yet finished, per kind, account and kind of an account. */
  private readonly shares: SlotShares
  /** The claim in progress: claims run one after the other. */
  private claiming: Promise<unknown> = Promise.resolve()
  private timer: NodeJS.Timeout | null = null
  private polling: Promise<void> | null = null
  /** A poll asked for while one ran (a slot freed meanwhile): run another after it. */
  private pollAgain = false
  /**
   * The full groups of the last search that found nothing outside them, until the next poll tick:
   * with one group's backlog due, every finished job would otherwise walk all of it again.
   */
  private nothingOutside: string | null = null
  /**
   * Per set of full groups, where the last search past them stopped (the job it found), until the
   * next poll tick: the due jobs before it were all theirs, so the next search starts there instead
   * of walking their whole backlog again for every job of another group.
   */
  private readonly passedOver = new Map<string, { runAt: string | Date; id: number }>()
  private stopped = false

  constructor(
    private readonly env: JobEnvironment,
    factories: Readonly<Record<string, JobHandlerFactory>>,
    private readonly options: JobRunnerOptions,
  ) {
    // Factories run once per app: a handler may keep state (an SMTP transport) for its lifetime,
    // released by stop().
    const lifetime = { atStop: (release: () => Promise<void> | void) => void this.releases.push(release) }
    this.handlers = new Map(Object.entries(factories).map(([kind, factory]) => [kind, factory(env, lifetime)]))
    this.concurrency = Math.max(1, options.concurrency ?? 4)
    this.shares = new SlotShares(this.concurrency)
    this.leaseMs = options.leaseMs ?? 5 * 60_000
  }

  /** Starts polling (unless pollMs is 0). */
  start(): void {
    if (this.options.pollMs <= 0 || this.timer !== null || this.stopped) return
    this.timer = setInterval(() => {
      // A new tick looks again for jobs of other groups (queued since, or come due).
      this.nothingOutside = null
      this.passedOver.clear()
      this.poll()
    }, this.options.pollMs)
    this.timer.unref()
    this.poll()
  }

  /** Stops polling and waits for the jobs in progress (call before the database closes). */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
    await this.polling
    await Promise.allSettled([...this.inFlight])
    await Promise.allSettled(this.releases.map(async (release) => release()))
  }

  /** Runs every job due now (including jobs that become due while it runs) and returns how many ran. */
  async runDueJobs(): Promise<number> {
    let ran = 0
    const worker = async () => {
      for (;;) {
        const claim = await this.claimNext()
        if (claim === null) return
        await this.run(claim)
        ran += 1
      }
    }
    await Promise.all(Array.from({ length: this.concurrency }, worker))
    return ran
  }

  /**
   * Claims the next due job (takes its lease, counts the attempt), or null when none is due; jobs
   * of a kind, an account or a kind of an account that already holds its share of this runner's
   * slots are passed over. One claim at a time, so that each sees the shares the claims before it
   * took.
   */
  claimNext(): Promise<JobClaim | null> {
    const claim = this.claiming.then(() => this.claimNow())
    this.claiming = claim.catch(() => undefined)
    return claim
  }

  private async claimNow(): Promise<JobClaim | null> {
    const now = this.env.clock.now()
    const nowIso = now.toISOString()
    const lease = new Date(now.getTime() + this.leaseMs).toISOString()
    const take = sql`update jobs set locked_until = ${lease}, attempts = attempts + 1, updated_at = ${nowIso}`
    const due = sql`state = 'pending' and run_at <= ${nowIso} and (locked_until is null or locked_until < ${nowIso})`
    const returning = sql`returning id, kind, account_id, payload_json, attempts, max_attempts, locked_until`
    const full = this.shares.full()
    if (isNothingFull(full)) {
      const skipLocked = this.env.dialect === 'postgres' ? sql`for update skip locked` : sql``
      const result = await sql<ClaimedRow>`${take} where id = (select id from jobs where ${due} order by run_at, id limit 1 ${skipLocked}) ${returning}`.execute(this.env.db)
      return this.claimed(result.rows[0])
    }
    // Passing over a full group walks its due backlog in the (state, run_at) index (~20–170 ms
    // for 200,000 jobs, warm or not): read first, outside any transaction (on SQLite the read thread, holding no
    // write lock), then the job is taken by id if it is still due; one another claimer took
    // meanwhile is looked for again. Before the next poll tick (polling runners only: runDueJobs
    // looks afresh every time), a search that found nothing is not repeated for the same full
    // groups, and one that found a job is resumed from it. What a resumed search cannot see, a job
    // due before that point that was not then (its lease expired since), waits for the tick.
    const fullKey = JSON.stringify(full)
    if (this.nothingOutside === fullKey) return null
    const polling = this.timer !== null
    for (let attempt = 0; attempt < 3; attempt++) {
      const after = this.passedOver.get(fullKey)
      const resumed = after === undefined ? sql`` : sql` and run_at >= ${after.runAt} and not (run_at = ${after.runAt} and id <= ${after.id})`
      const candidate = (await sql<{ id: number | string; run_at: string | Date }>`select id, run_at from jobs where ${due} and ${outsideOf(full)}${resumed} order by run_at, id limit 1`.execute(this.env.db)).rows[0]
      if (candidate === undefined) {
        if (polling) this.nothingOutside = fullKey
        return null
      }
      if (polling) this.passedOver.set(fullKey, { runAt: candidate.run_at, id: Number(candidate.id) })
      const result = await sql<ClaimedRow>`${take} where id = ${candidate.id} and ${due} ${returning}`.execute(this.env.db)
      if (result.rows[0] !== undefined) return this.claimed(result.rows[0])
    }
    return null
  }

  /** The claim of a row just taken (counted against its groups' shares), or null. */
  private claimed(row: ClaimedRow | undefined): JobClaim | null {
    if (row === undefined) return null
    this.shares.take({ kind: row.kind, accountId: row.account_id === null ? null : Number(row.account_id) })
    let payload: unknown = null
    try {
      payload = JSON.parse(row.payload_json)
    } catch {
      payload = null
    }
    return {
      job: {
        id: Number(row.id),
        kind: row.kind,
        accountId: row.account_id === null ? null : Number(row.account_id),
        payload,
        attempt: Number(row.attempts),
        maxAttempts: Number(row.max_attempts),
      },
      lease: new Date(row.locked_until).toISOString(),
    }
  }

  /** Runs a claimed job and records the outcome (done, retry later, or failed). Never throws. */
  async run(claim: JobClaim): Promise<void> {
    try {
      await this.runClaimed(claim)
    } finally {
      // The slot taken by claimNext is free again.
      this.shares.release(claim.job)
    }
  }

  private async runClaimed({ job, lease }: JobClaim): Promise<void> {
    const handler = this.handlers.get(job.kind)
    if (handler === undefined) {
      await this.finish(job, lease, { state: 'failed', error: `no handler is registered for job kind "${job.kind}"` })
      this.env.log.error({ jobId: job.id, kind: job.kind }, 'job of unknown kind failed')
      return
    }
    try {
      await handler(job)
      await this.finish(job, lease, { state: 'done', error: null })
    } catch (error) {
      const message = errorText(error)
      if (job.attempt >= job.maxAttempts) {
        this.env.log.error({ jobId: job.id, kind: job.kind, attempt: job.attempt, err: error }, 'job failed for the last time')
        await this.finish(job, lease, { state: 'failed', error: message })
      } else {
        const runAt = new Date(this.env.clock.now().getTime() + retryDelayMs(job.attempt))
        const retry = { jobId: job.id, kind: job.kind, attempt: job.attempt, retryAt: runAt.toISOString() }
        if (error instanceof QuietJobFailure) this.env.log.info({ ...retry, reason: message }, 'job not done; will retry')
        else this.env.log.warn({ ...retry, err: error }, 'job failed; will retry')
        await this.finish(job, lease, { state: 'pending', error: message, runAt })
      }
    }
  }

  /**
   * Writes the outcome only while the lease is still ours: if it expired and another worker took
   * the job, that worker's outcome wins and ours is dropped.
   */
  private async finish(job: ClaimedJob, lease: string, outcome: { state: 'done' | 'failed' | 'pending'; error: string | null; runAt?: Date }): Promise<void> {
    try {
      await this.env.db
        .updateTable('jobs')
        .set({
          state: outcome.state,
          locked_until: null,
          last_error: outcome.error,
          updated_at: this.env.clock.now().toISOString(),
          ...(outcome.runAt ? { run_at: outcome.runAt.toISOString() } : {}),
        })
        .where('id', '=', job.id)
        .where('locked_until', '=', lease)
        .execute()
    } catch (error) {
      // The lease expires and the job runs again: at-least-once, never lost.
      this.env.log.error({ jobId: job.id, err: error }, 'could not record the outcome of a job')
    }
  }

  private poll(): void {
    if (this.stopped) return
    // A slot freed while a fill runs must not wait for the next tick: the fill may already have
    // found nothing claimable (its groups full) before that slot was released.
    if (this.polling !== null) {
      this.pollAgain = true
      return
    }
    this.pollAgain = false
    this.polling = this.fill()
      .catch((error: unknown) => this.env.log.error({ err: error }, 'job queue poll failed; will retry at the next poll'))
      .finally(() => {
        this.polling = null
        if (this.pollAgain) this.poll()
      })
  }

  /** Claims due jobs until the concurrency bound is reached or none is due. */
  private async fill(): Promise<void> {
    while (!this.stopped && this.inFlight.size < this.concurrency) {
      const claim = await this.claimNext()
      if (claim === null) return
      const running: Promise<void> = this.run(claim).finally(() => {
        this.inFlight.delete(running)
        // A free slot: look again at once rather than waiting for the next tick.
        this.poll()
      })
      this.inFlight.add(running)
    }
  }
}

/** The condition that keeps a claim off the jobs of every full group. */
function outsideOf(full: FullGroups): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = []
  if (full.kinds.length > 0) conditions.push(sql`kind not in (${sql.join(full.kinds)})`)
  if (full.accounts.length > 0) conditions.push(sql`(account_id is null or account_id not in (${sql.join(full.accounts)}))`)
  for (const { accountId, kind } of full.accountKinds) conditions.push(sql`(account_id is null or account_id <> ${accountId} or kind <> ${kind})`)
  return sql.join(conditions, sql` and `)
}
