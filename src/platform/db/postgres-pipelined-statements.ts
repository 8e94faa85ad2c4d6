// The hot named statements (prepared-query.ts), when they run outside a transaction, go through a
// few connections in pg's pipeline mode instead of one pooled connection each: the statements
// asked for in one turn of the event loop leave in one write on one connection, and PostgreSQL
// answers them in order. Each statement carries its own Sync, so it is its own implicit
// transaction and a failing one fails alone, exactly as on a pooled connection.
//
// Why: on loopback, every write to a database socket wakes a backend, and on a machine whose few
// cores the server and the database share, that wake-up and the switch to it took a quarter of
// the event loop's samples under a PostgreSQL read load (`writev` to the database at ~24 % under
// the detail). One write per turn instead of one per statement: the detail +36 %, a
// customer's page +25–46 % (docs/PERFORMANCE.md). Only the named statements come here: they are
// the short, index-bound ones; anything else could hold up the statements queued behind it on
// the same connection.
import pg from 'pg'
import { socketOf } from './postgres-socket.js'

export interface PipelinedStatementsOptions {
  /** Opens a client in pipeline mode (`pipeline: true`), not yet connected. */
  createClient: () => pg.Client
  /** How many connections the statements are spread over, a turn's statements on one of them. */
  connections: number
}

interface Live {
  client: pg.Client
  connected: Promise<void>
  ready: boolean
  /** Statements sent and not yet answered. */
  inFlight: number
}

export class PipelinedStatements {
  readonly #options: PipelinedStatementsOptions
  readonly #live: Live[] = []
  /** The connection this turn's statements go to (corked until the turn ends), if any yet. */
  #turn: Live | null = null
  #closed = false

  constructor(options: PipelinedStatementsOptions) {
    this.#options = options
  }

  /** Runs `text` with `values` as pg's `client.query(text, values)` would. */
  async query<R>(text: string, values: readonly unknown[]): Promise<pg.QueryResult<R & pg.QueryResultRow>> {
    if (this.#closed) throw new Error('the pipelined PostgreSQL connections are closed')
    const live = this.#turnConnection()
    live.inFlight += 1
    try {
      await live.connected
      return await live.client.query<R & pg.QueryResultRow>(text, values as unknown[])
    } finally {
      live.inFlight -= 1
    }
  }

  /** Ends every connection once the statements sent on it are answered. */
  async end(): Promise<void> {
    this.#closed = true
    await Promise.all(this.#live.splice(0).map((live) => live.connected.then(() => live.client.end()).catch(() => undefined)))
  }

  #turnConnection(): Live {
    if (this.#turn !== null) return this.#turn
    const live = this.#leastBusy()
    // Until it is connected (its socket may still be replaced by TLS's), a connection's statements
    // wait for the connection and leave one by one.
    if (!live.ready) return live
    // Held back until the turn's I/O callbacks are done, then written at once (setImmediate runs after them).
    const socket = socketOf(live.client)
    socket.cork()
    this.#turn = live
    setImmediate(() => {
      this.#turn = null
      socket.uncork()
    })
    return live
  }

  #leastBusy(): Live {
    if (this.#live.length < this.#options.connections) return this.#open()
    let best = this.#live[0]!
    for (const live of this.#live) if (live.inFlight < best.inFlight) best = live
    return best
  }

  #open(): Live {
    const client = this.#options.createClient()
    const live: Live = { client, connected: Promise.resolve(), ready: false, inFlight: 0 }
    live.connected = client.connect().then(() => {
      live.ready = true
    })
    // A connection that fails or ends (a restart, pg_terminate_backend, a network cut) is dropped:
    // the statements sent on it fail with its error (pg answers each), the next ones open another.
    const drop = () => {
      const index = this.#live.indexOf(live)
      if (index >= 0) this.#live.splice(index, 1)
    }
    client.on('error', drop)
    client.on('end', drop)
    live.connected.catch(drop)
    this.#live.push(live)
    return live
  }
}
