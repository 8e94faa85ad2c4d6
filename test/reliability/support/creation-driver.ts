// Creates documents over HTTP against a server that may die at any moment, and keeps the ledger
// the checks compare the database with: what was sent, and what the server acknowledged (201).
// A request whose answer never came (the connection died) or was a 5xx has an unknown outcome:
// the document may or may not exist, but if it exists it must be whole.
import type { CreationPlanner, PlannedCreation } from './creation-plan.js'

export interface Acknowledged {
  id: number
  number: number
  sent: PlannedCreation
}

export class CreationLedger {
  /** Every request sent, by tag. */
  readonly sent = new Map<string, PlannedCreation>()
  readonly acknowledged = new Map<string, Acknowledged>()
  /** Answers that are neither 201 nor a dropped connection nor an expected 5xx: always a failure. */
  readonly unexpected: string[] = []
  unknownOutcomes = 0
  serverErrors = 0
}

export interface DriverOptions {
  baseUrl: string
  token: string
  concurrency: number
  /** 5xx answers are tolerated (PostgreSQL down): counted, outcome unknown. Otherwise a 5xx is unexpected. */
  tolerateServerErrors?: boolean
}

export class CreationDriver {
  private stopped = false
  private workers: Promise<void>[] = []
  private acknowledgedSinceStart = 0
  private onAcknowledged: (() => void) | null = null

  constructor(
    private readonly planner: CreationPlanner,
    readonly ledger: CreationLedger,
    private readonly options: DriverOptions,
  ) {}

  start(): void {
    this.stopped = false
    this.acknowledgedSinceStart = 0
    this.workers = Array.from({ length: this.options.concurrency }, () => this.work())
  }

  /**
   * Resolves once `count` creations were acknowledged since start(); otherwise stops sending and
   * throws after `timeoutMs`: a crash cycle that kills a server which acknowledged nothing proves
   * nothing about durability, so it must fail rather than pass.
   */
  async acknowledgements(count: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (this.acknowledgedSinceStart < count && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()))
        this.onAcknowledged = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    }
    this.onAcknowledged = null
    if (this.acknowledgedSinceStart < count) {
      // The test fails here: let the workers end after their current request instead of sending on.
      this.stopped = true
      const lastUnexpected = this.ledger.unexpected.at(-1)
      throw new Error(
        `only ${this.acknowledgedSinceStart} of ${count} creations acknowledged (201) within ${timeoutMs} ms ` +
          `(${this.ledger.unknownOutcomes} without a known outcome, ${this.ledger.serverErrors} answered 5xx` +
          `${lastUnexpected ? `, last unexpected answer: ${lastUnexpected}` : ''})`,
      )
    }
  }

  /** Stops sending; resolves when every request in flight has its answer or its error. */
  async stop(): Promise<void> {
    this.stopped = true
    await Promise.all(this.workers)
  }

  /** Sends one creation and records its outcome; returns the status (0: no answer). */
  async createOne(): Promise<number> {
    const planned = this.planner.next()
    this.ledger.sent.set(planned.tag, planned)
    let response: Response
    let text: string
    try {
      response = await fetch(`${this.options.baseUrl}/api/v1/proposals`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.options.token}`,
          'content-type': 'application/json',
          ...(planned.key ? { 'idempotency-key': planned.key } : {}),
        },
        body: JSON.stringify(planned.body),
        signal: AbortSignal.timeout(30_000),
      })
      text = await response.text()
    } catch {
      this.ledger.unknownOutcomes += 1
      return 0
    }
    if (response.status === 201) {
      const created = JSON.parse(text) as { id: number; number: number }
      this.ledger.acknowledged.set(planned.tag, { id: created.id, number: created.number, sent: planned })
      this.acknowledgedSinceStart += 1
      this.onAcknowledged?.()
    } else if (response.status >= 500 && this.options.tolerateServerErrors) {
      this.ledger.serverErrors += 1
      this.ledger.unknownOutcomes += 1
    } else {
      this.ledger.unexpected.push(`${planned.tag}: ${response.status} ${text.slice(0, 300)}`)
    }
    return response.status
  }

  private async work(): Promise<void> {
    while (!this.stopped) {
      const status = await this.createOne()
      // No answer: the server is gone (or restarting); do not spin until the cycle stops us.
      if (status === 0 || status >= 500) await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
}
