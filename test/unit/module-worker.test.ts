// ModuleWorker (src/platform/workers/module-worker.ts): a TypeScript module run in a worker thread
// and called like a function; its errors come back as rejections, and once it has stopped every
// call fails at once instead of waiting for an answer that will never come.
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
})
