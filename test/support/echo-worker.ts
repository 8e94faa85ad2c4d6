// A worker for test/unit/module-worker.test.ts: answers {echo} with its value, dies on {crash}.
import { parentPort } from 'node:worker_threads'
import { serveWorkerMessages } from '../../src/platform/workers/module-worker.js'

export type EchoMessage = { echo: string } | { crash: true } | { fail: string }

serveWorkerMessages<EchoMessage>(parentPort!, async (message) => {
  if ('crash' in message) process.exit(3)
  if ('fail' in message) throw new Error(message.fail)
  return message.echo
})
