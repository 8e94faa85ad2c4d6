// `npm run bench [-- --quick]`: measures the API against the bare-Fastify floor on this machine.
// Scenarios run interleaved (A B A B) so machine drift hits every one alike; each gets a warm-up.
// Figures: req/s, p50/p99 latency, ratio to the floor, errors, server RSS. Results go to
// bench/results/*.json (ignored) and are summarised in docs/PERFORMANCE.md by hand.
import autocannon from 'autocannon'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../src/config.js'
import { createApiToken } from '../src/modules/integrations/api-tokens.js'
import { seedDemo } from '../src/modules/demo/seed-demo.js'
import { systemClock } from '../src/platform/clock.js'
import { connectDatabase } from '../src/platform/db/connect.js'
import { migrateToLatest } from '../src/platform/migrations/index.js'
import { startServer, type RunningServer } from './servers.js'

const quick = process.argv.includes('--quick')
const DURATION_S = quick ? 1 : Number(process.env.BENCH_SECONDS ?? 10)
const WARMUP_S = quick ? 1 : 3
const ROUNDS = quick ? 1 : Number(process.env.BENCH_ROUNDS ?? 2)
const CONNECTIONS = 50
const root = path.resolve(import.meta.dirname, '..')
// The per-token rate limit protects production from runaway clients; the benchmark is one.
const UNLIMITED = { API_RATE_LIMIT_PER_MINUTE: '1000000000' }

interface Measurement {
  scenario: string
  round: number
  requests_per_second: number
  p50_ms: number
  p99_ms: number
  errors: number
  non_2xx: number
  rss_mb: number
}

async function prepareDatabase(): Promise<{ databaseUrl: string; token: string; ids: number[] }> {
  const file = path.join(os.tmpdir(), `vendoc-bench-${process.pid}.sqlite`)
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true })
  const databaseUrl = `sqlite:${file}`
  const database = connectDatabase(loadConfig({ DATABASE_URL: databaseUrl }).database)
  await migrateToLatest(database.db, database.dialect)
  const demo = await seedDemo(database.db, systemClock)
  const token = (await createApiToken(database.db, systemClock, demo.accountId, 'bench')).token
  const ids = (await database.db.selectFrom('proposals').select('id').where('account_id', '=', demo.accountId).execute()).map((row) => row.id)
  await database.close()
  return { databaseUrl, token, ids }
}

async function drive(server: RunningServer, ids: number[], token: string, seconds: number, amount?: number) {
  return autocannon({
    url: server.url,
    connections: CONNECTIONS,
    ...(amount ? { amount } : { duration: seconds }),
    headers: { authorization: `Bearer ${token}` },
    requests: [{ setupRequest: (request) => ({ ...request, path: `/api/v1/proposals/${ids[Math.floor(Math.random() * ids.length)]}` }) }],
  })
}

