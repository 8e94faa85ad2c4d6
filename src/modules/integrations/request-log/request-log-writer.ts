// Buffered writes for the request log: entries wait in memory and go to the sink in batches
// (one transaction each) when a batch is full (batchSize entries, or batchBytes of them) or
// flushIntervalMs after the first one, whichever comes first. Under load only full batches go, and
// a flush sends what was queued when it was called, not whatever keeps arriving: partial batches
// sent whenever the sink was idle made batches of ~10 entries on PostgreSQL, each its own commit,
// and the log cost several times its inserts. The app's sink is the request log's worker thread,
// which masks and inserts (captured-request.ts); tests may hand finished entries to a direct
// INSERT. Requests never wait for the log and never see its errors: a batch that fails to insert
// is reported to the application log and dropped. What a crash can lose is what is still queued
// (docs/DECISIONS.md).

export interface RequestLogWriterOptions {
  /** Entries per INSERT at most; reaching it sends a batch at once. */
  batchSize: number
  /**
   * Size per batch at most, as the sizeOf function counts it (the app: characters of text, one byte
   * each in V8 for Latin-1 text, two otherwise); reaching it sends a batch at once, with fewer than
   * batchSize entries: entries with large bodies travel in small batches.
   */
  batchBytes: number
  /** Longest time an entry waits in memory while the app runs. */
  flushIntervalMs: number
  /** Entries held at most (e.g. while the database is unreachable); beyond it new ones are dropped. */
  maxQueued: number
  /** Size held at most, as sizeOf counts it: 20,000 entries with large bodies would be gigabytes. */
  maxQueuedBytes: number
  /**
   * Batches handed to the sink before the first is confirmed. With one at a time, the worker sat
   * idle between a commit and the next batch (its answer waits for a turn of a busy event loop)
   * while the queue grew; two in flight keep it busy (the worker handles them one at a time).
   */
  maxInFlight: number
}

// 200 entries and ~1 M characters a batch at most. A creation's entry is ~4.4 K characters with
// its bodies, so its batches still go 200 at a time; the bound in size is for entries with large
// bodies (up to ~140 K characters each), which would otherwise hold ~27 M a batch. Larger batches
// of reads were measured: fewer commits keep more of the read connection's page cache (each SQLite
// commit empties it), which on one machine made a customer's page on 1,000,000 documents ~13 %
// faster with 1,000 entries; on another it gained nothing and cost 10-20 MB of RSS under a read
// load (docs/PERFORMANCE.md, sessions 12-13).
export const DEFAULT_WRITER_OPTIONS: RequestLogWriterOptions = { batchSize: 200, batchBytes: 1_000_000, flushIntervalMs: 1_000, maxQueued: 20_000, maxQueuedBytes: 64_000_000, maxInFlight: 2 }

export type RequestLogSink<Entry> = (entries: Entry[]) => Promise<void>

/** The part of a pino logger the writer needs. */
export interface WriterLog {
  error(details: object, message: string): void
}

/** A batch handed to the sink: entries [start, end) in queue order. */
interface BatchInFlight {
  start: number
  end: number
  done: boolean
}

export class RequestLogWriter<Entry> {
  private readonly options: RequestLogWriterOptions
  private queue: Entry[] = []
  /** sizeOf of each queued entry, in queue order, and their sum. */
  private sizes: number[] = []
  private queuedBytes = 0
  private readonly sizeOf: (entry: Entry) => number
  private timer: NodeJS.Timeout | null = null
  private draining: Promise<void> | null = null
  private dropped = 0
  /** Entries ever queued and ever handed to the sink, numbered in queue order. */
  private queued = 0
  private handed = 0
  /** Partial batches may go until `handed` reaches this (a flush or the timer asked for them). */
  private owedUpTo = 0
  /** Batches handed to the sink and not yet settled (written or lost), oldest first. */
  private readonly inFlight: BatchInFlight[] = []
  /** Flushes waiting until every entry before their mark has settled. */
  private flushWaiters: Array<{ upTo: number; resolve: () => void }> = []
  /** Set while a drain waits for a batch in flight to complete: wakes it to send a new full batch. */
  private wakeDrain: (() => void) | null = null
  /** Entries still being completed (e.g. attribution being looked up); flush() waits for them. */
  private readonly completing = new Set<Promise<void>>()

  constructor(
    /** Where batches go. */
    private readonly sink: RequestLogSink<Entry>,
    private readonly log: WriterLog,
    { sizeOf, ...options }: Partial<RequestLogWriterOptions> & { sizeOf?: (entry: Entry) => number } = {},
  ) {
    this.options = { ...DEFAULT_WRITER_OPTIONS, ...options }
    // Without a measure, only the count bounds a batch.
    this.sizeOf = sizeOf ?? (() => 0)
  }

  /** Entries waiting to be written. */
  get pending(): number {
    return this.queue.length
  }

  /** Queues one entry; never throws, never waits. */
  enqueue(entry: Entry): void {
    // A size that is not a number must not turn the bounds off for good (NaN in the sum).
    const size = this.sizeOf(entry) || 0
    if (this.queue.length >= this.options.maxQueued || this.queuedBytes + size > this.options.maxQueuedBytes) {
      this.dropped += 1
      // Losses are reported when a drain ends; an entry too large for an empty queue starts none.
      this.armTimer()
      return
    }
    this.queue.push(entry)
    this.sizes.push(size)
    this.queuedBytes += size
    this.queued += 1
    if (this.fullBatchQueued()) {
      // A drain waiting on batches in flight picks the new full batch up at once.
      if (this.wakeDrain !== null) this.wakeDrain()
      else this.startDrain()
    }
    else this.armTimer()
  }

