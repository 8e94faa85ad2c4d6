// Parent side of writer-child.ts's output: every "sent" and "ack" line goes into the ledger the
// consistency checks read; "failed" (an error the API would have answered with a 4xx/5xx) is
// always a test failure.
import type { CreationLedger } from './creation-driver.js'
import type { PlannedCreation } from './creation-plan.js'

export class WriterOutput {
  acknowledgedByThisWriter = 0
  private waiter: (() => void) | null = null

  constructor(private readonly ledger: CreationLedger) {}

  readonly onLine = (line: string): void => {
    const space = line.indexOf(' ')
    const kind = space === -1 ? line : line.slice(0, space)
    const rest = line.slice(space + 1)
    if (kind === 'sent') {
      const planned = JSON.parse(rest) as PlannedCreation
      this.ledger.sent.set(planned.tag, planned)
    } else if (kind === 'ack') {
      const [tag, id, number] = rest.split(' ')
      const sent = this.ledger.sent.get(tag!)
      if (!sent) this.ledger.unexpected.push(`ack of ${tag}, which was never sent`)
      else this.ledger.acknowledged.set(tag!, { id: Number(id), number: Number(number), sent })
      this.acknowledgedByThisWriter += 1
      this.waiter?.()
    } else if (kind === 'failed') {
      this.ledger.unexpected.push(rest)
      this.waiter?.()
    }
  }

  /** Resolves after the first acknowledgement of the current writer (or a failure, or `timeoutMs`). */
  async firstAcknowledgement(timeoutMs: number): Promise<void> {
    if (this.acknowledgedByThisWriter > 0 || this.ledger.unexpected.length > 0) return
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs)
      this.waiter = () => {
        clearTimeout(timer)
        resolve()
      }
    })
    this.waiter = null
  }
}
