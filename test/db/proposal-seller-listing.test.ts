// The Documentos list by seller (migration 020): the seller is in the two indexes the list walks,
// which replace the ones they extend. Checked on both engines on a database with documents: the
// migration replaces both indexes and completes when run again after an interruption, and the list
// by seller, alone and with a status, answers what the stored documents say, page by page with its
// total, another account's documents never among them. The plans are held on SQLite's database
// shapes in proposal-query-plans.test.ts.
import { expect, it } from 'vitest'
import { generateBenchData } from '../../src/modules/bench-data/generate-bench-data.js'
import { listProposals } from '../../src/modules/proposals/list-proposals.js'
import type { ProposalStatus } from '../../src/platform/db/schema.js'
import { describeEachEmptyDatabase } from '../support/empty-database.js'
import { expectPages, newestFirstIds } from '../support/listing-reference.js'
import { ManualClock } from '../support/manual-clock.js'
import { expectIndexesReplaced, migrateUpTo } from '../support/migration-rewind.js'

describeEachEmptyDatabase('Documentos by seller: migration 020', (dialect, openDatabase) => {
  it('replaces both listing indexes on a table with documents, and lists by seller exactly', async () => {
    const database = await openDatabase()
    const { db } = database
    await migrateUpTo(db, dialect, '019-domain-event-document-index')
    const clock = new ManualClock('2026-11-29T12:00:00.000Z')
    const other = await generateBenchData(database, clock, { customers: 40, proposals: 600, products: 5, seed: 11 })
    const { account_id: accountId } = await generateBenchData(database, clock, { customers: 80, proposals: 1_500, products: 5, seed: 7 })
    await expectIndexesReplaced(db, dialect, {
      migration: '020-proposal-seller-listing',
      table: 'proposals',
      replaced: [
        { old: { name: 'proposals_account_created_idx', columns: 'account_id, created_at' }, added: 'proposals_account_listing_idx' },
        { old: { name: 'proposals_account_status_idx', columns: 'account_id, status, created_at, id, total_cents' }, added: 'proposals_account_status_listing_idx' },
      ],
    })

    const stored = (await db.selectFrom('proposals').select(['id', 'created_at', 'seller_id', 'status']).where('account_id', '=', accountId).execute()).map((row) => ({
      id: Number(row.id),
      created_at: new Date(row.created_at).toISOString(),
      seller_id: row.seller_id,
      status: row.status,
    }))
    const sellers = [...new Set(stored.map((row) => row.seller_id))].filter((id): id is number => id !== null).sort((a, b) => a - b)
    expect(sellers.length).toBeGreaterThan(1)
    // The other account's sellers are its own users: asked for here, they match nothing.
    const foreignSeller = (await db.selectFrom('proposals').select('seller_id').where('account_id', '=', other.account_id).where('seller_id', 'is not', null).executeTakeFirstOrThrow()).seller_id!
    const account = { id: accountId, timeZone: 'America/Sao_Paulo' }
    for (const sellerId of [...sellers.slice(0, 2), foreignSeller]) {
      for (const status of [undefined, 'signed', 'sent'] as Array<ProposalStatus | undefined>) {
        const expected = newestFirstIds(stored.filter((row) => row.seller_id === sellerId && (status === undefined || row.status === status)))
        if (sellerId !== foreignSeller) expect(expected.length, `seller ${sellerId} ${status ?? ''}`).toBeGreaterThan(0)
        await expectPages(`seller ${sellerId} ${status ?? 'any status'}`, expected, async (page) => {
          const listed = await listProposals(db, account, { sellerId, status }, { page, perPage: 50 })
          return { ids: listed.rows.map((row) => row.id), total: listed.total }
        })
      }
    }
  }, 120_000)
})
