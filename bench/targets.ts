// The targets of issue 6, as ratios to the bare-Fastify floor measured in the same run.
import type { ScenarioKind } from './plans.js'

interface ScenarioTarget {
  /** Least requests per second, as a fraction of the floor's. */
  minRatio: number
  maxP99Ms?: number
}

const SCENARIO_TARGETS: Partial<Record<ScenarioKind, ScenarioTarget>> = {
  detail: { minRatio: 0.35, maxP99Ms: 50 },
  'list-random': { minRatio: 0.3, maxP99Ms: 50 },
  'list-big': { minRatio: 0.3, maxP99Ms: 50 },
  'registration-data': { minRatio: 0.3 },
  create: { minRatio: 0.12 },
  'create-idempotent': { minRatio: 0.12 },
}

/** The least ratio to the floor a scenario kind must reach, or null when it has none. */
export function targetRatioOf(kind: ScenarioKind): number | null {
  return SCENARIO_TARGETS[kind]?.minRatio ?? null
}

export const MAX_RSS_MB = 250
/** Request log on vs off: at least this fraction of the "off" throughput. */
export const MIN_LOG_RATIO = 0.85
/** 1,000,000 vs 10,000 documents: latency may grow by at most this factor. */
export const MAX_GROWTH_LATENCY_RATIO = 1.25

export interface Check {
  target: string
  holds: boolean
  /** What missed, and by how much. */
  misses: string[]
}

export interface Observed {
  ratio: number | null
  p99_ms: number | null
  rss_mb: number[]
}

/**
 * The check of one scenario. The growth phase's runs only answer the RSS target here: their
 * throughput target is the one of the same scenario on the main dataset, and their own target is
 * the large/small latency ratio.
 */
export function checkScenario(kind: ScenarioKind, growth: boolean, observed: Observed): Check | null {
  if (kind === 'floor') return null
  const target = growth ? undefined : SCENARIO_TARGETS[kind]
  const parts: string[] = []
  const misses: string[] = []
  if (target !== undefined) {
    parts.push(`≥ ${Math.round(target.minRatio * 100)}% of floor`)
    if (observed.ratio !== null && observed.ratio < target.minRatio) misses.push(`${(observed.ratio * 100).toFixed(1)}% of floor (${((target.minRatio - observed.ratio) * 100).toFixed(1)} points short)`)
    if (target.maxP99Ms !== undefined) {
      parts.push(`p99 ≤ ${target.maxP99Ms} ms`)
      if (observed.p99_ms === null) misses.push('no response completed')
      else if (observed.p99_ms > target.maxP99Ms) misses.push(`p99 ${observed.p99_ms} ms`)
    }
  }
  parts.push(`RSS ≤ ${MAX_RSS_MB} MB`)
  const peak = Math.max(...observed.rss_mb)
  if (peak > MAX_RSS_MB) misses.push(`RSS ${peak} MB`)
  return { target: parts.join(', '), holds: misses.length === 0, misses }
}

export function checkAtLeast(value: number, minimum: number, label: string): Check {
  const holds = value >= minimum
  return { target: `≥ ${Math.round(minimum * 100)}%`, holds, misses: holds ? [] : [`${label} ${(value * 100).toFixed(1)}%`] }
}

export function checkAtMost(value: number, maximum: number, label: string): Check {
  const holds = value <= maximum
  return { target: `≤ ${maximum}`, holds, misses: holds ? [] : [`${label} ${value.toFixed(2)}`] }
}
