// Inside a transaction Kysely runs one statement at a time: its connection provider waits for each
// statement to finish before it lets the next one start, so statements a caller issues together
// (settleAll) still cost one round trip each. On PostgreSQL that is what the account's row lock
// is held for during a creation (create-proposal.ts): every creation of the account waits while
// the holder's statements go back and forth. The pooled connections are in pipeline mode
// (postgres-pool.ts), so statements issued together can leave together (in one socket write:
// postgres-socket.ts) and share one round trip, once nothing holds them back: this gives a section
// of a transaction a view of that same transaction whose statements go straight to its connection.
//
// Safe because PostgreSQL runs a connection's statements in the order they were sent, and a
// section's code awaits whatever depends on an earlier statement before issuing it, as it would
// have anyway. Inside the section only the view may be used: the transaction itself is held by the
// section until it ends (a statement on it would wait for ever). SQLite runs statements in-process,
// where this would gain nothing: there the section gets the transaction as it is.
import { type ConnectionProvider, type DatabaseConnection, type Dialect, type Driver, Transaction } from 'kysely'
import type { Db } from './connect.js'
import { isPostgres } from './dialect-of.js'
import type { Database } from './schema.js'

/** Hands out the one connection to every statement at once, without waiting for the previous one. */
class SharedConnection implements ConnectionProvider {
  constructor(private readonly connection: DatabaseConnection) {}

  provideConnection<T>(consumer: (connection: DatabaseConnection) => Promise<T>): Promise<T> {
    return consumer(this.connection)
  }
}

// A view only runs statements: beginning, committing or introspecting is its transaction's business.
const unavailable = new Proxy(
  {},
  {
    get: (_, property) => {
      throw new Error(`${String(property)} is not available on a view of concurrent statements (concurrent-statements.ts)`)
    },
  },
)

/** Runs `section` with a view of the transaction `trx` whose statements may overlap (PostgreSQL only). */
export async function withConcurrentStatements<T>(trx: Db, section: (trx: Db) => Promise<T>): Promise<T> {
  if (!trx.isTransaction || !isPostgres(trx)) return section(trx)
  const executor = trx.getExecutor()
  return executor.provideConnection((connection) =>
    section(
      new Transaction<Database>({
        config: { dialect: unavailable as Dialect },
        driver: unavailable as Driver,
        dialect: unavailable as Dialect,
        executor: executor.withConnectionProvider(new SharedConnection(connection)),
      }),
    ),
  )
}
