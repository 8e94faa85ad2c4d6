// The request log's list at scale (migration 015): every filter is decided in one index, so a
// filtered page and its count read the index alone, never the entries with their headers and
// bodies. Before it, with 1,000,000 entries of one account, a filtered page and count read the
// whole log (SQLite ~0.4–0.6 s, a path seen five times ~1.5 s). Checked here: the list against a
// reference computed from the stored entries (filters, order with ties, pages, the other account
// never shown), the plans on both engines, and the migration on a database that has a log.
import { sql } from 'kysely'
import { expect, it } from 'vitest'
import { createApiToken } from '../../src/modules/integrations/api-tokens.js'
import type { RequestLogEntry, RequestLogFilters } from '../../src/modules/integrations/request-log/request-log-entry.js'
import { insertRequestLogs, listRequestLogRows, requestLogCountQuery, requestLogPageQuery } from '../../src/modules/integrations/request-log/request-log-repository.js'
import type { Db } from '../../src/platform/db/connect.js'
import { describeEachDialect } from '../support/dialects.js'
import { describeEachEmptyDatabase, insertBareAccount } from '../support/empty-database.js'
import { makeAccount } from '../support/factories.js'
import { expectIndexReplaced, migrateUpTo } from '../support/migration-rewind.js'
import { expectPages, newestFirstIds } from '../support/listing-reference.js'
import { planOf } from '../support/query-plan.js'

const STATUSES = [200, 201, 204, 302, 400, 401, 404, 422, 429, 500, 503]
const METHODS = ['GET', 'POST', 'PATCH', 'DELETE']
// Prefixes of one another, LIKE's wildcards, an accent: the path filter is a plain, case-sensitive prefix.
const PATHS = ['/api/v1/proposals/12', '/api/v1/proposals/123', '/api/v1/proposals', '/api/v1/customers/100%_ã/proposals', '/api/v1/Proposals/12', '/api/v1/registration-data']

/** `count` entries of one account, three to a millisecond (the list's order breaks ties by id). */
function entriesOf(accountId: number, tokens: Array<number | null>, count: number, seed: number): RequestLogEntry[] {
  const start = Date.parse('2026-06-01T00:00:00.000Z')
  return Array.from({ length: count }, (_, index) => {
    const n = index * 7 + seed
    return {
      created_at: new Date(start + Math.floor(index / 3) * 60_000).toISOString(),
      request_id: `req-${seed}-${index}`,
      account_id: accountId,
      api_token_id: tokens[n % tokens.length]!,
      token_prefix: 'vdc_abc',
      method: METHODS[n % METHODS.length]!,
      path: PATHS[(n * 3) % PATHS.length]!,
      query: null,
      status: STATUSES[(n * 5) % STATUSES.length]!,
      duration_ms: 1.5,
      ip: '10.0.0.1',
      user_agent: 'crm-sync/2.3',
      idempotency_key: null,
      error_code: null,
      request_headers: '{"accept":"application/json"}',
      request_body: null,
      response_body: 'x'.repeat(n % 5 === 0 ? 3_000 : 10),
      client_closed: false,
    }
  })
}

async function insertInBatches(db: Db, entries: RequestLogEntry[]): Promise<void> {
  for (let start = 0; start < entries.length; start += 500) await insertRequestLogs(db, entries.slice(start, start + 500))
}

type Stored = { id: number; created_at: string; status: number; method: string; path: string; api_token_id: number | null }

/** What the list must answer, computed from the stored entries. */
function expectedIds(stored: Stored[], filters: RequestLogFilters): number[] {
  const classOf = (status: number) => `${Math.floor(status / 100)}xx`
  const matching = stored
    .filter((row) => filters.statusClass === undefined || classOf(row.status) === filters.statusClass)
    .filter((row) => filters.method === undefined || row.method === filters.method)
    .filter((row) => filters.pathPrefix === undefined || row.path.startsWith(filters.pathPrefix))
    .filter((row) => filters.from === undefined || row.created_at >= filters.from)
    .filter((row) => filters.to === undefined || row.created_at < filters.to)
    .filter((row) => filters.tokenId === undefined || row.api_token_id === filters.tokenId)
  return newestFirstIds(matching)
}

async function storedEntries(db: Db, accountId: number): Promise<Stored[]> {
  const rows = await db.selectFrom('request_logs').select(['id', 'created_at', 'status', 'method', 'path', 'api_token_id']).where('account_id', '=', accountId).execute()
  return rows.map((row) => ({ ...row, id: Number(row.id), api_token_id: row.api_token_id === null ? null : Number(row.api_token_id), created_at: new Date(row.created_at).toISOString() }))
}

