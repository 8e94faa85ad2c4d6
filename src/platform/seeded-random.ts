// Seeded randomness: mulberry32, a tiny fast PRNG, so that one seed always plans the same data
// (the demo account looks the same on every machine; benchmark databases match between runs).

export interface Random {
  /** Uniform in [0, 1). */
  next(): number
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number
  pick<T>(items: ReadonlyArray<T>): T
  chance(probability: number): boolean
  /** Picks a value by relative weight; `weights` are [value, weight] pairs. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (probability) => next() < probability,
    weighted: (entries) => {
      let total = 0
      for (const [, weight] of entries) total += weight
      let roll = next() * total
      for (const [value, weight] of entries) {
        roll -= weight
        if (roll < 0) return value
      }
      return entries[entries.length - 1]![0]
    },
  }
}
