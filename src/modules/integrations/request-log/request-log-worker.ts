// The request log's worker thread: finishes captured requests (masking, capping) and inserts each
// batch in one statement on a database connection of its own. On SQLite this keeps the inserts,
// and the WAL checkpoints they trigger, off the event loop; on both databases it keeps the
// masking off it. Started by request-log-worker-client.ts with the database configuration.
import { parentPort, workerData } from 'node:worker_threads'
import type { DatabaseConfig } from '../../../config.js'
import { connectDatabase } from '../../../platform/db/connect.js'
import { serveWorkerMessages } from '../../../platform/workers/module-worker.js'
import { type CapturedRequest, finishRequestLogEntry } from './captured-request.js'
import { insertRequestLogs, insertRequestLogsOneByOne } from './request-log-repository.js'

export type RequestLogWorkerMessage = { insert: CapturedRequest[] } | { close: true }

const { data } = workerData as { data: { database: DatabaseConfig } }
const database = connectDatabase(data.database, { poolSize: 1 })
const insert = database.dialect === 'sqlite' ? insertRequestLogsOneByOne : insertRequestLogs

serveWorkerMessages<RequestLogWorkerMessage>(parentPort!, async (message) => {
  if ('close' in message) return database.close()
  return insert(database.db, message.insert.map(finishRequestLogEntry))
})
