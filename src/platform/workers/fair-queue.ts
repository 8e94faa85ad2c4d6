// Work shared fairly between owners (accounts) on a resource that does one thing at a time, like
// the document thread. Each owner's pieces of work wait in a line of their own, and the next piece
// to start is the first of the owner whose last piece started longest ago (an owner with nothing
// in the queue counts as never served). So an account that asks for a hundred PDFs at once delays
// another account's next piece by the piece running, not by the hundred; and a request's second
// piece (a PDF's layout after its render) is not sent behind the flooder's whole line again.
//
// Work that may be refused (a request's) is bounded per owner and in all: past a bound, submit
// refuses at once (QueueFullError, with a guess of when to retry) rather than queue work that
// would wait for minutes while its caller's connection times out. Work that must not be refused
// (a background job's, bounded by its runner already) waits its turn whatever the bounds.

export interface FairQueueLimits {
  /** Pieces running at once (the document thread runs one). */
  running: number
  /** Refusable pieces one owner may have waiting or running. */
  perOwner: number
  /** Refusable pieces waiting or running in all. */
  total: number
}

export class QueueFullError extends Error {
  constructor(
    /** Whose bound was reached: the owner's own, or the queue's in all. */
    readonly scope: 'owner' | 'all',
    /** Seconds after which a retry is likely to find room (at least 1). */
    readonly retryAfterSeconds: number,
  ) {
    super(scope === 'owner' ? 'this owner has too much work waiting' : 'too much work waiting')
    this.name = 'QueueFullError'
  }
}

/** A piece of work waiting in its owner's line: starting it runs it and settles its caller. */
type Piece = () => void

export class FairQueue<Owner> {
  /** Owners with pieces waiting, each with its line; in the order the lines were opened. */
  readonly #lines = new Map<Owner, Piece[]>()
  /** Pieces waiting or running per owner, of every kind. */
  readonly #queued = new Map<Owner, number>()
  /** When each owner with pieces in the queue last had one started (a count of starts). */
  readonly #lastStart = new Map<Owner, number>()
  #starts = 0
  readonly #refusableByOwner = new Map<Owner, number>()
  #refusable = 0
  #running = 0
  /** Running mean of a piece's duration (ms), for the retry guess. */
  #meanMs = 100

  constructor(readonly limits: FairQueueLimits) {}

  /** Pieces waiting or running (refusable ones only) for `owner`. */
  loadOf(owner: Owner): number {
    return this.#refusableByOwner.get(owner) ?? 0
  }

  /**
   * Runs `work` when its owner's turn comes. Refused at once with QueueFullError when `refusable`
   * (the default) and the owner's or the queue's bound is reached.
   */
  submit<T>(owner: Owner, work: () => Promise<T>, options: { refusable?: boolean } = {}): Promise<T> {
    const refusable = options.refusable ?? true
    if (refusable) {
      const refusal = this.#admit(owner)
      if (refusal) return Promise.reject(refusal)
    }
    this.#queued.set(owner, (this.#queued.get(owner) ?? 0) + 1)
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        const started = performance.now()
        this.#running++
        let outcome: Promise<T>
        try {
          outcome = work()
        } catch (error) {
          outcome = Promise.reject(error)
        }
        // The room is freed before the caller goes on, so a request's next piece (a layout after
        // its render) finds it free again rather than refused by its own finished piece.
        const finished = () => {
          this.#meanMs = this.#meanMs * 0.8 + (performance.now() - started) * 0.2
          this.#running--
          this.#leave(owner, refusable)
          this.#next()
        }
        outcome.then(
          (value) => {
            finished()
            resolve(value)
          },
          (error: unknown) => {
            finished()
            reject(error)
          },
        )
      }
      const line = this.#lines.get(owner)
      if (line) line.push(start)
      else this.#lines.set(owner, [start])
      this.#next()
    })
  }

  /** Counts a refusable piece in, or says why it cannot be. */
  #admit(owner: Owner): QueueFullError | undefined {
    const own = this.loadOf(owner)
    if (own >= this.limits.perOwner) return new QueueFullError('owner', this.#retryAfter(own))
    if (this.#refusable >= this.limits.total) return new QueueFullError('all', this.#retryAfter(this.#refusable / Math.max(1, this.#lines.size)))
    this.#refusableByOwner.set(owner, own + 1)
    this.#refusable++
    return undefined
  }

  /** A piece of `owner`'s is done: an owner left with nothing queued is forgotten. */
  #leave(owner: Owner, refusable: boolean): void {
    const queued = this.#queued.get(owner)! - 1
    if (queued > 0) this.#queued.set(owner, queued)
    else {
      this.#queued.delete(owner)
      this.#lastStart.delete(owner)
    }
    if (!refusable) return
    const own = this.loadOf(owner) - 1
    if (own > 0) this.#refusableByOwner.set(owner, own)
    else this.#refusableByOwner.delete(owner)
    this.#refusable--
  }

  /** About how long `pieces` of one owner take to drain while every owner waiting takes turns. */
  #retryAfter(pieces: number): number {
    const owners = Math.max(1, this.#lines.size)
    return Math.max(1, Math.ceil((pieces * owners * this.#meanMs) / 1000))
  }

  /** Starts pieces while there is room, each the first of the owner served longest ago. */
  #next(): void {
    while (this.#running < this.limits.running && this.#lines.size > 0) {
      let chosen: Owner | undefined
      let chosenStart = Infinity
      for (const owner of this.#lines.keys()) {
        const lastStart = this.#lastStart.get(owner) ?? -1
        if (lastStart < chosenStart) {
          chosen = owner
          chosenStart = lastStart
        }
      }
      const line = this.#lines.get(chosen!)!
      const start = line.shift()!
      if (line.length === 0) this.#lines.delete(chosen!)
      this.#lastStart.set(chosen!, ++this.#starts)
      start()
    }
  }
}
