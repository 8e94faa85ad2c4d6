// updateRowsById: many rows of one account's table, each with its own values, in a few statements
// (the LGPD erasure's writes). Checked on both engines against the stored rows: each row gets its
// own values and only the columns its update names, another account's row with a listed id is left
// alone, lists past one statement's bounds are split, text ids work, a lone surrogate is stored as
// U+FFFD. On SQLite the statement finds each row by its primary key, never by the account's index.
import { CompiledQuery } from 'kysely'
import { expect, it } from 'vitest'
import { rowUpdateStatement, updateRowsById } from '../../src/platform/db/update-rows-by-id.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, makeProposal, uniqueSuffix } from '../support/factories.js'
import type { TestApp } from '../support/test-app.js'

async function proposalTexts(env: TestApp, ids: number[]) {
  const rows = await env.db.selectFrom('proposals').select(['id', 'account_id', 'title', 'notes']).where('id', 'in', ids).orderBy('id').execute()
  return new Map(rows.map((row) => [Number(row.id), row]))
}

async function insertEvents(env: TestApp, accountId: number, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, index) => `evt_${uniqueSuffix()}_${index}`)
  const now = env.clock.now().toISOString()
  for (let first = 0; first < ids.length; first += 500) {
    await env.db.insertInto('domain_events').values(ids.slice(first, first + 500).map((id) => ({ id, account_id: accountId, type: 'proposal.created', proposal_id: null, signer_id: null, payload_json: '{}', created_at: now }))).execute()
  }
  return ids
}

describeEachDialect('updateRowsById', (env) => {
  it('sets each row its own values, only the columns its update names, within the account', async () => {
    const account = await makeAccount(env)
    const other = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const mine = [await makeProposal(env, account, customer, { notes: 'nota A' }), await makeProposal(env, account, customer, { notes: 'nota B' })]
    const foreign = await makeProposal(env, other, await makeCustomer(env, other), { notes: 'nota de outra conta' })
    const before = await proposalTexts(env, [...mine.map((p) => p.id), foreign.id])

    // Notes change after the updates were computed: an update naming only the title must not write them back.
    await env.db.updateTable('proposals').set({ notes: 'nota nova' }).where('id', '=', mine[1]!.id).execute()
    await updateRowsById(env.db, 'proposals', account.id, [
      { id: mine[0]!.id, changes: { title: 'Título 1', notes: null } },
      { id: mine[1]!.id, changes: { title: 'Título 2' } },
      { id: foreign.id, changes: { title: 'Invasão', notes: 'invadido' } },
    ])

    const after = await proposalTexts(env, [...mine.map((p) => p.id), foreign.id])
    expect(after.get(mine[0]!.id)).toMatchObject({ title: 'Título 1', notes: null })
    expect(after.get(mine[1]!.id)).toMatchObject({ title: 'Título 2', notes: 'nota nova' })
    expect(after.get(foreign.id)).toEqual(before.get(foreign.id))
  })

  it('splits long lists into statements, by rows and by size, and takes text ids', async () => {
    const account = await makeAccount(env)
    const ids = await insertEvents(env, account.id, 2_345)
    // 2,345 rows make three statements of at most 1,000; a 1.5 MB payload every 200 rows, and at
    // most 4 M characters a statement, make six: rows 0–399, 400–799, … 2,000–2,344.
    const payloadOf = (index: number) => (index % 200 === 0 ? `{"big":"${'x'.repeat(1_500_000)}"}` : `{"n":${index}}`)
    const statements: string[] = []
    const counted = env.db.withPlugin({
      transformQuery: (args) => {
        statements.push(args.node.kind)
        return args.node
      },
      transformResult: async (args) => args.result,
    })
    await updateRowsById(counted, 'domain_events', account.id, ids.map((id, index) => ({ id, changes: { payload_json: payloadOf(index) } })))
    expect(statements).toHaveLength(6)

    const stored = await env.db.selectFrom('domain_events').select(['id', 'payload_json']).where('account_id', '=', account.id).execute()
    const payloads = new Map(stored.map((row) => [row.id, row.payload_json]))
    expect(stored).toHaveLength(ids.length)
    ids.forEach((id, index) => expect(payloads.get(id)).toBe(payloadOf(index)))
  }, 60_000)

  it('stores a lone surrogate as U+FFFD, the same on both engines', async () => {
    const account = await makeAccount(env)
    const proposal = await makeProposal(env, account, await makeCustomer(env, account))
    await updateRowsById(env.db, 'proposals', account.id, [{ id: proposal.id, changes: { title: 'Meio \ud800 par' } }])
    const [row] = (await proposalTexts(env, [proposal.id])).values()
    expect(row!.title).toBe('Meio \ufffd par')
  })

  it('does nothing for an empty list or updates that name no column', async () => {
    const account = await makeAccount(env)
    const proposal = await makeProposal(env, account, await makeCustomer(env, account))
    const before = await proposalTexts(env, [proposal.id])
    await updateRowsById(env.db, 'proposals', account.id, [])
    await updateRowsById(env.db, 'proposals', account.id, [{ id: proposal.id, changes: {} }])
    expect(await proposalTexts(env, [proposal.id])).toEqual(before)
  })

  it('finds each row by its primary key on SQLite, not through the account index', async () => {
    if (env.dialect !== 'sqlite') return
    const account = await makeAccount(env)
    const compiled = rowUpdateStatement(env.db, 'proposals', ['title'], account.id, [{ id: 1, changes: { title: 't' } }]).compile(env.db)
    const plan = await env.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]))
    const details = plan.rows.map((row) => row.detail)
    expect(details).toContainEqual(expect.stringMatching(/^SCAN json_each/))
    expect(details).toContainEqual(expect.stringMatching(/^SEARCH proposals USING INTEGER PRIMARY KEY/))
    expect(details.join('\n')).not.toMatch(/proposals USING (COVERING )?INDEX/)
  })
})
