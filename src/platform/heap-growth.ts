// How far V8 may let the old generation grow past what survived the last full collection.
//
// Under load V8 picks that factor itself, up to 4× the live heap when collecting is cheap next to
// the program's own work, but only where its heap limit is at least 2 GiB (a machine with 8 GiB of
// memory or more). A server with ~35 MB of live objects then carried ~150 MB of old space, mostly
// garbage awaiting the next full collection, and ~280 MB of RSS (issue 6's RSS target is 250). A
// fixed factor of 2 (HEAP_GROWING_PERCENT=100) holds the same live data in ~70 MB, for full
// collections about three times as often: 5–10 ms each, every second or so under load, within
// the noise of CPU per request (docs/PERFORMANCE.md).
//
// V8's flag replaces its own factor rather than capping it. Below a 2 GiB heap limit (a small
// container, --max-old-space-size) V8's ceiling is already 1.3–2×, and forcing 2× there would
// loosen it, so the setting is left to V8. V8 reads the flag at every full collection, so setting
// it at run time works and no start command needs a Node flag.
import v8 from 'node:v8'

/** The heap limit from which V8 lets the old generation grow up to 4× (1 GB × 2 on 64-bit builds). */
const V8_HIGH_GROWTH_HEAP_LIMIT = 2 * 1024 ** 3

/**
 * 0 leaves V8's own heuristics; N > 0 lets the old generation grow to (1 + N/100) × the live heap
 * where V8 alone would allow more. Returns whether the setting was applied.
 */
export function limitHeapGrowth(percent: number): boolean {
  if (percent === 0 || v8.getHeapStatistics().heap_size_limit < V8_HIGH_GROWTH_HEAP_LIMIT) return false
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`)
  return true
}
