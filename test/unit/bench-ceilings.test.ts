// The ceiling arithmetic of the benchmark (bench/ceilings.ts): which of its two limits binds, and
// when a target is out of reach. The figures are this machine's order of magnitude.
import { describe, expect, it } from 'vitest'
import { ceilingOf } from '../../bench/ceilings.js'

describe('benchmark ceilings', () => {
  it('binds on the main thread when the whole request runs there and the load generator is cheap', () => {
    // Server 100 µs per request: one thread serves 10,000/s; two cores with 10 µs of client would allow 18,182/s.
    const ceiling = ceilingOf({ inProcessUs: 85, floorServerUs: 15, clientUs: 10 }, 2, 50_000, 0.35, true)
    expect(ceiling.ceiling_rps).toBe(10_000)
    expect(ceiling.ceiling_ratio).toBe(0.2)
    expect(ceiling.reachable).toBe(false)
  })

  it('binds on the cores alone when the work is split between threads (reads on the read thread)', () => {
    const ceiling = ceilingOf({ inProcessUs: 85, floorServerUs: 15, clientUs: 10 }, 2, 50_000, 0.35, false)
    expect(ceiling.ceiling_rps).toBe(Math.round(2e6 / 110))
    expect(ceiling.ceiling_ratio).toBe(0.364)
    expect(ceiling.reachable).toBe(true)
  })

  it('binds on the shared cores when the load generator is expensive', () => {
    // Registration data: 3 µs of own work but 159 µs for autocannon to receive 75 KB.
    const ceiling = ceilingOf({ inProcessUs: 3, floorServerUs: 15, clientUs: 159 }, 2, 50_000, 0.3, true)
    expect(ceiling.ceiling_rps).toBe(Math.round(2e6 / 177))
    expect(ceiling.ceiling_ratio).toBe(0.226)
    expect(ceiling.reachable).toBe(false)
  })

  it('says a target is reachable only when the ceiling reaches it', () => {
    expect(ceilingOf({ inProcessUs: 40, floorServerUs: 10, clientUs: 20 }, 2, 50_000, 0.3, true).reachable).toBe(true)
    expect(ceilingOf({ inProcessUs: 40, floorServerUs: 10, clientUs: 20 }, 2, 50_000, 0.45, true).reachable).toBe(false)
    expect(ceilingOf({ inProcessUs: 40, floorServerUs: 10, clientUs: 20 }, 2, 50_000, null, true).reachable).toBeNull()
  })
})
