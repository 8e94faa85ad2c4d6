// The socket under a pg client's connection, for sending several statements in one write. On
// loopback every write to a database socket wakes a backend, and on a machine whose few cores the
// server and the database share, that wake-up and the switch to it are among the costliest things
// a statement does (`writev` was ~23 % of the event loop's samples under PostgreSQL creations).
import type pg from 'pg'

interface Corkable {
  cork(): void
  uncork(): void
}

/** The socket under a client's connection (a pg internal; pg is pinned to an exact version). */
export function socketOf(client: pg.Client): Corkable {
  return (client.connection as unknown as { stream: Corkable }).stream
}

const corked = new WeakSet<Corkable>()

/**
 * Holds `client`'s writes until the code running now, and the microtasks it has queued so far,
 * are done: the statements it issues together (concurrent-statements.ts) then leave in one write.
 * A statement issued alone leaves as soon as the current microtask ends, without waiting for I/O.
 */
export function coalesceWrites(client: pg.Client): void {
  const socket = socketOf(client)
  if (corked.has(socket)) return
  corked.add(socket)
  socket.cork()
  queueMicrotask(() => {
    corked.delete(socket)
    socket.uncork()
  })
}
