// The most each scenario could reach on this machine, whatever the HTTP side did.
//
// A scenario's own work (the module functions its route handler calls, then JSON.stringify of the
// answer unless they return its text) is timed here in-process, in a loop on a copy of the main SQLite dataset: no HTTP
// parsing, authentication, rate limit, request log, headers or socket. Any HTTP request costs at
// least what the floor's does (its server CPU per response, measured in the same run), so a
// request of the scenario costs the server at least (own work + floor's request). The load
// generator shares the cores: every response also costs autocannon the client CPU measured for
// the scenario in the same run, so server and autocannon together serve at most
// (cores) / (server + client) per second. A creation runs almost wholly on the server's main thread
// (its transaction), and registration data comes from a cache on it, so one process also serves
// at most 1 / (own work + floor's request) of them; other reads are split between the main thread
// and the SQLite read thread, so at most 2 / (own work + floor's request). That,
// over the floor's req/s, estimates the highest ratio one server process could reach whatever the
// HTTP side cost; below the target, making the HTTP side cheaper cannot meet it on this machine.
// The own work is timed without the read thread (no message between threads), the least it can
// cost. Assumptions: CPU is summed over the threads, and autocannon's cost per answer is the one
// measured at the scenario's current rate and headers.
import os from 'node:os'
import path from 'node:path'
import { parseDatabaseUrl } from '../src/config.js'
import { RegistrationDataCache } from '../src/modules/catalog/registration-data-cache.js'
import { createProposal } from '../src/modules/proposals/create-proposal.js'
import { getProposalDetail } from '../src/modules/proposals/get-proposal.js'
import { listCustomerProposals } from '../src/modules/proposals/list-customer-proposals.js'
import { systemClock } from '../src/platform/clock.js'
import { connectDatabase } from '../src/platform/db/connect.js'
import { MAX_GROUP } from '../src/platform/db/sqlite-group-commit.js'
import { creationBody } from './creation-body.js'
import { type Dataset, sqliteCopy } from './datasets.js'
import { KIND_NAMES, type ScenarioKind } from './plans.js'
import type { ScenarioSummary } from './summary.js'
import { targetRatioOf } from './targets.js'

export interface Ceiling {
  kind: ScenarioKind
  name: string
  /** CPU per call of the scenario's own work, in-process. */
  in_process_us: number
  /** The floor's server CPU per response in this run: the least any HTTP request costs. */
  floor_server_us: number
  /** autocannon's CPU per response of the same scenario in this run (SQLite phase). */
  client_us: number
  /** min(one main thread, every core shared with the load generator), in requests per second. */
  ceiling_rps: number
  floor_rps: number
  ceiling_ratio: number
  target_ratio: number | null
  reachable: boolean | null
}

const BASE_URL = 'http://127.0.0.1'
const KINDS: ScenarioKind[] = ['detail', 'list-random', 'list-big', 'registration-data', 'create']

// Writes run on the main thread's connection; reads outside a transaction run on the server's
// SQLite read thread (src/platform/db/sqlite-read-thread.ts), so their work is split between two
// threads (a creation's answer is such a read, after its transaction). Registration data is served
// from the process's cache after one tiny read: its work is the main thread's.
const MAIN_THREAD_BOUND: ReadonlySet<ScenarioKind> = new Set(['registration-data'])

/**
 * The ceiling arithmetic, on its own so it can be checked by a test: the server and autocannon
 * sharing every core, and the threads a request runs on (one, or two with the read thread), however
 * many cores there are.
 */
export function ceilingOf(costs: { inProcessUs: number; floorServerUs: number; clientUs: number }, cores: number, floorRps: number, targetRatio: number | null, oneThread: boolean) {
  const serverUs = costs.inProcessUs + costs.floorServerUs
  const sharedCores = (cores * 1e6) / (serverUs + costs.clientUs)
  const ceilingRps = Math.min(((oneThread ? 1 : 2) * 1e6) / serverUs, sharedCores)
  const ratio = ceilingRps / floorRps
  return { ceiling_rps: Math.round(ceilingRps), ceiling_ratio: Number(ratio.toFixed(3)), reachable: targetRatio === null ? null : ratio >= targetRatio }
}

