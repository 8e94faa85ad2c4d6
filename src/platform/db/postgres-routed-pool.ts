// What Kysely's PostgreSQL driver gets as its pool: each acquisition is a client that sends the
// hot named statements (text marked by prepared-query.ts) to the pipelined connections
// (postgres-pipelined-statements.ts) while it holds no pooled connection, and takes a pooled one
// for anything else, keeping it until Kysely releases the client. A transaction's BEGIN is such
// an "anything else", so every statement of a transaction, named or not, runs on its connection.
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely'
import type pg from 'pg'
import { PREPARED_QUERY_MARK } from './prepared-query.js'
import { coalesceWrites } from './postgres-socket.js'
import { DEFAULT_POOL_SIZE, openPipelinedStatements, openPostgresPool, pipelinedConnections, type PostgresPoolOptions } from './postgres-pool.js'
import type { PipelinedStatements } from './postgres-pipelined-statements.js'

class RoutingClient {
  #pooled: pg.PoolClient | null = null

  constructor(
    private readonly pool: pg.Pool,
    private readonly pipelined: PipelinedStatements,
  ) {}

  async query<R>(sqlOrCursor: unknown, parameters?: readonly unknown[]): Promise<PostgresQueryResult<R>> {
    if (this.#pooled === null && typeof sqlOrCursor === 'string' && sqlOrCursor.startsWith(PREPARED_QUERY_MARK)) {
      return this.pipelined.query<R>(sqlOrCursor, parameters ?? []) as Promise<PostgresQueryResult<R>>
    }
    this.#pooled ??= await this.pool.connect()
    // Statements a transaction issues together leave in one write (postgres-socket.ts).
    coalesceWrites(this.#pooled)
    return this.#pooled.query(sqlOrCursor as string, parameters as unknown[]) as unknown as Promise<PostgresQueryResult<R>>
  }

  release(destroy?: boolean): void {
    const pooled = this.#pooled
    this.#pooled = null
    pooled?.release(destroy)
  }
}

/** `options.poolSize` connections in all: the pipelined ones (pipelinedConnections) and a pool of the rest. */
export function openRoutedPostgresPool(url: string, options: PostgresPoolOptions): PostgresPool {
  const size = options.poolSize ?? DEFAULT_POOL_SIZE
  const connections = pipelinedConnections(size)
  const pool = openPostgresPool(url, { ...options, poolSize: size - connections })
  if (connections === 0) return pool
  const pipelined = openPipelinedStatements(url, connections)
  return {
    // A new client each time, as pg's pool hands out: Kysely keeps state per client (a connection it
    // discarded after an error stays discarded), so one must never come back.
    connect: async () => new RoutingClient(pool, pipelined) as unknown as PostgresPoolClient,
    end: async () => {
      await Promise.all([pipelined.end(), pool.end()])
    },
  }
}
