// The request log's worker thread: finishes captured requests (masking, capping) and inserts each
// batch in one transaction on a database connection of its own (prepared single-row INSERTs on
// SQLite, one multi-row INSERT on PostgreSQL). On SQLite this keeps the inserts, and the WAL
// checkpoints they trigger, off the event loop; on both databases it keeps the masking off it.
// Batches are handled one at a time. Started by request-log-worker-client.ts.
import { parentPort, workerData } from 'node:worker_threads'
import type { DatabaseConfig } from '../../../config.js'
import { connectDatabase } from '../../../platform/db/connect.js'
import { serveWorkerMessages } from '../../../platform/workers/module-worker.js'
import { type CapturedRequest, finishRequestLogEntry, withoutBodies } from './captured-request.js'
import { insertRequestLogs, insertRequestLogsOneByOne } from './request-log-repository.js'

export type RequestLogWorkerMessage = { insert: CapturedRequest[] } | { close: true }

const { data } = workerData as { data: { database: DatabaseConfig } }
const database = connectDatabase(data.database, { poolSize: 1 })
const insert = database.dialect === 'sqlite' ? insertRequestLogsOneByOne : insertRequestLogs

/** One entry that cannot be finished (a bug) keeps the call recorded, without its bodies, rather than losing the batch. */
function finishSafely(captured: CapturedRequest) {
  try {
    return finishRequestLogEntry(captured)
  } catch {
    return finishRequestLogEntry(withoutBodies(captured))
  }
}

// SQLite has one writer at a time: after each batch the worker lets go for a moment, so that the
// app's own writes, which retry on a timer while the lock is taken, get their turn even when
// batches keep coming.
const PAUSE_AFTER_BATCH_MS = database.dialect === 'sqlite' ? 2 : 0

serveWorkerMessages<RequestLogWorkerMessage>(parentPort!, async (message) => {
  if ('close' in message) return database.close()
  await insert(database.db, message.insert.map(finishSafely))
  if (PAUSE_AFTER_BATCH_MS > 0) await new Promise((resolve) => setTimeout(resolve, PAUSE_AFTER_BATCH_MS))
})
