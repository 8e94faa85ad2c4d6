// The request log's list at scale (migration 015): every filter is decided in one index, so a
// filtered page and its count read the index alone, never the entries with their headers and
// bodies. Before it, with 1,000,000 entries of one account, a filtered page and count read the
// whole log (SQLite ~0.4–0.6 s, a path seen five times ~1.5 s). Checked here: the list against a
// reference computed from the stored entries (filters, order with ties, pages, the other account
// never shown), the plans on both engines, and the migration on a database that has a log.
// Migration 023 adds the exact lookups: a request id and an error code each in an index of their
// own (an account's call by the `X-Request-Id` of an error was a read of its whole log), the exact
// status in the listing index.
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
import { indexesOf, planOf } from '../support/query-plan.js'

const STATUSES = [200, 201, 204, 302, 400, 401, 404, 422, 429, 500, 503]
const METHODS = ['GET', 'POST', 'PATCH', 'DELETE']
// Prefixes of one another, LIKE's wildcards, an accent: the path filter is a plain, case-sensitive prefix.
const PATHS = ['/api/v1/proposals/12', '/api/v1/proposals/123', '/api/v1/proposals', '/api/v1/customers/100%_ã/proposals', '/api/v1/Proposals/12', '/api/v1/registration-data']
// The problem codes answered with each error status (none for the others).
const CODES: Record<number, string[]> = { 400: ['malformed_json'], 401: ['invalid_token', 'missing_token'], 404: ['proposal_not_found', 'customer_not_found'], 422: ['validation_failed'], 429: ['rate_limited'], 500: ['internal_error'] }