/** CPU microseconds per call of `work`, run back to back for `seconds` after a short warm-up. */
async function cpuPerCall(work: () => Promise<unknown>, seconds: number): Promise<number> {
  const warmUntil = performance.now() + Math.min(500, seconds * 250)
  while (performance.now() < warmUntil) await work()
  const before = process.cpuUsage()
  const until = performance.now() + seconds * 1000
  let calls = 0
  while (performance.now() < until) {
    await work()
    calls += 1
  }
  const used = process.cpuUsage(before)
  return (used.user + used.system) / calls
}

export async function measureCeilings(dataset: Dataset, summary: ScenarioSummary[], runDir: string, seconds: number): Promise<Ceiling[]> {
  const rows = new Map(summary.filter((s) => s.phase === 'sqlite').map((s) => [s.id, s]))
  const floor = rows.get('sqlite/floor')
  if (floor === undefined || floor.server_cpu_us === null) return []
  const floorServerUs = floor.server_cpu_us
  const url = parseDatabaseUrl(sqliteCopy(dataset, path.join(runDir, 'ceilings.sqlite')))
  const database = connectDatabase(url)
  // Creations under load commit in groups (src/platform/db/sqlite-group-commit.ts), which needs the
  // read thread, as the server runs: they are timed MAX_GROUP at a time on a connection that has it.
  const creating = connectDatabase(url, { sqliteReadThread: true })
  try {
    const { db } = database
    const accountId = dataset.summary.account_id
    const { time_zone: timeZone } = await db.selectFrom('accounts').select('time_zone').where('id', '=', accountId).executeTakeFirstOrThrow()
    const { min, max } = dataset.summary.proposal_ids
    const sample = dataset.summary.customer_documents_sample
    const pick = <T>(values: readonly T[]) => values[Math.floor(Math.random() * values.length)]!
    // The page is its answer's text already (on SQLite its rows are written as JSON where the query runs).
    const page = (reference: string) => async () => (await listCustomerProposals(db, { id: accountId, timeZone }, { reference, page: 1, per_page: 50 }, BASE_URL)).json
    const registrationData = new RegistrationDataCache(db)
    // As the route does: the creation, then the detail read back for the answer. Building and
    // parsing the body (a few µs, the HTTP side's share) is counted too.
    const createOne = async () => {
      const created = await createProposal(
        creating.db,
        { accountId, timeZone, clock: systemClock, via: 'api', actor: { type: 'api_token', id: null, name: 'bench' }, countsAgainstQuota: true },
        JSON.parse(creationBody(dataset.creation, pick(sample))),
      )
      return JSON.stringify(await getProposalDetail(creating.db, accountId, { by: 'id', id: created.id }, BASE_URL))
    }
    const work: Record<string, () => Promise<unknown>> = {
      detail: async () => JSON.stringify(await getProposalDetail(db, accountId, { by: 'id', id: min + Math.floor(Math.random() * (max - min + 1)) }, BASE_URL)),
      'list-random': async () => page(pick(sample))(),
      ...(dataset.summary.big_customer === null ? {} : { 'list-big': page(dataset.summary.big_customer.document) }),
      'registration-data': () => registrationData.body(accountId),
      create: () => Promise.all(Array.from({ length: MAX_GROUP }, createOne)),
    }
    const callsPerWork: Partial<Record<ScenarioKind, number>> = { create: MAX_GROUP }
    const ceilings: Ceiling[] = []
    for (const kind of KINDS) {
      const row = rows.get(`sqlite/${kind}`)
      const run = work[kind]
      if (row === undefined || run === undefined || row.client_cpu_us === null) continue
      const inProcessUs = (await cpuPerCall(run, seconds)) / (callsPerWork[kind] ?? 1)
      const target = targetRatioOf(kind)
      ceilings.push({
        kind,
        name: KIND_NAMES[kind],
        in_process_us: Math.round(inProcessUs),
        floor_server_us: floorServerUs,
        client_us: row.client_cpu_us,
        floor_rps: floor.requests_per_second,
        target_ratio: target,
        ...ceilingOf({ inProcessUs, floorServerUs, clientUs: row.client_cpu_us }, os.availableParallelism(), floor.requests_per_second, target, MAIN_THREAD_BOUND.has(kind)),
      })
    }
    return ceilings
  } finally {
    await Promise.all([database.close(), creating.close()])
  }
}
