// last_used_at without a write per request: at most one write per token per minute, never awaited
// by the request, and a failed write is reported, not thrown.
import { describe, expect, it } from 'vitest'
import { TokenUseRecorder } from '../../src/modules/integrations/record-token-use.js'
import { ManualClock } from '../support/manual-clock.js'

function recorder(options: { fail?: boolean } = {}) {
  const clock = new ManualClock('2026-11-29T12:00:00.000Z')
  const writes: Array<[number, string]> = []
  const errors: unknown[] = []
  const tokenUse = new TokenUseRecorder(
    async (tokenId, usedAt) => {
      writes.push([tokenId, usedAt])
      if (options.fail) throw new Error('database is down')
    },
    clock,
    (error) => errors.push(error),
  )
  return { clock, writes, errors, tokenUse }
}

describe('TokenUseRecorder', () => {
  it('writes on first use, then at most once a minute per token', async () => {
    const { clock, writes, tokenUse } = recorder()
    tokenUse.record(1)
    clock.advance(30_000)
    tokenUse.record(1)
    tokenUse.record(2)
    clock.advance(29_999)
    tokenUse.record(1)
    await tokenUse.settle()
    expect(writes).toEqual([
      [1, '2026-11-29T12:00:00.000Z'],
      [2, '2026-11-29T12:00:30.000Z'],
    ])
    clock.advance(1)
    tokenUse.record(1)
    await tokenUse.settle()
    expect(writes.at(-1)).toEqual([1, '2026-11-29T12:01:00.000Z'])
    expect(writes).toHaveLength(3)
  })

  it('does not make the caller wait for the write', () => {
    const { writes, tokenUse } = recorder()
    tokenUse.record(1)
    // The write starts on a later tick: record() returned before the database was touched.
    expect(writes).toEqual([])
  })

  it('reports a failed write instead of throwing, and tries again on the next use', async () => {
    const { writes, errors, tokenUse } = recorder({ fail: true })
    expect(() => tokenUse.record(7)).not.toThrow()
    await tokenUse.settle()
    expect(errors).toHaveLength(1)
    tokenUse.record(7)
    await tokenUse.settle()
    expect(writes).toHaveLength(2)
  })
})
