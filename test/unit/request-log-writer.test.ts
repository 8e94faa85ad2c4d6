// The request log's buffered writer hands full batches to its sink with a few in flight (so the
// worker never idles while the queue grows); a partial batch goes only on a flush (explicit or
// the timer's) and when nothing else is in flight; flush() waits for every batch.
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

  it('under a steady stream sends only full batches: what is left waits for the timer, not for an idle sink', async () => {
    const { calls, sink } = controlledSink()
    const writer = new RequestLogWriter<number>(sink, { error: vi.fn() }, { batchSize: 3, flushIntervalMs: 60_000, maxInFlight: 2 })
    for (let entry = 1; entry <= 3; entry += 1) writer.enqueue(entry)
    writer.enqueue(4)
    await tick()
    expect(calls.map((call) => call.batch)).toEqual([[1, 2, 3]])
    // The sink is idle again; the lone 4 still waits (it would have gone alone before).
    calls[0]!.done()
    await tick()
    await tick()
    expect(calls.map((call) => call.batch)).toEqual([[1, 2, 3]])
    expect(writer.pending).toBe(1)
    writer.enqueue(5)
    writer.enqueue(6)
    await tick()
    expect(calls.map((call) => call.batch)).toEqual([[1, 2, 3], [4, 5, 6]])
    calls[1]!.done()
    await writer.flush()
    expect(writer.pending).toBe(0)
  })

  it('the timer sends a partial batch after flushIntervalMs', async () => {
    vi.useFakeTimers()
    try {
      const { calls, sink } = controlledSink()
      const writer = new RequestLogWriter<number>(sink, { error: vi.fn() }, { batchSize: 3, flushIntervalMs: 1_000, maxInFlight: 2 })
      for (let entry = 1; entry <= 4; entry += 1) writer.enqueue(entry)
      await vi.advanceTimersByTimeAsync(0)
      calls[0]!.done()
      await vi.advanceTimersByTimeAsync(999)
      expect(calls.map((call) => call.batch)).toEqual([[1, 2, 3]])
      await vi.advanceTimersByTimeAsync(1)
      expect(calls.map((call) => call.batch)).toEqual([[1, 2, 3], [4]])
      calls[1]!.done()
      await writer.flush()
      expect(writer.pending).toBe(0)
    } finally {
      vi.useRealTimers()
    }
  })

  it('a flush waits for what was queued when it was called, not for what keeps arriving', async () => {
    const { calls, sink } = controlledSink()
    const writer = new RequestLogWriter<number>(sink, { error: vi.fn() }, { batchSize: 3, flushIntervalMs: 60_000, maxInFlight: 2 })
    writer.enqueue(1)
    writer.enqueue(2)
    let flushed = false
    const flushing = writer.flush().then(() => (flushed = true))
    await tick()
    expect(calls.map((call) => call.batch)).toEqual([[1, 2]])
    writer.enqueue(3)
    calls[0]!.done()
    await flushing
    expect(flushed).toBe(true)
    // The 3 arrived after the flush began: it waits for a full batch or the timer.
    expect(calls.map((call) => call.batch)).toEqual([[1, 2]])
    expect(writer.pending).toBe(1)
    await Promise.all([writer.flush(), tick().then(() => calls[1]!.done())])
    expect(calls.map((call) => call.batch)).toEqual([[1, 2], [3]])
  })

  it('a flush resolves only when every entry before its mark has settled, whatever order batches complete in', async () => {
    const { calls, sink } = controlledSink()
    const writer = new RequestLogWriter<number>(sink, { error: vi.fn() }, { batchSize: 2, flushIntervalMs: 60_000, maxInFlight: 2 })
    writer.enqueue(1)
    writer.enqueue(2)
    let flushed = false
    const flushing = writer.flush().then(() => (flushed = true))
    writer.enqueue(3)
    writer.enqueue(4)
    await tick()
    expect(calls.map((call) => call.batch)).toEqual([[1, 2], [3, 4]])
    calls[1]!.done() // the later batch completes first
    await tick()
    expect(flushed).toBe(false)
    calls[0]!.done()
    await flushing
    expect(flushed).toBe(true)
  })

  it('flushWithin gives up after its bound when the sink hangs, saying what is lost; it is true when everything is written', async () => {
    const log = { error: vi.fn() }
    const hanging = new RequestLogWriter<number>(() => new Promise<void>(() => undefined), log, { batchSize: 10, flushIntervalMs: 60_000 })
    hanging.enqueue(1)
    hanging.enqueue(2)
    expect(await hanging.flushWithin(50)).toBe(false)
    expect(log.error).toHaveBeenCalledWith({ unwritten: 2 }, expect.stringContaining('not written within 50 ms'))
    const written: number[][] = []
    const healthy = new RequestLogWriter<number>(async (batch) => void written.push(batch), { error: vi.fn() }, { batchSize: 10, flushIntervalMs: 60_000 })
    healthy.enqueue(3)
    expect(await healthy.flushWithin(5_000)).toBe(true)
    expect(written).toEqual([[3]])
  })

  it('a sink that throws at once loses only its batch; flush still resolves', async () => {
    const log = { error: vi.fn() }
    let first = true
    const written: number[][] = []
    const writer = new RequestLogWriter<number>((batch) => {
      if (first) {
        first = false
        throw new Error('boom')
      }
      written.push(batch)
      return Promise.resolve()
    }, log, { batchSize: 2, flushIntervalMs: 60_000 })
    writer.enqueue(1)
    writer.enqueue(2)
    writer.enqueue(3)
    await writer.flush()
    expect(written).toEqual([[3]])
    expect(log.error).toHaveBeenCalledWith(expect.objectContaining({ dropped: 2 }), expect.stringContaining('could not write a batch'))
  })

  it('on a flush, sends a partial batch only when no batch is in flight', async () => {
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

  it('bounds a batch in bytes too: large entries go in smaller batches, one larger than a batch alone', async () => {
    const { calls, sink } = controlledSink()
    const writer = new RequestLogWriter<number>(sink, { error: vi.fn() }, { batchSize: 10, batchBytes: 10, flushIntervalMs: 60_000, maxInFlight: 4, sizeOf: (entry) => entry })
    writer.enqueue(4)
    writer.enqueue(4)
    await tick()
    // 8 bytes, 2 entries: not full either way.
    expect(calls).toEqual([])
    // The entry that reaches the bound goes with its batch.
    writer.enqueue(5)
    writer.enqueue(20)
    for (let index = 0; index < 9; index += 1) writer.enqueue(1)
    await tick()
    expect(calls.map((call) => call.batch)).toEqual([[4, 4, 5], [20]])
    // Nine small entries: under both bounds until a tenth arrives, then one batch of ten.
    expect(writer.pending).toBe(9)
    writer.enqueue(1)
    await tick()
    expect(calls.map((call) => call.batch)).toEqual([[4, 4, 5], [20], Array(10).fill(1)])
    for (const call of calls) call.done()
    await writer.flush()
    expect(writer.pending).toBe(0)
  })

  it('sends a batch when the count bound is reached with its size still under the bound', async () => {
    const { calls, sink } = controlledSink()
    const writer = new RequestLogWriter<number>(sink, { error: vi.fn() }, { batchSize: 3, batchBytes: 1_000, flushIntervalMs: 60_000, sizeOf: (entry) => entry })
    for (const entry of [1, 2, 3, 4]) writer.enqueue(entry)
    await tick()
    expect(calls.map((call) => call.batch)).toEqual([[1, 2, 3]])
    expect(writer.pending).toBe(1)
    for (const call of calls) call.done()
    const flushed = writer.flush()
    await tick()
    calls[1]!.done()
    await flushed
    expect(calls.map((call) => call.batch)).toEqual([[1, 2, 3], [4]])
  })

  it('with a size bound smaller than any entry, sends each entry alone and never an empty batch', async () => {
    const written: number[][] = []
    const writer = new RequestLogWriter<number>(async (batch) => void written.push(batch), { error: vi.fn() }, { batchSize: 10, batchBytes: 0, flushIntervalMs: 60_000, sizeOf: (entry) => entry })
    for (const entry of [5, 6, 7]) writer.enqueue(entry)
    await writer.flush()
    expect(written).toEqual([[5], [6], [7]])
    expect(writer.pending).toBe(0)
  })

  it('holds at most maxQueuedBytes queued, and says how many were lost', async () => {
    const written: number[][] = []
    const log = { error: vi.fn() }
    const writer = new RequestLogWriter<number>(async (batch) => void written.push(batch), log, { batchSize: 100, batchBytes: 1_000, maxQueuedBytes: 10, flushIntervalMs: 60_000, sizeOf: (entry) => entry })
    writer.enqueue(6)
    // 6 + 5 is over the bound: dropped; 6 + 4 fits exactly.
    writer.enqueue(5)
    writer.enqueue(4)
    expect(writer.pending).toBe(2)
    await writer.flush()
    expect(written).toEqual([[6, 4]])
    // The drain that wrote them reports the loss as it ends, just after the flush resolves.
    await tick()
    expect(log.error).toHaveBeenCalledWith({ dropped: 1 }, expect.stringContaining('queue full'))
  })

  it('reports an entry too large for an empty queue within flushIntervalMs, with nothing else queued', async () => {
    vi.useFakeTimers()
    try {
      const log = { error: vi.fn() }
      const sink = vi.fn(async () => undefined)
      const writer = new RequestLogWriter<number>(sink, log, { maxQueuedBytes: 10, flushIntervalMs: 1_000, sizeOf: (entry) => entry })
      writer.enqueue(11)
      expect(writer.pending).toBe(0)
      await vi.advanceTimersByTimeAsync(1_000)
      expect(log.error).toHaveBeenCalledWith({ dropped: 1 }, expect.stringContaining('queue full'))
      expect(sink).not.toHaveBeenCalled()
    } finally {
      vi.useRealTimers()
    }
  })
})
