// settleAll (platform/settle-all.ts): every promise settles before it answers, and the failure it
// reports is the first by position, whichever failed first in time.
import { describe, expect, it } from 'vitest'
import { settleAll } from '../../src/platform/settle-all.js'

const after = <T>(ms: number, outcome: () => T) => new Promise<T>((resolve, reject) => setTimeout(() => {
  try {
    resolve(outcome())
  } catch (error) {
    reject(error)
  }
}, ms))

describe('settleAll', () => {
  it('answers every value in order, plain values included', async () => {
    await expect(settleAll([after(20, () => 'slow'), Promise.resolve(2), null])).resolves.toEqual(['slow', 2, null])
  })

  it('fails with the first failure by position, not the first in time', async () => {
    const failures = settleAll([
      after(30, () => {
        throw new Error('first by position')
      }),
      after(1, () => {
        throw new Error('first in time')
      }),
    ])
    await expect(failures).rejects.toThrow('first by position')
  })

  it('fails only once every promise has settled', async () => {
    let slowDone = false
    const outcome = settleAll([
      Promise.reject(new Error('at once')),
      after(40, () => {
        slowDone = true
      }),
    ])
    await expect(outcome).rejects.toThrow('at once')
    expect(slowDone).toBe(true)
  })
})
