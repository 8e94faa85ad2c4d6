// The erasure takes the domain events of the subject's documents inside its transaction (on
// SQLite, the instance's write lock): migration 019 makes that lookup ranges of an
// (account_id, proposal_id) index instead of a read of every event of the account with its
// payload. Checked here: the events found are exactly the documents', among many of the account's
// other documents and another account's; the plan on both engines; the migration on a database
// with events, and its re-run after an interruption. And the customer's own `customer.*` events
// (migration 040), through their partial index.
import { sql } from 'kysely'
import { expect, it } from 'vitest'
import { customerEventsQuery, subjectEventsQuery } from '../../src/modules/privacy/erase-personal-data.js'
import type { Db } from '../../src/platform/db/connect.js'
import { describeEachDialect } from '../support/dialects.js'
import { describeEachEmptyDatabase, insertBareAccount } from '../support/empty-database.js'
import { makeAccount } from '../support/factories.js'
import { expectIndexReplaced, migrateUpTo } from '../support/migration-rewind.js'
import { planOf } from '../support/query-plan.js'

/** `count` events of the account, about documents 1 to `documents` in turn (no document rows needed: the column has no foreign key). */
async function insertEvents(db: Db, accountId: number, count: number, documents: number, label: string): Promise<void> {
  const rows = Array.from({ length: count }, (_, index) => ({
    id: `evt_${label}_${index}`,
    account_id: accountId,
    type: 'proposal.sent',
    proposal_id: (index % documents) + 1,
    signer_id: null,
    payload_json: JSON.stringify({ id: `evt_${label}_${index}`, data: { note: 'x'.repeat(200) } }),
    created_at: new Date(Date.parse('2026-06-01T00:00:00.000Z') + index * 1_000).toISOString(),
  }))
  for (let first = 0; first < rows.length; first += 500) await db.insertInto('domain_events').values(rows.slice(first, first + 500)).execute()
}

describeEachDialect('erasure: the domain events of the subject’s documents', (env) => {
  it('are found through the (account_id, proposal_id) index, exactly', async () => {
    const account = await makeAccount(env)
    const other = await makeAccount(env)
    await insertEvents(env.db, account.id, 20_000, 5_000, `a${account.id}`)
    await insertEvents(env.db, other.id, 2_000, 5_000, `o${other.id}`)
    if (env.dialect === 'postgres') await sql`vacuum analyze domain_events`.execute(env.db)

    const query = subjectEventsQuery(env.db, account.id, [7, 4_999])
    const found = (await query.execute()).map((event) => event.id).sort()
    const expected = Array.from({ length: 20_000 }, (_, index) => index)
      .filter((index) => [7, 4_999].includes((index % 5_000) + 1))
      .map((index) => `evt_a${account.id}_${index}`)
      .sort()
    expect(found).toEqual(expected)
    expect(found).toHaveLength(8)

    const plan = await planOf(env.db, env.dialect, query, 'domain_events')
    if (env.dialect === 'sqlite') {
      expect(plan).toEqual(['SEARCH domain_events USING INDEX domain_events_account_proposal_idx (account_id=? AND proposal_id=?)', 'LIST SUBQUERY 1', 'SCAN json_each VIRTUAL TABLE INDEX 1:'])
    } else {
      expect(plan.join('\n')).toMatch(/domain_events_account_proposal_idx/)
      expect(plan.join('\n')).not.toMatch(/Seq Scan/)
    }
  }, 60_000)
})

describeEachDialect('erasure: the customer’s own events', (env) => {
  it('are found through the partial (account_id, customer_id) index, exactly', async () => {
    const account = await makeAccount(env)
    const other = await makeAccount(env)
    await insertEvents(env.db, account.id, 20_000, 5_000, `d${account.id}`)
    const customerEvents = (accountId: number, customerId: number, label: string) =>
      Array.from({ length: 3 }, (_, index) => ({
        id: `evt_${label}_${index}`, account_id: accountId, type: 'customer.updated', proposal_id: null, signer_id: null, customer_id: customerId,
        payload_json: JSON.stringify({ data: { customer: { id: customerId } } }), created_at: new Date(Date.parse('2026-07-01T00:00:00.000Z') + index * 1_000).toISOString(),
      }))
    await env.db.insertInto('domain_events').values([...customerEvents(account.id, 41, `c41_${account.id}`), ...customerEvents(account.id, 42, `c42_${account.id}`), ...customerEvents(other.id, 41, `x41_${other.id}`)]).execute()
    if (env.dialect === 'postgres') await sql`vacuum analyze domain_events`.execute(env.db)

    const query = customerEventsQuery(env.db, account.id, 41)
    expect((await query.execute()).map((event) => event.id).sort()).toEqual([0, 1, 2].map((index) => `evt_c41_${account.id}_${index}`))
    const plan = await planOf(env.db, env.dialect, query, 'domain_events')
    expect(plan.join('\n')).toMatch(/domain_events_account_customer_idx/)
    expect(plan.join('\n')).not.toMatch(/Seq Scan|SCAN domain_events/)
  }, 60_000)
})

describeEachEmptyDatabase('erasure: migration 019', (dialect, openDatabase) => {
  it('replaces the (account_id, created_at) index on a table that has events, and completes when run again after an interruption', async () => {
    const { db } = await openDatabase()
    await migrateUpTo(db, dialect, '018-outbox-subject-indexes')
    const accountId = await insertBareAccount(db)
    await insertEvents(db, accountId, 120, 10, 'm')
    await expectIndexReplaced(db, dialect, {
      migration: '019-domain-event-document-index',
      table: 'domain_events',
      old: { name: 'domain_events_account_created_idx', columns: 'account_id, created_at' },
      added: 'domain_events_account_proposal_idx',
    })
    expect((await subjectEventsQuery(db, accountId, [3]).execute()).map((event) => event.id).sort()).toEqual(Array.from({ length: 12 }, (_, index) => `evt_m_${index * 10 + 2}`).sort())
  }, 60_000)
})
