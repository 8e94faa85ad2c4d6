// `npm run bench [-- --quick]`: measures the API against the bare-Fastify floor on this machine,
// every scenario of issue 6, and says which targets hold.
//
// Phases (bench/phases.ts): SQLite; PostgreSQL reads then writes, with one and with two server
// processes (only when a PostgreSQL URL is given); growth (10,000 vs 1,000,000 documents, SQLite).
// Then the ceilings (bench/ceilings.ts): each SQLite scenario's own work timed in-process, which
// with the CPU figures of the runs bounds the ratio to the floor any HTTP-side change could reach.
// Each phase runs in rounds of "floor, A, B, …" so machine drift hits every scenario alike, each
// run after a check request and a warm-up. Every SQLite server starts on a fresh copy of its
// template (the growth ones on one copy per run, read through before each start); the PostgreSQL servers share the scratch
// database, so every PostgreSQL read scenario runs before any creation; the documents the creations
// add accumulate across the write scenarios, which is accepted (they only look rows up by key). Two processes are driven
// by two autocannon instances of half the connections: req/s summed, p50/p99 the worse of the two,
// RSS per process. Results: a Markdown table printed and written to
// bench/results/<timestamp>.md (ready for docs/PERFORMANCE.md) and every figure in
// bench/results/<timestamp>.json (git-ignored). Exit code 1 when any request failed.
//
// Environment (--quick only changes the defaults, shown as full / quick):
//   BENCH_SECONDS          measured seconds per run (10 / 1)
//   BENCH_WARMUP_SECONDS   warm-up seconds before each run (3 / 1)
//   BENCH_ROUNDS           rounds per phase (2 / 1)
//   BENCH_CPU_REQUESTS     requests per side of the request log's CPU measure (30000 / 2000)
//   BENCH_CUSTOMERS, BENCH_PROPOSALS, BENCH_BIG_CUSTOMER
//                          main dataset: customers, documents, documents of the big customer
//                          (10000, 100000, 20000 / 200, 2000, 500)
//   BENCH_GROWTH_SMALL, BENCH_GROWTH_LARGE
//                          documents of the growth datasets (10000, 1000000 / 2000, 20000); the
//                          large one is generated once into os.tmpdir() and reused by later runs
//   BENCH_REGENERATE=1     regenerate the cached growth database
//   BENCH_POSTGRES_URL     PostgreSQL server for the PostgreSQL phases (else DATABASE_URL when it is
//                          postgres://); a scratch database vendoc_bench_<pid> is created there and
//                          dropped at the end
//   BENCH_ONLY             regular expression: only scenarios whose id matches (e.g. "sqlite/detail")
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { measureCeilings } from './ceilings.js'
import { cachedSqliteTemplate, type Dataset, generateDataset, sqliteTemplate } from './datasets.js'
import { type LogCpu, measureLogCpu } from './log-cpu.js'
import { measurePhases } from './measure.js'
import { readOptions } from './options.js'
import { buildPhases } from './phases.js'
import { createScratchDatabase, redactedUrl, type ScratchDatabase } from './postgres.js'
import { machine, markdown, writeReport } from './report.js'
import { stopAllServers } from './servers.js'
import { derivedFigures, summarise } from './summary.js'

const root = path.resolve(import.meta.dirname, '..')
const options = readOptions(process.argv, process.env)
const started = Date.now()
let scratch: ScratchDatabase | null = null
const runDir = fs.mkdtempSync(path.join(os.tmpdir(), `vendoc-bench-${process.pid}-`))

async function cleanUp(): Promise<void> {
  await stopAllServers()
  await scratch?.drop().catch((error: unknown) => console.error(`could not drop the scratch database ${scratch?.name}: ${String(error)}`))
  fs.rmSync(runDir, { recursive: true, force: true })
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`${signal}: stopping the servers and dropping the scratch database`)
    void cleanUp().finally(() => process.exit(130))
  })
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(root, 'dist/server.js'))) throw new Error('dist/server.js is missing: run `npm run build` first')
  // The API servers start as `npm start` starts them (its environment included), the floor by Node.
  const serverScript = path.join(root, 'scripts/start.sh')
  console.log(`machine: ${machine()}`)
  console.log('datasets:')
  const sqlite = await sqliteTemplate(runDir, options.main)
  const growthSmall = await sqliteTemplate(runDir, options.growthSmall)
  const growthLarge = await cachedSqliteTemplate(options.growthLarge, options.regenerate)
  let postgres: Dataset | null = null
  if (options.postgresUrl !== null) {
    scratch = await createScratchDatabase(options.postgresUrl)
    console.log(`  PostgreSQL: scratch database ${scratch.name} on ${redactedUrl(options.postgresUrl)}`)
    postgres = await generateDataset(scratch.url, options.main)
  } else {
    console.log('  PostgreSQL: no postgres:// URL in BENCH_POSTGRES_URL or DATABASE_URL, its phases are skipped')
  }

  const phases = buildPhases({ runDir, serverScript, floorScript: path.join(root, 'bench/floor-server.ts'), sqlite, growthSmall, growthLarge, postgres, only: options.only })
  const results = await measurePhases(phases, options)

  const scenarios = phases.flatMap((phase) => phase.scenarios)
  const logOn = scenarios.find((s) => s.id === 'sqlite/detail')
  const logOff = scenarios.find((s) => s.id === 'sqlite/detail-log-off')
  let logCpu: LogCpu | null = null
  if (logOn !== undefined && logOff !== undefined) {
    console.log(`request log CPU measure: ${options.cpuRequests} requests per side, ${options.rounds} round(s)`)
    logCpu = await measureLogCpu(logOn, logOff, options.cpuRequests, options.rounds, options.connections)
  }

  const summary = summarise(phases, results)
  console.log('ceilings: each scenario\'s own work in-process (SQLite, main dataset)')
  // A failure here must not lose the run's figures: they are reported without ceilings.
  const ceilings = await measureCeilings(sqlite, summary, runDir, options.quick ? 0.3 : 3).catch((error: unknown) => {
    console.error(`ceilings not measured: ${String(error)}`)
    return []
  })
  const report = {
    date: new Date(),
    options,
    datasets: [
      { engine: 'sqlite', dataset: sqlite },
      { engine: 'sqlite', dataset: growthSmall },
      { engine: 'sqlite', dataset: growthLarge },
      ...(postgres === null ? [] : [{ engine: 'postgres', dataset: postgres }]),
    ],
    summary,
    derived: derivedFigures(summary, results, logCpu),
    logCpu,
    ceilings,
    results,
  }
  console.log(`\n${markdown(report)}`)
  const written = writeReport(root, report)
  console.log(`wrote ${written.md} and ${written.json} in ${Math.round((Date.now() - started) / 1000)} s`)
  const failures = summary.reduce((sum, s) => sum + s.errors, 0)
  if (failures > 0) {
    console.error(`${failures} requests failed or answered an unexpected status`)
    process.exitCode = 1
  }
}

try {
  await main()
} catch (error) {
  console.error(error)
  process.exitCode = 1
} finally {
  await cleanUp()
}
