// ModuleWorker (src/platform/workers/module-worker.ts): a TypeScript module run in a worker thread
// and called like a function; its errors come back as rejections, and once it has stopped every
// call fails at once instead of waiting for an answer that will never come.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { ModuleWorker } from '../../src/platform/workers/module-worker.js'
import type { EchoMessage } from '../support/echo-worker.js'

describe('ModuleWorker', () => {
  it('answers calls, passes errors back, and fails fast once the worker has died', async () => {
    const worker = new ModuleWorker<EchoMessage>(new URL('../support/echo-worker.ts', import.meta.url), null)
    try {
      expect(await worker.call({ echo: 'olá' })).toBe('olá')
      await expect(worker.call({ fail: 'boom' })).rejects.toThrow('boom')
      expect(worker.alive).toBe(true)
      await expect(worker.call({ crash: true })).rejects.toThrow(/exited with code 3/)
      expect(worker.alive).toBe(false)
      await expect(worker.call({ echo: 'again' })).rejects.toThrow(/exited with code 3/)
    } finally {
      await worker.terminate()
    }
  })

  it('keeps a process alive while a call is pending, and lets it exit once idle', { timeout: 60_000 }, async () => {
    // A process with nothing else to do but await the worker's answer (a CLI command awaiting a
    // PDF): with the worker unreferenced throughout, the answer never reached it (measured: no
    // output until the 20 s timeout).
    const script = path.join(process.cwd(), `.module-worker-${process.pid}.mts`)
    fs.writeFileSync(script, `
import { ModuleWorker } from './src/platform/workers/module-worker.ts'
const worker = new ModuleWorker(new URL('./test/support/echo-worker.ts', import.meta.url), null)
console.log('answer: ' + (await worker.call({ echo: 'tarde', afterMs: 300 })))
`)
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { cwd: process.cwd(), timeout: 20_000 })
      // It printed the answer, then exited on its own with the idle worker still running.
      expect(stdout.trim()).toBe('answer: tarde')
    } finally {
      fs.rmSync(script, { force: true })
    }
  })

  it('runs a prebundled copy named in VENDOC_WORKER_BUNDLE_DIR, and the TypeScript module through tsx without one', async () => {
    // The test run names such a folder (global-setup.ts); this test points it at one of its own,
    // whose copy of echo-worker answers differently, so the answer says which module ran.
    const previous = process.env.VENDOC_WORKER_BUNDLE_DIR
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vendoc-worker-bundle-'))
    fs.writeFileSync(path.join(folder, 'echo-worker.mjs'), `
import { parentPort } from 'node:worker_threads'
parentPort.on('message', (message) => parentPort.postMessage({ id: message.id, ok: true, value: 'copy: ' + message.echo }))
`)
    const workers: ModuleWorker<EchoMessage>[] = []
    const echoFrom = async (bundleDir: string | undefined) => {
      if (bundleDir === undefined) delete process.env.VENDOC_WORKER_BUNDLE_DIR
      else process.env.VENDOC_WORKER_BUNDLE_DIR = bundleDir
      const worker = new ModuleWorker<EchoMessage>(new URL('../support/echo-worker.ts', import.meta.url), null)
      workers.push(worker)
      return worker.call({ echo: 'noite' })
    }
    try {
      expect(await echoFrom(folder)).toBe('copy: noite')
      expect(await echoFrom(os.tmpdir())).toBe('noite')
      expect(await echoFrom(undefined)).toBe('noite')
    } finally {
      if (previous === undefined) delete process.env.VENDOC_WORKER_BUNDLE_DIR
      else process.env.VENDOC_WORKER_BUNDLE_DIR = previous
      await Promise.all(workers.map((worker) => worker.terminate()))
      fs.rmSync(folder, { recursive: true, force: true })
    }
  })
})
