// The run's report: a Markdown table (printed, and written so it can be pasted into
// docs/PERFORMANCE.md) and the JSON of every figure, both under bench/results/ (git-ignored).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Ceiling } from './ceilings.js'
import type { Dataset } from './datasets.js'
import type { LogCpu } from './log-cpu.js'
import type { RoundMeasurement } from './measure.js'
import { MAX_GROUP } from '../src/platform/db/sqlite-group-commit.js'
import type { BenchOptions } from './options.js'
import type { DerivedFigure, ScenarioSummary } from './summary.js'

export interface Report {
  date: Date
  options: BenchOptions
  datasets: Array<{ engine: string; dataset: Dataset }>
  summary: ScenarioSummary[]
  derived: DerivedFigure[]
  logCpu: LogCpu | null
  ceilings: Ceiling[]
  results: RoundMeasurement[]
}

export function machine(): string {
  const cpus = os.cpus()
  const reclaim = proactiveReclaim()
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}${reclaim === null ? '' : `, ${reclaim}`}`
}

const DAMON = '/sys/kernel/mm/damon/admin/kdamonds'

/**
 * Whether the kernel pages out memory left idle (a running DAMON `pageout` scheme), and after how
 * long: the page cache then holds only what was read lately, so a database idle between scenarios
 * is read back from disk (bench/datasets.ts, readThrough). Null when there is none or it is unreadable.
 */
export function proactiveReclaim(root: string = DAMON): string | null {
  const read = (file: string) => fs.readFileSync(file, 'utf8').trim()
  try {
    for (const kdamond of fs.readdirSync(root).filter((name) => /^\d+$/.test(name))) {
      if (read(`${root}/${kdamond}/state`) !== 'on') continue
      const contexts = `${root}/${kdamond}/contexts`
      for (const context of fs.readdirSync(contexts).filter((name) => /^\d+$/.test(name))) {
        const aggregationUs = Number(read(`${contexts}/${context}/monitoring_attrs/intervals/aggr_us`))
        const schemes = `${contexts}/${context}/schemes`
        for (const scheme of fs.readdirSync(schemes).filter((name) => /^\d+$/.test(name))) {
          if (read(`${schemes}/${scheme}/action`) !== 'pageout') continue
          const idleSeconds = (Number(read(`${schemes}/${scheme}/access_pattern/age/min`)) * aggregationUs) / 1e6
          return `the kernel pages out memory idle for ${idleSeconds} s or more (DAMON)`
        }
      }
    }
  } catch {
    // No DAMON here, or its files are not readable: nothing to report.
  }
  return null
}

const count = (value: number) => value.toLocaleString('en')
const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`)
const verdict = (check: { holds: boolean; misses: string[] } | null) => (check === null ? '' : check.holds ? 'yes' : `**no**: ${check.misses.join('; ')}`)

function settingsLine(options: BenchOptions): string {
  return `${options.connections} connections on loopback (autocannon), ${options.seconds} s per run after ${options.warmupSeconds} s of warm-up, ${options.rounds} round(s) interleaved with the floor${options.quick ? ' (--quick: checks that the harness runs, not its figures)' : ''}`
}

function datasetTable(datasets: Report['datasets']): string[] {
  return [
    '| dataset | database | documents | customers | products | big customer | rows | generated |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...datasets.map(({ engine, dataset: { spec, summary, cached } }) =>
      `| ${spec.label} | ${engine} | ${count(summary.proposals)} | ${count(summary.customers)} | ${count(summary.products)} | ${count(summary.big_customer?.proposals ?? 0)} documents | ${count(summary.rows)} | ` +
        `${cached ? 'cached from an earlier run' : `${summary.seconds.toFixed(1)} s, ${count(Math.round(summary.proposals_per_second))} documents/s`} |`,
    ),
  ]
}

