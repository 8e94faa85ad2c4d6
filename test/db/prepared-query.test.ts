// prepared-query.ts: a hot query is built by Kysely once per database, its transactions included
// (the creation path runs inside one), and runs on the connection it is given; a prepared insert
// refuses a row whose columns differ from its list instead of silently leaving one out.
import { allCustomerSearchKeys } from '../../src/modules/customers/customer-search-keys.js'
import { describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { preparedInsert, preparedJsonRows, preparedQuery, readJsonRows } from '../../src/platform/db/prepared-query.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount } from '../support/factories.js'

describeEachDialect('prepared queries', (env) => {
  describe('happy', () => {
    it('builds once for the database and every transaction on it, and runs on the transaction connection', async () => {
      const account = await makeAccount(env)
      let builds = 0
      const customerNames = preparedQuery(1, (db, accountId: number) => {
        builds += 1
        return db.selectFrom('customers').select('name').where('account_id', '=', accountId).orderBy('id')
      })
      const insertCustomer = preparedInsert<{ account_id: number; name: string; created_at: string; updated_at: string }>('customers', ['account_id', 'name', 'created_at', 'updated_at'])
      const now = new Date().toISOString()

      expect(await customerNames(env.db, account.id)).toEqual([])
      for (const name of ['Alfa', 'Beta']) {
        await env.db.transaction().execute(async (trx) => {
          const id = await insertCustomer.returningId(trx, { account_id: account.id, name, created_at: now, updated_at: now })
          expect(id).toBeGreaterThan(0)
          // Uncommitted yet, so only the transaction's own connection can see it.
          expect((await customerNames(trx, account.id)).map((row) => row.name)).toContain(name)
        })
      }
      await expect(
        env.db.transaction().execute(async (trx) => {
          await insertCustomer.run(trx, { account_id: account.id, name: 'Gama', created_at: now, updated_at: now })
          throw new Error('roll back')
        }),
      ).rejects.toThrow('roll back')
      expect((await customerNames(env.db, account.id)).map((row) => row.name)).toEqual(['Alfa', 'Beta'])
      expect(builds).toBe(1)
    })

    it('inserts several rows in one statement, for any number of rows', async () => {
      const account = await makeAccount(env)
      const insertCustomers = preparedInsert<{ account_id: number; name: string; created_at: string; updated_at: string }>('customers', ['account_id', 'name', 'created_at', 'updated_at'])
      const now = new Date().toISOString()
      const rows = (names: string[]) => names.map((name) => ({ account_id: account.id, name, created_at: now, updated_at: now }))
      await insertCustomers.runMany(env.db, rows(['A1', 'A2', 'A3']))
      await insertCustomers.runMany(env.db, rows(['B1', 'B2', 'B3']))
      await insertCustomers.runMany(env.db, rows(['C1']))
      await insertCustomers.runMany(env.db, [])
      await insertCustomers.runMany(env.db, rows(Array.from({ length: 60 }, (_, index) => `D${index}`)))
      const names = (await env.db.selectFrom('customers').select('name').where('account_id', '=', account.id).orderBy('id').execute()).map((row) => row.name)
      expect(names).toEqual(['A1', 'A2', 'A3', 'B1', 'B2', 'B3', 'C1', ...Array.from({ length: 60 }, (_, index) => `D${index}`)])
    })

    it('reads rows as one JSON text on SQLite, in a transaction too; PostgreSQL refuses them (its driver would answer rows)', async () => {
      const account = await makeAccount(env)
      const now = new Date().toISOString()
      await env.db.insertInto('customers').values({ account_id: account.id, name: 'Ação "um"', code: 'C1', ...allCustomerSearchKeys({ name: 'Ação "um"', trade_name: null, code: 'C1' }), created_at: now, updated_at: now }).execute()
      const names = preparedJsonRows(1, (db, accountId: number) =>
        db.selectFrom('customers').select(['name', sql<string>`'/c/' || code`.as('links.self')]).where('account_id', '=', accountId).where('code', '=', 'C1'),
      )
      const adHoc = (db: typeof env.db) => readJsonRows(db, db.selectFrom('customers').select('name').where('account_id', '=', account.id).where('code', '=', 'C1'))
      if (env.dialect === 'postgres') {
        await expect(names(env.db, account.id)).rejects.toThrow(/SQLite only/)
        await expect(adHoc(env.db)).rejects.toThrow(/SQLite only/)
        return
      }
      // The JSON's UTF-8 bytes, as the reply sends them.
      expect((await names(env.db, account.id)).toString('utf8')).toBe('[{"name":"Ação \\"um\\"","links":{"self":"/c/C1"}}]')
      expect(await env.db.transaction().execute((trx) => names(trx, account.id))).toEqual(await names(env.db, account.id))
      expect((await adHoc(env.db)).toString('utf8')).toBe('[{"name":"Ação \\"um\\""}]')
    })
  })

  describe('sad', () => {
    it('a prepared insert refuses a row with a missing or an extra column, writing nothing', async () => {
      const account = await makeAccount(env)
      const insertCustomer = preparedInsert<Record<string, unknown>>('customers', ['account_id', 'name', 'created_at', 'updated_at'])
      const now = new Date().toISOString()
      await expect(insertCustomer.run(env.db, { account_id: account.id, name: 'Sem data', created_at: now })).rejects.toThrow(/must set exactly/)
      await expect(insertCustomer.run(env.db, { account_id: account.id, name: 'Extra', created_at: now, updated_at: now, email: 'x@y.z' })).rejects.toThrow(/must set exactly/)
      const stored = await env.db.selectFrom('customers').select('id').where('account_id', '=', account.id).execute()
      expect(stored).toEqual([])
    })
  })
})
