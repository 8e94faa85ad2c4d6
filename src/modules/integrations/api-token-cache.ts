// Successful token lookups kept in this process's memory, so an API request costs no
// authentication query (otherwise a three-table join on every request). What a token
// authenticates as changes only when api_auth_version moves: database triggers bump it whenever a
// secret is replaced, a token revoked, deleted or renamed (its name and prefix are cached too), an
// account's plan or time zone changed, a plan's API access changed (migration 007). The cache reads that version every second and forgets
// everything when it moved, so a change made by any process (the CLI, another server, plain SQL)
// reaches every running server within about a second. A regeneration or revocation made in this
// process also clears it at once (announceApiTokenChange), so the web app's "stops working now"
// holds on the very next request. Failed lookups are never cached: they are throttled instead.
import type { Db } from '../../platform/db/connect.js'
import { preparedQuery } from '../../platform/db/prepared-query.js'
import { type AuthenticatedToken, checkTokenHash, MALFORMED, type TokenCheck } from './api-tokens.js'
import { hashToken, isWellFormedToken } from './token-format.js'

export const AUTH_VERSION_POLL_MS = 1_000
/** Past this many tokens the oldest entry makes room (a bound on memory, not a working-set guess). */
const MAX_ENTRIES = 10_000

const liveCaches = new Set<ApiTokenCache>()

/** Call after a change to tokens, plans or accounts commits: every cache in this process forgets at once. */
export function announceApiTokenChange(): void {
  for (const cache of liveCaches) cache.clear()
}

const authVersion = preparedQuery(0, (db) => db.selectFrom('api_auth_version').select('version').where('id', '=', 1))

export class ApiTokenCache {
  private readonly entries = new Map<string, AuthenticatedToken>()
  /** Moves on every clear; a lookup that a clear overtook is not remembered. */
  private generation = 0
  /** The api_auth_version the entries were read under; null until read (and after a failed read): nothing is cached then. */
  private version: number | null = null
  private polling: Promise<void> | null = null
  private pollStartedAt = 0
  /** Numbers the polls: only the latest one's answer counts (an abandoned one may still settle). */
  private pollSequence = 0
  private closed = false
  private readonly timer: NodeJS.Timeout
  private pollFailing = false

  constructor(
    private readonly db: Db,
    private readonly onPollError: (error: unknown) => void,
    private readonly pollMs = AUTH_VERSION_POLL_MS,
  ) {
    liveCaches.add(this)
    this.timer = setInterval(() => void this.poll(), pollMs).unref()
    void this.poll()
  }

  async authenticate(presented: string): Promise<TokenCheck> {
    if (!isWellFormedToken(presented)) return MALFORMED
    const hash = hashToken(presented)
    const cached = this.entries.get(hash)
    if (cached !== undefined) return { ok: true, token: cached }
    const generation = this.generation
    const check = await checkTokenHash(this.db, hash, presented)
    // A lookup that read the row before a change committed must not put the old answer back
    // after the clear that change caused.
    if (check.ok && generation === this.generation && this.version !== null && !this.closed) this.remember(hash, check.token)
    return check
  }

  clear(): void {
    this.entries.clear()
    this.generation += 1
  }

  get size(): number {
    return this.entries.size
  }

  /** Settles when the poll in flight (the first one starts at construction) has read the version. */
  async whenPolled(): Promise<void> {
    await this.polling
  }

  /** Stops polling and waits for a poll in flight (call before the database closes). */
  async close(): Promise<void> {
    // Nothing polls any more: nothing may be cached either.
    this.closed = true
    clearInterval(this.timer)
    liveCaches.delete(this)
    this.clear()
    this.version = null
    // Let a poll in flight finish before the database closes, but never wait on a hung one.
    await Promise.race([this.polling, new Promise((resolve) => setTimeout(resolve, this.pollMs).unref())])
  }

  private remember(hash: string, token: AuthenticatedToken): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!)
    this.entries.set(hash, token)
  }

  private poll(): Promise<void> {
    if (this.polling !== null) {
      // The previous read has not finished a whole interval later (a slow or half-open
      // connection): the entries can no longer be trusted to be at most a second old. A slow
      // database gets no pile of overlapping reads, but a read that hangs is given up after five
      // intervals and a new one starts (the old one's answer, if it ever comes, is ignored).
      const waited = Date.now() - this.pollStartedAt
      this.distrust(new Error(`the read of api_auth_version has not finished after ${waited} ms`))
      if (waited < 5 * this.pollMs) return this.polling
    }
    const sequence = ++this.pollSequence
    this.pollStartedAt = Date.now()
    const polling = this.readVersion(sequence).finally(() => {
      if (this.polling === polling) this.polling = null
    })
    this.polling = polling
    return polling
  }

  private async readVersion(sequence: number): Promise<void> {
    try {
      const [row] = await authVersion(this.db)
      if (sequence !== this.pollSequence || this.closed) return
      const version = Number(row!.version)
      if (version !== this.version) this.clear()
      this.version = version
      this.pollFailing = false
    } catch (error) {
      if (sequence === this.pollSequence && !this.closed) this.distrust(error)
    }
  }

  /** Unable to tell whether anything changed: forget, and cache nothing until a read succeeds. */
  private distrust(error: unknown): void {
    this.clear()
    this.version = null
    if (this.pollFailing) return
    this.pollFailing = true
    try {
      this.onPollError(error)
    } catch {
      // A failing reporter must not turn the poll into an unhandled rejection.
    }
  }
}
