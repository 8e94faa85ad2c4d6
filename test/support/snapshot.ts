// Whole-table snapshots for "a failed request changes nothing": every row of the tables a
// creation writes, plus each account's proposal counter, compared before and after.
import type { Db } from '../../src/platform/db/connect.js'

const WRITTEN_TABLES = ['proposals', 'proposal_items', 'proposal_signers', 'proposal_events', 'customers'] as const

export type WrittenTable = (typeof WRITTEN_TABLES)[number]

export interface DatabaseSnapshot {
  counts: Record<WrittenTable, number>
  rows: Record<WrittenTable, unknown[]>
  proposalCounters: Array<{ account_id: number; last_number: number }>
}

export async function snapshotDatabase(db: Db): Promise<DatabaseSnapshot> {
  const counts = {} as Record<WrittenTable, number>
  const rows = {} as Record<WrittenTable, unknown[]>
  for (const table of WRITTEN_TABLES) {
    const tableRows = await db.selectFrom(table).selectAll().orderBy('id').execute()
    rows[table] = tableRows
    counts[table] = tableRows.length
  }
  const proposalCounters = await db.selectFrom('proposal_number_counters').select(['account_id', 'last_number']).orderBy('account_id').execute()
  return { counts, rows, proposalCounters }
}
