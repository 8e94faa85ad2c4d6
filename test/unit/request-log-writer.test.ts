// The request log's buffered writer hands full batches to its sink with a few in flight (so the
// worker never idles while the queue grows), a partial batch only when nothing else is in flight,
// and flush() waits for every batch.
import { describe, expect, it, vi } from 'vitest'
import { RequestLogWriter } from '../../src/modules/integrations/request-log/request-log-writer.js'

function controlledSink() {
  const calls: Array<{ batch: number[]; done: () => void }> = []
  const sink = (batch: number[]) => new Promise<void>((resolve) => calls.push({ batch, done: resolve }))
  return { calls, sink }
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('RequestLogWriter', () => {
  it('keeps up to maxInFlight full batches in flight, then sends the next as one completes', async () => {
    const { calls, sink } = controlledSink()
    const writer = new RequestLogWriter<number>(sink, { error: vi.fn() }, { batchSize: 2, flushIntervalMs: 60_000, maxInFlight: 2 })
    for (let entry = 1; entry <= 6; entry += 1) writer.enqueue(entry)
    await tick()
    expect(calls.map((call) => call.batch)).toEqual([[1, 2], [3, 4]])
    calls[0]!.done()
    await tick()
    expect(calls.map((call) => call.batch)).toEqual([[1, 2], [3, 4], [5, 6]])
    const flushed = writer.flush()
    for (const call of calls.slice(1)) call.done()
    await flushed
    expect(writer.pending).toBe(0)
  })

  it('sends a partial batch only when no batch is in flight', async () => {
    const { calls, sink } = controlledSink()
    const writer = new RequestLogWriter<number>(sink, { error: vi.fn() }, { batchSize: 3, flushIntervalMs: 60_000, maxInFlight: 4 })
    for (let entry = 1; entry <= 4; entry += 1) writer.enqueue(entry)
    await tick()
    // [1, 2, 3] is full; the lone 4 waits while that batch is in flight.
    expect(calls.map((call) => call.batch)).toEqual([[1, 2, 3]])
    const flushed = writer.flush()
    calls[0]!.done()
    await tick()
    expect(calls.map((call) => call.batch)).toEqual([[1, 2, 3], [4]])
    calls[1]!.done()
    await flushed
    expect(writer.pending).toBe(0)
  })
})
