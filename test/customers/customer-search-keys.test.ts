// The customers' search keys (migration 011): name, trade name and code folded once, when written,
// so the Clientes list is one range of an index and a search compares stored text. Folding them in
// SQL on every read (session 33) cost a page of 100,000 customers ~107 ms of SQLite and a search
// ~122 ms, on the read thread every request shares. Checked here: every way a customer is written
// keeps its keys, the migration fills the keys of existing customers, and the list's plan.
import { sql } from 'kysely'
import { expect, it } from 'vitest'
import { applyCustomerInput } from '../../src/modules/customers/customer-input.js'
import { listCustomers, customerListPageQuery } from '../../src/modules/customers/list-customers.js'
import { saveCustomer } from '../../src/modules/customers/save-customer.js'
import { generateBenchData } from '../../src/modules/bench-data/generate-bench-data.js'
import { erasePersonalData } from '../../src/modules/privacy/erase-personal-data.js'
import type { Db, Dialect } from '../../src/platform/db/connect.js'
import { foldForSearch } from '../../src/platform/db/folded-search.js'
import { migrateToLatest } from '../../src/platform/migrations/index.js'
import { describeEachDialect } from '../support/dialects.js'
import { describeEachEmptyDatabase, insertBareAccount } from '../support/empty-database.js'
import { makeAccount, makeCustomer } from '../support/factories.js'
import { migrateUpTo } from '../support/migration-rewind.js'
import { planOf } from '../support/query-plan.js'
import { ManualClock } from '../support/manual-clock.js'

async function keysOf(db: Db, id: number) {
  return db.selectFrom('customers').select(['name', 'trade_name', 'code', 'name_key', 'trade_name_key', 'code_key']).where('id', '=', id).executeTakeFirstOrThrow()
}

/** The stored keys are the fields as foldForSearch folds them (null as ''). */
function expectKeysOfFields(row: Awaited<ReturnType<typeof keysOf>>): void {
  expect(row.name_key, row.name).toBe(foldForSearch(row.name))
  expect(row.trade_name_key).toBe(foldForSearch(row.trade_name ?? ''))
  expect(row.code_key).toBe(foldForSearch(row.code ?? ''))
}

describeEachDialect('customer search keys', (env) => {
  it('are written with the fields on every way in: the form, the API’s inline customer, the erasure', async () => {
    const account = await makeAccount(env)
    const names = (q: string) => listCustomers(env.db, account.id, { q, page: 1, perPage: 50 }).then((page) => page.rows.map((row) => row.name))

    const saved = await saveCustomer(env.db, env.clock, account.id, undefined, { code: 'ÇÃO-1', name: 'JOÃO Conceição', trade_name: 'Padaria Ávila' })
    expect(saved.ok).toBe(true)
    const id = (saved as Extract<typeof saved, { ok: true }>).customer.id
    expectKeysOfFields(await keysOf(env.db, id))
    expect(await names('joao conceicao')).toEqual(['JOÃO Conceição'])

    // Renamed in the form, its code cleared: the keys follow, the old name no longer finds it.
    const renamed = await saveCustomer(env.db, env.clock, account.id, (saved as Extract<typeof saved, { ok: true }>).customer, { name: 'Érica Müller', trade_name: null })
    expect(renamed.ok).toBe(true)
    const afterRename = await keysOf(env.db, id)
    expect(afterRename.code).toBeNull()
    expectKeysOfFields(afterRename)
    expect(await names('joao')).toEqual([])
    expect(await names('cao-1')).toEqual([])
    expect(await names('ERICA MULLER')).toEqual(['Érica Müller'])

    // The API's inline customer data (a creation naming the customer's code) updates it too.
    const existing = await makeCustomer(env, account, { code: 'INL-1', name: 'Antigo Nome' })
    await applyCustomerInput(env.db, env.clock, account.id, { code: 'INL-1', name: 'Núcleo Açaí', trade_name: 'Açaí Já' }, { kind: 'inline', existing })
    expectKeysOfFields(await keysOf(env.db, existing.id))
    expect(await names('acai ja')).toEqual(['Núcleo Açaí'])

    // The erasure replaces the name with a placeholder: its key with it.
    await erasePersonalData(env.db, env.clock, account.id, String(existing.id), { erasedBy: 'suporte' })
    const erased = await keysOf(env.db, existing.id)
    expect(erased.name).not.toBe('Núcleo Açaí')
    expectKeysOfFields(erased)
    expect(await names('nucleo')).toEqual([])
  })
})

