// The registration data cache is bounded in bytes as well as in accounts: the least recently used
// accounts are dropped to make room, and a body larger than the whole budget is served but not
// kept. The count alone let its memory follow the catalogues' sizes (100,000 products ~15 MB each).
import { expect, it } from 'vitest'
import { RegistrationDataCache } from '../../src/modules/catalog/registration-data-cache.js'
import { getRegistrationData } from '../../src/modules/catalog/registration-data.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount } from '../support/factories.js'

describeEachDialect('registration data cache', (env) => {
  it('drops the least recently used accounts past its byte budget, and keeps no body larger than it', async () => {
    const ids = [(await makeAccount(env)).id, (await makeAccount(env)).id, (await makeAccount(env)).id]
    const bodies = await Promise.all(ids.map(async (id) => Buffer.from(JSON.stringify(await getRegistrationData(env.db, id)))))
    const [first, second, third] = bodies.map((body) => body.length) as [number, number, number]
    // Room for two of the three.
    const cache = new RegistrationDataCache(env.db, Math.max(first + second, second + third, first + third))
    expect(await cache.body(ids[0]!)).toEqual(bodies[0])
    expect(await cache.body(ids[1]!)).toEqual(bodies[1])
    expect(cache.size).toEqual({ accounts: 2, bytes: first + second })
    expect(await cache.body(ids[2]!)).toEqual(bodies[2])
    expect(cache.size).toEqual({ accounts: 2, bytes: second + third })
    // The second used again, the first back: the third (least recently used) makes room.
    expect(await cache.body(ids[1]!)).toEqual(bodies[1])
    expect(await cache.body(ids[0]!)).toEqual(bodies[0])
    expect(cache.size).toEqual({ accounts: 2, bytes: first + second })

    const small = new RegistrationDataCache(env.db, first - 1)
    expect(await small.body(ids[0]!)).toEqual(bodies[0])
    expect(small.size).toEqual({ accounts: 0, bytes: 0 })
  })
})
