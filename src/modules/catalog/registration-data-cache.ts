// The registration data, serialized, kept per account and served again while the account's
// catalog_version (bumped by database triggers on every change, migration 006) has not moved.
// Integrators fetch it before every creation and it changes rarely; with 500 products building
// it took five queries and ~75 KB of serialization, while checking the version is one indexed
// read. Correct across processes too: the version lives in the database, not in this cache.
import type { Db } from '../../platform/db/connect.js'
import { preparedPointRead } from '../../platform/db/prepared-query.js'
import { getRegistrationData } from './registration-data.js'

/** Accounts kept at most; the least recently used one goes first. */
const MAX_ACCOUNTS = 1_000
/**
 * Bytes kept at most, over every account (the count alone let memory follow the catalogues' sizes:
 * 500 products make ~75 KB, 100,000 ~15 MB). A body larger than this is served but not kept.
 */
export const DEFAULT_MAX_CACHED_BYTES = 64 * 1024 * 1024

const catalogVersionOf = preparedPointRead(1, (db, accountId: number) => db.selectFrom('accounts').select('catalog_version').where('id', '=', accountId))

export class RegistrationDataCache {
  // Kept as UTF-8 bytes: a string answer would be encoded again on every send (~75 KB each time).
  readonly #entries = new Map<number, { version: number; body: Buffer }>()
  #bytes = 0

  constructor(
    private readonly db: Db,
    private readonly maxBytes = DEFAULT_MAX_CACHED_BYTES,
  ) {}

  /** What the cache holds now: accounts and bytes (for tests and diagnostics). */
  get size(): { accounts: number; bytes: number } {
    return { accounts: this.#entries.size, bytes: this.#bytes }
  }

  /** The account's registration data as JSON (UTF-8 bytes). */
  async body(accountId: number): Promise<Buffer> {
    const [account] = await catalogVersionOf(this.db, accountId)
    const version = account?.catalog_version ?? -1
    const cached = this.#entries.get(accountId)
    if (cached !== undefined && cached.version === version) {
      // Re-inserting marks it as the most recently used.
      this.#entries.delete(accountId)
      this.#entries.set(accountId, cached)
      return cached.body
    }
    // Read after the version: a change in between leaves newer data under an older version,
    // which the next call replaces; never older data under a newer version.
    const body = Buffer.from(JSON.stringify(await getRegistrationData(this.db, accountId)), 'utf8')
    this.#forget(accountId)
    if (body.length > this.maxBytes) return body
    // The least recently used first (a Map iterates in insertion order).
    while (this.#entries.size >= MAX_ACCOUNTS || this.#bytes + body.length > this.maxBytes) this.#forget(this.#entries.keys().next().value!)
    this.#entries.set(accountId, { version, body })
    this.#bytes += body.length
    return body
  }

  #forget(accountId: number): void {
    const entry = this.#entries.get(accountId)
    if (entry === undefined) return
    this.#entries.delete(accountId)
    this.#bytes -= entry.body.length
  }
}
