// Migration 022 trims customer codes stored with spaces around them before session 41, when codes
// began to be stored trimmed: such a customer is found by its code again, with its search key; a
// code blank once trimmed becomes none; a code whose trimmed form another customer of the account
// has keeps its spaces.
import { Migrator, sql } from 'kysely'
import { expect, it } from 'vitest'
import { resolveCustomerReference } from '../../src/modules/customers/resolve-customer-reference.js'
import { foldForSearch } from '../../src/platform/db/folded-search.js'
import { CodeMigrationProvider, migrateToLatest } from '../../src/platform/migrations/index.js'
import { describeEachEmptyDatabase, insertBareAccount } from '../support/empty-database.js'
import { migrationsFrom } from '../support/migration-rewind.js'

describeEachEmptyDatabase('migration 022: trimmed customer codes', (dialect, openDatabase) => {
  it('trims padded codes and their search keys, leaving padded a code whose trimmed form another customer holds', async () => {
    const { db } = await openDatabase()
    const migrator = new Migrator({ db, provider: new CodeMigrationProvider(dialect) })
    expect((await migrator.migrateTo('021-webhook-endpoint-pause')).error).toBeUndefined()
    const account = await insertBareAccount(db)
    const other = await insertBareAccount(db)
    const now = new Date().toISOString()
    const customer = async (accountId: number, code: string | null) => {
      const row = await sql<{ id: number }>`insert into customers (account_id, code, code_key, name, created_at, updated_at) values (${accountId}, ${code}, ${foldForSearch(code ?? '')}, 'Cliente', ${now}, ${now}) returning id`.execute(db)
      return Number(row.rows[0]!.id)
    }
    const padded = await customer(account, ' Cli-0001 ')
    const tabbed = await customer(account, '\tCLI-0003\n')
    const blank = await customer(account, '   ')
    const clashing = await customer(account, 'CLI-0002 ')
    const holder = await customer(account, 'CLI-0002')
    const clean = await customer(account, 'CLI-0004')
    const none = await customer(account, null)
    // The same padded code in another account is trimmed too: codes are unique per account only.
    const elsewhere = await customer(other, 'CLI-0002 ')

    expect(await migrateToLatest(db, dialect)).toEqual(await migrationsFrom('022-trimmed-customer-codes'))
    const rows = await sql<{ id: number; code: string | null; code_key: string }>`select id, code, code_key from customers order by id`.execute(db)
    const byId = new Map(rows.rows.map((row) => [Number(row.id), { code: row.code, code_key: row.code_key }]))
    expect(byId.get(padded)).toEqual({ code: 'Cli-0001', code_key: 'cli-0001' })
    expect(byId.get(tabbed)).toEqual({ code: 'CLI-0003', code_key: 'cli-0003' })
    expect(byId.get(blank)).toEqual({ code: null, code_key: '' })
    expect(byId.get(clashing)).toEqual({ code: 'CLI-0002 ', code_key: 'cli-0002 ' })
    expect(byId.get(holder)).toEqual({ code: 'CLI-0002', code_key: 'cli-0002' })
    expect(byId.get(clean)).toEqual({ code: 'CLI-0004', code_key: 'cli-0004' })
    expect(byId.get(none)).toEqual({ code: null, code_key: '' })
    expect(byId.get(elsewhere)).toEqual({ code: 'CLI-0002', code_key: 'cli-0002' })

    // Found by its code again (before, only by `" Cli-0001 "`, which no client sends any more:
    // inline customer data is trimmed, so a document for it had created a second customer).
    const found = await resolveCustomerReference(db, account, 'Cli-0001', 'code')
    expect(found.id).toBe(padded)
  })
})
