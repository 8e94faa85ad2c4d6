// Kysely only: insert batches, list and read one entry (always within one account), delete old ones.
import { CompiledQuery, sql } from 'kysely'
import type { Db } from '../../../platform/db/connect.js'
import { PREPARED_QUERY_MARK } from '../../../platform/db/prepared-query.js'
import { storableJson } from '../../../platform/storable-text.js'
import type { RequestLogEntry, RequestLogFilters, StatusClass } from './request-log-entry.js'

/** One multi-row INSERT for the whole batch: one round trip (SQLite in tests with an in-memory database). */
export async function insertRequestLogs(db: Db, entries: RequestLogEntry[]): Promise<void> {
  if (entries.length === 0) return
  await db.insertInto('request_logs').values(entries).execute()
}

/** Every column an entry fills, in one order: the raw SQLite INSERT of the worker binds them so (sqlite-request-log-inserter.ts). */
export const REQUEST_LOG_COLUMNS = [
  'created_at', 'request_id', 'account_id', 'api_token_id', 'token_prefix', 'method', 'path', 'query', 'status', 'duration_ms', 'ip', 'user_agent',
  'idempotency_key', 'error_code', 'request_headers', 'request_body', 'response_body', 'client_closed',
] as const satisfies ReadonlyArray<keyof RequestLogEntry>

// The PostgreSQL type of each column, as the batch INSERT reads it from its JSON.
const POSTGRES_TYPES: Record<(typeof REQUEST_LOG_COLUMNS)[number], string> = {
  created_at: 'timestamptz', request_id: 'text', account_id: 'bigint', api_token_id: 'bigint', token_prefix: 'text', method: 'text', path: 'text',
  query: 'text', status: 'integer', duration_ms: 'float8', ip: 'text', user_agent: 'text', idempotency_key: 'text', error_code: 'text',
  request_headers: 'text', request_body: 'text', response_body: 'text', client_closed: 'boolean',
}

// The whole batch as one JSON parameter that PostgreSQL turns back into rows, one statement text
// for every batch size, so it parses and plans it once per connection (a named statement). Not
// one array per column: pg writes an array literal by escaping every element in JavaScript, which
// with a creation's bodies (~8 KB an entry) cost the worker ~260 µs of CPU an entry, most of it
// collecting the garbage; V8's native JSON.stringify writes the same text in a few µs.
const POSTGRES_BATCH_INSERT = `${PREPARED_QUERY_MARK}insert into request_logs (${REQUEST_LOG_COLUMNS.join(', ')}) select ${REQUEST_LOG_COLUMNS.join(', ')} from json_to_recordset($1::json) as batch(${REQUEST_LOG_COLUMNS.map(
  (column) => `${column} ${POSTGRES_TYPES[column]}`,
).join(', ')})`

/** The batch as one INSERT reading its rows from one JSON text (PostgreSQL): one round trip, one prepared statement. */
export async function insertRequestLogsFromJson(db: Db, entries: RequestLogEntry[]): Promise<void> {
  if (entries.length === 0) return
  await db.executeQuery(CompiledQuery.raw(POSTGRES_BATCH_INSERT, [storableJson(entries)]))
}

const STATUS_RANGES: Record<StatusClass, [number, number]> = { '2xx': [200, 300], '3xx': [300, 400], '4xx': [400, 500], '5xx': [500, 600] }

function accountEntries(db: Db, accountId: number, filters: RequestLogFilters) {
  let query = db.selectFrom('request_logs').where('account_id', '=', accountId)
  // Both in an index of their own (migration 023): (account_id, request_id, created_at, id), and
  // (account_id, error_code, created_at, id) over the failed calls only. The exact status, like
  // the status class, is decided in the listing index.
  if (filters.requestId !== undefined) query = query.where('request_id', '=', filters.requestId)
  if (filters.errorCode !== undefined) query = query.where('error_code', '=', filters.errorCode)
  if (filters.status !== undefined) query = query.where('status', '=', filters.status)
  if (filters.statusClass) {
    const [low, high] = STATUS_RANGES[filters.statusClass]
    query = query.where('status', '>=', low).where('status', '<', high)
  }
  if (filters.method) query = query.where('method', '=', filters.method)
  if (filters.pathPrefix) {
    // substr rather than LIKE: SQLite's LIKE ignores case and both treat % and _ as wildcards.
    const prefix = filters.pathPrefix
    query = query.where(sql<string>`substr(path, 1, ${[...prefix].length})`, '=', prefix)
  }
  if (filters.from) query = query.where('created_at', '>=', filters.from)
  if (filters.to) query = query.where('created_at', '<', filters.to)
  if (filters.tokenId !== undefined) query = query.where('api_token_id', '=', filters.tokenId)
  return query
}

