// GET /api/v1/registration-data (DESIGN.md §3.3): six lists, active entries only, the caller's account only.
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { createUser } from '../../src/modules/accounts/users.js'
import { productSearchKeys } from '../../src/modules/catalog/product-search-keys.js'
import type { RegistrationData } from '../../src/modules/catalog/registration-data.js'
import { CATALOG_TABLES } from '../../src/platform/migrations/006-derived-counters.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, uniqueSuffix } from '../support/factories.js'
import { expectProblem } from '../support/http.js'

const ids = (list: Array<{ id: number | string }>) => list.map((entry) => entry.id).sort()

describeEachDialect('GET /api/v1/registration-data', (env) => {
  async function registrationData(auth: { authorization: string }): Promise<RegistrationData> {
    const response = await env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: auth })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.headers['content-type']).toMatch(/^application\/json/)
    return response.json<RegistrationData>()
  }

  describe('happy', () => {
    it('returns the six lists with every field POST /proposals needs', async () => {
      const account = await makeAccount(env)
      const data = await registrationData(account.auth)
      expect(Object.keys(data).sort()).toEqual(['payment_methods', 'products', 'sellers', 'signature_types', 'signer_roles', 'templates'])
      expect(data.signature_types).toEqual([
        { id: 'paper', name: 'Papel' },
        { id: 'digital', name: 'Digital' },
      ])
      expect(data.payment_methods).toEqual(
        expect.arrayContaining([
          { id: account.paymentMethods.pix.id, name: 'PIX', kind: 'pix', max_installments: 1, first_due_days: 0, installment_interval_days: 30, due_on_business_days: false },
          { id: account.paymentMethods.card.id, name: 'Cartão de crédito', kind: 'credit_card', max_installments: 12, first_due_days: 0, installment_interval_days: 30, due_on_business_days: false },
        ]),
      )
      const { main, service } = account.products
      expect(data.products).toEqual(
        expect.arrayContaining([
          { id: main.id, code: main.code, name: main.name, kind: 'product', unit: 'un', price_cents: 150_000, description: 'Implantação completa' },
          { id: service.id, code: service.code, name: service.name, kind: 'service', unit: 'h', price_cents: 12_345, description: null },
        ]),
      )
      expect(data.templates).toEqual([{ id: account.template.id, name: 'Proposta comercial', description: 'Modelo padrão' }])
      expect(data.signer_roles).toEqual(expect.arrayContaining([account.roles.party, account.roles.witness]))
      expect(data.sellers).toEqual(expect.arrayContaining([account.seller, account.otherSeller]))
    })

    it('lists active entries only', async () => {
      const account = await makeAccount(env)
      const suffix = uniqueSuffix()
      await createUser(env.db, env.clock, { accountId: account.id, email: `admin.${suffix}@vendoc.test`, name: 'Not a seller', role: 'admin' })
      await env.db.updateTable('users').set({ active: false }).where('id', '=', account.otherSeller.id).execute()
      const data = await registrationData(account.auth)
      expect(ids(data.payment_methods)).toEqual(ids([account.paymentMethods.pix, account.paymentMethods.card]))
      expect(ids(data.products)).toEqual(ids([account.products.main, account.products.service]))
      expect(ids(data.templates)).toEqual([account.template.id])
      expect(ids(data.signer_roles)).toEqual(ids([account.roles.party, account.roles.witness]))
      // Neither the inactive seller nor the user who is not a seller.
      expect(data.sellers).toEqual([account.seller])
    })

    it('reflects a deactivation at once', async () => {
      const account = await makeAccount(env)
      await env.db.updateTable('products').set({ active: false }).where('id', '=', account.products.service.id).execute()
      await env.db.updateTable('signer_roles').set({ active: false }).where('id', '=', account.roles.witness.id).execute()
      const data = await registrationData(account.auth)
      expect(ids(data.products)).toEqual([account.products.main.id])
      expect(ids(data.signer_roles)).toEqual([account.roles.party.id])
    })
  })

  describe('cache', () => {
    // The serialized data is kept per account while accounts.catalog_version stands still; the
    // version is bumped by database triggers, so even writes that bypass the app (another process,
    // the CLI, plain SQL as here) show on the very next call.
    it('shows every change to the five lists on the next call, whoever wrote it', async () => {
      const account = await makeAccount(env)
      const now = new Date().toISOString()
      await registrationData(account.auth)
      const product = { code: `NEW-${uniqueSuffix()}`, name: 'Produto novo' }
      await env.db
        .insertInto('products')
        .values({ account_id: account.id, ...product, ...productSearchKeys(product), kind: 'product', unit: 'un', price_cents: 990, description: null, active: true, created_at: now, updated_at: now })
        .execute()
      expect((await registrationData(account.auth)).products.map((product) => product.name)).toContain('Produto novo')

      await env.db.updateTable('payment_methods').set({ name: 'PIX renomeado' }).where('id', '=', account.paymentMethods.pix.id).execute()
      expect((await registrationData(account.auth)).payment_methods.map((method) => method.name)).toContain('PIX renomeado')

      await env.db.updateTable('templates').set({ active: false }).where('id', '=', account.template.id).execute()
      expect((await registrationData(account.auth)).templates).toEqual([])

      const role = await env.db.insertInto('signer_roles').values({ account_id: account.id, name: 'Fiador', active: true, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow()
      expect(ids((await registrationData(account.auth)).signer_roles)).toContain(role.id)
      await env.db.deleteFrom('signer_roles').where('id', '=', role.id).execute()
      expect(ids((await registrationData(account.auth)).signer_roles)).not.toContain(role.id)

      await env.db.updateTable('users').set({ is_seller: false }).where('id', '=', account.otherSeller.id).execute()
      expect(ids((await registrationData(account.auth)).sellers)).toEqual([account.seller.id])
    })

    it('serves the cached copy while the version stands, without reading the catalogue tables', async () => {
      const account = await makeAccount(env)
      const first = await registrationData(account.auth)
      // With the products table out of the way (a rename fires no trigger), only a cache hit can answer.
      await sql`ALTER TABLE products RENAME TO products_away`.execute(env.db)
      try {
        expect(await registrationData(account.auth)).toEqual(first)
      } finally {
        await sql`ALTER TABLE products_away RENAME TO products`.execute(env.db)
      }
    })

    it("one account's change leaves another account's version alone", async () => {
      const mine = await makeAccount(env)
      const theirs = await makeAccount(env)
      const version = async (id: number) => (await env.db.selectFrom('accounts').select('catalog_version').where('id', '=', id).executeTakeFirstOrThrow()).catalog_version
      const [mineBefore, theirsBefore] = [await version(mine.id), await version(theirs.id)]
      await env.db.updateTable('products').set({ price_cents: 1 }).where('id', '=', mine.products.main.id).execute()
      expect(await version(mine.id)).toBe(mineBefore + 1)
      expect(await version(theirs.id)).toBe(theirsBefore)
    })

    // PostgreSQL bumps once per statement (migration 013: once per row made a statement of 20,000
    // products take ~31 s), SQLite once per row: either way every account whose rows a statement
    // changed moves, and only those.
    it('a statement changing many rows of several accounts moves each of their versions, and no other', async () => {
      const [first, second, bystander] = [await makeAccount(env), await makeAccount(env), await makeAccount(env)]
      const version = async (id: number) => (await env.db.selectFrom('accounts').select('catalog_version').where('id', '=', id).executeTakeFirstOrThrow()).catalog_version
      const versions = () => Promise.all([first, second, bystander].map((account) => version(account.id)))
      const cached = await Promise.all([registrationData(first.auth), registrationData(second.auth)])
      const now = new Date().toISOString()
      const rows = [first, first, second].map((account, index) => {
        const fields = { code: `BULK-${index}-${uniqueSuffix()}`, name: `Lote ${index}` }
        return { account_id: account.id, ...fields, ...productSearchKeys(fields), kind: 'product' as const, unit: 'un', price_cents: 1, description: null, active: true, created_at: now, updated_at: now }
      })

      let before = await versions()
      await env.db.insertInto('products').values(rows).execute()
      let after = await versions()
      expect(after[0]).toBeGreaterThan(before[0]!)
      expect(after[1]).toBeGreaterThan(before[1]!)
      expect(after[2]).toBe(before[2])
      expect((await registrationData(first.auth)).products.length).toBe(cached[0].products.length + 2)
      expect((await registrationData(second.auth)).products.length).toBe(cached[1].products.length + 1)

      before = after
      await env.db.updateTable('products').set({ active: false }).where('code', 'in', rows.map((row) => row.code)).execute()
      after = await versions()
      expect(after[0]).toBeGreaterThan(before[0]!)
      expect(after[1]).toBeGreaterThan(before[1]!)
      expect(after[2]).toBe(before[2])
      expect((await registrationData(first.auth)).products).toEqual(cached[0].products)

      before = after
      await env.db.deleteFrom('products').where('code', 'in', rows.map((row) => row.code)).execute()
      after = await versions()
      expect(after[0]).toBeGreaterThan(before[0]!)
      expect(after[1]).toBeGreaterThan(before[1]!)
      expect(after[2]).toBe(before[2])

      // A statement that changes no row changes no version.
      before = after
      await env.db.updateTable('products').set({ price_cents: 2 }).where('id', '=', -1).execute()
      expect(await versions()).toEqual(before)
    })

    it('bumps the versions by statement triggers on PostgreSQL, by row triggers on SQLite, three per catalogue table', async () => {
      const triggers =
        env.dialect === 'postgres'
          ? await sql<{ table: string; per_row: boolean }>`
              select c.relname as table, (t.tgtype & 1) = 1 as per_row from pg_trigger t join pg_class c on c.oid = t.tgrelid
              where not t.tgisinternal and t.tgname like '%catalog_version%'`.execute(env.db)
          : await sql<{ table: string; per_row: boolean }>`
              select tbl_name as "table", 1 as per_row from sqlite_master where type = 'trigger' and name like '%catalog_version%'`.execute(env.db)
      expect(new Set(triggers.rows.map((row) => row.table))).toEqual(new Set(CATALOG_TABLES))
      expect(triggers.rows).toHaveLength(CATALOG_TABLES.length * 3)
      // SQLite has row triggers only; it updates the account's row in place.
      expect(triggers.rows.every((row) => Boolean(row.per_row) === (env.dialect === 'sqlite'))).toBe(true)
    })
  })

  describe('security', () => {
    it("shows only the caller's account, never another's", async () => {
      const mine = await makeAccount(env)
      const theirs = await makeAccount(env)
      const data = await registrationData(mine.auth)
      expect(ids(data.payment_methods)).toEqual(ids([mine.paymentMethods.pix, mine.paymentMethods.card]))
      expect(ids(data.products)).toEqual(ids([mine.products.main, mine.products.service]))
      expect(ids(data.templates)).toEqual([mine.template.id])
      expect(ids(data.signer_roles)).toEqual(ids([mine.roles.party, mine.roles.witness]))
      expect(ids(data.sellers)).toEqual(ids([mine.seller, mine.otherSeller]))
      const text = JSON.stringify(data)
      for (const foreign of [theirs.products.main.code, theirs.seller.email, theirs.otherSeller.email]) expect(text).not.toContain(foreign)
      const theirData = await registrationData(theirs.auth)
      expect(ids(theirData.templates)).toEqual([theirs.template.id])
    })

    it("a query parameter cannot select another account's data", async () => {
      const mine = await makeAccount(env)
      const theirs = await makeAccount(env)
      const response = await env.app.inject({ method: 'GET', url: `/api/v1/registration-data?account_id=${theirs.id}`, headers: mine.auth })
      // Unknown query parameters are refused, naming the parameter.
      expect(response.statusCode).toBe(422)
      expect(response.json().errors).toEqual([{ in: 'query', path: '/account_id', message: 'is not a known field' }])
    })
  })

  describe('error', () => {
    it('needs a token', async () => {
      const response = await env.app.inject({ method: 'GET', url: '/api/v1/registration-data' })
      expectProblem(response, 401, 'missing_token')
    })
  })
})
