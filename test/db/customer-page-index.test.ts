// Migration 008: on SQLite a customer's page of documents, filtered or not, and a filtered page's
// total are read from proposals_customer_page_idx alone, never from the proposals table (each of
// whose rows is a random page read in a large file). A column added to the page without being
// added to the index turns "COVERING INDEX" into a plain index search here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CompiledQuery, type Compilable } from 'kysely'
import { customerCountQuery, customerPageQuery } from '../../src/modules/proposals/proposal-repository.js'
import { migrateToLatest } from '../../src/platform/migrations/index.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'

async function planOf(env: TestApp, query: Compilable<unknown>): Promise<string> {
  const { sql, parameters } = query.compile()
  const result = await env.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${sql}`, [...parameters]))
  return result.rows.map((row) => row.detail).join('\n')
}

describe('customer page index [sqlite]', () => {
  let env: TestApp
  beforeAll(async () => {
    env = await buildTestApp('sqlite')
  })
  afterAll(async () => {
    await env.close()
  })

  const filters = { status: 'sent' as const, createdFrom: '2026-01-01T03:00:00.000Z', createdBefore: '2026-02-01T03:00:00.000Z' }

  it('reads an unfiltered page from the index alone, in its order (no sort step)', async () => {
    const plan = await planOf(env, customerPageQuery(env.db, 1, 2, {}, { limit: 50, offset: 0 }))
    expect(plan).toMatch(/USING COVERING INDEX proposals_customer_page_idx \(account_id=\? AND customer_id=\?\)/)
    expect(plan).not.toMatch(/TEMP B-TREE/)
  })

  it('reads a filtered page and its total from the index alone', async () => {
    expect(await planOf(env, customerPageQuery(env.db, 1, 2, filters, { limit: 50, offset: 50 }))).toMatch(
      /USING COVERING INDEX proposals_customer_page_idx \(account_id=\? AND customer_id=\? AND created_at>\? AND created_at<\?\)/,
    )
    expect(await planOf(env, customerCountQuery(env.db, 1, 2, filters))).toMatch(/USING COVERING INDEX proposals_customer_page_idx/)
  })

  const proposalIndexes = async () =>
    (await env.db.executeQuery<{ name: string }>(CompiledQuery.raw(`select name from sqlite_master where type = 'index' and tbl_name = 'proposals' order by name`))).rows.map((row) => row.name)

  it('replaced the key-only list index of 001', async () => {
    const names = await proposalIndexes()
    expect(names).toContain('proposals_customer_page_idx')
    expect(names).not.toContain('proposals_customer_created_idx')
  })

  it('runs again after an interruption (SQLite migrations are not transactional)', async () => {
    const before = await proposalIndexes()
    await env.db.executeQuery(CompiledQuery.raw(`delete from kysely_migration where name = '008-customer-page-index'`))
    expect(await migrateToLatest(env.db, 'sqlite')).toEqual(['008-customer-page-index'])
    expect(await proposalIndexes()).toEqual(before)
  })
})
