// Starts the request log's worker (request-log-worker.ts) and sends it batches of captured requests.
import type { DatabaseConfig } from '../../../config.js'
import { ModuleWorker } from '../../../platform/workers/module-worker.js'
import type { CapturedRequest } from './captured-request.js'
import type { RequestLogWorkerMessage } from './request-log-worker.js'

export interface RequestLogWorker {
  /** Resolves once the batch is committed. */
  insert(batch: CapturedRequest[]): Promise<void>
  close(): Promise<void>
}

/**
 * The worker's objects (a batch's entries) die young; V8's default young generation let it hold
 * ~15 MB more resident memory under a creation load for no CPU saved (docs/PERFORMANCE.md, session 11).
 */
const LOG_WORKER_YOUNG_GENERATION_MB = 4

/** How long close() waits for the worker to finish and close its connection before stopping it. */
const CLOSE_TIMEOUT_MS = 5_000

export function startRequestLogWorker(database: DatabaseConfig): RequestLogWorker {
  // Same extension as this file: .js from dist/, .ts from src/.
  const moduleUrl = new URL(`./request-log-worker${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url)
  const start = () => new ModuleWorker<RequestLogWorkerMessage>(moduleUrl, { database }, { maxYoungGenerationSizeMb: LOG_WORKER_YOUNG_GENERATION_MB })
  let worker = start()
  let closed = false
  return {
    insert: async (batch) => {
      if (batch.length === 0) return
      if (closed) throw new Error('the request log worker is closed')
      // A worker that stopped (it crashed) loses the batch it held, not the log: the writer
      // reports that batch as lost, and the next one goes to a new worker.
      if (!worker.alive) worker = start()
      await worker.call({ insert: batch })
    },
    close: async () => {
      closed = true
      // A stuck database call must not keep the process from stopping.
      const timeout = new Promise((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref())
      await Promise.race([worker.call({ close: true }).catch(() => undefined), timeout])
      await worker.terminate()
    },
  }
}
