// SQLite plans from the statistics `analyze` gathered, when it ever ran (bench data, an operator's
// ANALYZE): a database analysed before has figures for every index but one a migration just made,
// and the planner then guesses for that one alone. So a migration that makes an index analyses its
// table on such a database, every index of it, not the new one alone: next to figures sampled under
// an `analysis_limit` (the bench-data generator's), exact ones for the new index alone made the
// planner prefer an older index and sort (migration 020, session 37). A database never analysed
// stays so. PostgreSQL plans an index on plain columns from the table's own column statistics, and
// autovacuum's next ANALYZE of the table gathers those of an expression index (migration 018).
import { type Kysely, sql } from 'kysely'
import type { Dialect } from '../db/connect.js'

export async function analyseIfAnalysedBefore(db: Kysely<unknown>, dialect: Dialect, table: string): Promise<void> {
  if (dialect !== 'sqlite') return
  const analysed = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name = 'sqlite_stat1'`.execute(db)
  if (analysed.rows.length > 0) await sql`analyze ${sql.id(table)}`.execute(db)
}
