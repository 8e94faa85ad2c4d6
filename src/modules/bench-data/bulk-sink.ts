// Where generated rows go: one implementation per engine (sqlite-bulk-sink.ts, postgres-bulk-sink.ts).
// Rows are buffered and written in large batches; commit() ends a batch (one transaction), so the
// generator decides how much work one transaction holds.
import type { BulkTable } from './bench-tables.js'

export interface BulkSink {
  /** Next free id of each bulk table (max(id) + 1), read when the sink opens. */
  readonly firstIds: Readonly<Record<BulkTable['name'], number>>
  /** Buffers one row; its values follow `table.columns`. */
  write(table: BulkTable, row: unknown[]): void
  /** Writes what is buffered, parents first, and commits the batch. */
  commit(): Promise<void>
  /** Moves id sequences past the explicit ids, refreshes planner statistics and releases the connection. */
  finish(): Promise<void>
  /** Releases the connection after a failure (the open batch is rolled back). */
  abort(): Promise<void>
}
