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
 * V8 sizes a worker's heap like the main thread's and collects it lazily: under load the log's
 * worker grew to ~180 MB of mostly garbage (copies of bodies). A batch holds at most 200 entries
 * of two bodies cut to ~68 KB, ~30 MB in the worst case, so 96 MB of old generation is ample and
 * makes the worker collect early.
 */
const WORKER_HEAP = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 }

export function startRequestLogWorker(database: DatabaseConfig): RequestLogWorker {
  // Same extension as this file: .js from dist/, .ts from src/.
  const moduleUrl = new URL(`./request-log-worker${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url)
  const start = () => new ModuleWorker<RequestLogWorkerMessage>(moduleUrl, { database }, WORKER_HEAP)
  let worker = start()
  return {
    insert: async (batch) => {
      if (batch.length === 0) return
      // A worker that stopped (e.g. out of memory) loses the batch it held, not the log: the
      // writer reports that batch as lost, and the next one goes to a new worker.
      if (!worker.alive) worker = start()
      await worker.call({ insert: batch })
    },
    close: async () => {
      await worker.call({ close: true }).catch(() => undefined)
      await worker.terminate()
    },
  }
}
