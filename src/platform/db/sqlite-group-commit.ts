// Group commit on the SQLite connection: a transaction that waits for the connection while
// another runs joins that one's open transaction, as a savepoint, and they commit together.
//
// Why: a COMMIT writes every page its transaction changed to the WAL, ~360 µs for one creation
// here (docs/PERFORMANCE.md), and successive creations change mostly the same pages (the right
// edges of the same tables and indexes). Ten creations in one commit write those pages once.
//
// What stays as it was:
// - members still run one at a time, in the lock's arrival order, each seeing what the ones
//   before it wrote: the same serial order as separate transactions;
// - a member's commit resolves only once the group's COMMIT has succeeded, so nothing is
//   acknowledged before it is as durable as before; when the COMMIT fails, every member fails;
// - a member that rolls back is undone to its savepoint and leaves the others alone;
// - no other statement ever runs inside a group: it closes (commits) as soon as the lock's next
//   waiter is not a transaction, when nobody waits (after one turn of the event loop, below), or
//   at MAX_GROUP members, which bounds the latency a member adds to those before it.
//
// Only with the read thread on (the server's default; sqlite-driver.ts says why). A savepoint
// keeps the original of each page its member changes in a statement journal, so the connection
// keeps its temporary files in memory (the driver sets temp_store): in a file, that journal
// took more than the shared commit saved.
import { setImmediate as nextTurn } from 'node:timers/promises'
import { CompiledQuery, type DatabaseConnection } from 'kysely'

export const MAX_GROUP = 16

const SAVEPOINT = 'vendoc_group_member'

/** A connection holding the driver's lock, which it can hand on before Kysely releases it. */
export interface MemberConnection extends DatabaseConnection {
  release(): void
}

interface WaitingMember {
  resolve(): void
  reject(error: unknown): void
}

async function run(connection: DatabaseConnection, sql: string): Promise<void> {
  await connection.executeQuery(CompiledQuery.raw(sql))
}

export class GroupCommit {
  /** The member running now (at most one: they hold the lock); null between members. */
  #active: MemberConnection | null = null
  /** Members whose savepoint was released, waiting for the group's COMMIT. */
  readonly #waiting: WaitingMember[] = []

  constructor(
    /** Whether SQLite still has the group's transaction open (some errors roll it all back). */
    private readonly inTransaction: () => boolean,
    /** Whether the lock's next waiter is a transaction, which would join the group. */
    private readonly nextWaiterJoins: () => boolean,
  ) {}

  /**
   * Called holding the lock: opens the group's transaction if none is open, then the member's
   * savepoint. Only groups open transactions on this connection, so one that is open is a group's.
   */
  async begin(connection: MemberConnection): Promise<void> {
    if (!this.inTransaction()) await run(connection, 'begin immediate')
    try {
      await run(connection, `savepoint ${SAVEPOINT}`)
    } catch (error) {
      await this.#settle(connection)
      throw error
    }
    this.#active = connection
  }

  /** Keeps the member's work; resolves once the group it belongs to has committed. */
  async commit(connection: MemberConnection): Promise<void> {
    if (this.#active !== connection) throw new Error('commit of a transaction that is not running')
    // Still the running member if this fails: Kysely then rolls it back.
    await run(connection, `release ${SAVEPOINT}`)
    this.#active = null
    const committed = new Promise<void>((resolve, reject) => this.#waiting.push({ resolve, reject }))
    await this.#settle(connection)
    return committed
  }

  /**
   * Undoes the member's work and nothing else. A no-op for a member no longer running: Kysely
   * rolls back after a failed commit, when this member's savepoint is long released.
   */
  async rollback(connection: MemberConnection): Promise<void> {
    if (this.#active !== connection) return
    this.#active = null
    if (this.inTransaction()) {
      try {
        await run(connection, `rollback to ${SAVEPOINT}`)
        await run(connection, `release ${SAVEPOINT}`)
      } catch (error) {
        // This member's work cannot be told apart from the others' any more: none of it commits.
        await run(connection, 'rollback').catch(() => undefined)
        this.#lose(error)
        throw error
      }
    }
    await this.#settle(connection)
  }

  /** Every waiting member fails with `error`: the group's transaction is gone. */
  #lose(error: unknown): void {
    for (const member of this.#waiting.splice(0)) member.reject(error)
  }

  /** After a member: hand the open group to the next transaction, or commit it. */
  async #settle(connection: MemberConnection): Promise<void> {
    const members = this.#waiting
    if (!this.inTransaction()) {
      // SQLite rolled the whole transaction back (an I/O error, a full disk): every member's work is gone.
      return this.#lose(new Error('the SQLite transaction was rolled back before it could commit'))
    }
    // A member's statements are synchronous underneath, so the event loop runs a whole transaction
    // without reading from a socket: requests read since are still before their BEGIN, and the
    // lock's queue is mostly empty here. One turn of the loop lets them reach it and join.
    if (members.length > 0 && members.length < MAX_GROUP && !this.nextWaiterJoins()) await nextTurn()
    if (members.length > 0 && members.length < MAX_GROUP && this.nextWaiterJoins()) {
      connection.release()
      return
    }
    try {
      await run(connection, 'commit')
    } catch (error) {
      if (this.inTransaction()) await run(connection, 'rollback').catch(() => undefined)
      return this.#lose(error)
    }
    for (const member of members.splice(0)) member.resolve()
  }
}
