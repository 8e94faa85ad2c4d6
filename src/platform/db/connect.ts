// Opens the database named by the configuration. Both dialects return the same shapes:
// integers as numbers, instants as ISO 8601 UTC strings, dates as YYYY-MM-DD strings.
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { DatabaseConfig } from '../../config.js'
import type { Database } from './schema.js'
import { NamedStatementClient } from './postgres-named-statements.js'
import { openSqliteDatabase } from './sqlite-database.js'
import { FifoSqliteDialect } from './sqlite-driver.js'

export type Db = Kysely<Database>
export type Dialect = DatabaseConfig['dialect']

export interface DatabaseHandle {
  readonly db: Db
  readonly dialect: Dialect
  /** The SQLite file (null on PostgreSQL or for an in-memory database), for tools that open it directly (bench-data). */
  readonly sqliteFile: string | null
  /** How another connection (a worker thread's) reaches this same database; null when none can (in-memory SQLite, a borrowed handle). */
  readonly sharedConfig: DatabaseConfig | null
  close(): Promise<void>
}

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
          return (value: string) => new Date(oid === PG_OID.timestamp ? `${value}Z` : value).toISOString()
        default:
          return pg.types.getTypeParser(oid, format as 'text')
      }
    }) as pg.CustomTypesConfig['getTypeParser'],
  }
}

export function connectDatabase(config: DatabaseConfig, options: { poolSize?: number; onIdleClientError?: (error: Error) => void } = {}): DatabaseHandle {
  if (config.dialect === 'sqlite') {
    const db = new Kysely<Database>({ dialect: new FifoSqliteDialect(openSqliteDatabase(config.file)) })
    const inMemory = config.file === ':memory:'
    return { db, dialect: 'sqlite', sqliteFile: inMemory ? null : config.file, sharedConfig: inMemory ? null : config, close: () => db.destroy() }
  }
  const pool = new pg.Pool({ connectionString: config.url, max: options.poolSize ?? 10, types: postgresTypes(), Client: NamedStatementClient })
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
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return { db, dialect: 'postgres', sqliteFile: null, sharedConfig: config, close: () => db.destroy() }
}
