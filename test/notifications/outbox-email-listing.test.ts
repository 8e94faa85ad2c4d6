// The account's outbox at scale (migrations 017 and 018): the list filtered by state walks an index
// that holds the state, and the count reads that index alone, never the messages with their
// bodies; a data subject's e-mails (export, erasure) are found through two indexes of their own.
// Checked here: the list against a reference computed from the stored rows (states, order with
// ties, pages, the document link, another account's e-mails never shown), the plans on both
// engines, and the migration on a database that has e-mails.
import { sql } from 'kysely'
import { expect, it } from 'vitest'
import { listOutboxEmails, OUTBOX_EMAIL_STATES, outboxCountQuery, outboxPageQuery } from '../../src/modules/notifications/outbox-emails.js'
import { findDataSubject, subjectEmails } from '../../src/modules/privacy/data-subject.js'
import { subjectOutboxFilter } from '../../src/modules/privacy/subject-outbox.js'
import type { Db } from '../../src/platform/db/connect.js'
import type { OutboxEmailState } from '../../src/platform/db/schema.js'
import { describeEachDialect } from '../support/dialects.js'
import { describeEachEmptyDatabase, insertBareAccount } from '../support/empty-database.js'
import { makeAccount, makeCustomer, makeProposal } from '../support/factories.js'
import { expectPages, newestFirstIds } from '../support/listing-reference.js'
import { expectIndexReplaced, migrateUpTo } from '../support/migration-rewind.js'
import { planOf } from '../support/query-plan.js'

const STATES: OutboxEmailState[] = ['sent', 'sent', 'queued', 'sent', 'failed', 'stored']

/** `count` e-mails of one account, three to a millisecond (the list breaks ties by id), every fifth linked to the document. */
function emailRows(accountId: number, count: number, proposalId: number | null) {
  const start = Date.parse('2026-06-01T00:00:00.000Z')
  return Array.from({ length: count }, (_, index) => ({
    account_id: accountId,
    proposal_id: index % 5 === 0 ? proposalId : null,
    kind: 'invitation',
    to_address: `signer${index}@example.com`,
    subject: `Documento ${index} para assinatura`,
    text_body: 'Olá',
    html_body: `<p>${'Olá '.repeat(index % 7 === 0 ? 1_000 : 3)}</p>`,
    attachment_file_id: null,
    state: STATES[index % STATES.length]!,
    error: null,
    created_at: new Date(start + Math.floor(index / 3) * 60_000).toISOString(),
    sent_at: null,
  }))
}

async function insertEmails(db: Db, accountId: number, count: number, proposalId: number | null): Promise<void> {
  const rows = emailRows(accountId, count, proposalId)
  for (let first = 0; first < rows.length; first += 500) await db.insertInto('outbox_emails').values(rows.slice(first, first + 500)).execute()
}

async function storedEmails(db: Db, accountId: number) {
  const rows = await db.selectFrom('outbox_emails').select(['id', 'created_at', 'state', 'proposal_id']).where('account_id', '=', accountId).execute()
  return rows.map((row) => ({ id: Number(row.id), state: row.state, proposal_id: row.proposal_id === null ? null : Number(row.proposal_id), created_at: new Date(row.created_at).toISOString() }))
}

describeEachDialect('outbox e-mail listing', (env) => {
  let accountId = 0

  it('lists the e-mails in the state asked for, newest first with ties by id, page by page, with their document', async () => {
    const account = await makeAccount(env)
    const other = await makeAccount(env)
    accountId = account.id
    const proposal = await makeProposal(env, account, await makeCustomer(env, account))
    // Another account's outbox is larger, as a neighbour's may be.
    await insertEmails(env.db, other.id, 6_000, null)
    await insertEmails(env.db, account.id, 1_200, proposal.id)
    const stored = (await storedEmails(env.db, account.id)).filter((row) => row.created_at.startsWith('2026-06'))
    expect(stored).toHaveLength(1_200)
    const linked = new Set(stored.filter((row) => row.proposal_id !== null).map((row) => row.id))

    for (const state of [undefined, ...OUTBOX_EMAIL_STATES]) {
      const expected = newestFirstIds(stored.filter((row) => state === undefined || row.state === state))
      expect(expected.length).toBeGreaterThan(50)
      await expectPages(state ?? 'every state', expected, async (page) => {
        const listed = await listOutboxEmails(env.db, account.id, { state }, { page, perPage: 50 })
        for (const email of listed.data) expect(email.proposal).toEqual(linked.has(email.id) ? { id: proposal.id, number: proposal.number } : null)
        // The factory's document sent no e-mail (drafts are not sent); only the inserted ones are listed.
        return { ids: listed.data.map((email) => email.id), total: listed.meta.total }
      })
    }
  }, 60_000)

  it('walks the account newest first in the listing index, and counts in that index alone', async () => {
    expect(accountId).toBeGreaterThan(0)
    if (env.dialect === 'postgres') await sql`vacuum analyze outbox_emails`.execute(env.db)
    for (const filters of [{}, { state: 'failed' as const }]) {
      const label = JSON.stringify(filters)
      const page = await planOf(env.db, env.dialect, outboxPageQuery(env.db, accountId, filters, { limit: 50, offset: 50 }), 'outbox_emails')
      const count = await planOf(env.db, env.dialect, outboxCountQuery(env.db, accountId, filters), 'outbox_emails')
      if (env.dialect === 'sqlite') {
        expect(page, label).toEqual(['SEARCH e USING INDEX outbox_emails_account_listing_idx (account_id=?)', 'SEARCH p USING INTEGER PRIMARY KEY (rowid=?) LEFT-JOIN'])
        // Unfiltered, any index of the account's e-mails counts them (the address index is narrower).
        expect(count, label).toEqual([expect.stringMatching(new RegExp(`^SEARCH outbox_emails USING COVERING INDEX outbox_emails_account_${filters.state ? 'listing' : '(listing|address)'}_idx \\(account_id=\\?\\)$`))])
      } else {
        // Walked newest first, or (a rare state) its entries found in the index and the few sorted:
        // either way the state is decided in the index, before any e-mail is read.
        const pagePlan = page.join('\n')
        expect(pagePlan, label).toMatch(/(Index Scan (Backward )?using|Bitmap Index Scan on) outbox_emails_account_listing_idx/)
        if (filters.state) expect(pagePlan, label).toMatch(/Index Cond: \(\(account_id = '\d+'::bigint\) AND \(state = 'failed'::text\)\)/)
        expect(pagePlan, label).not.toMatch(/Seq Scan on outbox_emails/)
        if (!filters.state) expect(pagePlan, label).not.toMatch(/Sort/)
        expect(count.join('\n'), label).toMatch(filters.state ? /Index Only Scan using outbox_emails_account_listing_idx on outbox_emails/ : /Index Only Scan using outbox_emails_account_(listing|address)_idx on outbox_emails/)
        expect(count.join('\n'), label).not.toMatch(/Seq Scan|Bitmap/)
      }
    }
  })
})

