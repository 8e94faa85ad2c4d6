// Migration 010 moves each account's last document number from its accounts row to
// proposal_number_counters: an account with documents goes on numbering after its last one, an
// account without any starts at 1, and the accounts row no longer carries the counter.
import { Migrator, sql } from 'kysely'
import { expect, it } from 'vitest'
import { CodeMigrationProvider, migrateToLatest } from '../../src/platform/migrations/index.js'
import { takeNextProposalNumber } from '../../src/modules/proposals/proposal-number.js'
import { describeEachEmptyDatabase } from '../support/empty-database.js'
import { migrationsFrom } from '../support/migration-rewind.js'
import { lastProposalNumber } from '../support/proposal-counter.js'

describeEachEmptyDatabase('migration 010: proposal number counters', (dialect, openDatabase) => {
  it('carries every account’s last number over, and numbering goes on from it', async () => {
    const database = await openDatabase()
    const { db } = database
    const migrator = new Migrator({ db, provider: new CodeMigrationProvider(dialect) })
    const before = await migrator.migrateTo('009-request-log-client-closed')
    expect(before.error).toBeUndefined()

    const plan = await sql<{ id: number }>`select id from plans order by id limit 1`.execute(db)
    const now = new Date().toISOString()
    const account = (name: string, last: number) =>
      sql<{ id: number }>`insert into accounts (name, plan_id, time_zone, last_proposal_number, created_at, updated_at) values (${name}, ${plan.rows[0]!.id}, 'America/Sao_Paulo', ${last}, ${now}, ${now}) returning id`.execute(db)
    const used = Number((await account('Usada', 41)).rows[0]!.id)
    const fresh = Number((await account('Nova', 0)).rows[0]!.id)

    expect(await migrateToLatest(db, dialect)).toEqual(await migrationsFrom('010-proposal-number-counters'))
    expect(await lastProposalNumber(db, used)).toBe(41)
    expect(await lastProposalNumber(db, fresh)).toBe(0)
    const columns = (await db.introspection.getTables()).find((table) => table.name === 'accounts')!.columns.map((column) => column.name)
    expect(columns).not.toContain('last_proposal_number')

    const next = (accountId: number) => db.transaction().execute(async (trx) => (await takeNextProposalNumber(trx, accountId)).number)
    expect(await next(used)).toBe(42)
    expect(await next(fresh)).toBe(1)
    expect(await next(fresh)).toBe(2)
    expect(await lastProposalNumber(db, used)).toBe(42)

    // An account that does not exist gets no number and no counter: the counter's foreign key
    // refuses it (the upsert would otherwise return a row for any id).
    const missing = fresh + 1000
    await expect(next(missing)).rejects.toThrow(/foreign key/i)
    expect(await lastProposalNumber(db, missing)).toBe(0)
  })
})
