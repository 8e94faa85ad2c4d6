// The PostgreSQL connection pool behind connect.ts, in a module of its own so that pg is loaded
// only when a PostgreSQL database is opened.
import pg from 'pg'
import { NamedStatementClient } from './postgres-named-statements.js'
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

export interface PostgresPoolOptions {
  poolSize?: number
  onIdleClientError?: (error: Error) => void
}

export function openPostgresPool(url: string, options: PostgresPoolOptions): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types: postgresTypes(), Client: NamedStatementClient })
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
