// Kysely's SQLite query compiler with one change: a LIMIT bound as a parameter is written
// `? + 0`. Since 3.47 SQLite's planner reads the value bound to a bare `limit ?` when it plans,
// and so marks the statement to be prepared again whenever that parameter is bound again: every
// run of a cached statement with a LIMIT was compiled anew. A customer's page of ~10 documents
// cost its thread ~72 µs as `limit ?` and ~35 µs as `limit ? + 0`, the default seller's read
// ~17 against ~5 µs (SQLite 3.53; docs/PERFORMANCE.md). The planner does not evaluate an
// expression, so the statement is prepared once and the LIMIT is computed when it runs, with the
// same result. OFFSET is not read by the planner and stays as it is.
import { type LimitNode, SqliteQueryCompiler, ValueNode } from 'kysely'

export class SqliteCompilerPreparingOnce extends SqliteQueryCompiler {
  protected override visitLimit(node: LimitNode): void {
    super.visitLimit(node)
    if (ValueNode.is(node.limit) && !node.limit.immediate) this.append(' + 0')
  }
}
