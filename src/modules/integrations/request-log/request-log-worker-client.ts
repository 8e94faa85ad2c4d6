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

export function startRequestLogWorker(database: DatabaseConfig): RequestLogWorker {
  // Same extension as this file: .js from dist/, .ts from src/.
  const moduleUrl = new URL(`./request-log-worker${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url)
  const worker = new ModuleWorker<RequestLogWorkerMessage>(moduleUrl, { database })
  return {
    insert: async (batch) => {
      if (batch.length > 0) await worker.call({ insert: batch })
    },
    close: async () => {
      await worker.call({ close: true }).catch(() => undefined)
      await worker.terminate()
    },
  }
}
