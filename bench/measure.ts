// Measuring the phases: rounds of "floor, A, B, …", each run on freshly started servers, after a
// check request and a warm-up, so machine drift over the run hits every scenario alike.
import { drive, type Measurement, preflight } from './load.js'
import type { Phase, Scenario } from './phases.js'

export interface RoundMeasurement extends Measurement {
  scenario: string
  phase: string
  round: number
}

export interface LoadSettings {
  rounds: number
  seconds: number
  warmupSeconds: number
  connections: number
}

async function measureOnce(scenario: Scenario, settings: LoadSettings): Promise<Measurement> {
  const servers = await scenario.start()
  try {
    await preflight(servers[0]!, scenario.plan, scenario.token)
    await drive(servers, scenario.plan, scenario.token, settings.connections, { seconds: settings.warmupSeconds })
    return await drive(servers, scenario.plan, scenario.token, settings.connections, { seconds: settings.seconds })
  } finally {
    await Promise.all(servers.map((server) => server.stop()))
  }
}

export async function measurePhases(phases: Phase[], settings: LoadSettings): Promise<RoundMeasurement[]> {
  const results: RoundMeasurement[] = []
  for (const phase of phases) {
    for (let round = 1; round <= settings.rounds; round += 1) {
      console.log(`${phase.name}, round ${round}/${settings.rounds}`)
      for (const scenario of phase.scenarios) {
        const measurement = await measureOnce(scenario, settings)
        results.push({ scenario: scenario.id, phase: phase.name, round, ...measurement })
        console.log(
          `  ${scenario.id.padEnd(34)} ${Math.round(measurement.requests_per_second).toString().padStart(6)} req/s  mean ${measurement.mean_ms.toFixed(2)} ms  p50 ${measurement.p50_ms} ms  p99 ${measurement.p99_ms} ms` +
            `  errors ${measurement.errors}  RSS ${measurement.rss_mb.join('+')} MB`,
        )
        // The check request already proved the scenario works; this says its figures mean little.
        if (measurement.responses < settings.connections) {
          console.log(`  ! only ${measurement.responses} responses completed in ${settings.seconds} s with ${settings.connections} connections: lengthen BENCH_SECONDS for figures that mean something`)
        }
      }
    }
  }
  return results
}
