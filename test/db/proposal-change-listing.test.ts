// GET /api/v1/proposals by last change (migration 031), on both engines, on a database with
// documents in two accounts: the migration adds the (account_id, updated_at, id) index and
// completes when run again after an interruption; the walk by cursor lists every document of the
// account once, in (updated_at, id) order, none of the other account's; and the pages, from the
// start, from `updated_since` and from a cursor, read one range of that index without sorting.
import { sql } from 'kysely'
import { expect, it } from 'vitest'
import { generateBenchData } from '../../src/modules/bench-data/generate-bench-data.js'
import { changedProposalsQuery, listChangedProposals } from '../../src/modules/proposals/list-changed-proposals.js'
import { describeEachEmptyDatabase } from '../support/empty-database.js'
import { ManualClock } from '../support/manual-clock.js'
import { migrateUpTo } from '../support/migration-rewind.js'
import { indexesOf, planOf } from '../support/query-plan.js'

const INDEX = 'proposals_account_updated_at_idx'

describeEachEmptyDatabase('documents by last change: migration 031', (dialect, openDatabase) => {
  it('adds the index to a table with documents, walks every document once, and pages without sorting', async () => {
    const database = await openDatabase()
    const { db } = database
    await migrateUpTo(db, dialect, '030-file-hash-index')
    const clock = new ManualClock('2026-11-29T12:00:00.000Z')
    const other = await generateBenchData(database, clock, { customers: 20, proposals: 300, products: 5, seed: 5 })
    const { account_id: accountId } = await generateBenchData(database, clock, { customers: 40, proposals: 1_200, products: 5, seed: 9 })

    const before = await indexesOf(db, dialect, 'proposals')
    expect(await migrateUpTo(db, dialect, '031-proposal-change-index')).toEqual(['031-proposal-change-index'])
    expect(await indexesOf(db, dialect, 'proposals')).toEqual([...before, INDEX].sort())
    // Interrupted after the index was built, before the migration was recorded: the next start completes.
    await sql`delete from kysely_migration where name = '031-proposal-change-index'`.execute(db)
    expect(await migrateUpTo(db, dialect, '031-proposal-change-index')).toEqual(['031-proposal-change-index'])

    const stored = await db.selectFrom('proposals').select(['id', 'updated_at']).where('account_id', '=', accountId).execute()
    const expected = stored
      .map((row) => ({ id: Number(row.id), at: new Date(row.updated_at).getTime() }))
      .sort((a, b) => a.at - b.at || a.id - b.id)
      .map((row) => row.id)
    const walked: number[] = []
    let after: string | undefined
    do {
      const page = await listChangedProposals(db, accountId, { perPage: 100, ...(after ? { after } : {}) }, 'http://vendoc.test')
      walked.push(...page.data.map((item) => item.id))
      after = page.meta.next_cursor ?? undefined
    } while (after !== undefined)
    expect(walked).toEqual(expected)
    expect(walked).toHaveLength(1_200)
    const foreign = new Set((await db.selectFrom('proposals').select('id').where('account_id', '=', other.account_id).execute()).map((row) => Number(row.id)))
    expect(walked.some((id) => foreign.has(id))).toBe(false)

    const middle = await listChangedProposals(db, accountId, { perPage: 600 }, 'http://vendoc.test')
    const cursor = middle.meta.next_cursor!
    const since = middle.data[300]!.updated_at
    for (const [label, query] of [
      ['first page', { perPage: 50 }],
      ['updated_since', { perPage: 50, updatedSince: since }],
      ['after a cursor', { perPage: 50, after: cursor }],
    ] as const) {
      const plan = (await planOf(db, dialect, changedProposalsQuery(db, accountId, query), 'proposals')).join('\n')
      expect(plan, label).toContain(INDEX)
      if (dialect === 'sqlite') expect(plan, label).not.toMatch(/TEMP B-TREE/)
      else expect(plan, label).not.toMatch(/\bSort\b/)
    }
  }, 120_000)
})
