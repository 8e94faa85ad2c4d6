// A new document's rows: the document, its items, its signers and the first entry of its history.
// SQLite writes them with up to four statements (no signers: three), in-process. On PostgreSQL
// each statement is a round trip made while the account's row lock is held (proposal-number.ts),
// and every other creation of the account waits for that lock, so there the four go as one
// statement: the document's INSERT …
// RETURNING is a CTE the other three take its id from, and each child table gets one array per
// column (unnest), so the text is the same for any number of items or signers and stays one named
// statement per connection (postgres-named-statements.ts).
import { CompiledQuery, type Selectable, sql } from 'kysely'
import type { Db } from '../../platform/db/connect.js'
import { isPostgres } from '../../platform/db/dialect-of.js'
import { PREPARED_QUERY_MARK, preparedInsert, preparedQuery } from '../../platform/db/prepared-query.js'
import type { ProposalsTable } from '../../platform/db/schema.js'
import {
  type HistoryEntry,
  historyValues,
  insertProposalChildren,
  itemValues,
  type PreparedContent,
  PROPOSAL_CONTENT_COLUMNS,
  recordProposalEvent,
  signerValues,
} from './proposal-content-writes.js'

/** The columns a new document sets: the content's and the creation's. */
const NEW_PROPOSAL_COLUMNS = [
  ...PROPOSAL_CONTENT_COLUMNS,
  'account_id', 'number', 'external_uuid', 'status', 'created_via', 'api_token_id', 'created_by_user_id', 'created_at', 'updated_at',
] as const satisfies ReadonlyArray<keyof ProposalsTable>

/** Every column required, nullable ones included: the PostgreSQL statement binds each by name. */
export type NewProposalRow = Pick<Selectable<ProposalsTable>, (typeof NEW_PROPOSAL_COLUMNS)[number]>

/**
 * PostgreSQL: the id the next document will have, taken from its sequence (so it can be taken
 * before the account's lock, and what refers to the document can be written with it). SQLite:
 * null, the insert hands the id out.
 */
export async function reserveProposalId(trx: Db): Promise<number | null> {
  if (!isPostgres(trx)) return null
  const [row] = await nextProposalId(trx)
  return row!.id
}

// The sequence behind migration 001's bigserial id (named by PostgreSQL's convention).
const nextProposalId = preparedQuery(0, (db) => db.selectNoFrom(sql<number>`nextval('proposals_id_seq')`.as('id')))

/**
 * Writes the document, its items and signers (from `content`) and `history`; returns the new id.
 * PostgreSQL needs `row.id`, from reserveProposalId.
 */
export async function insertNewProposal(trx: Db, row: NewProposalRow & { id?: number }, content: PreparedContent, history: HistoryEntry): Promise<number> {
  if (isPostgres(trx)) {
    if (row.id === undefined) throw new Error('a new document needs its reserved id on PostgreSQL')
    return insertAtOnce(trx, { ...row, id: row.id }, content, history)
  }
  const id = await insertProposal.returningId(trx, row)
  await insertProposalChildren(trx, row.account_id, id, content, row.created_at)
  await recordProposalEvent(trx, row.account_id, id, history)
  return id
}

// Built once (prepared-query.ts).
const insertProposal = preparedInsert<NewProposalRow>('proposals', NEW_PROPOSAL_COLUMNS)

// The PostgreSQL type of each child column the arrays carry (the account and the document's id
// come from the document's row), as migration 001 declares it. `satisfies` keeps the names in step
// with the rows written; the types are checked by the tests (values past 2^31 in money columns).
const ITEM_TYPES = {
  position: 'integer', product_id: 'bigint', code: 'text', name: 'text', description: 'text', unit: 'text',
  quantity_milli: 'bigint', unit_price_cents: 'bigint', discount_cents: 'bigint', total_cents: 'bigint',
} as const satisfies Record<keyof ReturnType<typeof itemValues>[number], string>
const SIGNER_TYPES = {
  name: 'text', email: 'text', cpf: 'text', phone: 'text', role_id: 'bigint', signing_order: 'integer', authentication: 'text', status: 'text', signed_at: 'timestamptz', created_at: 'timestamptz',
} as const satisfies Record<keyof ReturnType<typeof signerValues>[number], string>
const HISTORY_TYPES = {
  type: 'text', actor_type: 'text', actor_id: 'bigint', actor_name: 'text', data_json: 'text', created_at: 'timestamptz',
} as const satisfies Record<keyof ReturnType<typeof historyValues>, string>

const CHILDREN = [
  { cte: 'items', table: 'proposal_items', types: ITEM_TYPES },
  { cte: 'signers', table: 'proposal_signers', types: SIGNER_TYPES },
  { cte: 'history', table: 'proposal_events', types: HISTORY_TYPES },
] as const

const quoted = (column: string) => `"${column}"`

/** The document's columns in the PostgreSQL statement: its reserved id first, then the rest. */
const AT_ONCE_COLUMNS = ['id', ...NEW_PROPOSAL_COLUMNS] as const

/** The statement's text; parameters: the document's columns, then one array per child column. */
function atOnceStatement(): string {
  let parameter = 0
  const next = () => `$${(parameter += 1)}`
  const documentValues = AT_ONCE_COLUMNS.map(next)
  const children = CHILDREN.map(({ cte, table, types }) => {
    const columns = Object.keys(types).map(quoted)
    const arrays = Object.values(types).map((type) => `${next()}::${type}[]`)
    // WITH ORDINALITY and ORDER BY: ids are handed out in the order the rows were given.
    return (
      `${cte} as (insert into ${table} (account_id, proposal_id, ${columns.join(', ')}) ` +
      `select document.account_id, document.id, ${columns.map((column) => `child.${column}`).join(', ')} ` +
      `from document, unnest(${arrays.join(', ')}) with ordinality as child(${columns.join(', ')}, ordinal) order by child.ordinal)`
    )
  })
  return (
    `${PREPARED_QUERY_MARK}with document as (insert into proposals (${AT_ONCE_COLUMNS.map(quoted).join(', ')}) ` +
    `values (${documentValues.join(', ')}) returning id, account_id), ${children.join(', ')} select id from document`
  )
}

const AT_ONCE = atOnceStatement()

/** Each column of `rows` as an array, in the order of `types`' keys. */
function columnArrays(types: Record<string, string>, rows: ReadonlyArray<Record<string, unknown>>): unknown[][] {
  return Object.keys(types).map((column) => rows.map((row) => row[column] ?? null))
}

async function insertAtOnce(trx: Db, row: NewProposalRow & { id: number }, content: PreparedContent, history: HistoryEntry): Promise<number> {
  const parameters = [
    ...AT_ONCE_COLUMNS.map((column) => row[column]),
    ...columnArrays(ITEM_TYPES, itemValues(content)),
    ...columnArrays(SIGNER_TYPES, signerValues(content, row.created_at)),
    ...columnArrays(HISTORY_TYPES, [historyValues(history)]),
  ]
  const { rows } = await trx.executeQuery<{ id: number }>(CompiledQuery.raw(AT_ONCE, parameters))
  return rows[0]!.id
}
