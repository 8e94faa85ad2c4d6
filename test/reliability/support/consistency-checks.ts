// What must hold in the database after any crash, whatever the moment: the storage engine's own
// integrity checks pass; every acknowledged document is there, whole, as it was sent; no document
// is half-written; nothing is orphaned; the derived counters (numbering, quota, per-customer count)
// match the rows; idempotency keys point at what their request created. Returns the problems found
// (empty when consistent) so a failure names them all at once.
import { sql } from 'kysely'
import type { Db, Dialect } from '../../../src/platform/db/connect.js'
import { lastProposalNumber } from '../../support/proposal-counter.js'
import type { Acknowledged, CreationLedger } from './creation-driver.js'

export interface ConsistencyResult {
  problems: string[]
  /** Documents of the account in the database. */
  documents: number
  /** Acknowledged documents compared field by field with what was sent. */
  verified: number
}

async function engineIntegrity(db: Db, dialect: Dialect): Promise<string[]> {
  if (dialect === 'sqlite') {
    const integrity = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(db)
    const foreignKeys = await sql<Record<string, unknown>>`PRAGMA foreign_key_check`.execute(db)
    const problems = integrity.rows.map((row) => row.integrity_check).filter((line) => line !== 'ok').map((line) => `integrity_check: ${line}`)
    return [...problems, ...foreignKeys.rows.map((row) => `foreign_key_check: ${JSON.stringify(row)}`)]
  }
  // amcheck: every B-tree index is well-formed and holds every heap tuple (heapallindexed), and
  // every table's heap pages are valid.
  await sql`CREATE EXTENSION IF NOT EXISTS amcheck`.execute(db)
  const indexes = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_am a ON a.oid = c.relam
    WHERE n.nspname = 'public' AND a.amname = 'btree' AND c.relpersistence = 'p'`.execute(db)
  for (const { name } of indexes.rows) await sql`SELECT bt_index_check(${name}::regclass, true)`.execute(db)
  const heap = await sql<{ relation: string; blkno: number; msg: string }>`
    SELECT c.relname AS relation, v.blkno, v.msg FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    CROSS JOIN LATERAL verify_heapam(c.oid) v
    WHERE n.nspname = 'public' AND c.relkind = 'r'`.execute(db)
  if (indexes.rows.length === 0) return ['amcheck found no index to check']
  return heap.rows.map((row) => `verify_heapam ${row.relation} block ${row.blkno}: ${row.msg}`)
}

function countBy<T>(rows: T[], key: (row: T) => number): Map<number, number> {
  const counts = new Map<number, number>()
  for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1)
  return counts
}

async function orphans(db: Db): Promise<string[]> {
  const problems: string[] = []
  for (const table of ['proposal_items', 'proposal_signers', 'proposal_events', 'domain_events']) {
    const result = await sql<{ n: number | string }>`
      SELECT COUNT(*) AS n FROM ${sql.table(table)} child LEFT JOIN proposals p ON p.id = child.proposal_id
      WHERE child.proposal_id IS NOT NULL AND p.id IS NULL`.execute(db)
    const count = Number(result.rows[0]?.n ?? 0)
    if (count > 0) problems.push(`${count} ${table} rows without their proposal`)
  }
  return problems
}

async function verifyAcknowledged(db: Db, accountId: number, acknowledged: Acknowledged[]): Promise<string[]> {
  const problems: string[] = []
  if (acknowledged.length === 0) return problems
  const ids = acknowledged.map((ack) => ack.id)
  const problemsFor = new Map<number, string[]>()
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500)
    const [proposals, items, signers] = await Promise.all([
      db.selectFrom('proposals').select(['id', 'number', 'external_reference', 'installments']).where('account_id', '=', accountId).where('id', 'in', chunk).execute(),
      db.selectFrom('proposal_items').select(['proposal_id', 'position', 'product_id', 'quantity_milli']).where('proposal_id', 'in', chunk).orderBy('proposal_id').orderBy('position').execute(),
      db.selectFrom('proposal_signers').select(['proposal_id', 'name', 'email', 'role_id']).where('proposal_id', 'in', chunk).orderBy('proposal_id').orderBy('signing_order').orderBy('id').execute(),
    ])
    const byId = new Map(proposals.map((row) => [row.id, row]))
    for (const ack of acknowledged.slice(start, start + 500)) {
      const row = byId.get(ack.id)
      const found: string[] = []
      if (!row) found.push('missing')
      else {
        if (row.number !== ack.number) found.push(`number ${row.number} instead of ${ack.number}`)
        if (row.external_reference !== ack.sent.tag) found.push(`external_reference ${row.external_reference}`)
        if (row.installments !== ack.sent.body.installments) found.push(`installments ${row.installments}`)
        const storedItems = items.filter((item) => item.proposal_id === ack.id).map((item) => ({ product_id: item.product_id, quantity: item.quantity_milli / 1000 }))
        if (JSON.stringify(storedItems) !== JSON.stringify(ack.sent.body.items)) found.push(`items ${JSON.stringify(storedItems)} instead of ${JSON.stringify(ack.sent.body.items)}`)
        const storedSigners = signers.filter((signer) => signer.proposal_id === ack.id).map((signer) => ({ name: signer.name, email: signer.email, role_id: signer.role_id }))
        if (JSON.stringify(storedSigners) !== JSON.stringify(ack.sent.body.signers)) found.push(`signers ${JSON.stringify(storedSigners)} instead of ${JSON.stringify(ack.sent.body.signers)}`)
      }
      if (found.length > 0) problemsFor.set(ack.id, found)
    }
  }
  for (const [id, found] of problemsFor) problems.push(`acknowledged document ${id}: ${found.join('; ')}`)
  return problems
}

/**
 * Checks the whole database, and compares `toVerify` (acknowledged documents not verified yet;
 * pass all of them for a final full check) field by field with what was sent.
 */
export async function checkConsistency(db: Db, dialect: Dialect, accountId: number, ledger: CreationLedger, toVerify: Acknowledged[]): Promise<ConsistencyResult> {
  const problems = [...(await engineIntegrity(db, dialect)), ...(await orphans(db))]

  const proposals = await db.selectFrom('proposals').select(['id', 'number', 'external_reference', 'customer_id', 'created_via']).where('account_id', '=', accountId).execute()
  const proposalIds = proposals.map((row) => row.id)
  const [items, signers, createdEvents, domainEvents] = await Promise.all([
    db.selectFrom('proposal_items').select('proposal_id').where('account_id', '=', accountId).execute(),
    db.selectFrom('proposal_signers').select('proposal_id').where('account_id', '=', accountId).execute(),
    db.selectFrom('proposal_events').select('proposal_id').where('account_id', '=', accountId).where('type', '=', 'created').execute(),
    db.selectFrom('domain_events').select('proposal_id').where('account_id', '=', accountId).where('type', '=', 'proposal.created').execute(),
  ])
  const itemCount = countBy(items, (row) => row.proposal_id)
  const signerCount = countBy(signers, (row) => row.proposal_id)
  const createdCount = countBy(createdEvents, (row) => row.proposal_id)
  const domainCount = countBy(domainEvents, (row) => row.proposal_id!)

  // No half-written document: each one has the items and signers its request sent, and its history.
  const byTag = new Map<string, number>()
  for (const proposal of proposals) {
    const tag = proposal.external_reference ?? ''
    const sent = ledger.sent.get(tag)
    if (!sent) {
      problems.push(`document ${proposal.id} (external_reference ${tag}) matches no request that was sent`)
      continue
    }
    if (byTag.has(tag)) problems.push(`request ${tag} created two documents: ${byTag.get(tag)} and ${proposal.id}`)
    byTag.set(tag, proposal.id)
    if ((itemCount.get(proposal.id) ?? 0) !== sent.body.items.length) problems.push(`document ${proposal.id}: ${itemCount.get(proposal.id) ?? 0} items, ${sent.body.items.length} sent`)
    if ((signerCount.get(proposal.id) ?? 0) !== sent.body.signers.length) problems.push(`document ${proposal.id}: ${signerCount.get(proposal.id) ?? 0} signers, ${sent.body.signers.length} sent`)
    if (createdCount.get(proposal.id) !== 1) problems.push(`document ${proposal.id}: ${createdCount.get(proposal.id) ?? 0} "created" history entries`)
    if (domainCount.get(proposal.id) !== 1) problems.push(`document ${proposal.id}: ${domainCount.get(proposal.id) ?? 0} proposal.created domain events`)
  }

  // Numbering: a creation that did not commit consumed no number, so the numbers are exactly 1..N.
  const numbers = proposals.map((row) => row.number).sort((a, b) => a - b)
  const gap = numbers.findIndex((number, index) => number !== index + 1)
  if (gap !== -1) problems.push(`document numbers are not 1..${numbers.length}: position ${gap + 1} holds ${numbers[gap]}`)
  const lastNumber = await lastProposalNumber(db, accountId)
  if (lastNumber !== proposals.length) problems.push(`the account's last document number is ${lastNumber}, ${proposals.length} documents stored`)

  // The quota counter counts exactly the committed API creations (summed over months: a run may cross one).
  const usage = await db.selectFrom('api_usage_counters').select((eb) => eb.fn.sum<number>('creations').as('creations')).where('account_id', '=', accountId).executeTakeFirst()
  const apiCreations = proposals.filter((row) => row.created_via === 'api').length
  if (Number(usage?.creations ?? 0) !== apiCreations) problems.push(`quota counter says ${usage?.creations ?? 0} creations, ${apiCreations} API documents stored`)

  const customers = await db.selectFrom('customers').select(['id', 'proposal_count']).where('account_id', '=', accountId).execute()
  const perCustomer = countBy(proposals, (row) => row.customer_id)
  for (const customer of customers) {
    if (customer.proposal_count !== (perCustomer.get(customer.id) ?? 0)) problems.push(`customer ${customer.id}: proposal_count ${customer.proposal_count}, ${perCustomer.get(customer.id) ?? 0} documents`)
  }

  // Idempotency keys: a key points at the document its request created, in the same commit; a
  // completed key stored the 201 of that document; a request without a surviving key created nothing.
  const keys = await db.selectFrom('idempotency_keys').select(['idempotency_key', 'state', 'resource_id', 'response_status', 'response_body']).where('account_id', '=', accountId).execute()
  const keyRows = new Map(keys.map((row) => [row.idempotency_key, row]))
  const ids = new Set(proposalIds)
  for (const row of keys) {
    if (row.resource_id !== null && !ids.has(row.resource_id)) problems.push(`idempotency key ${row.idempotency_key} points at missing document ${row.resource_id}`)
    if (row.state === 'completed') {
      const storedId = row.response_body ? (JSON.parse(row.response_body) as { id?: number }).id : undefined
      if (row.resource_id === null || row.response_status !== 201 || storedId !== row.resource_id) {
        problems.push(`completed idempotency key ${row.idempotency_key}: resource ${row.resource_id}, status ${row.response_status}, stored body id ${storedId}`)
      }
    }
  }
  for (const sent of ledger.sent.values()) {
    if (sent.key === null) continue
    const created = byTag.get(sent.tag)
    const row = keyRows.get(sent.key)
    if (created !== undefined && row?.resource_id !== created) problems.push(`request ${sent.tag} created document ${created} but its idempotency key ${row ? `points at ${row.resource_id}` : 'is gone'}`)
    const acknowledged = ledger.acknowledged.get(sent.tag)
    if (acknowledged && row?.state !== 'completed') problems.push(`acknowledged request ${sent.tag}: idempotency key ${row ? row.state : 'missing'}`)
  }

  problems.push(...(await verifyAcknowledged(db, accountId, toVerify)))
  for (const ack of ledger.acknowledged.values()) {
    if (!ids.has(ack.id)) problems.push(`acknowledged document ${ack.id} (${ack.sent.tag}) is missing`)
  }
  return { problems, documents: proposals.length, verified: toVerify.length }
}