const SUMMARY_COLUMNS = [
  'id',
  'request_id',
  'created_at',
  'method',
  'path',
  'status',
  'duration_ms',
  'ip',
  'user_agent',
  'api_token_id',
  'token_prefix',
  'error_code',
  'idempotency_key',
  'client_closed',
] as const

export async function listRequestLogRows(db: Db, accountId: number, filters: RequestLogFilters, page: { limit: number; offset: number }) {
  const [rows, count] = await Promise.all([requestLogPageQuery(db, accountId, filters, page).execute(), requestLogCountQuery(db, accountId, filters).executeTakeFirstOrThrow()])
  return { rows, total: Number(count.total) }
}

/**
 * A page of the list: the page's ids found in request_logs_account_listing_idx alone (every
 * filter's column but the request id's and the error code's is in it, migration 015; those two
 * have an index of their own, migration 023), then only those entries read. Selecting the summary
 * directly, PostgreSQL fetched every entry it walked past to test the path, ~0.6 s for a path
 * seen five times in 1,000,000 entries.
 */
export function requestLogPageQuery(db: Db, accountId: number, filters: RequestLogFilters, page: { limit: number; offset: number }) {
  const pageKeys = accountEntries(db, accountId, filters).select(['id', 'created_at']).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset)
  // A join from the page's keys, not `id in (…)`: with the IN list SQLite chose to walk the
  // account's whole index range in order and test each id against it.
  return db
    .selectFrom(pageKeys.as('page'))
    .innerJoin('request_logs as entry', 'entry.id', 'page.id')
    .select(SUMMARY_COLUMNS.map((column) => `entry.${column}` as const))
    .orderBy('page.created_at', 'desc')
    .orderBy('page.id', 'desc')
}

/**
 * How many entries the filters match, counted in one index: the listing index, or migration 023's
 * for a request id or an error code (which then reads only its entries to test any other filter).
 */
export function requestLogCountQuery(db: Db, accountId: number, filters: RequestLogFilters) {
  return accountEntries(db, accountId, filters).select((eb) => eb.fn.countAll<number>().as('total'))
}

export type RequestLogSummaryRow = Awaited<ReturnType<typeof listRequestLogRows>>['rows'][number]

export async function findRequestLogRow(db: Db, accountId: number, id: number) {
  return db.selectFrom('request_logs').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst()
}

/**
 * Deletes at most `limit` entries created before `cutoff` and says how many went. On PostgreSQL the
 * rows are claimed with SKIP LOCKED, so processes pruning at the same moment split the work
 * instead of waiting on (or deadlocking over) each other's rows; SQLite serialises writers anyway.
 */
export async function deleteRequestLogsBefore(db: Db, cutoff: string, limit: number, dialect: 'sqlite' | 'postgres'): Promise<number> {
  const result = await requestLogPruneQuery(db, cutoff, limit, dialect).executeTakeFirst()
  return Number(result.numDeletedRows)
}

/**
 * The DELETE of one prune batch. Its victims are taken in `created_at` order, through
 * request_logs_created_idx, so the statement reads only entries older than the cutoff. In `id`
 * order SQLite walked the table by rowid and tested each entry's age, which read the whole log,
 * inside the write lock and past each entry's bodies to its `created_at`, whenever fewer than
 * `limit` entries were old (every hourly run once the backlog is gone); PostgreSQL did the same
 * by primary key when its statistics were stale.
 */
export function requestLogPruneQuery(db: Db, cutoff: string, limit: number, dialect: 'sqlite' | 'postgres') {
  let victims = db.selectFrom('request_logs').select('id').where('created_at', '<', cutoff).orderBy('created_at').limit(limit)
  if (dialect === 'postgres') victims = victims.forUpdate().skipLocked()
  return db.deleteFrom('request_logs').where('id', 'in', victims)
}