async function main(): Promise<void> {
  const serverScript = path.join(root, 'dist/server.js')
  if (!fs.existsSync(serverScript)) throw new Error('dist/server.js is missing: run `npm run build` first')
  const { databaseUrl: templateUrl, token, ids } = await prepareDatabase()
  // Every server starts from a copy of the seeded file, so what one scenario wrote (the request log)
  // never slows the next one down.
  const template = templateUrl.slice('sqlite:'.length)
  const freshCopy = () => {
    const file = `${template}.run.sqlite`
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true })
    fs.copyFileSync(template, file)
    return `sqlite:${file}`
  }
  const scenarios: Array<{ name: string; start: () => Promise<RunningServer> }> = [
    { name: 'floor (bare Fastify, fixed JSON)', start: () => startServer(path.join(root, 'bench/floor-server.ts'), {}, ['--import', 'tsx']) },
    { name: 'GET /proposals/{id} (request log on)', start: () => startServer(serverScript, { ...UNLIMITED, DATABASE_URL: freshCopy(), REQUEST_LOG: 'on' }) },
    { name: 'GET /proposals/{id} (request log off)', start: () => startServer(serverScript, { ...UNLIMITED, DATABASE_URL: freshCopy(), REQUEST_LOG: 'off' }) },
  ]
  const results: Measurement[] = []
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const scenario of scenarios) {
      const server = await scenario.start()
      try {
        await drive(server, ids, token, WARMUP_S)
        const result = await drive(server, ids, token, DURATION_S)
        results.push({
          scenario: scenario.name,
          round,
          requests_per_second: result.requests.average,
          p50_ms: result.latency.p50,
          p99_ms: result.latency.p99,
          errors: result.errors,
          non_2xx: result.non2xx,
          rss_mb: Math.round(server.rssMb()),
        })
      } finally {
        await server.stop()
      }
    }
  }
  const floor = average(results.filter((r) => r.scenario.startsWith('floor')).map((r) => r.requests_per_second))
  const summary = scenarios.map(({ name }) => {
    const rows = results.filter((r) => r.scenario === name)
    const rps = average(rows.map((r) => r.requests_per_second))
    return {
      scenario: name,
      requests_per_second: Math.round(rps),
      ratio_to_floor: Number((rps / floor).toFixed(3)),
      p50_ms: average(rows.map((r) => r.p50_ms)),
      p99_ms: average(rows.map((r) => r.p99_ms)),
      errors: rows.reduce((sum, r) => sum + r.errors + r.non_2xx, 0),
      rss_mb: Math.max(...rows.map((r) => r.rss_mb)),
    }
  })
  const on = summary.find((s) => s.scenario.includes('log on'))!
  const off = summary.find((s) => s.scenario.includes('log off'))!
  const logCost = 1 - on.requests_per_second / off.requests_per_second
  // Each round measures on and off back to back; the per-round figures show how much is noise.
  const perRound = Array.from({ length: ROUNDS }, (_, index) => {
    const round = results.filter((r) => r.round === index + 1)
    const rps = (name: string) => round.find((r) => r.scenario.includes(name))!.requests_per_second
    return 1 - rps('log on') / rps('log off')
  })
  const cpu = await measureLogCpu(scenarios.slice(1), ids, token)
  console.table(summary)
  console.log(`request log cost on GET /proposals/{id}: ${(logCost * 100).toFixed(1)}% of throughput (per round: ${perRound.map((cost) => `${(cost * 100).toFixed(1)}%`).join(', ')})`)
  console.log(
    `request log cost in server CPU per request: ${(cpu.cost * 100).toFixed(1)}% (${cpu.onMicros.toFixed(0)} µs with the log, ${cpu.offMicros.toFixed(0)} µs without; per round: ${cpu.perRound.map((cost) => `${(cost * 100).toFixed(1)}%`).join(', ')})`,
  )
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`)
  fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true })
  const out = path.join(root, 'bench/results', `${new Date().toISOString().replace(/[:.]/g, '-')}${quick ? '-quick' : ''}.json`)
  fs.writeFileSync(out, JSON.stringify({ quick, duration_s: DURATION_S, connections: CONNECTIONS, rounds: ROUNDS, summary, log_cost: logCost, log_cost_per_round: perRound, log_cpu: cpu, results }, null, 2))
  console.log(`wrote ${out}`)
  const failures = summary.reduce((sum, s) => sum + s.errors, 0)
  if (failures > 0) {
    console.error(`${failures} requests failed`)
    process.exitCode = 1
  }
}

const CPU_REQUESTS = quick ? 2_000 : Number(process.env.BENCH_CPU_REQUESTS ?? 30_000)

/**
 * The request log's cost as server CPU time per request: a fixed number of detail requests to a
 * server with the log and to one without, reading the CPU the server process (all its threads)
 * used. A CPU-bound server's throughput is the inverse of its CPU per request, and CPU time,
 * unlike requests per second, hardly moves when other processes share the machine, so this
 * figure is stable where the throughput comparison drowns in noise.
 */
async function measureLogCpu(pair: Array<{ name: string; start: () => Promise<RunningServer> }>, ids: number[], token: string) {
  const micros: Record<'on' | 'off', number[]> = { on: [], off: [] }
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const scenario of pair) {
      const server = await scenario.start()
      try {
        await drive(server, ids, token, 0, Math.round(CPU_REQUESTS / 5))
        const before = server.cpuSeconds()
        await drive(server, ids, token, 0, CPU_REQUESTS)
        // Let the log writer flush its last batch (every second) so its inserts are counted.
        await new Promise((resolve) => setTimeout(resolve, 1_500))
        micros[scenario.name.includes('log on') ? 'on' : 'off'].push(((server.cpuSeconds() - before) / CPU_REQUESTS) * 1e6)
      } finally {
        await server.stop()
      }
    }
  }
  const onMicros = average(micros.on)
  const offMicros = average(micros.off)
  return { requests: CPU_REQUESTS, onMicros, offMicros, cost: 1 - offMicros / onMicros, perRound: micros.on.map((on, index) => 1 - micros.off[index]! / on) }
}

function average(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length)
}

await main()
