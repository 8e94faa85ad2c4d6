// From the per-round measurements to one row per scenario (means over rounds, ratio to the floor
// of the same phase), and the figures between scenarios: request log on/off and growth.
import type { LogCpu } from './log-cpu.js'
import type { RoundMeasurement } from './measure.js'
import type { Phase, Scenario } from './phases.js'
import { type Check, checkAtLeast, checkAtMost, checkScenario, MAX_GROWTH_LATENCY_RATIO, MIN_LOG_RATIO } from './targets.js'

export interface ScenarioSummary {
  id: string
  phase: string
  name: string
  engine: Scenario['engine']
  processes: number
  dataset: string | null
  /** Responses completed over every round. */
  responses: number
  requests_per_second: number
  /** Means over the rounds that completed any response; null when none did. */
  mean_ms: number | null
  p50_ms: number | null
  p99_ms: number | null
  ratio_to_floor: number | null
  errors: number
  /** Peak RSS of each server process over every round. */
  rss_mb: number[]
  /** CPU per response (means over the rounds): the server processes', and autocannon's on the same cores. */
  server_cpu_us: number | null
  client_cpu_us: number | null
  check: Check | null
}

export interface DerivedFigure {
  name: string
  value: number
  /** The same figure in each round, to show how much of it is noise. */
  per_round: number[]
  check: Check | null
}

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length)
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits))
}

export function summarise(phases: Phase[], results: RoundMeasurement[]): ScenarioSummary[] {
  return phases.flatMap((phase) => {
    const rowsOf = (id: string) => results.filter((r) => r.scenario === id)
    const floor = mean(rowsOf(phase.scenarios[0]!.id).map((r) => r.requests_per_second))
    return phase.scenarios.map((scenario) => {
      const rows = rowsOf(scenario.id)
      const rps = mean(rows.map((r) => r.requests_per_second))
      const ratio = scenario.kind === 'floor' ? null : round(rps / floor, 3)
      const rss = Array.from({ length: scenario.processes }, (_, index) => Math.max(0, ...rows.map((r) => r.rss_mb[index] ?? 0)))
      // A run that completed no response has no latency (autocannon reports 0 ms).
      const answered = rows.filter((r) => r.responses > 0)
      const latency = (pick: (r: RoundMeasurement) => number, digits = 1) => (answered.length === 0 ? null : round(mean(answered.map(pick)), digits))
      const p99 = latency((r) => r.p99_ms)
      const cpu = (pick: (r: RoundMeasurement) => number | null) => {
        const values = answered.map(pick).filter((value) => value !== null)
        return values.length === 0 ? null : round(mean(values), 1)
      }
      return {
        id: scenario.id,
        phase: phase.name,
        name: scenario.name,
        engine: scenario.engine,
        processes: scenario.processes,
        dataset: scenario.dataset,
        responses: rows.reduce((sum, r) => sum + r.responses, 0),
        requests_per_second: Math.round(rps),
        mean_ms: latency((r) => r.mean_ms, 3),
        p50_ms: latency((r) => r.p50_ms),
        p99_ms: p99,
        ratio_to_floor: ratio,
        errors: rows.reduce((sum, r) => sum + r.errors, 0),
        rss_mb: rss,
        server_cpu_us: cpu((r) => r.server_cpu_us),
        client_cpu_us: cpu((r) => r.client_cpu_us),
        check: checkScenario(scenario.kind, phase.name === 'growth', { ratio, p99_ms: p99, rss_mb: rss }),
      }
    })
  })
}

/** Each round's value of `figure`, computed from that round's measurements of the named scenarios. */
function perRound(results: RoundMeasurement[], ids: string[], figure: (rows: RoundMeasurement[]) => number): number[] {
  const rounds = [...new Set(results.map((r) => r.round))].sort((a, b) => a - b)
  return rounds.flatMap((n) => {
    const rows = ids.map((id) => results.find((r) => r.round === n && r.scenario === id))
    return rows.every((r) => r !== undefined) ? [round(figure(rows), 3)] : []
  })
}

