// The seed of a randomised reliability run: CRASH_SEED replays a failing run exactly (same kill
// delays, same request bodies); otherwise a fresh one, printed so a failure can be replayed.
import { randomInt } from 'node:crypto'

export function runSeed(label: string): number {
  const fromEnv = process.env.CRASH_SEED
  const seed = fromEnv !== undefined && /^\d+$/.test(fromEnv) ? Number(fromEnv) : randomInt(2 ** 31)
  console.log(`[${label}] seed ${seed} (replay with CRASH_SEED=${seed})`)
  return seed
}

/** A positive integer from the environment, or the default. */
export function envCount(name: string, fallback: number): number {
  const raw = process.env[name]
  return raw !== undefined && /^\d+$/.test(raw) && Number(raw) > 0 ? Number(raw) : fallback
}
