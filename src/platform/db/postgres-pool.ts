// The PostgreSQL connection pool behind connect.ts, in a module of its own so that pg is loaded
// only when a PostgreSQL database is opened.
import pg from 'pg'
import { NamedStatementClient } from './postgres-named-statements.js'
import { PipelinedStatements } from './postgres-pipelined-statements.js'
import { isoFromPostgresTimestamp } from './postgres-timestamps.js'

const PG_OID = { int8: 20, numeric: 1700, date: 1082, timestamp: 1114, timestamptz: 1184 } as const

function postgresTypes(): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: string) => {
      switch (oid) {
        case PG_OID.int8:
        case PG_OID.numeric:
          return (value: string) => Number(value)
        case PG_OID.date:
          return (value: string) => value
        case PG_OID.timestamp:
        case PG_OID.timestamptz:
          return oid === PG_OID.timestamptz ? (value: string) => isoFromPostgresTimestamp(value, true) : (value: string) => isoFromPostgresTimestamp(value, false)
        default:
          return pg.types.getTypeParser(oid, format as 'text')
      }
    }) as pg.CustomTypesConfig['getTypeParser'],
  }
}

/** When the caller gives no size (the app always gives DATABASE_POOL_SIZE's). */
export const DEFAULT_POOL_SIZE = 10

export interface PostgresPoolOptions {
  poolSize?: number
  onIdleClientError?: (error: Error) => void
}

export function openPostgresPool(url: string, options: PostgresPoolOptions): pg.Pool {
  // Pipeline mode: statements a transaction issues together (in a view of it that lets them
  // overlap: concurrent-statements.ts) leave at once and cost one round trip, not one each. That
  // matters under the account's row lock, which every creation of the account waits for while the
  // holder's statements go back and forth (create-proposal.ts). Statements issued one after the
  // other behave exactly as before:
  // PostgreSQL runs a connection's statements in order, and after a failure inside a transaction
  // the ones already sent fail as "current transaction is aborted", as they would have when sent.
  // Nothing here uses a cursor (a portal kept open), which pipeline mode refuses.
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? DEFAULT_POOL_SIZE, types: postgresTypes(), Client: NamedStatementClient, pipeline: true } as pg.PoolConfig)
  // An idle pooled connection can be closed by the server (restart, failover, admin command).
  // pg reports that as an 'error' event; unhandled, it would crash the process. The pool drops
  // the dead client by itself and opens a new one on the next query.
  pool.on('error', (error) => {
    ;(options.onIdleClientError ?? ((e: Error) => console.warn(`[vendoc] idle PostgreSQL connection closed: ${e.message}`)))(error)
  })
  // A connection that dies while checked out (the database restarted mid-request or mid-transaction)
  // also emits 'error' on its client, where the pool listens only while the client is idle: without
  // this listener the process crashed. The query in flight fails with the error (that request
  // answers 500 and is logged), and the pool discards the broken client when it is released.
  pool.on('connect', (client) => {
    client.on('error', () => undefined)
  })
  return pool
}

/**
 * How many of a process's `poolSize` connections carry the hot named statements in pipeline mode
 * (postgres-pipelined-statements.ts): two of a pool of four or more, else none, so the pool keeps
 * at least two connections (code holding a transaction may still query outside it). Two measured
 * the same as one and three under the detail on two cores, and keep the database's work on two
 * backends, so one long statement holds up only half of the others. They come out of the pool's
 * size rather than on top of it: six busy backends instead of four on this machine's two cores
 * slowed PostgreSQL creations by ~15–20 % (the account lock's holder got less of the CPU); with
 * four (two pooled, two pipelined) creations were within noise of before (docs/PERFORMANCE.md).
 */
export function pipelinedConnections(poolSize: number): number {
  return poolSize >= 4 ? 2 : 0
}

/** The connections the hot named statements share outside transactions (postgres-pipelined-statements.ts). */
export function openPipelinedStatements(url: string, connections: number): PipelinedStatements {
  return new PipelinedStatements({
    connections,
    createClient: () => new NamedStatementClient({ connectionString: url, types: postgresTypes(), pipeline: true }),
  })
}