describeEachDialect("a data subject's e-mails", (env) => {
  it('are found through the address and document indexes (migration 018), not by reading the account’s outbox', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const proposal = await makeProposal(env, account, customer)
    // The subject's few among many: 20 about its document and one to its address (in capitals).
    await insertEmails(env.db, account.id, 20_000, null)
    const aboutIt = emailRows(account.id, 100, proposal.id).filter((row) => row.proposal_id !== null)
    const toIt = { ...emailRows(account.id, 1, null)[0]!, to_address: customer.email!.toUpperCase() }
    const toNeighbour = { ...toIt, to_address: (await makeCustomer(env, account)).email! }
    await env.db.insertInto('outbox_emails').values([...aboutIt, toIt, toNeighbour]).execute()
    if (env.dialect === 'postgres') await sql`vacuum analyze outbox_emails`.execute(env.db)

    const subject = await findDataSubject(env.db, account.id, String(customer.id))
    const query = env.db.selectFrom('outbox_emails').select(['id', 'to_address', 'proposal_id', 'html_body']).where(subjectOutboxFilter(env.db, subject)!)
    const found = (await query.execute()).map((row) => Number(row.id)).sort((a, b) => a - b)
    const addresses = subjectEmails(subject)
    const expected = (await env.db.selectFrom('outbox_emails').select(['id', 'account_id', 'to_address', 'proposal_id']).execute())
      .filter((row) => Number(row.account_id) === account.id && (addresses.includes(row.to_address.toLowerCase()) || row.proposal_id === proposal.id))
      .map((row) => Number(row.id))
      .sort((a, b) => a - b)
    expect(expected).toHaveLength(21)
    expect(found).toEqual(expected)

    const plan = await planOf(env.db, env.dialect, query, 'outbox_emails')
    const described = plan.join('\n')
    if (env.dialect === 'sqlite') {
      expect(plan).toContain('SEARCH outbox_emails USING INTEGER PRIMARY KEY (rowid=?)')
      expect(described).toMatch(/SEARCH outbox_emails USING (COVERING )?INDEX outbox_emails_account_address_idx \(account_id=\? AND <expr>=\?\)/)
      expect(described).toMatch(/SEARCH outbox_emails USING (COVERING )?INDEX outbox_emails_account_proposal_idx \(account_id=\? AND proposal_id=\?\)/)
      expect(described).not.toMatch(/SCAN outbox_emails|outbox_emails_account_listing_idx/)
    } else {
      expect(described).toMatch(/outbox_emails_account_address_idx/)
      expect(described).toMatch(/outbox_emails_account_proposal_idx/)
      expect(described).not.toMatch(/Seq Scan on outbox_emails|outbox_emails_account_listing_idx/)
    }
  }, 60_000)
})

describeEachEmptyDatabase('outbox e-mail listing: migration 017', (dialect, openDatabase) => {
  it('replaces the (account_id, created_at) index on an outbox that has e-mails, and completes when run again after an interruption', async () => {
    const { db } = await openDatabase()
    await migrateUpTo(db, dialect, '016-webhook-delivery-listing-index')
    const accountId = await insertBareAccount(db)
    await insertEmails(db, accountId, 120, null)
    await expectIndexReplaced(db, dialect, {
      migration: '017-outbox-email-listing-index',
      table: 'outbox_emails',
      old: { name: 'outbox_emails_account_created_idx', columns: 'account_id, created_at' },
      added: 'outbox_emails_account_listing_idx',
    })
    const listed = await listOutboxEmails(db, accountId, { state: 'failed' }, { page: 1, perPage: 50 })
    const failed = (await storedEmails(db, accountId)).filter((row) => row.state === 'failed')
    expect(listed.data.map((email) => email.id)).toEqual(newestFirstIds(failed))
  }, 60_000)
})