  /** Queues an entry that is still being completed; a rejection only drops that entry (logged). */
  enqueueWhenReady(entry: Promise<Entry>): void {
    const done = entry
      .then((ready) => this.enqueue(ready))
      .catch((error: unknown) => this.log.error({ err: error }, 'request log: could not complete an entry; it is lost'))
      .finally(() => this.completing.delete(done))
    this.completing.add(done)
  }

  /**
   * Writes everything queued so far, and the entries being completed at the time of the call;
   * resolves when those have settled (written, or reported lost), never rejects. Entries queued
   * after the call are not waited for: they go with the next full batch or the next timer.
   */
  async flush(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer)
      this.timer = null
    }
    // A snapshot: entries that start completing later must not hold this flush up forever.
    await Promise.all([...this.completing])
    const upTo = this.queued
    if (this.settledUpTo() >= upTo) return
    const settled = new Promise<void>((resolve) => this.flushWaiters.push({ upTo, resolve }))
    this.owe(upTo)
    await settled
  }

  /**
   * flush(), but waits at most `ms` (shutdown: a sink that hangs, e.g. on an unreachable database,
   * must not keep the process from stopping). Says whether everything was written; when not, the
   * entries still unsettled are reported lost.
   */
  async flushWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms)
    })
    const flushed = await Promise.race([this.flush().then(() => true as const), timedOut])
    clearTimeout(timer)
    if (!flushed) this.log.error({ unwritten: this.queued - this.settledUpTo() }, `request log: not written within ${ms} ms of shutting down; these entries are lost`)
    return flushed
  }

  /** Within flushIntervalMs, sends what is queued then, full batch or not (no one waits for it). */
  private armTimer(): void {
    if (this.timer !== null) return
    this.timer = setTimeout(() => {
      this.timer = null
      this.owe(this.queued)
    }, this.options.flushIntervalMs)
    // A pending write must not keep a finished process alive; shutdown flushes explicitly.
    this.timer.unref()
  }

  /** Lets partial batches go until the first `upTo` entries have been handed to the sink. */
  private owe(upTo: number): void {
    this.owedUpTo = Math.max(this.owedUpTo, upTo)
    this.startDrain()
  }

  private startDrain(): void {
    if (this.draining !== null) return
    this.draining = this.drain()
      .catch((error: unknown) => {
        // Only a failing logger gets here; nothing must escape as an unhandled rejection.
        console.error('request log: the writer failed', error)
      })
      .finally(() => {
        this.draining = null
        // A full batch queued, or a flush begun, while this drain was finishing: it did not see them.
        if (this.fullBatchQueued() || (this.queue.length > 0 && this.handed < this.owedUpTo)) this.startDrain()
      })
  }

  private fullBatchQueued(): boolean {
    return this.queue.length > 0 && (this.queue.length >= this.options.batchSize || this.queuedBytes >= this.options.batchBytes)
  }

  /** Takes the next batch off the queue: up to batchSize entries, stopping once batchBytes is reached. */
  private takeBatch(): Entry[] {
    const { batchSize, batchBytes } = this.options
    let count = 0
    let bytes = 0
    // At least one entry, and the one that reaches batchBytes goes too: an entry larger than a
    // batch goes alone.
    do bytes += this.sizes[count++]!
    while (count < this.queue.length && count < batchSize && bytes < batchBytes)
    this.sizes.splice(0, count)
    this.queuedBytes -= bytes
    return this.queue.splice(0, count)
  }

  /** Every entry numbered below this has settled: the start of the oldest batch in flight. */
  private settledUpTo(): number {
    return this.inFlight[0]?.start ?? this.handed
  }

  /** Batches settle in any order; waiters are released in queue order only. */
  private settle(batch: BatchInFlight): void {
    batch.done = true
    while (this.inFlight[0]?.done) this.inFlight.shift()
    const upTo = this.settledUpTo()
    const ready = this.flushWaiters.filter((waiter) => waiter.upTo <= upTo)
    if (ready.length === 0) return
    this.flushWaiters = this.flushWaiters.filter((waiter) => waiter.upTo > upTo)
    for (const waiter of ready) waiter.resolve()
  }

  /**
   * Sends full batches while there is room in flight, and a partial batch, once nothing else is in
   * flight, only while entries are owed (a flush or the timer). Otherwise fewer than a batch stay
   * queued for the timer, so a steady stream of entries never becomes a stream of tiny batches.
   */
  private async drain(): Promise<void> {
    const sending = new Set<Promise<void>>()
    while (this.queue.length > 0 || sending.size > 0) {
      const full = this.fullBatchQueued() && sending.size < this.options.maxInFlight
      const owed = this.queue.length > 0 && this.handed < this.owedUpTo && sending.size === 0
      if (full || owed) {
        const entries = this.takeBatch()
        const batch: BatchInFlight = { start: this.handed, end: this.handed + entries.length, done: false }
        this.handed = batch.end
        this.inFlight.push(batch)
        // Through a promise, so even a sink that throws at once only loses its batch.
        const write: Promise<void> = Promise.resolve()
          .then(() => this.sink(entries))
          .catch((error: unknown) => this.log.error({ err: error, dropped: entries.length }, 'request log: could not write a batch; its entries are lost'))
          .finally(() => {
            sending.delete(write)
            this.settle(batch)
          })
        sending.add(write)
        continue
      }
      if (sending.size === 0) break
      await Promise.race([...sending, new Promise<void>((resolve) => (this.wakeDrain = resolve))])
      this.wakeDrain = null
    }
    if (this.queue.length > 0) this.armTimer()
    if (this.dropped > 0) {
      this.log.error({ dropped: this.dropped }, 'request log: queue full; entries were not recorded')
      this.dropped = 0
    }
  }
}