describeEachDialect('request log listing', (env) => {
  let accountId = 0
  let tokens: number[] = []
  let stored: Stored[] = []

  it('lists what the filters match, newest first with ties by id, page by page, and never another account’s entries', async () => {
    const account = await makeAccount(env)
    const other = await makeAccount(env)
    accountId = account.id
    const second = await createApiToken(env.db, env.clock, account.id, 'ERP')
    tokens = [account.token.id, second.id]
    // The other account's log is larger, as a neighbour's may be; its entries share every value.
    await insertInBatches(env.db, entriesOf(other.id, [other.token.id], 12_000, 3))
    await insertInBatches(env.db, entriesOf(account.id, [...tokens, null], 1_500, 1))
    stored = await storedEntries(env.db, account.id)
    expect(stored).toHaveLength(1_500)

    const cases: RequestLogFilters[] = [
      {},
      { statusClass: '5xx' },
      { statusClass: '4xx', method: 'POST' },
      { method: 'DELETE' },
      { pathPrefix: '/api/v1/proposals/12' },
      { pathPrefix: '/api/v1/proposals/123' },
      { pathPrefix: '/api/v1/customers/100%_ã' },
      { pathPrefix: '/api/v1/customers/100__' },
      { pathPrefix: '/api/v1/p' },
      { tokenId: tokens[1]! },
      { tokenId: other.token.id },
      { from: '2026-06-01T02:00:00.000Z', to: '2026-06-01T05:00:00.000Z' },
      { statusClass: '2xx', pathPrefix: '/api/v1/proposals', tokenId: tokens[0]!, from: '2026-06-01T01:00:00.000Z' },
    ]
    for (const filters of cases) {
      await expectPages(JSON.stringify(filters), expectedIds(stored, filters), async (page) => {
        const listed = await listRequestLogRows(env.db, accountId, filters, { limit: 50, offset: (page - 1) * 50 })
        return { ids: listed.rows.map((row) => Number(row.id)), total: listed.total }
      })
    }
    // The filters that match nothing here did match the other account.
    expect(expectedIds(stored, { tokenId: other.token.id })).toEqual([])
    expect(expectedIds(stored, { pathPrefix: '/api/v1/customers/100__' })).toEqual([])
    expect(expectedIds(stored, { statusClass: '5xx' }).length).toBeGreaterThan(50)
  }, 60_000)

  it('finds a page and counts in the listing index alone, then reads only the page’s entries', async () => {
    expect(stored).toHaveLength(1_500)
    if (env.dialect === 'postgres') await sql`vacuum analyze request_logs`.execute(env.db)
    const filterCases: RequestLogFilters[] = [{}, { statusClass: '5xx' }, { method: 'POST', pathPrefix: '/api/v1/proposals/12' }, { tokenId: tokens[1]!, from: '2026-06-01T02:00:00.000Z' }]
    for (const filters of filterCases) {
      const label = JSON.stringify(filters)
      const count = await planOf(env.db, env.dialect, requestLogCountQuery(env.db, accountId, filters), 'request_logs')
      const page = await planOf(env.db, env.dialect, requestLogPageQuery(env.db, accountId, filters, { limit: 50, offset: 50 }), 'request_logs')
      if (env.dialect === 'sqlite') {
        const range = filters.from ? 'account_id=? AND created_at>?' : 'account_id=?'
        expect(count, label).toEqual([`SEARCH request_logs USING COVERING INDEX request_logs_account_listing_idx (${range})`])
        // The page's keys in the index's order, without a sort, then each entry by its id.
        expect(page, label).toEqual([
          'CO-ROUTINE page',
          `SEARCH request_logs USING COVERING INDEX request_logs_account_listing_idx (${range})`,
          'SCAN page',
          'SEARCH entry USING INTEGER PRIMARY KEY (rowid=?)',
        ])
      } else {
        const countPlan = count.join('\n')
        expect(countPlan, label).toMatch(/Index Only Scan using request_logs_account_listing_idx on request_logs/)
        expect(countPlan, label).not.toMatch(/Seq Scan|Bitmap Heap Scan/)
        const pagePlan = page.join('\n')
        expect(pagePlan, label).toMatch(/Index Only Scan Backward using request_logs_account_listing_idx on request_logs/)
        expect(pagePlan, label).toMatch(/Index Scan using request_logs_pkey on request_logs/)
        expect(pagePlan, label).not.toMatch(/Seq Scan|Bitmap Heap Scan|Index Scan (Backward )?using request_logs_account_listing_idx/)
      }
    }
  })
})

describeEachEmptyDatabase('request log listing: migration 015', (dialect, openDatabase) => {
  it('replaces the (account_id, created_at) index on a log that has entries, and completes when run again after an interruption', async () => {
    const database = await openDatabase()
    const db = database.db
    await migrateUpTo(db, dialect, '014-proposal-status-index')
    const accountId = await insertBareAccount(db)
    await insertInBatches(db, entriesOf(accountId, [null], 120, 5))
    await expectIndexReplaced(db, dialect, {
      migration: '015-request-log-listing-index',
      table: 'request_logs',
      old: { name: 'request_logs_account_created_idx', columns: 'account_id, created_at' },
      added: 'request_logs_account_listing_idx',
    })

    const stored = await storedEntries(db, accountId)
    const listed = await listRequestLogRows(db, accountId, { statusClass: '4xx' }, { limit: 50, offset: 0 })
    expect(listed.rows.map((row) => Number(row.id))).toEqual(expectedIds(stored, { statusClass: '4xx' }).slice(0, 50))
  }, 60_000)
})