describeEachEmptyDatabase("customer search keys: migration 011 and the list's plan", (dialect, openDatabase) => {
  it('fills the keys of the customers already there, in batches, and can be run again', async () => {
    const database = await openDatabase()
    const { db } = database
    await migrateUpTo(db, dialect, '010-proposal-number-counters')

    const accountId = await insertBareAccount(db)
    const now = new Date().toISOString()
    // More than one batch of 500, with accents, nulls and LIKE's wildcards.
    const fields = Array.from({ length: 1_203 }, (_, index) => ({
      name: index % 3 === 0 ? `JOÃO Conceição ${index}` : `Ágata 50%_${index}`,
      trade_name: index % 2 === 0 ? null : `Padaria São Paulo ${index}`,
      code: index % 5 === 0 ? null : `ÇÓD-${index}`,
    }))
    for (const row of fields) {
      await sql`insert into customers (account_id, code, name, trade_name, created_at, updated_at) values (${accountId}, ${row.code}, ${row.name}, ${row.trade_name}, ${now}, ${now})`.execute(db)
    }

    expect(await migrateUpTo(db as Db, dialect, '011-customer-search-keys')).toEqual(['011-customer-search-keys'])
    const rows = await (db as Db).selectFrom('customers').select(['name', 'trade_name', 'code', 'name_key', 'trade_name_key', 'code_key']).execute()
    expect(rows).toHaveLength(fields.length)
    for (const row of rows) expectKeysOfFields(row)

    // Interrupted after its columns were added (SQLite runs DDL outside a transaction): run again.
    await sql`update customers set name_key = '', trade_name_key = '', code_key = ''`.execute(db)
    await sql`drop index customers_account_name_key_idx`.execute(db)
    await sql`delete from kysely_migration where name = '011-customer-search-keys'`.execute(db)
    expect(await migrateUpTo(db as Db, dialect, '011-customer-search-keys')).toEqual(['011-customer-search-keys'])
    for (const row of await (db as Db).selectFrom('customers').select(['name', 'trade_name', 'code', 'name_key', 'trade_name_key', 'code_key']).execute()) expectKeysOfFields(row)
    const page = await listCustomers(db as Db, accountId, { q: 'joao conceicao 3', page: 1, perPage: 5 })
    expect(page.rows.map((row) => row.name)).toEqual(['JOÃO Conceição 3', 'JOÃO Conceição 30', 'JOÃO Conceição 300', 'JOÃO Conceição 303', 'JOÃO Conceição 306'])
  }, 60_000)

  it('list an account’s customers in one range of an index, without sorting them', async () => {
    const database = await openDatabase()
    await migrateToLatest(database.db, dialect)
    const summary = await generateBenchData(database, new ManualClock('2026-11-29T12:00:00.000Z'), { customers: 3_000, proposals: 100, products: 5, seed: 7 })
    const { db } = database
    // The benchmark's bulk rows carry their keys too.
    for (const row of await db.selectFrom('customers').select(['name', 'trade_name', 'code', 'name_key', 'trade_name_key', 'code_key']).where('account_id', '=', summary.account_id).execute()) {
      expectKeysOfFields(row)
    }
    const query = customerListPageQuery(db, summary.account_id, { page: 3, perPage: 50 })
    const plan = await planOf(db, dialect, query, 'customers')
    if (dialect === 'sqlite') {
      expect(plan).toEqual([expect.stringMatching(/^SEARCH customers USING INDEX customers_account_name_key_idx \(account_id=\?\)$/)])
    } else {
      expect(plan.join('\n')).toMatch(/Index Scan using customers_account_name_key_idx on customers/)
      expect(plan.join('\n')).not.toMatch(/Sort/)
    }
    // And in the order of the folded names.
    const keys = (await query.execute()).map((row) => row.name_key)
    expect(keys).toHaveLength(50)
    expect(keys).toEqual([...keys].sort())
  }, 60_000)
})
