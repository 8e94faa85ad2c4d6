// Driving servers with autocannon and turning its result into one measurement. Two servers are
// driven at once by two autocannon instances sharing the connections, and their figures combine
// as a client sees the pair: requests per second add up, latency is the worse of the two.
import autocannon from 'autocannon'
import type { RunningServer } from './servers.js'

/** What one scenario sends: a fresh request each time (random ids, unique keys). */
export interface RequestPlan {
  method: 'GET' | 'POST'
  path(): string
  body?(): string
  /** Headers beyond the bearer token and content type. */
  headers?(): Record<string, string>
  /** Anything else counts as an error. */
  expectedStatus: number
}

export interface Measurement {
  /** Responses completed in the measured time (requests still in flight at its end are not counted). */
  responses: number
  requests_per_second: number
  /** Mean latency, to the microsecond: the growth ratios are taken on it (p50 and p99 are whole milliseconds). */
  mean_ms: number
  p50_ms: number
  p99_ms: number
  /** Connection errors and timeouts, plus responses with another status than the expected one. */
  errors: number
  /** Peak resident memory of each server process, sampled every 200 ms during the run. */
  rss_mb: number[]
  /** CPU per completed response of the server processes (every thread, summed) and of autocannon (this process); null when unreadable. */
  server_cpu_us: number | null
  client_cpu_us: number | null
}

const RSS_SAMPLE_MS = 200

function requestOptions(plan: RequestPlan, token: string): Pick<autocannon.Options, 'requests'> {
  return {
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          method: plan.method,
          path: plan.path(),
          headers: { authorization: `Bearer ${token}`, ...(plan.body ? { 'content-type': 'application/json' } : {}), ...plan.headers?.() },
          ...(plan.body ? { body: plan.body() } : {}),
        }),
      },
    ],
  }
}

function unexpected(result: autocannon.Result, expectedStatus: number): number {
  let count = 0
  for (const [status, stats] of Object.entries(result.statusCodeStats ?? {})) {
    if (Number(status) !== expectedStatus) count += stats.count ?? 0
  }
  return count
}

/** Peak RSS of each server while `work` runs. */
async function withRssSampling<T>(servers: RunningServer[], work: () => Promise<T>): Promise<{ value: T; peaks: number[] }> {
  const peaks = servers.map(() => 0)
  const sample = () =>
    servers.forEach((server, index) => {
      try {
        peaks[index] = Math.max(peaks[index]!, server.rssMb())
      } catch {
        // The process has just exited; its last sample stands.
      }
    })
  sample()
  const timer = setInterval(sample, RSS_SAMPLE_MS)
  try {
    const value = await work()
    sample()
    return { value, peaks }
  } finally {
    clearInterval(timer)
  }
}

/** Runs `plan` against every server at once for `seconds` (or for `amount` requests in total). */
export async function drive(servers: RunningServer[], plan: RequestPlan, token: string, connections: number, load: { seconds: number } | { amount: number }): Promise<Measurement> {
  const share = Math.max(1, Math.floor(connections / servers.length))
  const serverCpuBefore = serverCpuSeconds(servers)
  const clientCpuBefore = process.cpuUsage()
  const { value: results, peaks } = await withRssSampling(servers, () =>
    Promise.all(
      servers.map((server) =>
        autocannon({
          url: server.url,
          connections: share,
          ...('amount' in load ? { amount: Math.ceil(load.amount / servers.length) } : { duration: load.seconds }),
          ...requestOptions(plan, token),
        }),
      ),
    ),
  )
  const clientCpu = process.cpuUsage(clientCpuBefore)
  const serverCpuAfter = serverCpuSeconds(servers)
  const responses = results.reduce((sum, r) => sum + r.requests.total, 0)
  const perResponse = (micros: number) => (responses === 0 ? null : Math.round((micros / responses) * 10) / 10)
  return {
    responses,
    // Completed responses over the measured time: autocannon's per-second average drops the last partial second.
    requests_per_second: results.reduce((sum, r) => sum + r.requests.total / Math.max(r.duration, 1e-3), 0),
    mean_ms: Math.max(...results.map((r) => r.latency.average)),
    p50_ms: Math.max(...results.map((r) => r.latency.p50)),
    p99_ms: Math.max(...results.map((r) => r.latency.p99)),
    errors: results.reduce((sum, r) => sum + r.errors + unexpected(r, plan.expectedStatus), 0),
    rss_mb: peaks.map((peak) => Math.round(peak)),
    server_cpu_us: serverCpuBefore === null || serverCpuAfter === null ? null : perResponse((serverCpuAfter - serverCpuBefore) * 1e6),
    client_cpu_us: perResponse(clientCpu.user + clientCpu.system),
  }
}

/** Every server's CPU seconds so far, summed; null when a process has gone (its /proc entry with it). */
function serverCpuSeconds(servers: RunningServer[]): number | null {
  try {
    return servers.reduce((sum, server) => sum + server.cpuSeconds(), 0)
  } catch {
    return null
  }
}

/** One request by fetch before the load, so a scenario that cannot work fails with the server's answer. */
export async function preflight(server: RunningServer, plan: RequestPlan, token: string): Promise<void> {
  const response = await fetch(`${server.url}${plan.path()}`, {
    method: plan.method,
    headers: { authorization: `Bearer ${token}`, ...(plan.body ? { 'content-type': 'application/json' } : {}), ...plan.headers?.() },
    ...(plan.body ? { body: plan.body() } : {}),
  })
  const text = await response.text()
  if (response.status !== plan.expectedStatus) {
    throw new Error(`${plan.method} ${new URL(response.url).pathname} answered ${response.status} instead of ${plan.expectedStatus}: ${text.slice(0, 500)}`)
  }
}
