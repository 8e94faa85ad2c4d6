// The job runner's slot shares: a kind or an account may hold every slot but one, a kind of one
// account every slot of the account's share but one, and a runner of one slot runs anything.
import { describe, expect, it } from 'vitest'
import { isNothingFull, SlotShares } from '../../src/platform/jobs/slot-shares.js'

const webhook = (accountId: number | null) => ({ kind: 'webhook.deliver', accountId })
const email = (accountId: number | null) => ({ kind: 'email.send', accountId })

describe('job slot shares', () => {
  it('with four slots: three for a kind or an account, two for a kind of one account', () => {
    const shares = new SlotShares(4)
    expect([shares.perGroup, shares.perAccountKind]).toEqual([3, 2])
    shares.take(webhook(1))
    expect(isNothingFull(shares.full())).toBe(true)
    shares.take(webhook(1))
    expect(shares.full()).toEqual({ kinds: [], accounts: [], accountKinds: [{ accountId: 1, kind: 'webhook.deliver' }] })
    shares.take(email(1))
    // The account is full; its kinds need not be listed again.
    expect(shares.full()).toEqual({ kinds: [], accounts: [1], accountKinds: [] })
    shares.release(email(1))
    shares.take(webhook(2))
    expect(shares.full()).toEqual({ kinds: ['webhook.deliver'], accounts: [], accountKinds: [{ accountId: 1, kind: 'webhook.deliver' }] })
    for (const job of [webhook(1), webhook(1), webhook(2)]) shares.release(job)
    expect(isNothingFull(shares.full())).toBe(true)
    // Released slots count no more: one job of the pair again leaves it below its share.
    shares.take(webhook(1))
    expect(isNothingFull(shares.full())).toBe(true)
  })

  it('jobs of no account count against their kind only', () => {
    const shares = new SlotShares(4)
    for (let i = 0; i < 3; i++) shares.take(email(null))
    expect(shares.full()).toEqual({ kinds: ['email.send'], accounts: [], accountKinds: [] })
  })

  it('small runners still run every job: one slot takes anything, two give each group one', () => {
    const one = new SlotShares(1)
    expect([one.perGroup, one.perAccountKind]).toEqual([1, 1])
    const two = new SlotShares(2)
    expect([two.perGroup, two.perAccountKind]).toEqual([1, 1])
    two.take(webhook(7))
    expect(two.full()).toEqual({ kinds: ['webhook.deliver'], accounts: [7], accountKinds: [] })
    const three = new SlotShares(3)
    expect([three.perGroup, three.perAccountKind]).toEqual([2, 1])
  })
})
