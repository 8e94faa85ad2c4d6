// The request log's worker thread: finishes captured requests (masking, capping) and inserts each
// batch in one transaction on a database connection of its own (prepared single-row INSERTs on a
// better-sqlite3 connection on SQLite, one INSERT … SELECT FROM json_to_recordset of the batch's
// JSON, a named prepared statement, on PostgreSQL). On SQLite this keeps the inserts, and the WAL
// checkpoints they trigger, off the event loop; on both databases it keeps the masking off it.
// Batches are handled one at a time. Started by request-log-worker-client.ts.
import { parentPort, workerData } from 'node:worker_threads'
import type { DatabaseConfig } from '../../../config.js'
import { connectDatabase, SQLITE_CHECKPOINT_EVERY_MS } from '../../../platform/db/connect.js'
import { serveWorkerMessages } from '../../../platform/workers/module-worker.js'
import { type CapturedRequest, finishRequestLogEntry, withoutBodies } from './captured-request.js'
import type { RequestLogEntry } from './request-log-entry.js'
import { insertRequestLogsFromJson } from './request-log-repository.js'
import { sqliteRequestLogInserter } from './sqlite-request-log-inserter.js'

export type RequestLogWorkerMessage = { insert: CapturedRequest[] } | { close: true }

const { data } = workerData as { data: { database: DatabaseConfig } }

interface Store {
  insert(entries: RequestLogEntry[]): Promise<void> | void
  close(): Promise<void> | void
}

function openStore(config: DatabaseConfig): Store {
  if (config.dialect === 'sqlite') return sqliteRequestLogInserter(config.file, { checkpointEveryMs: SQLITE_CHECKPOINT_EVERY_MS })
  const database = connectDatabase(config, { poolSize: 1 })
  return { insert: (entries) => insertRequestLogsFromJson(database.db, entries), close: () => database.close() }
}

const store = openStore(data.database)

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
const PAUSE_AFTER_BATCH_MS = data.database.dialect === 'sqlite' ? 2 : 0

serveWorkerMessages<RequestLogWorkerMessage>(parentPort!, async (message) => {
  if ('close' in message) return store.close()
  await store.insert(message.insert.map(finishSafely))
  if (PAUSE_AFTER_BATCH_MS > 0) await new Promise((resolve) => setTimeout(resolve, PAUSE_AFTER_BATCH_MS))
})
