// The request log's cost as server CPU time per request: a fixed number of detail requests to a
// server with the log and to one without, reading the CPU the server process (all its threads)
// used. A CPU-bound server's throughput is the inverse of its CPU per request, and CPU time,
// unlike requests per second, hardly moves when other processes share the machine, so this
// figure is stable where the throughput comparison drowns in noise.
import { drive } from './load.js'
import type { Scenario } from './phases.js'

export interface LogCpu {
  scenario: string
  requests: number
  on_us: number
  off_us: number
  /** off/on: the throughput ratio "log on / log off" a CPU-bound server would show. */
  ratio: number
  ratio_per_round: number[]
}

// The log writer flushes its batch every second; waiting past that counts its inserts too.
const FLUSH_WAIT_MS = 1_500

export async function measureLogCpu(on: Scenario, off: Scenario, requests: number, rounds: number, connections: number): Promise<LogCpu> {
  const micros: Record<'on' | 'off', number[]> = { on: [], off: [] }
  for (let round = 1; round <= rounds; round += 1) {
    for (const [side, scenario] of [['on', on], ['off', off]] as const) {
      const [server] = await scenario.start()
      try {
        await drive([server!], scenario.plan, scenario.token, connections, { amount: Math.round(requests / 5) })
        const before = server!.cpuSeconds()
        await drive([server!], scenario.plan, scenario.token, connections, { amount: requests })
        await new Promise((resolve) => setTimeout(resolve, FLUSH_WAIT_MS))
        micros[side].push(((server!.cpuSeconds() - before) / requests) * 1e6)
      } finally {
        await server!.stop()
      }
    }
  }
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length
  const onUs = mean(micros.on)
  const offUs = mean(micros.off)
  return {
    scenario: on.id,
    requests,
    on_us: Math.round(onUs),
    off_us: Math.round(offUs),
    ratio: round3(offUs / onUs),
    ratio_per_round: micros.on.map((value, index) => round3(micros.off[index]! / value)),
  }
}

function round3(value: number): number {
  return Number(value.toFixed(3))
}