function scenarioTable(summary: ScenarioSummary[]): string[] {
  return [
    '| phase | scenario | dataset | req/s | mean ms | p50 ms | p99 ms | ratio to floor | errors | peak RSS MB | server CPU µs | client CPU µs | target | holds |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    ...summary.map(
      (s) =>
        `| ${s.phase} | ${s.name} | ${s.dataset ?? '—'} | ${count(s.requests_per_second)} | ${s.mean_ms ?? '—'} | ${s.p50_ms ?? '—'} | ${s.p99_ms ?? '—'} | ${percent(s.ratio_to_floor)} | ${s.errors} | ${s.rss_mb.join(' + ')} | ` +
        `${s.server_cpu_us ?? '—'} | ${s.client_cpu_us ?? '—'} | ${s.check?.target ?? ''} | ${verdict(s.check)} |`,
    ),
  ]
}

function derivedTable(derived: DerivedFigure[]): string[] {
  return [
    '| figure | value | per round | target | holds |',
    '| --- | ---: | --- | --- | --- |',
    ...derived.map((d) => `| ${d.name} | ${d.value} | ${d.per_round.join(', ')} | ${d.check?.target ?? ''} | ${verdict(d.check)} |`),
  ]
}

function ceilingTable(ceilings: Ceiling[]): string[] {
  if (ceilings.length === 0) return []
  return [
    `Ceilings (SQLite, main dataset): each scenario's own work timed in-process (no HTTP, authentication, log or socket) plus the floor's server CPU per request (the least any HTTP request costs); the ceiling is the most the server and autocannon together could serve on every core at that cost, and no more than the threads a request runs on could: one for registration data (served from a cache on the main thread), two for the others (the main thread and the SQLite read thread, which reads a creation's answer back); creations are timed ${MAX_GROUP} at a time, as they commit in groups under load (bench/ceilings.ts).`,
    '',
    '| scenario | in-process CPU µs | + floor request µs | client CPU µs | ceiling req/s | ceiling ratio to floor | target | reachable here |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...ceilings.map(
      (c) =>
        `| ${c.name} | ${c.in_process_us} | ${c.floor_server_us} | ${c.client_us} | ${count(c.ceiling_rps)} | ${percent(c.ceiling_ratio)} | ${c.target_ratio === null ? '' : percent(c.target_ratio)} | ${c.reachable === null ? '' : c.reachable ? 'yes' : '**no**'} |`,
    ),
    '',
  ]
}

export function markdown(report: Report): string {
  return [
    `### Benchmark, ${report.date.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${machine()}.`,
    `Load: ${settingsLine(report.options)}. Ratios are to the floor (bare Fastify answering a fixed JSON) measured in the same phase; two-process rows sum both processes' req/s, take the worse mean/p50/p99, and list each process's RSS.`,
    '',
    ...datasetTable(report.datasets),
    '',
    ...scenarioTable(report.summary),
    '',
    ...derivedTable(report.derived),
    '',
    ...ceilingTable(report.ceilings),
  ].join('\n')
}

/** Writes bench/results/<timestamp>.json and .md; returns their paths. */
export function writeReport(root: string, report: Report): { json: string; md: string } {
  const dir = path.join(root, 'bench/results')
  fs.mkdirSync(dir, { recursive: true })
  const base = path.join(dir, `${report.date.toISOString().replace(/[:.]/g, '-')}${report.options.quick ? '-quick' : ''}`)
  const datasets = report.datasets.map(({ engine, dataset }) => {
    // The sample of documents is only for driving the load; the token is a secret.
    const { customer_documents_sample: _sample, ...summary } = dataset.summary
    return { engine, label: dataset.spec.label, spec: dataset.spec, cached: dataset.cached, summary }
  })
  const { only, ...options } = report.options
  const json = {
    date: report.date.toISOString(),
    machine: machine(),
    options: { ...options, only: only?.source ?? null, postgresUrl: options.postgresUrl === null ? null : 'set' },
    datasets,
    summary: report.summary,
    derived: report.derived,
    log_cpu: report.logCpu,
    ceilings: report.ceilings,
    results: report.results,
  }
  fs.writeFileSync(`${base}.json`, `${JSON.stringify(json, null, 2)}\n`)
  fs.writeFileSync(`${base}.md`, markdown(report))
  return { json: `${base}.json`, md: `${base}.md` }
}
