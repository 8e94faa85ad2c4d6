// Which scenarios run, grouped in phases. A phase is measured as rounds of "floor, A, B, C…", so
// the floor it is compared with was measured among its own runs. The PostgreSQL database is
// shared by every PostgreSQL server start, so its phases are ordered: every read scenario (one
// and two processes) runs before any creation, and the reads never see documents the creations
// added. The request log of the reads does grow request_logs there; that growth is accepted.
import path from 'node:path'
import { type Dataset, readThrough, sqliteCopy } from './datasets.js'
import type { RequestPlan } from './load.js'
import { KIND_NAMES, planFor, type ScenarioKind } from './plans.js'
import { type RunningServer, startServer } from './servers.js'

export interface Scenario {
  /** Stable id, e.g. `sqlite/detail`, `postgres-2/create`, `growth-large/list-big`. */
  id: string
  kind: ScenarioKind
  name: string
  engine: 'floor' | 'sqlite' | 'postgres'
  processes: number
  dataset: string | null
  plan: RequestPlan
  token: string
  start(): Promise<RunningServer[]>
}

export interface Phase {
  name: string
  scenarios: Scenario[]
}

export interface PhaseInputs {
  runDir: string
  serverScript: string
  floorScript: string
  sqlite: Dataset
  growthSmall: Dataset
  growthLarge: Dataset
  postgres: Dataset | null
  only: RegExp | null
}

// The per-token rate limit protects production from runaway clients; the benchmark is one.
const SERVER_ENV = { API_RATE_LIMIT_PER_MINUTE: '1000000000' }
const READS: ScenarioKind[] = ['detail', 'detail-log-off', 'detail-read-thread-off', 'list-random', 'list-big', 'registration-data']
const WRITES: ScenarioKind[] = ['create', 'create-idempotent']
// Pricing the log and the read thread: one-process questions, and the read thread is SQLite's only.
const PRICING: ReadonlySet<ScenarioKind> = new Set(['detail-log-off', 'detail-read-thread-off'])

/**
 * What a scenario's servers run with beyond SERVER_ENV: every switch a scenario prices, on, and the
 * one it prices turned off. Explicit both ways, so a variable exported in the shell cannot turn an
 * "on" side off.
 */
function serverSwitches(kind: ScenarioKind): Record<string, string> {
  const on = { REQUEST_LOG: 'on', SQLITE_READ_THREAD: 'on' }
  if (kind === 'detail-log-off') return { ...on, REQUEST_LOG: 'off' }
  if (kind === 'detail-read-thread-off') return { ...on, SQLITE_READ_THREAD: 'off' }
  return on
}

function apiServers(script: string, databaseUrl: () => string, switches: Record<string, string>, processes: number): () => Promise<RunningServer[]> {
  return async () => {
    const url = databaseUrl()
    const env = { ...SERVER_ENV, DATABASE_URL: url, ...switches }
    // One after the other: both would otherwise run the (no-op) migration check at the same time.
    const servers: RunningServer[] = []
    try {
      for (let index = 0; index < processes; index += 1) servers.push(await startServer(script, env))
    } catch (error) {
      await Promise.all(servers.map((server) => server.stop()))
      throw error
    }
    return servers
  }
}

function scenario(label: string, kind: ScenarioKind, engine: Scenario['engine'], dataset: Dataset, processes: number, start: (switches: Record<string, string>) => () => Promise<RunningServer[]>): Scenario | null {
  const plan = planFor(kind, dataset)
  if (plan === null) return null
  const suffix = processes > 1 ? ` (${processes} processes)` : ''
  return { id: `${label}/${kind}`, kind, name: `${KIND_NAMES[kind]}${suffix}`, engine, processes, dataset: dataset.spec.label, plan, token: dataset.token, start: start(serverSwitches(kind)) }
}

export function buildPhases(inputs: PhaseInputs): Phase[] {
  const { serverScript } = inputs
  const floor = (phase: string): Scenario => ({
    id: `${phase}/floor`,
    kind: 'floor',
    name: KIND_NAMES.floor,
    engine: 'floor',
    processes: 1,
    dataset: null,
    plan: planFor('floor', null)!,
    token: 'none',
    start: async () => [await startServer(inputs.floorScript, {}, ['--import', 'tsx'])],
  })
  // A fresh copy of the template for every server start: what one scenario wrote never slows the next.
  const sqliteFresh = (switches: Record<string, string>) => apiServers(serverScript, () => sqliteCopy(inputs.sqlite, path.join(inputs.runDir, 'serve.sqlite')), switches, 1)
  // The growth databases are copied once per run (a million-document file takes seconds to copy),
  // and both sizes alike, so the request log rows they gather are the same on each side; both are
  // read through before every start, so neither is served from disk (readThrough).
  const growthCopies = new Map<string, string>()
  const growthCopy = (dataset: Dataset) => () => {
    let url = growthCopies.get(dataset.spec.label)
    if (url === undefined) {
      url = sqliteCopy(dataset, path.join(inputs.runDir, `${dataset.spec.label}.run.sqlite`))
      growthCopies.set(dataset.spec.label, url)
    }
    readThrough(url)
    return url
  }
  const phases: Phase[] = [{ name: 'sqlite', scenarios: [...READS, ...WRITES].map((kind) => scenario('sqlite', kind, 'sqlite', inputs.sqlite, 1, sqliteFresh)).filter((s) => s !== null) }]
  const pg = inputs.postgres
  if (pg !== null) {
    const pgServers = (processes: number) => (switches: Record<string, string>) => apiServers(serverScript, () => pg.url, switches, processes)
    const pgPhase = (name: string, kinds: ScenarioKind[]): Phase => ({
      name,
      scenarios: [1, 2].flatMap((processes) =>
        // The pair runs with the log on, as in production; PostgreSQL has no read thread.
        kinds.filter((kind) => kind !== 'detail-read-thread-off' && (processes === 1 || !PRICING.has(kind))).map((kind) => scenario(processes === 1 ? 'postgres' : 'postgres-2', kind, 'postgres', pg, processes, pgServers(processes))),
      ).filter((s) => s !== null),
    })
    phases.push(pgPhase('postgres reads', READS), pgPhase('postgres writes', WRITES))
  }
  phases.push({
    name: 'growth',
    scenarios: (['detail', 'list-random', 'list-big'] as ScenarioKind[])
      .flatMap((kind) => [inputs.growthSmall, inputs.growthLarge].map((dataset) => scenario(dataset.spec.label, kind, 'sqlite', dataset, 1, (switches) => apiServers(serverScript, growthCopy(dataset), switches, 1))))
      .filter((s) => s !== null),
  })
  return phases
    .map((phase) => ({ name: phase.name, scenarios: phase.scenarios.filter((s) => inputs.only === null || inputs.only.test(s.id)) }))
    .filter((phase) => phase.scenarios.length > 0)
    .map((phase) => ({ name: phase.name, scenarios: [floor(phase.name.replace(/\s+/g, '-')), ...phase.scenarios] }))
}
