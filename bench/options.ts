// The harness's knobs, read once from argv and the environment (each is documented at the top of
// run.ts). `--quick` only changes the defaults, so CI can still shorten or lengthen one knob.
import type { DatasetSpec } from './datasets.js'

export interface BenchOptions {
  quick: boolean
  seconds: number
  warmupSeconds: number
  rounds: number
  /** Total connections per scenario; split evenly when two server processes are driven. */
  connections: number
  cpuRequests: number
  main: DatasetSpec
  growthSmall: DatasetSpec
  growthLarge: DatasetSpec
  regenerate: boolean
  /** Admin URL of the PostgreSQL server to create the scratch database on, or null (SQLite only). */
  postgresUrl: string | null
  /** Only scenarios whose id matches this (a filter for working on one scenario), or null for all. */
  only: RegExp | null
}

type Env = Record<string, string | undefined>

function integer(env: Env, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`)
  return Number(raw)
}

function postgresUrlOf(env: Env): string | null {
  for (const raw of [env.BENCH_POSTGRES_URL, env.DATABASE_URL]) {
    if (raw !== undefined && /^postgres(ql)?:\/\//.test(raw)) return raw
  }
  return null
}

/** Growth datasets keep ten documents per customer, so a customer's page is the same size at every scale. */
function growthSpec(label: string, proposals: number, bigCustomer: number): DatasetSpec {
  return { label, customers: Math.max(1, Math.round(proposals / 10)), proposals, bigCustomer, products: 500, seed: 1 }
}

export function readOptions(argv: string[], env: Env): BenchOptions {
  const quick = argv.includes('--quick')
  const only = env.BENCH_ONLY
  return {
    quick,
    seconds: integer(env, 'BENCH_SECONDS', quick ? 1 : 10),
    warmupSeconds: integer(env, 'BENCH_WARMUP_SECONDS', quick ? 1 : 3),
    rounds: integer(env, 'BENCH_ROUNDS', quick ? 1 : 2),
    connections: 50,
    cpuRequests: integer(env, 'BENCH_CPU_REQUESTS', quick ? 2_000 : 30_000),
    main: {
      label: 'main',
      customers: integer(env, 'BENCH_CUSTOMERS', quick ? 200 : 10_000),
      proposals: integer(env, 'BENCH_PROPOSALS', quick ? 2_000 : 100_000),
      bigCustomer: integer(env, 'BENCH_BIG_CUSTOMER', quick ? 500 : 20_000),
      products: 500,
      seed: 1,
    },
    growthSmall: growthSpec('growth-small', integer(env, 'BENCH_GROWTH_SMALL', quick ? 2_000 : 10_000), quick ? 200 : 1_000),
    growthLarge: growthSpec('growth-large', integer(env, 'BENCH_GROWTH_LARGE', quick ? 20_000 : 1_000_000), quick ? 200 : 1_000),
    regenerate: env.BENCH_REGENERATE === '1',
    postgresUrl: postgresUrlOf(env),
    only: only === undefined || only === '' ? null : new RegExp(only),
  }
}
