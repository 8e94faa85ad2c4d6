// A document's history is evidence: the database itself refuses to change or remove a row of
// proposal_events (triggers of migration 005), on both engines, whatever code asks.
import { expect, it } from 'vitest'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, makeProposal } from '../support/factories.js'

describeEachDialect('proposal history is append-only', (env) => {
  it('refuses UPDATE and DELETE of history rows and keeps them intact, while new rows can still be added', async () => {
    const account = await makeAccount(env)
    const proposal = await makeProposal(env, account, await makeCustomer(env, account))
    const history = () => env.db.selectFrom('proposal_events').selectAll().where('proposal_id', '=', proposal.id).orderBy('id').execute()
    const before = await history()
    expect(before.map((event) => event.type)).toEqual(['created'])

    await expect(env.db.updateTable('proposal_events').set({ actor_name: 'Outra pessoa' }).where('proposal_id', '=', proposal.id).execute()).rejects.toThrow(/append-only/)
    await expect(env.db.deleteFrom('proposal_events').where('proposal_id', '=', proposal.id).execute()).rejects.toThrow(/append-only/)
    expect(await history()).toEqual(before)

    const now = env.clock.now().toISOString()
    await env.db
      .insertInto('proposal_events')
      .values({ account_id: account.id, proposal_id: proposal.id, type: 'resent', actor_type: 'system', actor_id: null, actor_name: 'Sistema', data_json: '{}', created_at: now })
      .execute()
    expect((await history()).map((event) => event.type)).toEqual(['created', 'resent'])
  })
})