export function derivedFigures(summary: ScenarioSummary[], results: RoundMeasurement[], logCpu: LogCpu | null): DerivedFigure[] {
  const byId = new Map(summary.map((s) => [s.id, s]))
  const figures: DerivedFigure[] = []
  for (const engine of ['sqlite', 'postgres']) {
    const on = byId.get(`${engine}/detail`)
    const off = byId.get(`${engine}/detail-log-off`)
    if (on === undefined || off === undefined) continue
    const value = round(on.requests_per_second / off.requests_per_second, 3)
    figures.push({
      name: `request log on/off, req/s of GET /proposals/{id} (${engine})`,
      value,
      per_round: perRound(results, [on.id, off.id], ([a, b]) => a!.requests_per_second / b!.requests_per_second),
      check: checkAtLeast(value, MIN_LOG_RATIO, 'on/off'),
    })
  }
  const threaded = byId.get('sqlite/detail')
  const oneThread = byId.get('sqlite/detail-read-thread-off')
  if (threaded !== undefined && oneThread !== undefined) {
    // No target: it prices the SQLite read thread (SQLITE_READ_THREAD) in every run.
    figures.push({
      name: `SQLite read thread on/off, req/s of GET /proposals/{id} (server CPU per response ${threaded.server_cpu_us ?? '?'} µs on, ${oneThread.server_cpu_us ?? '?'} µs off)`,
      value: round(threaded.requests_per_second / oneThread.requests_per_second, 3),
      per_round: perRound(results, [threaded.id, oneThread.id], ([a, b]) => a!.requests_per_second / b!.requests_per_second),
      check: null,
    })
  }
  if (logCpu !== null) {
    figures.push({
      name: `request log on/off by server CPU per request (${logCpu.on_us} µs on, ${logCpu.off_us} µs off; ${logCpu.requests} requests)`,
      value: logCpu.ratio,
      per_round: logCpu.ratio_per_round,
      check: checkAtLeast(logCpu.ratio, MIN_LOG_RATIO, 'on/off by CPU'),
    })
  }
  for (const kind of ['detail', 'list-random', 'list-big']) {
    const small = byId.get(`growth-small/${kind}`)
    const large = byId.get(`growth-large/${kind}`)
    // Missing, or a side completed no response (already warned about): no ratio to give.
    if (small === undefined || large === undefined || small.mean_ms === null || large.mean_ms === null || small.p50_ms === null || large.p50_ms === null || small.p99_ms === null || large.p99_ms === null) continue
    // The target is judged on the mean latency. autocannon's percentiles are whole milliseconds,
    // and at 4-6 ms a p50 ratio moves in steps of ~20 % (5 -> 6 ms reads 1.2 whatever the truth);
    // the p99 of a 10 s run is a handful of requests. Both are reported beside it.
    // The same guard everywhere: a side whose latency rounds to 0 ms gives a large ratio, not Infinity.
    const ratioOf = (largeMs: number, smallMs: number) => largeMs / Math.max(smallMs, 0.001)
    const ratio = round(ratioOf(large.mean_ms, small.mean_ms), 3)
    const alongside = (pick: (s: ScenarioSummary) => number) => round(ratioOf(pick(large), pick(small)), 2)
    figures.push({
      name: `growth ${kind}: mean latency large/small (p50 ${alongside((s) => s.p50_ms!)}, p99 ${alongside((s) => s.p99_ms!)}, req/s ${round(large.requests_per_second / small.requests_per_second, 2)})`,
      value: ratio,
      per_round: perRound(results, [small.id, large.id], ([a, b]) => ratioOf(b!.mean_ms, a!.mean_ms)),
      check: checkAtMost(ratio, MAX_GROWTH_LATENCY_RATIO, 'mean latency ratio'),
    })
  }
  return figures
}
