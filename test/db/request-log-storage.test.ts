// The request log's storage on both databases: the buffered writer (batches, one INSERT each, a
// failed batch dropped without throwing) and retention (exactly the entries older than the
// configured days are pruned, in bounded batches, also by processes pruning at the same time).
import { CompiledQuery, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, sql, type UnknownRow } from 'kysely'
import { describe, expect, it, vi } from 'vitest'
import { pruneRequestLogs, retentionCutoff } from '../../src/modules/integrations/request-log/prune-request-logs.js'
import type { RequestLogEntry } from '../../src/modules/integrations/request-log/request-log-entry.js'
import { insertRequestLogs, insertRequestLogsFromJson, requestLogPruneQuery } from '../../src/modules/integrations/request-log/request-log-repository.js'
import { sqliteRequestLogInserter } from '../../src/modules/integrations/request-log/sqlite-request-log-inserter.js'
import { RequestLogWriter } from '../../src/modules/integrations/request-log/request-log-writer.js'
import type { Clock } from '../../src/platform/clock.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, uniqueSuffix } from '../support/factories.js'
import { appOnSameDatabase, type TestApp } from '../support/test-app.js'

const DAY_MS = 24 * 60 * 60 * 1000

/** Counts the INSERT statements a Kysely instance runs. */
class InsertCounter implements KyselyPlugin {
  inserts = 0
  transformQuery(args: PluginTransformQueryArgs) {
    if (args.node.kind === 'InsertQueryNode') this.inserts += 1
    return args.node
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result
  }
}

function entry(marker: string, overrides: Partial<RequestLogEntry> = {}): RequestLogEntry {
  return {
    created_at: new Date().toISOString(),
    request_id: `req_${marker}`,
    account_id: null,
    api_token_id: null,
    token_prefix: null,
    method: 'GET',
    path: '/api/v1/registration-data',
    query: null,
    status: 200,
    duration_ms: 1.5,
    ip: '127.0.0.1',
    user_agent: null,
    idempotency_key: null,
    error_code: null,
    request_headers: '{}',
    request_body: null,
    response_body: null,
    client_closed: false,
    ...overrides,
  }
}

const silentLog = () => ({ error: vi.fn(), info: vi.fn() })

interface PostgresPlanNode {
  'Node Type': string
  'Relation Name'?: string
  'Index Name'?: string
  'Index Cond'?: string
  Filter?: string
  Plans?: PostgresPlanNode[]
}

function planNodes(node: PostgresPlanNode): PostgresPlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)]
}

/**
 * How the prune's DELETE finds its victims: SQLite's plan steps, or PostgreSQL's nodes below the
 * claim (LockRows: the SELECT … FOR UPDATE SKIP LOCKED). How PostgreSQL then
 * reaches each victim by id is its choice: on a small table it reads the table whole.
 */
async function prunePlan(env: TestApp): Promise<string[] | PostgresPlanNode[]> {
  const compiled = requestLogPruneQuery(env.db, '2000-01-01T00:00:00.000Z', 5_000, env.dialect).compile()
  if (env.dialect === 'sqlite') {
    const result = await env.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]))
    return result.rows.map((row) => row.detail)
  }
  // Without sequential scans: a test table is small enough for the planner to read it whole
  // anyway; the question is whether an index bounds the read by age, as it must on a large log.
  return env.db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx)
    const result = await trx.executeQuery<{ 'QUERY PLAN': Array<{ Plan: PostgresPlanNode }> }>(CompiledQuery.raw(`explain (format json) ${compiled.sql}`, [...compiled.parameters]))
    const claim = planNodes(result.rows[0]!['QUERY PLAN'][0]!.Plan).find((node) => node['Node Type'] === 'LockRows')
    if (claim === undefined) throw new Error(`no LockRows node in ${JSON.stringify(result.rows[0])}`)
    return planNodes(claim)
  })
}

