// The products' search keys (migration 012): name and code folded once, when written, so the
// Produtos list is one range of an index and a search compares stored text. Folding them in SQL on
// every read cost a page of an account with 100,000 products ~350 ms of SQLite and a search ~1 s,
// on the read thread every request shares. Checked here: every way a product is written keeps its
// keys, the migration fills the keys of existing products, the lists' order and plans.
import { sql } from 'kysely'
import { expect, it } from 'vitest'
import { createProduct } from '../../src/modules/catalog/catalog-admin.js'
import { listProducts, productListPageQuery, saveProduct, type ProductInput } from '../../src/modules/catalog/manage-products.js'
import { getRegistrationData } from '../../src/modules/catalog/registration-data.js'
import { generateBenchData } from '../../src/modules/bench-data/generate-bench-data.js'
import type { Db } from '../../src/platform/db/connect.js'
import { foldForSearch } from '../../src/platform/db/folded-search.js'
import { migrateToLatest } from '../../src/platform/migrations/index.js'
import { describeEachDialect } from '../support/dialects.js'
import { describeEachEmptyDatabase, insertBareAccount } from '../support/empty-database.js'
import { makeAccount } from '../support/factories.js'
import { ManualClock } from '../support/manual-clock.js'
import { migrateUpTo } from '../support/migration-rewind.js'
import { planOf } from '../support/query-plan.js'

const KEYED_COLUMNS = ['name', 'code', 'name_key', 'code_key'] as const

async function keysOf(db: Db, id: number) {
  return db.selectFrom('products').select(KEYED_COLUMNS).where('id', '=', id).executeTakeFirstOrThrow()
}

/** The stored keys are the fields as foldForSearch folds them. */
function expectKeysOfFields(row: { name: string; code: string; name_key: string; code_key: string }): void {
  expect(row.name_key, row.name).toBe(foldForSearch(row.name))
  expect(row.code_key, row.code).toBe(foldForSearch(row.code))
}

const input = (fields: Pick<ProductInput, 'code' | 'name'>): ProductInput => ({ ...fields, kind: 'product', unit: 'un', price_cents: 100, description: '', active: true })

describeEachDialect('product search keys', (env) => {
  it('are written with the fields on every way in: the registration screen’s save, createProduct', async () => {
    const account = await makeAccount(env)
    const codes = (q: string) => listProducts(env.db, account.id, { q }).then((page) => page.rows.map((row) => row.code))

    // The factory's products went through createProduct.
    expectKeysOfFields(await keysOf(env.db, account.products.main.id))
    const created = await createProduct(env.db, env.clock, account.id, { code: 'ÇÃO-7', name: 'Açaí Orgânico', kind: 'product', unit: 'kg', price_cents: 1 })
    expectKeysOfFields(await keysOf(env.db, created.id))
    expect(await codes('ACAI organico')).toEqual(['ÇÃO-7'])

    const saved = await saveProduct(env.db, env.clock, account.id, undefined, input({ code: 'INSTALAÇÃO-1', name: 'Instalação Elétrica' }))
    expect(saved.ok).toBe(true)
    const id = (saved as Extract<typeof saved, { ok: true }>).id
    expectKeysOfFields(await keysOf(env.db, id))
    expect(await codes('instalacao eletrica')).toEqual(['INSTALAÇÃO-1'])
    expect(await codes('instalação-1')).toEqual(['INSTALAÇÃO-1'])

    // Renamed and recoded: the keys follow, the old name and code no longer find it.
    expect(await saveProduct(env.db, env.clock, account.id, id, input({ code: 'MANUT-2', name: 'Manutenção Preventiva' }))).toEqual({ ok: true, id })
    expectKeysOfFields(await keysOf(env.db, id))
    expect(await codes('eletrica')).toEqual([])
    expect(await codes('instalacao')).toEqual([])
    expect(await codes('MANUTENCAO PREV')).toEqual(['MANUT-2'])
  })

  it('list the products and the registration data in the order of the folded names', async () => {
    const account = await makeAccount(env)
    for (const [code, name] of [['Z1', 'Ábaco'], ['Z2', 'abacate'], ['Z3', 'Zebu'], ['Z4', 'émbolo'], ['Z5', 'Égua']]) {
      await createProduct(env.db, env.clock, account.id, { code: code!, name: name!, kind: 'product', unit: 'un', price_cents: 1 })
    }
    const expected = ['abacate', 'Ábaco', 'Égua', 'émbolo', 'Zebu']
    const listed = (await listProducts(env.db, account.id)).rows.map((row) => row.name).filter((name) => expected.includes(name))
    expect(listed).toEqual(expected)
    const registration = (await getRegistrationData(env.db, account.id)).products.map((product) => product.name).filter((name) => expected.includes(name))
    expect(registration).toEqual(expected)
  })
})

