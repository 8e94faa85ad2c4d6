// The erasure's searches of the two tables that grow with use, made before its transaction: the
// request log (every API call for 180 days, with bodies) and the job queue (one row per e-mail and
// webhook delivery, kept 30 days after it finished). Searched inside the transaction they held
// SQLite's write lock, and with it every other writer of the instance, for as long as they ran:
// ~84 s for an account with 1,000,000 log entries, ~0.6 s with 1,000,000 finished jobs.
//
// Either search is sound before the transaction because the rows it can miss are known: a log
// entry is never changed but by an erasure, nor is a finished job (done, or failed for the last
// time); so the transaction re-reads the candidates found here, by id, and searches only the rows
// written since (past `upToId`) and, for jobs, those still unfinished when this search began
// (their payload is fixed, but their last error changes with each attempt).
import { sql } from 'kysely'
import type { Db } from '../../platform/db/connect.js'
import { isPostgres } from '../../platform/db/dialect-of.js'
import type { JobState } from '../../platform/db/schema.js'
import { idList } from '../../platform/db/value-list.js'
import { findDataSubject } from './data-subject.js'
import { needlesOf } from './redaction.js'
import { findContainingAny } from './text-search.js'

export const LOG_COLUMNS = ['path', 'query', 'request_headers', 'request_body', 'response_body'] as const
const JOB_COLUMNS = ['payload_json', 'last_error'] as const
const FINISHED_JOB_STATES: JobState[] = ['done', 'failed']

/** One table's search before the transaction. */
interface TableScan {
  /** The last row of the table when the search began, every row up to it written. */
  upToId: number
  /** The rows up to it whose text contains one of the terms. */
  candidateIds: number[]
}

export interface ScanBeforeErasure {
  /** The search terms of the subject as read before the transaction. */
  terms: string[]
  requestLog: TableScan
  /** Jobs: also the account's jobs up to `upToId` not finished when the search began. */
  jobs: TableScan & { openIds: number[] }
}

type ScannedTable = 'request_logs' | 'jobs'

export async function scanBeforeErasure(db: Db, accountId: number, reference: string): Promise<ScanBeforeErasure> {
  const terms = needlesOf(await findDataSubject(db, accountId, reference)).searchTerms()
  const logUpToId = await lastSettledId(db, 'request_logs')
  const jobsUpToId = await lastSettledId(db, 'jobs')
  // Read before the finished jobs are searched, so a job finishing meanwhile is in one list or the
  // other (both, at worst). Pending is a range of jobs_due_idx (state, run_at).
  const openJobs = await db.selectFrom('jobs').select('id').where('state', '=', 'pending').where('account_id', '=', accountId).where('id', '<=', jobsUpToId).execute()
  const idsOf = (rows: Array<{ id: number | string }>) => rows.map((row) => Number(row.id))
  if (terms.length === 0) return { terms, requestLog: { upToId: logUpToId, candidateIds: [] }, jobs: { upToId: jobsUpToId, candidateIds: [], openIds: idsOf(openJobs) } }
  const logs = await findContainingAny(db, LOG_COLUMNS, terms, (contains) => db.selectFrom('request_logs').select('id').where('account_id', '=', accountId).where('id', '<=', logUpToId).where(contains).execute())
  const jobs = await findContainingAny(db, JOB_COLUMNS, terms, (contains) => db.selectFrom('jobs').select('id')
    .where('account_id', '=', accountId).where('id', '<=', jobsUpToId).where('state', 'in', FINISHED_JOB_STATES).where(contains).execute())
  return { terms, requestLog: { upToId: logUpToId, candidateIds: idsOf(logs) }, jobs: { upToId: jobsUpToId, candidateIds: idsOf(jobs), openIds: idsOf(openJobs) } }
}

/**
 * The last row's id, with every row of a smaller id already written (or never to be). On
 * PostgreSQL a transaction takes its ids from the sequence before it commits (a batch of the
 * request log, a creation enqueueing its webhooks), so a later one can commit first, and a row
 * still in flight with a smaller id would be neither searched now nor written since: taking the
 * table's SHARE lock for a moment waits for the writers in flight (and holds new ones back for as
 * long). SQLite's single writer numbers a transaction's rows past every row committed before it.
 */
export async function lastSettledId(db: Db, table: ScannedTable): Promise<number> {
  const lastId = async (reader: Db) => Number((await reader.selectFrom(table).select((eb) => eb.fn.max('id').as('id')).executeTakeFirst())?.id ?? 0)
  if (!isPostgres(db)) return lastId(db)
  return db.transaction().execute(async (trx) => {
    await sql`lock table ${sql.table(table)} in share mode`.execute(trx)
    return lastId(trx)
  })
}

/** Whether the subject gained a search term since the scan (a signer added meanwhile): then a table is searched whole. */
function gainedTerms(terms: readonly string[], scan: ScanBeforeErasure): boolean {
  const scanned = new Set(scan.terms)
  return terms.some((term) => !scanned.has(term))
}

/**
 * The log entries that may be the subject's, read inside the transaction: the scan's candidates
 * again (another erasure may have changed them meanwhile) and the entries written since it.
 */
export async function requestLogCandidates(trx: Db, accountId: number, terms: string[], scan: ScanBeforeErasure) {
  const entries = () => trx.selectFrom('request_logs').select(['id', ...LOG_COLUMNS]).where('account_id', '=', accountId)
  if (gainedTerms(terms, scan)) return findContainingAny(trx, LOG_COLUMNS, terms, (contains) => entries().where(contains).execute())
  const found = await findContainingAny(trx, LOG_COLUMNS, terms, (contains) => entries().where('id', '>', scan.requestLog.upToId).where(contains).execute())
  if (scan.requestLog.candidateIds.length > 0) found.push(...(await entries().where('id', 'in', idList(trx, scan.requestLog.candidateIds)).execute()))
  return found
}

/**
 * The jobs that may be the subject's, read inside the transaction: the scan's candidates again,
 * the jobs enqueued since, and those unfinished at the scan, whose last error may have changed.
 */
export async function jobCandidates(trx: Db, accountId: number, terms: string[], scan: ScanBeforeErasure) {
  const jobs = () => trx.selectFrom('jobs').select(['id', ...JOB_COLUMNS]).where('account_id', '=', accountId)
  if (gainedTerms(terms, scan)) return findContainingAny(trx, JOB_COLUMNS, terms, (contains) => jobs().where(contains).execute())
  const found = await findContainingAny(trx, JOB_COLUMNS, terms, (contains) => jobs().where('id', '>', scan.jobs.upToId).where(contains).execute())
  if (scan.jobs.openIds.length > 0) {
    found.push(...(await findContainingAny(trx, JOB_COLUMNS, terms, (contains) => jobs().where('id', 'in', idList(trx, scan.jobs.openIds)).where(contains).execute())))
  }
  if (scan.jobs.candidateIds.length > 0) found.push(...(await jobs().where('id', 'in', idList(trx, scan.jobs.candidateIds)).execute()))
  // A job that finished while the scan ran can be both open and a candidate: one row each.
  return [...new Map(found.map((job) => [String(job.id), job])).values()]
}