/** `count` entries of one account, three to a millisecond (the list's order breaks ties by id). */
function entriesOf(accountId: number, tokens: Array<number | null>, count: number, seed: number): RequestLogEntry[] {
  const start = Date.parse('2026-06-01T00:00:00.000Z')
  return Array.from({ length: count }, (_, index) => {
    const n = index * 7 + seed
    const status = STATUSES[(n * 5) % STATUSES.length]!
    const codes = CODES[status]
    return {
      created_at: new Date(start + Math.floor(index / 3) * 60_000).toISOString(),
      // The same ids in every account's log: only the account's own entry may ever be found by one.
      request_id: `req_${index.toString(36)}`,
      account_id: accountId,
      api_token_id: tokens[n % tokens.length]!,
      token_prefix: 'vdc_abc',
      method: METHODS[n % METHODS.length]!,
      path: PATHS[(n * 3) % PATHS.length]!,
      query: null,
      status,
      duration_ms: 1.5,
      ip: '10.0.0.1',
      user_agent: 'crm-sync/2.3',
      idempotency_key: null,
      error_code: codes ? codes[n % codes.length]! : null,
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

type Stored = { id: number; created_at: string; request_id: string; status: number; error_code: string | null; method: string; path: string; api_token_id: number | null }

/** What the list must answer, computed from the stored entries. */
function expectedIds(stored: Stored[], filters: RequestLogFilters): number[] {
  const classOf = (status: number) => `${Math.floor(status / 100)}xx`
  const matching = stored
    .filter((row) => filters.requestId === undefined || row.request_id === filters.requestId)
    .filter((row) => filters.errorCode === undefined || row.error_code === filters.errorCode)
    .filter((row) => filters.status === undefined || row.status === filters.status)
    .filter((row) => filters.statusClass === undefined || classOf(row.status) === filters.statusClass)
    .filter((row) => filters.method === undefined || row.method === filters.method)
    .filter((row) => filters.pathPrefix === undefined || row.path.startsWith(filters.pathPrefix))
    .filter((row) => filters.from === undefined || row.created_at >= filters.from)
    .filter((row) => filters.to === undefined || row.created_at < filters.to)
    .filter((row) => filters.tokenId === undefined || row.api_token_id === filters.tokenId)
  return newestFirstIds(matching)
}

async function storedEntries(db: Db, accountId: number): Promise<Stored[]> {
  const rows = await db.selectFrom('request_logs').select(['id', 'created_at', 'request_id', 'status', 'error_code', 'method', 'path', 'api_token_id']).where('account_id', '=', accountId).execute()
  return rows.map((row) => ({ ...row, id: Number(row.id), api_token_id: row.api_token_id === null ? null : Number(row.api_token_id), created_at: new Date(row.created_at).toISOString() }))
}

// A request id in both accounts' logs (the ids repeat per account, see entriesOf), and one only in the other's.
const MINE = `req_${(700).toString(36)}`
const ONLY_THEIRS = `req_${(5_000).toString(36)}`

async function theirEntries(db: Db, accountId: number, requestId: string): Promise<number> {
  const rows = await db.selectFrom('request_logs').select('id').where('account_id', '=', accountId).where('request_id', '=', requestId).execute()
  return rows.length
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
    const statusOfMine = stored.find((row) => row.request_id === MINE)!.status

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
      // Exact lookups (migration 023): a request id, an error code, a status; alone and combined.
      { requestId: MINE },
      { requestId: MINE, status: statusOfMine },
      { requestId: MINE, status: statusOfMine === 200 ? 201 : 200 },
      { requestId: MINE, method: 'OPTIONS' },
      { requestId: ONLY_THEIRS },
      { requestId: 'req_none' },
      { status: 404 },
      { status: 201, method: 'POST' },
      { status: 418 },
      { errorCode: 'proposal_not_found' },
      { errorCode: 'invalid_token', tokenId: tokens[1]! },
      { errorCode: 'validation_failed', status: 422, from: '2026-06-01T02:00:00.000Z' },
      { errorCode: 'validation_failed', statusClass: '5xx' },
      { errorCode: 'Validation_Failed' },
      { errorCode: 'internal_error', pathPrefix: '/api/v1/proposals/12', method: 'GET' },
    ]
    for (const filters of cases) {
      await expectPages(JSON.stringify(filters), expectedIds(stored, filters), async (page) => {
        const listed = await listRequestLogRows(env.db, accountId, filters, { limit: 50, offset: (page - 1) * 50 })
        return { ids: listed.rows.map((row) => Number(row.id)), total: listed.total }
      })
    }
    // The filters that match nothing here did match the other account.
    expect(expectedIds(stored, { tokenId: other.token.id })).toEqual([])
    expect(expectedIds(stored, { requestId: MINE })).toHaveLength(1)
    expect(expectedIds(stored, { requestId: ONLY_THEIRS })).toEqual([])
    expect(await theirEntries(env.db, other.id, MINE)).toBe(1)
    expect(await theirEntries(env.db, other.id, ONLY_THEIRS)).toBe(1)
    for (const errorCode of ['proposal_not_found', 'invalid_token', 'validation_failed']) expect(expectedIds(stored, { errorCode }).length, errorCode).toBeGreaterThan(50)
    expect(expectedIds(stored, { status: 404 }).length).toBeGreaterThan(50)
    expect(expectedIds(stored, { pathPrefix: '/api/v1/customers/100__' })).toEqual([])
    expect(expectedIds(stored, { statusClass: '5xx' }).length).toBeGreaterThan(50)
  }, 60_000)

  it('finds a page and counts in one index alone, then reads only the page’s entries', async () => {
    expect(stored).toHaveLength(1_500)
    if (env.dialect === 'postgres') await sql`vacuum analyze request_logs`.execute(env.db)
    const filterCases: RequestLogFilters[] = [{}, { statusClass: '5xx' }, { status: 404 }, { method: 'POST', pathPrefix: '/api/v1/proposals/12' }, { tokenId: tokens[1]!, from: '2026-06-01T02:00:00.000Z' }]
    for (const filters of filterCases) {
      const label = JSON.stringify(filters)
      const count = await planOf(env.db, env.dialect, requestLogCountQuery(env.db, accountId, filters), 'request_logs')
      const page = await planOf(env.db, env.dialect, requestLogPageQuery(env.db, accountId, filters, { limit: 50, offset: 50 }), 'request_logs')
      // Counting every entry of the account, the engines take the narrowest index that has them
      // all: migration 023's request id index holds every entry too, without the listing's path.
      const countIndex = Object.keys(filters).length === 0 ? '(listing|request_id)' : 'listing'
      if (env.dialect === 'sqlite') {
        const range = filters.from ? 'account_id=? AND created_at>?' : 'account_id=?'
        expect(count, label).toHaveLength(1)
        expect(count[0], label).toMatch(new RegExp(`^SEARCH request_logs USING COVERING INDEX request_logs_account_${countIndex}_idx \\(${range.replace(/[?]/g, '\\?')}\\)$`))
        // The page's keys in the index's order, without a sort, then each entry by its id.
        expect(page, label).toEqual([
          'CO-ROUTINE page',
          `SEARCH request_logs USING COVERING INDEX request_logs_account_listing_idx (${range})`,
          'SCAN page',
          'SEARCH entry USING INTEGER PRIMARY KEY (rowid=?)',
        ])
      } else {
        const countPlan = count.join('\n')
        expect(countPlan, label).toMatch(new RegExp(`Index Only Scan using request_logs_account_${countIndex}_idx on request_logs`))
        expect(countPlan, label).not.toMatch(/Seq Scan|Bitmap Heap Scan/)
        const pagePlan = page.join('\n')
        expect(pagePlan, label).toMatch(/Index Only Scan Backward using request_logs_account_listing_idx on request_logs/)
        expect(pagePlan, label).toMatch(/Index Scan using request_logs_pkey on request_logs/)
        expect(pagePlan, label).not.toMatch(/Seq Scan|Bitmap Heap Scan|Index Scan (Backward )?using request_logs_account_listing_idx/)
      }
    }
  })

  it('finds a request id and an error code in an index of their own (migration 023), whatever filters come with them', async () => {
    expect(stored).toHaveLength(1_500)
    const lookups: Array<[RequestLogFilters, string, string]> = [
      [{ requestId: MINE }, 'request_logs_account_request_id_idx', 'account_id=? AND request_id=?'],
      [{ requestId: MINE, method: 'GET', status: 404 }, 'request_logs_account_request_id_idx', 'account_id=? AND request_id=?'],
      [{ requestId: MINE, statusClass: '4xx', from: '2026-06-01T02:00:00.000Z' }, 'request_logs_account_request_id_idx', 'account_id=? AND request_id=? AND created_at>?'],
      [{ errorCode: 'validation_failed' }, 'request_logs_account_error_code_idx', 'account_id=? AND error_code=?'],
      [{ errorCode: 'invalid_token', from: '2026-06-01T02:00:00.000Z' }, 'request_logs_account_error_code_idx', 'account_id=? AND error_code=? AND created_at>?'],
    ]
    // SQLite as Vendoc runs it (never analysed), then with statistics (bench data, an operator's ANALYZE).
    for (const statistics of env.dialect === 'sqlite' ? ['never analysed', 'analysed'] : ['analysed']) {
      if (statistics === 'analysed') await sql`${sql.raw(env.dialect === 'sqlite' ? 'analyze' : 'vacuum analyze')} request_logs`.execute(env.db)
      for (const [filters, index, search] of lookups) {
        const label = `${statistics} ${JSON.stringify(filters)}`
        const count = await planOf(env.db, env.dialect, requestLogCountQuery(env.db, accountId, filters), 'request_logs')
        const page = await planOf(env.db, env.dialect, requestLogPageQuery(env.db, accountId, filters, { limit: 50, offset: 0 }), 'request_logs')
        if (env.dialect === 'sqlite') {
          // Covering when the index holds every filter's column; else it reads only the entries it found.
          const step = new RegExp(`^SEARCH request_logs USING (COVERING )?INDEX ${index} \\(${search.replace(/[?()]/g, '\\$&')}\\)$`)
          expect(count, label).toHaveLength(1)
          expect(count[0], label).toMatch(step)
          expect(page, label).toHaveLength(4)
          expect(page[1], label).toMatch(step)
          expect(page.join(' | '), label).not.toMatch(/TEMP B-TREE|SCAN request_logs/)
        } else {
          for (const plan of [count.join('\n'), page.join('\n')]) {
            expect(plan, label).toMatch(new RegExp(`Index (Only )?Scan (Backward )?using ${index} on request_logs`))
            expect(plan, label).not.toMatch(/Seq Scan|Bitmap Heap Scan|request_logs_account_listing_idx|Sort/)
          }
        }
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

describeEachEmptyDatabase('request log listing: migration 023', (dialect, openDatabase) => {
  it('adds the request id and error code indexes to a log that has entries, and completes when run again after an interruption', async () => {
    const { db } = await openDatabase()
    await migrateUpTo(db, dialect, '022-trimmed-customer-codes')
    const accountId = await insertBareAccount(db)
    await insertInBatches(db, entriesOf(accountId, [null], 120, 5))
    const before = await indexesOf(db, dialect, 'request_logs')
    expect(await migrateUpTo(db, dialect, '023-request-log-lookup-indexes')).toEqual(['023-request-log-lookup-indexes'])
    const after = await indexesOf(db, dialect, 'request_logs')
    expect(after).toEqual([...before, 'request_logs_account_error_code_idx', 'request_logs_account_request_id_idx'].sort())
    // Interrupted after its first index: the next start makes the other.
    await sql`drop index request_logs_account_error_code_idx`.execute(db)
    await sql`delete from kysely_migration where name = '023-request-log-lookup-indexes'`.execute(db)
    expect(await migrateUpTo(db, dialect, '023-request-log-lookup-indexes')).toEqual(['023-request-log-lookup-indexes'])
    expect(await indexesOf(db, dialect, 'request_logs')).toEqual(after)

    const stored = await storedEntries(db, accountId)
    const requestId = stored[7]!.request_id
    const byId = await listRequestLogRows(db, accountId, { requestId }, { limit: 50, offset: 0 })
    expect(byId.rows.map((row) => Number(row.id))).toEqual([stored[7]!.id])
    const byCode = await listRequestLogRows(db, accountId, { errorCode: 'validation_failed' }, { limit: 50, offset: 0 })
    expect(byCode.rows.map((row) => Number(row.id))).toEqual(expectedIds(stored, { errorCode: 'validation_failed' }))
    expect(byCode.total).toBeGreaterThan(0)
  }, 60_000)
})
