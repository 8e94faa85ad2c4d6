// How far V8 may let the old generation grow past what survived the last full collection.
//
// Under load V8 picks that factor itself, up to ~4× the live heap when collecting is cheap next to
// the program's own work. A server with ~35 MB of live objects then carried 150 MB of old space,
// mostly garbage awaiting the next full collection, and ~280 MB of RSS (issue 6's RSS target is
// 250). A fixed factor of 2 (HEAP_GROWING_PERCENT=100) holds the same live data in ~70 MB, for
// full collections about three times as often: each is 5–10 ms, every second or so under load,
// within the noise of CPU per request (docs/PERFORMANCE.md). V8 reads the flag at every full
// collection, so setting it at run time works and no start command needs a Node flag.
import v8 from 'node:v8'

/** 0 leaves V8's own heuristics; N > 0 lets the old generation grow to (1 + N/100) × the live heap. */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`)
}
