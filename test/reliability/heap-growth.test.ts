// HEAP_GROWING_PERCENT (src/platform/heap-growth.ts): the server bounds how far V8 lets the old
// generation grow past the live heap, which was most of its RSS under load (issue 6). Each case
// runs in its own process, since V8's flags are process-wide: ~60 MB stays alive while short-lived
// objects are promoted and die, and the old space's peak is compared with what is alive. The heap
// limit is pinned per process (V8's own growth ceiling depends on it, and so on the host's memory).
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/config.js'

const run = promisify(execFile)
const MODULE_URL = pathToFileURL(path.resolve('src/platform/heap-growth.ts')).href

const SCRIPT = `
import v8 from 'node:v8'
import { limitHeapGrowth } from ${JSON.stringify(MODULE_URL)}
const applied = limitHeapGrowth(Number(process.argv[2]))
const oldSpace = () => v8.getHeapSpaceStatistics().find((space) => space.space_name === 'old_space').space_size
const live = Array.from({ length: 200_000 }, (_, i) => ({ i, text: 'x'.repeat(60) + i }))
// Each object outlives a few scavenges (so it is promoted), then dies in the old generation.
const ring = new Array(20_000)
let peak = 0
let n = 0
// A fixed amount of work, not a fixed time: under a loaded CI machine a 2 s loop did a fraction of
// it, and the control then never grew far enough to tell the two cases apart.
for (let round = 0; round < 1_000; round += 1) {
  for (let k = 0; k < 10_000; k += 1) ring[n++ % ring.length] = { n, list: [n, n + 1, n + 2], text: 'y' + n }
  peak = Math.max(peak, oldSpace())
}
globalThis.gc()
console.log(JSON.stringify({ applied, kept: live.length + ring.length, peak, live: v8.getHeapStatistics().used_heap_size }))
`

let dir = ''
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vendoc-heap-growth-'))
  fs.writeFileSync(path.join(dir, 'churn.mts'), SCRIPT)
})
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true })
})

async function churn(percent: number, heapLimitMb: number): Promise<{ applied: boolean; peak: number; live: number }> {
  const { stdout } = await run(process.execPath, ['--expose-gc', `--max-old-space-size=${heapLimitMb}`, '--import', 'tsx', path.join(dir, 'churn.mts'), String(percent)], {
    cwd: process.cwd(),
  })
  return JSON.parse(stdout.trim().split('\n').at(-1)!)
}

describe('heap growth', () => {
  it('keeps the old space within ~2× the live heap at the default, where V8 alone lets it grow much further', { timeout: 240_000 }, async () => {
    // V8 alone sizes the old space's growth by how fast its collections run against the program,
    // so on a loaded machine it can happen to grow no further than the bound (seen once in a full
    // test run: 63 MB against the bounded run's 151 MB). The control gets up to three tries to show
    // the growth; the bound must hold in every try.
    const peaks: Array<{ bounded: number; unbounded: number }> = []
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const bounded = await churn(loadConfig({}).heapGrowingPercent, 4096)
      const unbounded = await churn(0, 4096)
      expect(bounded.applied).toBe(true)
      expect(unbounded.applied).toBe(false)
      // Factor 2 plus the pages being filled when a full collection starts.
      expect(bounded.peak).toBeLessThan(bounded.live * 2.6)
      peaks.push({ bounded: bounded.peak, unbounded: unbounded.peak })
      if (unbounded.peak > bounded.peak * 1.4) break
    }
    // The control: without the limit the same program grows past it (V8 chose ~4.5× here), so
    // the bound is the setting's doing and not the workload's.
    expect(peaks.some(({ bounded, unbounded }) => unbounded > bounded * 1.4), JSON.stringify(peaks)).toBe(true)
  })

  // Two child processes of ~8 s each alone; on a loaded CI machine they took over 30 s.
  it('leaves a heap limited below 2 GiB to V8, whose own ceiling there is already 2× or less', { timeout: 120_000 }, async () => {
    const small = await churn(100, 512)
    expect(small.applied).toBe(false)
  })

  it('reads HEAP_GROWING_PERCENT: 100 by default, 0 for V8 alone, and refuses anything else naming the variable', () => {
    expect(loadConfig({}).heapGrowingPercent).toBe(100)
    expect(loadConfig({ HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent).toBe(0)
    expect(loadConfig({ HEAP_GROWING_PERCENT: '10' }).heapGrowingPercent).toBe(10)
    expect(loadConfig({ HEAP_GROWING_PERCENT: '1000' }).heapGrowingPercent).toBe(1000)
    for (const value of ['-1', '5', '9', '1001', 'double', '1.5']) {
      expect(() => loadConfig({ HEAP_GROWING_PERCENT: value })).toThrow(ConfigError)
      expect(() => loadConfig({ HEAP_GROWING_PERCENT: value })).toThrow(/^Invalid configuration: HEAP_GROWING_PERCENT /)
    }
  })
})
