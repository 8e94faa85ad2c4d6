// The machine line of the benchmark's report names a kernel that pages out idle memory (a running
// DAMON `pageout` scheme), read from a sysfs tree like the kernel's: it explains databases read
// back from disk between scenarios (bench/datasets.ts, readThrough).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { proactiveReclaim } from '../../bench/report.js'

const roots: string[] = []

/** A kdamonds directory with one kdamond, one context and one scheme. */
function damonTree(state: string, action: string, aggregationUs: number, minAge: number): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vendoc-damon-'))
  roots.push(root)
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    fs.writeFileSync(path.join(root, file), `${text}\n`)
  }
  write('0/state', state)
  write('0/contexts/0/monitoring_attrs/intervals/aggr_us', String(aggregationUs))
  write('0/contexts/0/schemes/0/action', action)
  write('0/contexts/0/schemes/0/access_pattern/age/min', String(minAge))
  write('nr_kdamonds', '1')
  return root
}

afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true })
})

describe('proactive reclaim in the machine line', () => {
  it('names a running pageout scheme and the idle time it waits for', () => {
    expect(proactiveReclaim(damonTree('on', 'pageout', 5_000_000, 12))).toBe('the kernel pages out memory idle for 60 s or more (DAMON)')
  })

  it('says nothing for a stopped kdamond, another action, or no DAMON at all', () => {
    expect(proactiveReclaim(damonTree('off', 'pageout', 5_000_000, 12))).toBeNull()
    expect(proactiveReclaim(damonTree('on', 'stat', 5_000_000, 12))).toBeNull()
    expect(proactiveReclaim(path.join(os.tmpdir(), 'vendoc-no-such-damon'))).toBeNull()
  })
})
