// Group commit on PostgreSQL, for work that serialises on one row lock anyway (a creation holds
// its account's row lock from its number to its commit: create-proposal.ts). Work under the same
// key queues in this process; one transaction runs the queued members one after the other, each
// in a savepoint, and commits them together, at most MAX_MEMBERS at a time. So the lock is taken
// once per group instead of once per member, and the COMMIT with its WAL flush (~1 ms on this
// machine's disk) is paid once per group: creations of one account +53 % (docs/PERFORMANCE.md).
//
// - A member's result is handed out only once its group has committed, so nothing is
//   acknowledged that could still be lost.
// - A member that fails is rolled back to its savepoint and gets its own error; the others go on.
// - When the group's COMMIT fails (or its connection dies), every member that had succeeded fails
//   with that error: none of them was committed.
// - A savepoint's statements leave with the member's first ones, and its release with the next
//   member's (withConcurrentStatements); the last one is released by the COMMIT. They cost no
//   round trip of their own.
// Other processes' work under the same key waits on the row lock as before; each process groups
// its own.
import { sql } from 'kysely'
import type { Db } from './connect.js'
import { withConcurrentStatements } from './concurrent-statements.js'
import { settleAll } from '../settle-all.js'

/** Bounds what a member waits for after its own work, and what one failed COMMIT takes with it (as sqlite-group-commit.ts). */
export const MAX_MEMBERS = 16

interface Member {
  work: (trx: Db) => Promise<unknown>
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

type Groups = Map<number, Member[]>

/** The queues of waiting members, per database and key; a key's queue exists while a group of it runs. */
const queuesOf = new WeakMap<Db, Groups>()

/** Runs `work` in a savepoint of a transaction it may share with other work under `key`; resolves once that transaction committed. */
export function inGroupCommit<T>(db: Db, key: number, work: (trx: Db) => Promise<T>): Promise<T> {
  let queues = queuesOf.get(db)
  if (queues === undefined) queuesOf.set(db, (queues = new Map()))
  return new Promise<T>((resolve, reject) => {
    const member: Member = { work, resolve: resolve as (value: unknown) => void, reject }
    const queue = queues.get(key)
    if (queue !== undefined) return void queue.push(member)
    const started: Member[] = [member]
    queues.set(key, started)
    void runGroups(db, queues, key, started)
  })
}

async function runGroups(db: Db, queues: Groups, key: number, queue: Member[]): Promise<void> {
  while (queue.length > 0) await commitGroup(db, queue.splice(0, MAX_MEMBERS))
  // No await between the last check and this: a member arriving now starts a new queue.
  queues.delete(key)
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown }

async function commitGroup(db: Db, members: Member[]): Promise<void> {
  const outcomes: Outcome[] = []
  try {
    await db.transaction().execute((transaction) =>
      withConcurrentStatements(transaction, async (trx) => {
        for (const [index, member] of members.entries()) {
          // The previous member's savepoint released and this one's opened, with its first statements.
          const opened = settleAll([index > 0 ? sql`release savepoint group_member`.execute(trx) : undefined, sql`savepoint group_member`.execute(trx)])
          // Awaited below, after the member's work: until then a failure must not go unhandled.
          opened.catch(() => undefined)
          const [outcome] = await Promise.allSettled([member.work(trx)])
          // A failure of the savepoint's statements breaks the group.
          await opened
          if (outcome.status === 'fulfilled') {
            outcomes.push({ ok: true, value: outcome.value })
          } else {
            outcomes.push({ ok: false, error: outcome.reason })
            await sql`rollback to savepoint group_member`.execute(trx)
          }
        }
        // The last savepoint is released by the COMMIT itself.
      }),
    )
  } catch (error) {
    members.forEach((member, index) => {
      const outcome = outcomes[index]
      member.reject(outcome !== undefined && !outcome.ok ? outcome.error : error)
    })
    return
  }
  members.forEach((member, index) => {
    const outcome = outcomes[index]!
    if (outcome.ok) member.resolve(outcome.value)
    else member.reject(outcome.error)
  })
}
