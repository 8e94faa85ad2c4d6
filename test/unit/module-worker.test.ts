// ModuleWorker (src/platform/workers/module-worker.ts): a TypeScript module run in a worker thread
// and called like a function; its errors come back as rejections, and once it has stopped every
// call fails at once instead of waiting for an answer that will never come.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
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
})
