// The benchmark's growth figures (bench/summary.ts): the 1,000,000- against the 10,000-document
// latency ratio is judged on the mean latency, with each round's ratio beside it, and the p50, p99
// and req/s ratios only reported.
import { describe, expect, it } from 'vitest'
import type { RoundMeasurement } from '../../bench/measure.js'
import { derivedFigures, type ScenarioSummary } from '../../bench/summary.js'

function round(scenario: string, n: number, mean_ms: number, p50_ms: number): RoundMeasurement {
  return { scenario, phase: 'growth', round: n, responses: 1_000, requests_per_second: 50_000 / mean_ms, mean_ms, p50_ms, p99_ms: 20, errors: 0, rss_mb: [200], server_cpu_us: 100, client_cpu_us: 40 }
}

function summaryOf(results: RoundMeasurement[], id: string): ScenarioSummary {
  const rows = results.filter((r) => r.scenario === id)
  const mean = (pick: (r: RoundMeasurement) => number) => rows.reduce((sum, r) => sum + pick(r), 0) / rows.length
  return { id, mean_ms: mean((r) => r.mean_ms), p50_ms: mean((r) => r.p50_ms), p99_ms: mean((r) => r.p99_ms), requests_per_second: mean((r) => r.requests_per_second) } as ScenarioSummary
}

function growthOf(results: RoundMeasurement[]) {
  const summary = ['growth-small/detail', 'growth-large/detail'].map((id) => summaryOf(results, id))
  return derivedFigures(summary, results, null).find((figure) => figure.name.startsWith('growth detail'))!
}

describe('benchmark growth figure', () => {
  it('takes the ratio of mean latencies, not of whole-millisecond medians', () => {
    // Medians 5 -> 6 ms would read 1.2; the means say 5.4 -> 5.9 ms.
    const results = [round('growth-small/detail', 1, 5.4, 5), round('growth-large/detail', 1, 5.9, 6), round('growth-small/detail', 2, 5.4, 5), round('growth-large/detail', 2, 5.9, 6)]
    const figure = growthOf(results)
    expect(figure.value).toBe(Number((5.9 / 5.4).toFixed(3)))
    expect(figure.per_round).toEqual([1.093, 1.093])
    expect(figure.name).toContain('p50 1.2')
    expect(figure.check?.holds).toBe(true)
  })

  it('misses the target when the mean latency grows by more than 1.25', () => {
    const results = [round('growth-small/detail', 1, 5, 5), round('growth-large/detail', 1, 6.5, 6), round('growth-small/detail', 2, 5, 5), round('growth-large/detail', 2, 6.1, 6)]
    const figure = growthOf(results)
    expect(figure.value).toBe(1.26)
    expect(figure.per_round).toEqual([1.3, 1.22])
    expect(figure.check).toMatchObject({ holds: false, misses: ['mean latency ratio 1.26'] })
  })
})
