// Keeps api_tokens.last_used_at without a write on every request: at most one write per token per
// minute in each process (so "last used" is accurate to about a minute). The write is not awaited
// by the request and its failure never fails the request: last_used_at is informative only.
import type { Clock } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'

export const LAST_USED_PRECISION_MS = 60_000
/** Past this many remembered tokens, entries older than the precision are dropped. */
const MAX_REMEMBERED = 10_000

export type LastUsedWriter = (tokenId: number, usedAt: string) => Promise<unknown>

export function lastUsedWriter(db: Db): LastUsedWriter {
  return (tokenId, usedAt) => db.updateTable('api_tokens').set({ last_used_at: usedAt }).where('id', '=', tokenId).execute()
}

export class TokenUseRecorder {
  /** When this process last wrote each token's last_used_at (epoch ms). */
  private readonly lastWrite = new Map<number, number>()
  private readonly pending = new Set<Promise<void>>()

  constructor(
    private readonly write: LastUsedWriter,
    private readonly clock: Clock,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** Notes that the token authenticated a request now; writes only when the last write is a minute old. */
  record(tokenId: number): void {
    const now = this.clock.now()
    const last = this.lastWrite.get(tokenId)
    if (last !== undefined && now.getTime() - last < LAST_USED_PRECISION_MS) return
    this.lastWrite.set(tokenId, now.getTime())
    if (this.lastWrite.size > MAX_REMEMBERED) this.forgetOlderThan(now.getTime() - LAST_USED_PRECISION_MS)
    const write = Promise.resolve()
      .then(() => this.write(tokenId, now.toISOString()))
      .then(
        () => undefined,
        (error: unknown) => {
          // Let the next request try again rather than waiting a minute.
          this.lastWrite.delete(tokenId)
          this.onError(error)
        },
      )
    this.pending.add(write)
    void write.finally(() => this.pending.delete(write))
  }

  /** Waits for the writes in flight (on shutdown, before the database closes). */
  async settle(): Promise<void> {
    await Promise.all([...this.pending])
  }

  private forgetOlderThan(cutoff: number): void {
    for (const [tokenId, at] of this.lastWrite) if (at < cutoff) this.lastWrite.delete(tokenId)
  }
}
