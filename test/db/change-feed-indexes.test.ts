// The change feeds' indexes, on both engines, each on a database with rows in two accounts:
// GET /api/v1/proposals (migration 031) and GET /api/v1/customer-changes (migration 035). Each
// migration adds its (account_id, updated_at, id) index and completes when run again after an
// interruption; the walk by cursor lists every row of the account once, in (updated_at, id)
// order, none of the other account's; and the pages, from the start, from `updated_since` and
// from a cursor, read one range of that index without sorting.
import { sql, type Compilable } from 'kysely'
import { expect, it } from 'vitest'
import { generateBenchData } from '../../src/modules/bench-data/generate-bench-data.js'
import { changedCustomersQuery, listChangedCustomers, type ChangedCustomersQuery } from '../../src/modules/customers/list-changed-customers.js'
import { changedProposalsQuery, listChangedProposals } from '../../src/modules/proposals/list-changed-proposals.js'
import type { Db } from '../../src/platform/db/connect.js'
import { describeEachEmptyDatabase } from '../support/empty-database.js'
import { ManualClock } from '../support/manual-clock.js'
import { migrateUpTo } from '../support/migration-rewind.js'
import { indexesOf, planOf } from '../support/query-plan.js'

/** What both feeds take (the documents' feed also filters by status). */
type FeedQuery = ChangedCustomersQuery

interface Feed {
  table: 'proposals' | 'customers'
  previous: string
  migration: string
  index: string
  /** Customers per generated account: the rows the customer feed walks. */
  customers: number
  page(db: Db, accountId: number, query: FeedQuery): Promise<{ data: Array<{ id: number; updated_at: string }>; meta: { next_cursor: string | null } }>
  query(db: Db, accountId: number, query: FeedQuery): Compilable
}

const FEEDS: Feed[] = [
  {
    table: 'proposals',
    previous: '030-file-hash-index',
    migration: '031-proposal-change-index',
    index: 'proposals_account_updated_at_idx',
    customers: 40,
    page: (db, accountId, query) => listChangedProposals(db, accountId, query, 'http://vendoc.test'),
    query: changedProposalsQuery,
  },
  {
    table: 'customers',
    previous: '034-default-signer-message',
    migration: '035-customer-change-index',
    index: 'customers_account_updated_at_idx',
    customers: 1_200,
    page: listChangedCustomers,
    query: changedCustomersQuery,
  },
]

for (const feed of FEEDS) {
  describeEachEmptyDatabase(`${feed.table} by last change: migration ${feed.migration}`, (dialect, openDatabase) => {
    it('adds the index to a table with rows, walks every row once, and pages without sorting', async () => {
      const database = await openDatabase()
      const { db } = database
      await migrateUpTo(db, dialect, feed.previous)
      const clock = new ManualClock('2026-11-29T12:00:00.000Z')
      const other = await generateBenchData(database, clock, { customers: 20, proposals: 300, products: 5, seed: 5 })
      const { account_id: accountId } = await generateBenchData(database, clock, { customers: feed.customers, proposals: 1_200, products: 5, seed: 9 })

      const before = await indexesOf(db, dialect, feed.table)
      expect(await migrateUpTo(db, dialect, feed.migration)).toEqual([feed.migration])
      expect(await indexesOf(db, dialect, feed.table)).toEqual([...before, feed.index].sort())
      // Interrupted after the index was built, before the migration was recorded: the next start completes.
      await sql`delete from kysely_migration where name = ${feed.migration}`.execute(db)
      expect(await migrateUpTo(db, dialect, feed.migration)).toEqual([feed.migration])

      const stored = await db.selectFrom(feed.table).select(['id', 'updated_at']).where('account_id', '=', accountId).execute()
      const expected = stored
        .map((row) => ({ id: Number(row.id), at: new Date(row.updated_at).getTime() }))
        .sort((a, b) => a.at - b.at || a.id - b.id)
        .map((row) => row.id)
      const walked: number[] = []
      let after: string | undefined
      do {
        const page = await feed.page(db, accountId, { perPage: 100, ...(after ? { after } : {}) })
        walked.push(...page.data.map((item) => item.id))
        after = page.meta.next_cursor ?? undefined
      } while (after !== undefined)
      expect(walked).toEqual(expected)
      expect(walked).toHaveLength(1_200)
      const foreign = new Set((await db.selectFrom(feed.table).select('id').where('account_id', '=', other.account_id).execute()).map((row) => Number(row.id)))
      expect(walked.some((id) => foreign.has(id))).toBe(false)

      const middle = await feed.page(db, accountId, { perPage: 600 })
      const cursor = middle.meta.next_cursor!
      const since = middle.data[300]!.updated_at
      for (const [label, query] of [
        ['first page', { perPage: 50 }],
        ['updated_since', { perPage: 50, updatedSince: since }],
        ['after a cursor', { perPage: 50, after: cursor }],
      ] as const) {
        const plan = (await planOf(db, dialect, feed.query(db, accountId, query), feed.table)).join('\n')
        expect(plan, label).toContain(feed.index)
        if (dialect === 'sqlite') expect(plan, label).not.toMatch(/TEMP B-TREE/)
        else expect(plan, label).not.toMatch(/\bSort\b/)
      }
    }, 120_000)
  })
}
