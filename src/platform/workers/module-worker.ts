// A worker thread running one of our modules, called like a function: call(message) resolves
// with the worker's answer. From dist/ the module is plain JavaScript; from src/ (tests, `npm run
// dev`) it is TypeScript, and the worker first registers tsx's loader so it can import it, unless
// a prebundled copy of it was named (prebundledCopy below).
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'

// Plain CommonJS run with `eval`: the one piece that must work before any loader is registered.
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads')
const ready = workerData.moduleUrl.endsWith('.ts') ? import('tsx/esm/api').then((api) => api.register()) : Promise.resolve()
ready.then(() => import(workerData.moduleUrl)).catch((error) => { setImmediate(() => { throw error }) })
`

/**
 * From src/, a worker that registers tsx spends about 1.5 s of CPU before its first answer (tsx's
 * loader thread, then every module of its graph transformed and loaded one by one), and the tests
 * start hundreds of them. The test run bundles the worker modules once into plain JavaScript and
 * names the folder in VENDOC_WORKER_BUNDLE_DIR; a module with a copy there (same name, .mjs) runs
 * from it, any other through tsx as before. Never set in production, where dist/ is JavaScript.
 */
function prebundledCopy(moduleUrl: URL): URL | null {
  const folder = process.env.VENDOC_WORKER_BUNDLE_DIR
  if (!folder || !moduleUrl.pathname.endsWith('.ts')) return null
  const copy = path.join(folder, `${path.basename(moduleUrl.pathname, '.ts')}.mjs`)
  return fs.existsSync(copy) ? pathToFileURL(copy) : null
}

export interface WorkerRequest {
  id: number
}

export type WorkerAnswer = { id: number; ok: true; value?: unknown } | { id: number; ok: false; message: string }

export class ModuleWorker<Message extends object> {
  readonly #worker: Worker
  #nextId = 1
  #exitError: Error | null = null
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()

  constructor(moduleUrl: URL, workerData: unknown, resourceLimits?: import('node:worker_threads').ResourceLimits) {
    const runnable = prebundledCopy(moduleUrl) ?? moduleUrl
    this.#worker = new Worker(BOOTSTRAP, { eval: true, workerData: { moduleUrl: runnable.href, data: workerData }, resourceLimits })
    // An idle worker must not keep a finished process alive (close() ends it explicitly), and a
    // busy one must: a CLI command awaiting its answer would otherwise just exit.
    this.#worker.unref()
    this.#worker.on('message', (answer: WorkerAnswer) => {
      const waiter = this.#pending.get(answer.id)
      this.#pending.delete(answer.id)
      if (this.#pending.size === 0) this.#worker.unref()
      if (answer.ok) waiter?.resolve(answer.value)
      else waiter?.reject(new Error(answer.message))
    })
    this.#worker.on('error', (error) => {
      this.#exitError ??= error
      this.#failAll(error)
    })
    this.#worker.on('exit', (code) => {
      this.#exitError ??= new Error(`worker ${moduleUrl.pathname} exited with code ${code}`)
      this.#failAll(this.#exitError)
    })
  }

  /** False once the worker has stopped (crashed, ran out of memory, or was terminated). */
  get alive(): boolean {
    return this.#exitError === null
  }

  call(message: Message): Promise<unknown> {
    // A stopped worker would never answer: fail at once rather than hang the caller.
    if (this.#exitError !== null) return Promise.reject(this.#exitError)
    const id = this.#nextId++
    return new Promise((resolve, reject) => {
      if (this.#pending.size === 0) this.#worker.ref()
      this.#pending.set(id, { resolve, reject })
      this.#worker.postMessage({ ...message, id })
    })
  }

  async terminate(): Promise<void> {
    await this.#worker.terminate()
  }

  #failAll(error: Error): void {
    for (const waiter of this.#pending.values()) waiter.reject(error)
    this.#pending.clear()
  }
}

/**
 * The worker side: answers each message with what `handle` returns (or its error's message), one
 * message at a time in arrival order, so the work of messages waiting their turn has not started.
 */
export function serveWorkerMessages<Message extends object>(port: import('node:worker_threads').MessagePort, handle: (message: Message) => Promise<unknown>): void {
  let previous: Promise<void> = Promise.resolve()
  port.on('message', (message: Message & WorkerRequest) => {
    previous = previous.then(() =>
      handle(message).then(
        (value) => port.postMessage({ id: message.id, ok: true, value } satisfies WorkerAnswer),
        (error: unknown) => port.postMessage({ id: message.id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies WorkerAnswer),
      ),
    )
  })
}
