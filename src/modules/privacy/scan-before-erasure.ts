// The erasure's searches of the tables that grow with use, made before its transaction: the request
// log (every API call for 180 days, with bodies), the job queue (a row per e-mail and webhook
// delivery, kept 30 days after it finished) and the stored idempotent responses (a creation's
// whole answer, kept 24 hours). Searched inside the transaction they held SQLite's write lock, and
// with it every other writer of the instance, for as long as they ran: ~84 s for an account with
// 1,000,000 log entries, ~1.0 s with 1,000,000 finished jobs, ~1.2 s with 200,000 stored answers.
//
// A search before the transaction is sound because what it can miss is known: a log entry, a
// finished job (done, or failed for the last time) and a completed response are never changed
// but by an erasure. So the transaction reads back the candidates found here, by id, and searches
// only the rows written since (past `upToId`) and those still open when this search began (a
// pending job's last error changes with each attempt; a key in progress gets its answer).
import { type Expression, sql, type SqlBool } from 'kysely'
import type { Db } from '../../platform/db/connect.js'
import { isPostgres } from '../../platform/db/dialect-of.js'
import { idList } from '../../platform/db/value-list.js'
import { findDataSubject } from './data-subject.js'
import { needlesOf } from './redaction.js'
import { findContainingAny } from './text-search.js'

export const LOG_COLUMNS = ['path', 'query', 'request_headers', 'request_body', 'response_body'] as const

/** The searched tables: the columns that may hold the subject's text, and the state of rows that may still change. */
const SEARCHED = {
  request_logs: { columns: LOG_COLUMNS, openState: null },
  jobs: { columns: ['payload_json', 'last_error'], openState: 'pending' },
  idempotency_keys: { columns: ['response_body', 'response_headers'], openState: 'in_progress' },
} as const

export type SearchedTable = keyof typeof SEARCHED

/** One table's search before the transaction. */
interface TableScan {
  /** The last row of the table when the search began, every row up to it written. */
  upToId: number
  /** The account's rows up to it, open then (they may change since): read before the others were searched. */
  openIds: number[]
  /** The account's other rows up to it whose text contains one of the terms. */
  candidateIds: number[]
}

export interface ScanBeforeErasure {
  /** The search terms of the subject as read before the transaction. */
  terms: string[]
  tables: Record<SearchedTable, TableScan>
}

export async function scanBeforeErasure(db: Db, accountId: number, reference: string): Promise<ScanBeforeErasure> {
  const terms = needlesOf(await findDataSubject(db, accountId, reference)).searchTerms()
  const tables = {} as Record<SearchedTable, TableScan>
  for (const table of Object.keys(SEARCHED) as SearchedTable[]) tables[table] = await scanTable(db, accountId, terms, table)
  return { terms, tables }
}

async function scanTable(db: Db, accountId: number, terms: string[], table: SearchedTable): Promise<TableScan> {
  const { columns, openState } = SEARCHED[table]
  const upToId = await lastSettledId(db, table)
  const rows = () => db.selectFrom(table).select('id').where('account_id', '=', accountId).where('id', '<=', upToId)
  const idsOf = (found: Array<{ id: number | string }>) => found.map((row) => Number(row.id))
  // Open rows first, so a row closing meanwhile is in one list or the other (both, at worst).
  const openIds = openState === null ? [] : idsOf(await rows().where(sql.ref('state'), '=', openState).execute())
  if (terms.length === 0) return { upToId, openIds, candidateIds: [] }
  const closed = (query: ReturnType<typeof rows>) => (openState === null ? query : query.where(sql.ref('state'), '<>', openState))
  const candidates = await findContainingAny(db, columns, terms, (contains) => closed(rows()).where(contains).execute())
  return { upToId, openIds, candidateIds: idsOf(candidates) }
}

/**
 * The last row's id, with every row of a smaller id already written (or never to be). On
 * PostgreSQL a transaction takes its ids from the sequence before it commits (a batch of the
 * request log, a creation enqueueing its webhooks), so a later one can commit first, and a row
 * still in flight with a smaller id would be neither searched now nor written since: taking the
 * table's SHARE lock for a moment waits for the writers in flight (and holds new ones back for as
 * long). SQLite's single writer numbers a transaction's rows past every row committed before it.
 *
 * The wait is bounded: a long writer (another erasure's transaction, which rewrites these tables)
 * would otherwise hold back, behind the queued lock, every creation enqueueing its webhooks. A few
 * short tries, the writers let through between them; then 0, which leaves the whole table to the
 * search inside the transaction, as before there was a search before it.
 */
export async function lastSettledId(db: Db, table: SearchedTable): Promise<number> {
  const lastId = async (reader: Db) => Number((await reader.selectFrom(table).select((eb) => eb.fn.max('id').as('id')).executeTakeFirst())?.id ?? 0)
  if (!isPostgres(db)) return lastId(db)
  for (let attempt = 0; attempt < SETTLE_ATTEMPTS; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        await sql`set local lock_timeout = ${sql.lit(`${SETTLE_LOCK_WAIT_MS}ms`)}`.execute(trx)
        await sql`lock table ${sql.table(table)} in share mode`.execute(trx)
        return lastId(trx)
      })
    } catch (error) {
      if ((error as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw error
      await new Promise((resolve) => setTimeout(resolve, SETTLE_LOCK_WAIT_MS))
    }
  }
  return 0
}

const SETTLE_ATTEMPTS = 5
const SETTLE_LOCK_WAIT_MS = 200
/** PostgreSQL's SQLSTATE when lock_timeout runs out. */
const LOCK_NOT_AVAILABLE = '55P03'

/**
 * The rows of `table` that may be the subject's, read inside the transaction by `read` (the
 * account's rows under a condition, with the columns the caller needs): the scan's candidates
 * again (another erasure may have changed them meanwhile), and among the rows written since and
 * those open at the scan, the ones containing a term. The whole table is searched instead when the
 * subject gained a term since the scan (a signer added meanwhile).
 */
export async function rowsToSearch<Row extends { id: number | string }>(
  trx: Db,
  terms: string[],
  scan: ScanBeforeErasure,
  table: SearchedTable,
  read: (condition: Expression<SqlBool>) => Promise<Row[]>,
): Promise<Row[]> {
  const { columns } = SEARCHED[table]
  const scanned = new Set(scan.terms)
  if (terms.some((term) => !scanned.has(term))) return findContainingAny(trx, columns, terms, read)
  const { upToId, openIds, candidateIds } = scan.tables[table]
  const containing = (where: Expression<SqlBool>) => findContainingAny(trx, columns, terms, (contains) => read(sql<SqlBool>`${where} and ${contains}`))
  const found = await containing(sql<SqlBool>`id > ${upToId}`)
  if (openIds.length > 0) found.push(...(await containing(sql<SqlBool>`id in ${idList(trx, openIds)}`)))
  if (candidateIds.length > 0) found.push(...(await read(sql<SqlBool>`id in ${idList(trx, candidateIds)}`)))
  // A row that closed while the scan ran can be both open and a candidate: one row each.
  return [...new Map(found.map((row) => [String(row.id), row])).values()]
}