describeEachEmptyDatabase("product search keys: migration 012 and the list's plan", (dialect, openDatabase) => {
  it('fills the keys of the products already there, in batches, and can be run again', async () => {
    const database = await openDatabase()
    const db = database.db
    await migrateUpTo(db, dialect, '011-customer-search-keys')

    const accountId = await insertBareAccount(db)
    const now = new Date().toISOString()
    // More than two batches of 500, with accents and LIKE's wildcards.
    const fields = Array.from({ length: 1_203 }, (_, index) => ({
      name: index % 3 === 0 ? `INSTALAÇÃO Elétrica ${index}` : `Óleo 50%_${index}`,
      code: `ÇÓD-${index}`,
    }))
    for (const row of fields) {
      await sql`insert into products (account_id, code, name, kind, unit, price_cents, active, created_at, updated_at) values (${accountId}, ${row.code}, ${row.name}, 'product', 'un', 1, ${true}, ${now}, ${now})`.execute(db)
    }

    expect(await migrateUpTo(db, dialect, '012-product-search-keys')).toEqual(['012-product-search-keys'])
    const rows = await db.selectFrom('products').select(KEYED_COLUMNS).execute()
    expect(rows).toHaveLength(fields.length)
    for (const row of rows) expectKeysOfFields(row)

    // Interrupted after its columns were added (SQLite runs DDL outside a transaction): run again.
    await sql`update products set name_key = '', code_key = ''`.execute(db)
    await sql`drop index products_account_name_key_idx`.execute(db)
    await sql`delete from kysely_migration where name = '012-product-search-keys'`.execute(db)
    expect(await migrateUpTo(db, dialect, '012-product-search-keys')).toEqual(['012-product-search-keys'])
    for (const row of await db.selectFrom('products').select(KEYED_COLUMNS).execute()) expectKeysOfFields(row)
    const page = await listProducts(db, accountId, { q: 'instalacao eletrica 3' })
    expect(page.rows.map((row) => row.name).slice(0, 4)).toEqual(['INSTALAÇÃO Elétrica 3', 'INSTALAÇÃO Elétrica 30', 'INSTALAÇÃO Elétrica 300', 'INSTALAÇÃO Elétrica 303'])
    expect((await listProducts(db, accountId, { q: 'cód-1202' })).rows.map((row) => row.code)).toEqual(['ÇÓD-1202'])
  }, 60_000)

  it('list an account’s products in one range of an index, without sorting them; a search reads the index alone', async () => {
    const database = await openDatabase()
    await migrateToLatest(database.db, dialect)
    const summary = await generateBenchData(database, new ManualClock('2026-11-29T12:00:00.000Z'), { customers: 10, proposals: 10, products: 3_000, seed: 7 })
    const { db } = database
    // The benchmark's bulk rows carry their keys too.
    for (const row of await db.selectFrom('products').select(KEYED_COLUMNS).where('account_id', '=', summary.account_id).execute()) expectKeysOfFields(row)

    const page = productListPageQuery(db, summary.account_id, { page: 3 })
    const pagePlan = await planOf(db, dialect, page, 'products')
    const search = productListPageQuery(db, summary.account_id, { q: 'licenca', page: 1 }).clearSelect().select('id')
    const searchPlan = await planOf(db, dialect, search, 'products')
    if (dialect === 'sqlite') {
      expect(pagePlan).toEqual([expect.stringMatching(/^SEARCH products USING INDEX products_account_name_key_idx \(account_id=\?\)$/)])
      expect(searchPlan).toEqual([expect.stringMatching(/^SEARCH products USING COVERING INDEX products_account_name_key_idx \(account_id=\?\)$/)])
    } else {
      expect(pagePlan.join('\n')).toMatch(/Index Scan using products_account_name_key_idx on products/)
      expect(pagePlan.join('\n')).not.toMatch(/Sort/)
      expect(searchPlan.join('\n')).toMatch(/Index Only Scan using products_account_name_key_idx on products/)
      expect(searchPlan.join('\n')).not.toMatch(/Sort/)
    }
    // And in the order of the folded names.
    const keys = (await page.execute()).map((row) => foldForSearch(row.name))
    expect(keys).toHaveLength(50)
    expect(keys).toEqual([...keys].sort())
  }, 60_000)
})
