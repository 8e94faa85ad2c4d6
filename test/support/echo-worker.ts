// A worker for test/unit/module-worker.test.ts: answers {echo} with its value (after `afterMs`
// when given), dies on {crash}.
import { parentPort } from 'node:worker_threads'
import { serveWorkerMessages } from '../../src/platform/workers/module-worker.js'

export type EchoMessage = { echo: string; afterMs?: number } | { crash: true } | { fail: string }

serveWorkerMessages<EchoMessage>(parentPort!, async (message) => {
  if ('crash' in message) process.exit(3)
  if ('fail' in message) throw new Error(message.fail)
  if (message.afterMs) await new Promise((resolve) => setTimeout(resolve, message.afterMs))
  return message.echo
})
