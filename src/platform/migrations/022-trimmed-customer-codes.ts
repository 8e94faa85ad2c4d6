// Customer codes are looked up and stored trimmed since session 41 (`"CLI-0001 "` is `CLI-0001`).
// Codes stored before with spaces around them could no longer be found by code, so the next
// document sent for that customer created a second one. They are trimmed here, with their search
// key; a code blank once trimmed becomes none. A code whose trimmed form another customer of the
// account already has keeps its spaces: which of the two is the customer is a person's call (both
// show in Clientes, where the code can be edited), and the unique (account_id, code) forbids both.
// Rows are read in id batches (id and code only) and every write is by id, so a repeated run
// finds nothing left to do.
import { type Kysely, sql } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { foldForSearch } from '../db/folded-search.js'

const BATCH = 2000

interface CodeRow {
  id: number | string
  account_id: number | string
  code: string
}

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  let after = 0
  for (;;) {
    const batch = await sql<CodeRow>`select id, account_id, code from customers where id > ${after} and code is not null order by id limit ${BATCH}`.execute(db)
    if (batch.rows.length === 0) break
    for (const row of batch.rows) if (row.code !== row.code.trim()) await trimCode(db, row)
    after = Number(batch.rows.at(-1)!.id)
  }
}

async function trimCode(db: Kysely<unknown>, row: CodeRow): Promise<void> {
  const trimmed = row.code.trim()
  if (trimmed !== '') {
    const taken = await sql`select 1 from customers where account_id = ${row.account_id} and code = ${trimmed}`.execute(db)
    if (taken.rows.length > 0) return
  }
  const code = trimmed === '' ? null : trimmed
  await sql`update customers set code = ${code}, code_key = ${foldForSearch(trimmed)} where id = ${row.id}`.execute(db)
}
