// The crash and soak tests are only as good as their checks: each corruption a crash could leave
// behind must be reported by checkConsistency (a check that cannot fail proves nothing).
import { expect, it } from 'vitest'
import { seededRandom } from '../../src/platform/seeded-random.js'
import { describeEachDialect } from '../support/dialects.js'
import { checkConsistency } from './support/consistency-checks.js'
import { seedCrashAccount } from './support/crash-account.js'
import { CreationLedger } from './support/creation-driver.js'
import { CreationPlanner } from './support/creation-plan.js'

describeEachDialect('crash consistency checks', (env) => {
  it('pass on a sound database and name every kind of damage a crash could leave', async () => {
    const account = await seedCrashAccount(env.db, 2)
    const ledger = new CreationLedger()
    const planner = new CreationPlanner(seededRandom(7), account, 'check')
    for (let index = 0; index < 5; index += 1) {
      const planned = planner.next()
      planned.key = `key-${planned.tag}`
      ledger.sent.set(planned.tag, planned)
      const response = await env.app.inject({
        method: 'POST',
        url: '/api/v1/proposals',
        headers: { authorization: `Bearer ${account.token}`, 'idempotency-key': planned.key },
        payload: planned.body,
      })
      expect(response.statusCode, response.body).toBe(201)
      const { id, number } = response.json<{ id: number; number: number }>()
      ledger.acknowledged.set(planned.tag, { id, number, sent: planned })
    }
    const acknowledged = [...ledger.acknowledged.values()]
    const sound = await checkConsistency(env.db, env.dialect, account.accountId, ledger, acknowledged)
    expect(sound.problems).toEqual([])
    expect(sound.documents).toBe(5)

    const [first, second, third, fourth, fifth] = acknowledged
    const db = env.db
    // A document whose items were only partly written.
    const item = await db.selectFrom('proposal_items').select('id').where('proposal_id', '=', first!.id).orderBy('position', 'desc').executeTakeFirstOrThrow()
    await db.deleteFrom('proposal_items').where('id', '=', item.id).execute()
    // One without its domain event (the history table itself is append-only, enforced by triggers).
    await db.deleteFrom('domain_events').where('proposal_id', '=', second!.id).execute()
    // A quota counter that counted a creation that did not commit.
    await db.updateTable('api_usage_counters').set((eb) => ({ creations: eb('creations', '+', 1) })).where('account_id', '=', account.accountId).execute()
    // A completed idempotency key that lost its document.
    await db.updateTable('idempotency_keys').set({ resource_id: null }).where('idempotency_key', '=', third!.sent.key!).execute()
    // A signer changed after the acknowledgement.
    await db.updateTable('proposal_signers').set({ name: 'Outra Pessoa' }).where('proposal_id', '=', fourth!.id).execute()
    // A document renumbered (a gap in the numbering).
    await db.updateTable('proposals').set({ number: 50 }).where('id', '=', fifth!.id).execute()
    // An acknowledged document that is not there (history is append-only, so it is lost from the ledger's side).
    const lost = { ...fifth!.sent, tag: 'lost' }
    ledger.sent.set('lost', lost)
    ledger.acknowledged.set('lost', { id: 999_999, number: 6, sent: lost })

    const damaged = await checkConsistency(env.db, env.dialect, account.accountId, ledger, [...ledger.acknowledged.values()])
    const report = damaged.problems.join('\n')
    expect(report).toContain(`document ${first!.id}: ${first!.sent.body.items.length - 1} items`)
    expect(report).toContain(`document ${second!.id}: 0 proposal.created domain events`)
    expect(report).toContain('quota counter says 6 creations, 5 API documents stored')
    expect(report).toContain(`completed idempotency key ${third!.sent.key}`)
    expect(report).toContain(`acknowledged document ${fourth!.id}: signers`)
    expect(report).toContain(`acknowledged document ${fifth!.id}: number 50 instead of ${fifth!.number}`)
    expect(report).toContain('document numbers are not 1..5')
    expect(report).toContain('acknowledged document 999999: missing')
  })
})