describeEachDialect('request log storage', (env: TestApp) => {
  const countWithPrefix = async (prefix: string) =>
    Number((await env.db.selectFrom('request_logs').select((eb) => eb.fn.countAll<number>().as('n')).where('request_id', 'like', `${prefix}%`).executeTakeFirstOrThrow()).n)

  describe("the worker's batch insert", () => {
    /** What the request log's worker runs for a batch on this dialect (request-log-worker.ts). */
    async function insertAsTheWorker(entries: RequestLogEntry[]) {
      if (env.dialect === 'postgres') return insertRequestLogsFromJson(env.db, entries)
      const inserter = sqliteRequestLogInserter(env.databaseUrl.slice('sqlite:'.length))
      try {
        inserter.insert(entries)
      } finally {
        inserter.close()
      }
    }

    it('stores every value as given: awkward text, nulls, fractions, attribution', async () => {
      const account = await makeAccount(env)
      const marker = `cols_${uniqueSuffix()}_`
      // Text that an array literal or a CSV-like encoding could mangle.
      const awkward = ['NULL', '', 'a,b', '{braces}', 'quote " and \\ backslash', 'olá — ✓ 😀', "it's", '\n\t', '  spaced  ']
      const entries = awkward.map((text, index) =>
        entry(`${marker}${index}`, { query: text, user_agent: text, request_body: index % 2 === 0 ? text : null, response_body: text, status: 200 + index, duration_ms: index + 0.125 }),
      )
      entries.push(entry(`${marker}tenth`, { duration_ms: 0.1, created_at: '2026-11-30T23:59:59.999Z' }))
      entries.push(entry(`${marker}attributed`, { account_id: account.id, api_token_id: account.token.id, token_prefix: account.token.prefix, error_code: 'validation_failed', status: 422, client_closed: true }))
      await insertAsTheWorker(entries)
      const rows = await env.db.selectFrom('request_logs').selectAll().where('request_id', 'like', `req_${marker}%`).orderBy('id').execute()
      // SQLite gives booleans back as 0/1.
      expect(rows.map(({ id: _id, ...row }) => ({ ...row, client_closed: Boolean(row.client_closed) }))).toEqual(entries)
    })

    it('stores a lone surrogate as U+FFFD, the batch with it whole, and text that only looks like its escape as it is', async () => {
      // PostgreSQL's batch is one JSON text, and its JSON refuses the escape JSON.stringify writes
      // for a lone surrogate: U+FFFD goes in its place. (SQLite's binding writes the surrogate's
      // three bytes of UTF-8, read back as three U+FFFD. No entry the server makes holds one: its
      // bodies are decoded from bytes or written by JSON.stringify, which escapes them.)
      const marker = `surrogate_${uniqueSuffix()}_`
      const texts = ['lone high \uD800 here', 'lone low \uDC00', 'a pair 😀 stays', 'an escape written out: \\ud800 and \\uDC00', 'ends high \uDBFF']
      const entries = texts.map((text, index) => entry(`${marker}${index}`, { request_body: text, user_agent: text }))
      await insertAsTheWorker(entries)
      const rows = await env.db.selectFrom('request_logs').select(['request_body', 'user_agent']).where('request_id', 'like', `req_${marker}%`).orderBy('id').execute()
      const replacement = env.dialect === 'postgres' ? '\uFFFD' : '\uFFFD'.repeat(3)
      const expected = [`lone high ${replacement} here`, `lone low ${replacement}`, 'a pair 😀 stays', 'an escape written out: \\ud800 and \\uDC00', `ends high ${replacement}`]
      expect(rows).toEqual(expected.map((text) => ({ request_body: text, user_agent: text })))
    })
  })

  describe('writer', () => {
    it('writes nothing until a batch is full, then one INSERT per batch', async () => {
      const counter = new InsertCounter()
      const writer = new RequestLogWriter<RequestLogEntry>((entries) => insertRequestLogs(env.db.withPlugin(counter), entries), silentLog(), { batchSize: 200, flushIntervalMs: 60_000 })
      const marker = `batch_${uniqueSuffix()}_`
      for (let index = 0; index < 199; index += 1) writer.enqueue(entry(`${marker}${index}`))
      expect(writer.pending).toBe(199)
      expect(counter.inserts).toBe(0)
      writer.enqueue(entry(`${marker}199`)) // the 200th starts a flush without waiting for the timer
      await vi.waitFor(async () => expect(await countWithPrefix(`req_${marker}`)).toBe(200), { timeout: 5_000 })
      expect(counter.inserts).toBe(1)
      for (let index = 200; index < 650; index += 1) writer.enqueue(entry(`${marker}${index}`))
      await writer.flush()
      expect(await countWithPrefix(`req_${marker}`)).toBe(650)
      // 650 = 200 + (200 + 200 + 50): full batches go as soon as they fill, the rest on flush.
      expect(counter.inserts).toBe(4)
      expect(writer.pending).toBe(0)
    })

    it('flushes on its own after the interval', async () => {
      const writer = new RequestLogWriter<RequestLogEntry>((entries) => insertRequestLogs(env.db, entries), silentLog(), { flushIntervalMs: 50 })
      const marker = `timer_${uniqueSuffix()}`
      writer.enqueue(entry(marker))
      expect(writer.pending).toBe(1)
      await vi.waitFor(async () => expect(await countWithPrefix(`req_${marker}`)).toBe(1), { timeout: 5_000 })
    })

    it('a batch the database refuses is logged and dropped; flush never throws and later batches are written', async () => {
      const log = silentLog()
      const writer = new RequestLogWriter<RequestLogEntry>((entries) => insertRequestLogs(env.db, entries), log, { batchSize: 2, flushIntervalMs: 60_000 })
      const marker = `fail_${uniqueSuffix()}_`
      writer.enqueue(entry(`${marker}a`))
      writer.enqueue(entry(`${marker}b`, { account_id: 2_000_000_000 })) // no such account: the foreign key refuses the batch
      await expect(writer.flush()).resolves.toBeUndefined()
      expect(log.error).toHaveBeenCalledTimes(1)
      expect(log.error.mock.calls[0]![0]).toMatchObject({ dropped: 2 })
      expect(await countWithPrefix(`req_${marker}`)).toBe(0)
      writer.enqueue(entry(`${marker}c`))
      await writer.flush()
      expect(await countWithPrefix(`req_${marker}`)).toBe(1)
    })

    it('holds at most maxQueued entries while the database cannot keep up, and says how many were lost', async () => {
      const log = silentLog()
      const writer = new RequestLogWriter<RequestLogEntry>((entries) => insertRequestLogs(env.db, entries), log, { batchSize: 1_000, flushIntervalMs: 60_000, maxQueued: 3 })
      const marker = `full_${uniqueSuffix()}_`
      for (let index = 0; index < 5; index += 1) writer.enqueue(entry(`${marker}${index}`))
      expect(writer.pending).toBe(3)
      await writer.flush()
      expect(await countWithPrefix(`req_${marker}`)).toBe(3)
      expect(log.error).toHaveBeenCalledWith({ dropped: 2 }, expect.stringContaining('queue full'))
    })
  })

  describe('retention', () => {
    const now = new Date('2026-11-29T12:00:00.000Z')
    const clock: Clock = { now: () => now }
    const ago = (ms: number) => new Date(now.getTime() - ms).toISOString()

    async function insertAged(marker: string, ages: Record<string, number>, accountId: number | null = null) {
      const rows = Object.entries(ages).map(([name, age]) => entry(`${marker}${name}`, { created_at: ago(age), account_id: accountId }))
      await env.db.insertInto('request_logs').values(rows).execute()
    }

    const remaining = async (marker: string) =>
      (await env.db.selectFrom('request_logs').select('request_id').where('request_id', 'like', `req_${marker}%`).orderBy('request_id').execute()).map((row) => row.request_id.slice(`req_${marker}`.length))

    it('deletes exactly the entries older than the retention, in bounded batches', async () => {
      const account = await makeAccount(env)
      const marker = `prune_${uniqueSuffix()}_`
      await insertAged(marker, { a_year: 365 * DAY_MS, b_181d: 181 * DAY_MS, c_180d_1ms: 180 * DAY_MS + 1, d_180d: 180 * DAY_MS, e_179d: 179 * DAY_MS, f_now: 0 }, account.id)
      await insertAged(`${marker}x_`, Object.fromEntries(Array.from({ length: 7 }, (_, index) => [`old${index}`, 200 * DAY_MS])))
      expect(retentionCutoff(clock, 180)).toBe(ago(180 * DAY_MS))
      const deleted = await pruneRequestLogs(env.db, env.dialect, clock, { retentionDays: 180, batchSize: 3 })
      expect(deleted).toBe(3 + 7)
      // The entry exactly 180 days old is kept: only older ones go.
      expect(await remaining(marker)).toEqual(['d_180d', 'e_179d', 'f_now'])
      expect(await pruneRequestLogs(env.db, env.dialect, clock, { retentionDays: 180 })).toBe(0)
    })

    // The hourly run after the backlog is gone finds few or no old entries. Claimed in id order,
    // SQLite walked the whole log by rowid inside the write lock (300,000 entries, 1.1 GB: 0.5–1.1 s
    // per run against 0.4 ms; docs/PERFORMANCE.md); PostgreSQL did so when its statistics were
    // stale, and reads the index when they are fresh, so its half guards the index path only.
    it('a batch is claimed through the created_at index, so a prune with nothing old reads nothing', async () => {
      const plan = await prunePlan(env)
      if (env.dialect === 'sqlite') {
        const steps = plan as string[]
        expect(steps.some((step) => step.includes('INDEX request_logs_created_idx (created_at<?)')), steps.join(' | ')).toBe(true)
        expect(steps.filter((step) => step.startsWith('SCAN request_logs')), steps.join(' | ')).toEqual([])
      } else {
        const nodes = plan as PostgresPlanNode[]
        const described = JSON.stringify(nodes)
        expect(nodes.some((node) => node['Index Name'] === 'request_logs_created_idx' && (node['Index Cond'] ?? '').includes('created_at <')), described).toBe(true)
        expect(nodes.filter((node) => (node.Filter ?? '').includes('created_at')), described).toEqual([])
      }
    })

    it('processes pruning at the same moment split the work without errors', async () => {
      const marker = `race_${uniqueSuffix()}_`
      await insertAged(marker, Object.fromEntries(Array.from({ length: 60 }, (_, index) => [`old${String(index).padStart(2, '0')}`, 365 * DAY_MS])))
      await insertAged(marker, { new: DAY_MS })
      const results = await Promise.all([1, 2, 3, 4].map(() => pruneRequestLogs(env.db, env.dialect, clock, { retentionDays: 180, batchSize: 5 })))
      expect(results.reduce((sum, count) => sum + count, 0)).toBe(60)
      expect(await remaining(marker)).toEqual(['new'])
    })

    it('the app prunes when it starts, with REQUEST_LOG_RETENTION_DAYS', async () => {
      const marker = `boot_${uniqueSuffix()}_`
      const real = Date.now()
      const rows = [entry(`${marker}old`, { created_at: new Date(real - 31 * DAY_MS).toISOString() }), entry(`${marker}recent`, { created_at: new Date(real - 29 * DAY_MS).toISOString() })]
      await env.db.insertInto('request_logs').values(rows).execute()
      const app = await appOnSameDatabase(env, { REQUEST_LOG_RETENTION_DAYS: '30' })
      await app.close() // waits for the run started at ready
      expect(await remaining(marker)).toEqual(['recent'])
    })
  })
})
