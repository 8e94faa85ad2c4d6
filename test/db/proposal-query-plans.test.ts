// SQLite's plans for the queries that read an account's documents in order. Migration 008's
// covering customer-page index serves a customer's page from one index range; it also makes a
// scan of a whole account through it look cheap, and a planner free to choose the join order may
// then loop over the customers and sort every document of the account to show its newest five.
// These plans are checked on the database shapes that matter: statistics for every index, none at
// all (SQLite's default: Vendoc never runs ANALYZE), statistics from before the migration, an
// account with few customers and many documents (where the flip was first seen), and an install
// with two accounts. On PostgreSQL, the API's page of a big customer, written as JSON by the
// database, is checked to read one index backwards and stop at the page, and the document form's
// earlier signers to read the customer's newest documents and their signers through indexes.
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { type Compilable, CompiledQuery, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { connectDatabase, type DatabaseHandle } from '../../src/platform/db/connect.js'
import type { Db } from '../../src/platform/db/connect.js'
import { migrateToLatest } from '../../src/platform/migrations/index.js'
import { generateBenchData } from '../../src/modules/bench-data/generate-bench-data.js'
import { customerCountQuery, customerPageQuery, postgresCustomerPageJsonQuery } from '../../src/modules/proposals/proposal-repository.js'
import { proposalListCountQuery, proposalListPageQuery } from '../../src/modules/proposals/list-proposals.js'
import { recentSignersQuery } from '../../src/modules/proposals/recent-signers.js'
import { sellerSummaryQuery } from '../../src/modules/reports/seller-summary.js'
import { discountRequestsQuery } from '../../src/modules/lifecycle/discount-requests.js'
import { recentCommentsQuery } from '../../src/modules/reports/recent-comments.js'
import { recentOpensQuery } from '../../src/modules/reports/recent-opens.js'
import { expiringProposalsQuery, periodFiguresQuery, recentProposalsQuery, signedFiguresQuery, statusCountsQuery } from '../../src/modules/reports/dashboard-summary.js'
import { PROPOSAL_STATUSES } from '../../src/platform/db/schema.js'
import { ManualClock } from '../support/manual-clock.js'
import { removeSqliteFiles } from '../../src/platform/db/sqlite-database.js'
import { createTestDatabase, dropTestDatabase } from '../support/postgres.js'
import { migrationsFrom, undoCustomerSearchKeys, undoProductSearchKeys } from '../support/migration-rewind.js'

type Statistics = 'analysed' | 'never analysed' | 'analysed before migration 008' | 'sampled before migration 020'
interface Shape {
  statistics: Statistics
  customers: number
  proposals: number
  big: number
  otherTenant?: boolean
}

const SHAPES: Shape[] = [
  { statistics: 'analysed', customers: 400, proposals: 2_000, big: 300 },
  { statistics: 'analysed', customers: 50, proposals: 2_000, big: 200 },
  { statistics: 'never analysed', customers: 400, proposals: 2_000, big: 300 },
  { statistics: 'analysed before migration 008', customers: 400, proposals: 2_000, big: 300 },
  { statistics: 'sampled before migration 020', customers: 400, proposals: 2_000, big: 300 },
  { statistics: 'analysed', customers: 400, proposals: 2_000, big: 300, otherTenant: true },
]

function connect(file: string): DatabaseHandle {
  const config = loadConfig({ DATABASE_URL: `sqlite:${file}` }).database
  return connectDatabase(config)
}

/** What migrateToLatest applies again after a rewind to before migration 008. */

/**
 * Migration 021 undone: the webhook endpoints' pause columns dropped (and 056 to 022 before it:
 * the comments' partial index, the down payment's due days, the tokens' access, the sellers' limits,
 * the template versions, the account's activity, the discount approval, the down payment's column, the banking-day due dates' columns, the open documents' validity index, the documents' own terms' flag, the copy addresses' (account's and documents') and payment terms' columns, the expiry notices' columns, the signer codes' table and columns, the domain events' customer column and index, the sessions' device columns, the security keys, the two-step verification's requirement and tables, the customers' change
 * index, the account's default signer message, the users' notice preference, the signer message's and reply address's columns, the documents' change index, the files' hash index, the automatic reminders' columns, the account logos' and password resets' tables (028 only adds a column to the latter), the account's company columns, the signed-in-month and request log lookup indexes dropped; 022
 * changes no schema, it only trims customer codes).
 */
async function undoMigration021(db: Db): Promise<void> {
  await sql`drop index proposal_signers_opened_idx`.execute(db)
  for (const column of ['open_count', 'last_opened_at']) await sql`alter table proposal_signers drop column ${sql.ref(column)}`.execute(db)
  await sql`delete from kysely_migration where name = '057-signer-opens'`.execute(db)
  await sql`drop index proposal_events_comments_idx`.execute(db)
  await sql`delete from kysely_migration where name = '056-comment-index'`.execute(db)
  await sql`alter table proposals drop column down_payment_due_days`.execute(db)
  await sql`delete from kysely_migration where name = '055-down-payment-due-days'`.execute(db)
  // 054 remade the token trigger with `access` among its columns: migration 007's comes back first.
  await sql`drop trigger api_tokens_update_bumps_api_auth_version`.execute(db)
  await sql`alter table api_tokens drop column access`.execute(db)
  await sql`create trigger api_tokens_update_bumps_api_auth_version
    after update of token_hash, revoked_at, account_id, name, prefix on api_tokens begin update api_auth_version set version = version + 1 where id = 1; end`.execute(db)
  await sql`delete from kysely_migration where name = '054-api-token-access'`.execute(db)
  await sql`alter table users drop column discount_approval_above_bp`.execute(db)
  await sql`delete from kysely_migration where name = '053-seller-discount-limits'`.execute(db)
  await sql`drop table template_versions`.execute(db)
  await sql`alter table templates drop column version`.execute(db)
  await sql`delete from kysely_migration where name = '052-template-versions'`.execute(db)
  await sql`drop table account_activity`.execute(db)
  await sql`delete from kysely_migration where name = '051-account-activity'`.execute(db)
  await sql`alter table accounts drop column discount_approval_above_bp`.execute(db)
  await sql`drop index proposals_discount_requests_idx`.execute(db)
  await sql`alter table proposals drop column discount_approval_requested_at`.execute(db)
  await sql`delete from kysely_migration where name = '050-discount-approval'`.execute(db)
  await sql`alter table proposals drop column down_payment_cents`.execute(db)
  await sql`delete from kysely_migration where name = '049-down-payment'`.execute(db)
  for (const table of ['payment_methods', 'proposals']) await sql`alter table ${sql.table(table)} drop column due_on_business_days`.execute(db)
  await sql`delete from kysely_migration where name = '048-business-day-due-dates'`.execute(db)
  await sql`drop index proposals_open_validity_idx`.execute(db)
  await sql`drop index proposals_open_expiry_idx`.execute(db)
  await sql`create index proposals_open_valid_until_idx on proposals (status, valid_until)`.execute(db)
  await sql`delete from kysely_migration where name = '047-open-validity-index'`.execute(db)
  await sql`alter table proposals drop column custom_payment_terms`.execute(db)
  await sql`delete from kysely_migration where name = '046-document-payment-terms'`.execute(db)
  await sql`alter table accounts drop column signed_copy_to_json`.execute(db)
  await sql`delete from kysely_migration where name = '045-account-copy-to'`.execute(db)
  await sql`alter table proposals drop column copy_to_json`.execute(db)
  await sql`delete from kysely_migration where name = '044-copy-recipients'`.execute(db)
  for (const table of ['payment_methods', 'proposals']) {
    for (const column of ['first_due_days', 'installment_interval_days']) await sql`alter table ${sql.table(table)} drop column ${sql.ref(column)}`.execute(db)
  }
  await sql`delete from kysely_migration where name = '043-payment-terms'`.execute(db)
  await sql`alter table users drop column notify_expiry_warning`.execute(db)
  await sql`alter table proposals drop column expiry_warned_at`.execute(db)
  await sql`delete from kysely_migration where name = '042-expiry-notices'`.execute(db)
  await sql`drop table signer_email_codes`.execute(db)
  for (const column of ['authentication', 'signed_authentication']) await sql`alter table proposal_signers drop column ${sql.ref(column)}`.execute(db)
  await sql`delete from kysely_migration where name = '041-signer-email-code'`.execute(db)
  await sql`drop index domain_events_account_customer_idx`.execute(db)
  await sql`alter table domain_events drop column customer_id`.execute(db)
  await sql`delete from kysely_migration where name = '040-domain-event-customer'`.execute(db)
  for (const column of ['user_agent', 'ip_address']) await sql`alter table web_sessions drop column ${sql.ref(column)}`.execute(db)
  await sql`delete from kysely_migration where name = '039-session-devices'`.execute(db)
  // 038's columns go with 036's tables below.
  await sql`drop table security_keys`.execute(db)
  await sql`delete from kysely_migration where name = '038-security-keys'`.execute(db)
  await sql`alter table accounts drop column require_two_factor`.execute(db)
  await sql`delete from kysely_migration where name = '037-two-factor-policy'`.execute(db)
  await sql`drop table login_challenges`.execute(db)
  await sql`drop table recovery_codes`.execute(db)
  await sql`drop table user_authenticators`.execute(db)
  await sql`delete from kysely_migration where name = '036-two-factor'`.execute(db)
  await sql`drop index customers_account_updated_at_idx`.execute(db)
  await sql`delete from kysely_migration where name = '035-customer-change-index'`.execute(db)
  await sql`alter table accounts drop column default_signer_message`.execute(db)
  await sql`delete from kysely_migration where name = '034-default-signer-message'`.execute(db)
  await sql`alter table users drop column notify_document_activity`.execute(db)
  await sql`delete from kysely_migration where name = '033-notice-preferences'`.execute(db)
  await sql`alter table proposals drop column signer_message`.execute(db)
  await sql`alter table outbox_emails drop column reply_to`.execute(db)
  await sql`delete from kysely_migration where name = '032-signer-message'`.execute(db)
  await sql`drop index proposals_account_updated_at_idx`.execute(db)
  await sql`delete from kysely_migration where name = '031-proposal-change-index'`.execute(db)
  await sql`drop index proposal_files_sha256_idx`.execute(db)
  await sql`delete from kysely_migration where name = '030-file-hash-index'`.execute(db)
  for (const column of ['auto_reminder_days', 'auto_reminders_since']) await sql`alter table accounts drop column ${sql.ref(column)}`.execute(db)
  for (const column of ['reminded_at', 'auto_reminders']) await sql`alter table proposal_signers drop column ${sql.ref(column)}`.execute(db)
  await sql`delete from kysely_migration where name = '029-automatic-reminders'`.execute(db)
  await sql`drop table account_logos`.execute(db)
  await sql`delete from kysely_migration where name = '027-account-logos'`.execute(db)
  await sql`delete from kysely_migration where name = '028-password-reset-purpose'`.execute(db)
  await sql`drop table password_resets`.execute(db)
  await sql`delete from kysely_migration where name = '026-password-resets'`.execute(db)
  for (const column of ['document', 'address', 'phone', 'email']) await sql`alter table accounts drop column ${sql.ref(column)}`.execute(db)
  await sql`delete from kysely_migration where name = '025-account-company-data'`.execute(db)
  await sql`drop index proposals_account_signed_at_idx`.execute(db)
  await sql`delete from kysely_migration where name = '024-signed-in-month-index'`.execute(db)
  await sql`drop index request_logs_account_request_id_idx`.execute(db)
  await sql`drop index request_logs_account_error_code_idx`.execute(db)
  await sql`delete from kysely_migration where name = '023-request-log-lookup-indexes'`.execute(db)
  await sql`delete from kysely_migration where name = '022-trimmed-customer-codes'`.execute(db)
  await sql`alter table webhook_endpoints drop column paused_until`.execute(db)
  await sql`alter table webhook_endpoints drop column consecutive_failures`.execute(db)
  await sql`delete from kysely_migration where name = '021-webhook-endpoint-pause'`.execute(db)
}

/**
 * Migration 020 undone: the documents' listing and status indexes as they were before it (and
 * 021 before it, as Kysely applies migrations only in order).
 */
async function undoMigration020(db: Db): Promise<void> {
  await undoMigration021(db)
  await sql`drop index proposals_account_listing_idx`.execute(db)
  await sql`create index proposals_account_created_idx on proposals (account_id, created_at)`.execute(db)
  await sql`drop index proposals_account_status_listing_idx`.execute(db)
  await sql`create index proposals_account_status_idx on proposals (account_id, status, created_at, id, total_cents)`.execute(db)
  await sql`delete from kysely_migration where name = '020-proposal-seller-listing'`.execute(db)
}

/**
 * Undoes the migrations after 008, which Kysely requires to come after it: 009 added a column, 010
 * moved the number's counter, 011 and 012 added the customers' and the products' search keys, 013
 * changes nothing on SQLite, 014 added the status index, 015–017 replaced the listing indexes of
 * the request log, the webhook deliveries and the outbox, 018 added the outbox's subject indexes,
 * 019 replaced the domain events' index, 020 widened the documents' listing and status indexes,
 * 021 added the webhook endpoints' pause.
 */
async function undoMigrationsAfter008(db: Db): Promise<void> {
  await undoMigration020(db)
  await sql`drop index domain_events_account_proposal_idx`.execute(db)
  await sql`create index domain_events_account_created_idx on domain_events (account_id, created_at)`.execute(db)
  await sql`delete from kysely_migration where name = '019-domain-event-document-index'`.execute(db)
  await sql`drop index outbox_emails_account_address_idx`.execute(db)
  await sql`drop index outbox_emails_account_proposal_idx`.execute(db)
  await sql`delete from kysely_migration where name = '018-outbox-subject-indexes'`.execute(db)
  await sql`drop index outbox_emails_account_listing_idx`.execute(db)
  await sql`create index outbox_emails_account_created_idx on outbox_emails (account_id, created_at)`.execute(db)
  await sql`delete from kysely_migration where name = '017-outbox-email-listing-index'`.execute(db)
  await sql`drop index webhook_deliveries_endpoint_listing_idx`.execute(db)
  await sql`create index webhook_deliveries_account_created_idx on webhook_deliveries (account_id, created_at)`.execute(db)
  await sql`delete from kysely_migration where name = '016-webhook-delivery-listing-index'`.execute(db)
  await sql`drop index request_logs_account_listing_idx`.execute(db)
  await sql`create index request_logs_account_created_idx on request_logs (account_id, created_at)`.execute(db)
  await sql`delete from kysely_migration where name = '015-request-log-listing-index'`.execute(db)
  await sql`drop index proposals_account_status_idx`.execute(db)
  await sql`delete from kysely_migration where name = '014-proposal-status-index'`.execute(db)
  await sql`delete from kysely_migration where name = '013-catalog-version-per-statement'`.execute(db)
  await undoProductSearchKeys(db)
  await undoCustomerSearchKeys(db)
  await sql`alter table accounts add column last_proposal_number integer not null default 0`.execute(db)
  await sql`update accounts set last_proposal_number = coalesce((select last_number from proposal_number_counters where account_id = accounts.id), 0)`.execute(db)
  await sql`drop table proposal_number_counters`.execute(db)
  await sql`delete from kysely_migration where name = '010-proposal-number-counters'`.execute(db)
  await sql`alter table request_logs drop column client_closed`.execute(db)
  await sql`delete from kysely_migration where name = '009-request-log-client-closed'`.execute(db)
}

/** The database state a real install would be in before migration 008, statistics taken then. */
async function rewindToBeforeMigration008(db: Db): Promise<void> {
  await undoMigrationsAfter008(db)
  await sql`drop index proposals_customer_page_idx`.execute(db)
  await sql`create index proposals_customer_created_idx on proposals (account_id, customer_id, created_at, id)`.execute(db)
  await sql`delete from kysely_migration where name = '008-customer-page-index'`.execute(db)
  await sql`drop table if exists sqlite_stat1`.execute(db)
  await sql`analyze`.execute(db)
}

async function planOf(db: Db, query: Compilable): Promise<string[]> {
  const compiled = query.compile()
  const result = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]))
  return result.rows.map((row) => row.detail)
}

/** A seller of the account's documents (the generator spreads them over the account's users). */
async function sellerOf(db: Db, accountId: number): Promise<number> {
  const row = await db.selectFrom('proposals').select('seller_id').where('account_id', '=', accountId).where('seller_id', 'is not', null).orderBy('id').executeTakeFirstOrThrow()
  return row.seller_id!
}

const NO_SORT = (plan: string[]) => expect(plan.filter((step) => step.includes('TEMP B-TREE')), plan.join(' | ')).toEqual([])

for (const shape of SHAPES) {
  describe(`proposal query plans, SQLite, ${shape.statistics}, ${shape.proposals} documents over ${shape.customers} customers${shape.otherTenant ? ', another account beside' : ''}`, () => {
    const file = path.join(os.tmpdir(), `vendoc-plans-${randomBytes(6).toString('hex')}.sqlite`)
    let handle: DatabaseHandle
    let accountId: number
    let bigCustomerId: number
    let smallCustomerId: number

    beforeAll(async () => {
      const setup = connect(file)
      await migrateToLatest(setup.db, setup.dialect)
      // Another tenant first, so that account_id is selective in the statistics as on a shared
      // install. Without it (one company's own install) account_id has one value, which is where
      // the inner join's plan flipped.
      if (shape.otherTenant) await generateBenchData(setup, new ManualClock('2026-11-29T12:00:00.000Z'), { customers: 100, proposals: 1_000, accountProposals: 100, products: 20, seed: 5 })
      const summary = await generateBenchData(setup, new ManualClock('2026-11-29T12:00:00.000Z'), {
        customers: shape.customers,
        proposals: shape.proposals,
        accountProposals: shape.big,
        products: 20,
        seed: 3,
      })
      accountId = summary.account_id
      bigCustomerId = summary.big_customer!.id
      const small = await setup.db
        .selectFrom('customers')
        .select('id')
        .where('account_id', '=', accountId)
        .where('id', '!=', bigCustomerId)
        .where('proposal_count', '>', 0)
        .orderBy('id')
        .executeTakeFirstOrThrow()
      smallCustomerId = small.id
      // The generator analyses what it wrote; the other states are made from there.
      if (shape.statistics === 'never analysed') await sql`drop table sqlite_stat1`.execute(setup.db)
      if (shape.statistics === 'analysed before migration 008') {
        await rewindToBeforeMigration008(setup.db)
        expect(await migrateToLatest(setup.db, setup.dialect)).toEqual(await migrationsFrom('008-customer-page-index'))
      }
      if (shape.statistics === 'sampled before migration 020') {
        // Statistics from a sample (as the generator's own, at scale) next to exact ones of the
        // new indexes made the planner sort the whole account instead of reading them in order.
        await undoMigration020(setup.db)
        await sql`pragma analysis_limit = 100`.execute(setup.db)
        await sql`analyze`.execute(setup.db)
        await sql`pragma analysis_limit = 0`.execute(setup.db)
        expect(await migrateToLatest(setup.db, setup.dialect)).toEqual(await migrationsFrom('020-proposal-seller-listing'))
      }
      await setup.close()
      // A new connection: SQLite loads the statistics (or their absence) when it opens the file.
      handle = connect(file)
    }, 60_000)

    afterAll(async () => {
      await handle?.close()
      removeSqliteFiles(file)
    })

    it('the statistics are in the state this case is about', async () => {
      const stats = await sql<{ idx: string }>`select idx from sqlite_stat1 where tbl = 'proposals'`.execute(handle.db).catch(() => ({ rows: [] }))
      const indexes = stats.rows.map((row) => row.idx)
      if (shape.statistics === 'never analysed') expect(indexes).toEqual([])
      else expect(indexes).toEqual(expect.arrayContaining(['proposals_customer_page_idx', 'proposals_account_listing_idx']))
      expect(indexes).not.toContain('proposals_customer_created_idx')
    })

    it("a customer's page is one range of the covering index, in order, for a big and a small customer", async () => {
      for (const customerId of [bigCustomerId, smallCustomerId]) {
        const plan = await planOf(handle.db, customerPageQuery(handle.db, accountId, customerId, {}, 50, 0))
        expect(plan).toEqual([expect.stringMatching(/^SEARCH proposals USING COVERING INDEX proposals_customer_page_idx \(account_id=\? AND customer_id=\?\)$/)])
      }
      const filters = { status: 'signed' as const, createdFrom: '2025-01-01T00:00:00.000Z', createdBefore: '2026-01-01T00:00:00.000Z' }
      const filtered = await planOf(handle.db, customerPageQuery(handle.db, accountId, bigCustomerId, filters, 50, 50))
      expect(filtered).toEqual([expect.stringMatching(/^SEARCH proposals USING COVERING INDEX proposals_customer_page_idx \(account_id=\? AND customer_id=\? AND created_at>\? AND created_at<\?\)$/)])
      // Its total too: a filtered count never visits the table.
      expect(await planOf(handle.db, customerCountQuery(handle.db, accountId, bigCustomerId, filters))).toEqual([
        expect.stringMatching(/^SEARCH proposals USING COVERING INDEX proposals_customer_page_idx \(account_id=\? AND customer_id=\? AND created_at>\? AND created_at<\?\)$/),
      ])
    })

    it("the dashboard's latest documents read the account's newest first and stop at the limit", async () => {
      const plan = await planOf(handle.db, recentProposalsQuery(handle.db, accountId, 5))
      expect(plan[0]).toMatch(/^SEARCH proposals USING INDEX proposals_account_listing_idx \(account_id=\?\)$/)
      expect(plan.slice(1)).toContainEqual(expect.stringMatching(/^SEARCH customers USING INTEGER PRIMARY KEY \(rowid=\?\)$/))
      NO_SORT(plan)
    })

    it("the dashboard's documents about to expire are a range of an index on the open statuses, not a scan", async () => {
      const plan = await planOf(handle.db, expiringProposalsQuery(handle.db, accountId, '2026-11-29', '2026-12-06', 10))
      const documents = plan.filter((step) => /^(SEARCH|SCAN) p\b/.test(step))
      expect(documents, plan.join(' | ')).toEqual([expect.stringMatching(/^SEARCH p USING INDEX proposals_open_validity_idx \(account_id=\? AND valid_until>\? AND valid_until<\?\)$/)])
      NO_SORT(plan)
      expect(plan).toContainEqual(expect.stringMatching(/^SEARCH c USING INTEGER PRIMARY KEY \(rowid=\?\)$/))
    })

    it("the dashboard's comments for the user are a range of the partial index on the comments, in its order", async () => {
      const plan = await planOf(handle.db, recentCommentsQuery(handle.db, accountId, { id: 1 }, '2026-11-15T00:00:00.000Z', 9))
      const events = plan.filter((step) => /^(SEARCH|SCAN) e\b/.test(step))
      expect(events, plan.join(' | ')).toEqual([expect.stringMatching(/^SEARCH e USING INDEX proposal_events_comments_idx \(account_id=\? AND created_at>\?\)$/)])
      NO_SORT(plan)
      expect(plan).toContainEqual(expect.stringMatching(/^SEARCH p USING INTEGER PRIMARY KEY \(rowid=\?\)$/))
    })

    it("the dashboard's latest visits are a range of the partial index on the signers who opened anything, in its order", async () => {
      const plan = await planOf(handle.db, recentOpensQuery(handle.db, accountId, '2026-11-22T00:00:00.000Z', 9))
      const signers = plan.filter((step) => /^(SEARCH|SCAN) s\b/.test(step))
      expect(signers, plan.join(' | ')).toEqual([expect.stringMatching(/^SEARCH s USING INDEX proposal_signers_opened_idx \(account_id=\? AND last_opened_at>\?\)$/)])
      NO_SORT(plan)
      expect(plan).toContainEqual(expect.stringMatching(/^SEARCH p USING INTEGER PRIMARY KEY \(rowid=\?\)$/))
    })

    it("the dashboard's discounts waiting for approval are a range of the partial index on the drafts asked for, in its order", async () => {
      const plan = await planOf(handle.db, discountRequestsQuery(handle.db, accountId, 50))
      const documents = plan.filter((step) => /^(SEARCH|SCAN) p\b/.test(step))
      expect(documents, plan.join(' | ')).toEqual([expect.stringMatching(/^SEARCH p USING INDEX proposals_discount_requests_idx \(account_id=\? AND discount_approval_requested_at>\?\)$/)])
      NO_SORT(plan)
    })

    it('the report by seller reads the period as one range of a listing index', async () => {
      const plan = await planOf(handle.db, sellerSummaryQuery(handle.db, accountId, '2025-01-01T03:00:00.000Z', '2025-02-01T03:00:00.000Z'))
      const documents = plan.filter((step) => /^(SEARCH|SCAN) proposals\b/.test(step))
      expect(documents, plan.join(' | ')).toEqual([expect.stringMatching(/^SEARCH proposals USING INDEX proposals_(account_listing_idx|account_status_listing_idx|customer_\w+_idx) \(account_id=\? AND created_at>\? AND created_at<\?\)$/)])
    })

    it("the dashboard's counts and months read ranges of the status index alone", async () => {
      const counts = await planOf(handle.db, statusCountsQuery(handle.db, accountId))
      const searches = counts.filter((step) => step.startsWith('SEARCH'))
      expect(searches, counts.join(' | ')).toHaveLength(PROPOSAL_STATUSES.length)
      for (const step of searches) expect(step).toMatch(/^SEARCH proposals USING COVERING INDEX proposals_account_status_listing_idx \(account_id=\? AND status=\?\)$/)
      const months = Array.from({ length: 12 }, (_, index) => ({
        start: `2025-${String(index + 1).padStart(2, '0')}-01T03:00:00.000Z`,
        end: `${index === 11 ? '2026-01' : `2025-${String(index + 2).padStart(2, '0')}`}-01T03:00:00.000Z`,
        statuses: PROPOSAL_STATUSES,
      }))
      const figures = await planOf(handle.db, periodFiguresQuery(handle.db, accountId, months))
      const reads = figures.filter((step) => /SEARCH|SCAN/.test(step))
      expect(reads, figures.join(' | ')).toHaveLength(12)
      for (const step of reads) expect(step).toMatch(/SEARCH proposals USING COVERING INDEX proposals_account_status_listing_idx \(account_id=\? AND status=\? AND created_at>\? AND created_at<\?\)$/)
      NO_SORT(figures)
      // The documents signed in the month, whenever created: one range of the signed-at index (migration 024).
      const signed = await planOf(handle.db, signedFiguresQuery(handle.db, accountId, months[11]!.start, months[11]!.end))
      expect(signed, signed.join(' | ')).toEqual([expect.stringMatching(/^SEARCH proposals USING COVERING INDEX proposals_account_signed_at_idx \(account_id=\? AND signed_at>\? AND signed_at<\?\)$/)])
    })

    it("the document form's earlier signers read the customer's latest documents from its index, then each one's signers", async () => {
      // The customer's newest documents from its index, up to the limit, never sorted; each one's
      // signers by their document, each role by its key; only those few rows are sorted at the end.
      // The same with the draft being edited left out.
      for (const excluded of [undefined, 1]) {
        const plan = await planOf(handle.db, recentSignersQuery(handle.db, accountId, bigCustomerId, excluded))
        expect(plan, plan.join(' | ')).toEqual([
          'CO-ROUTINE p',
          expect.stringMatching(/^SEARCH proposals USING (COVERING )?INDEX proposals_customer_(page|created)_idx \(account_id=\? AND customer_id=\?\)$/),
          'SCAN p',
          expect.stringMatching(/^SEARCH ps USING INDEX proposal_signers_proposal_idx \(proposal_id=\?\)$/),
          'SEARCH r USING INTEGER PRIMARY KEY (rowid=?) LEFT-JOIN',
          expect.stringMatching(/^USE TEMP B-TREE FOR (LAST 2 TERMS OF )?ORDER BY$/),
        ])
      }
    })

    it('the web list reads the account newest first, and one customer through its page index', async () => {
      const account = { id: accountId, timeZone: 'America/Sao_Paulo' }
      const page = { page: 1, perPage: 25 }
      for (const filters of [{}, { createdFrom: '2025-06-01', createdTo: '2026-06-30' }]) {
        const plan = await planOf(handle.db, proposalListPageQuery(handle.db, account, filters, page))
        expect(plan[0], JSON.stringify(filters)).toMatch(/^SEARCH p USING INDEX proposals_account_listing_idx \(account_id=\?/)
        NO_SORT(plan)
      }
      // An export's next batch starts where the last ended: one range of the same index, never
      // the rows before it read again (test/web/proposal-export-pages.test.ts walks it).
      const after = { after: { created_at: '2025-09-01T12:00:00.000Z', id: 500, valid_until: null }, perPage: 500 }
      const nextBatch = await planOf(handle.db, proposalListPageQuery(handle.db, account, {}, after))
      // (SQLite names the range by its first column; the id decides ties within it.)
      expect(nextBatch[0]).toMatch(/^SEARCH p USING INDEX proposals_account_listing_idx \(account_id=\? AND created_at<\?\)$/)
      NO_SORT(nextBatch)
      const byNumber = await planOf(handle.db, proposalListPageQuery(handle.db, account, { number: 42 }, page))
      expect(byNumber[0]).toMatch(/^SEARCH p USING INDEX \S+ \(account_id=\? AND number=\?\)$/)
      // By status: one range of the status index (migration 014), in its order. Before it,
      // analysed databases read the (status, valid_until) index of every account and sorted.
      const byStatus = await planOf(handle.db, proposalListPageQuery(handle.db, account, { status: 'signed' }, page))
      expect(byStatus[0]).toMatch(/^SEARCH p USING INDEX proposals_account_status_listing_idx \(account_id=\? AND status=\?\)$/)
      NO_SORT(byStatus)
      // The ones about to expire (the Painel's link, any end date) read only open documents, through
      // migration 047's partial indexes. Where another account shares the file (account_id
      // selective, as on a shared install), one range of this account's entries, in their order,
      // for a page, the count and an export's next batch: never another tenant's rows. Alone in
      // its file, the account's open documents are every open document, and the planner may read
      // them by validity alone. Before it, the (status, valid_until) index of every account, then a sort.
      const expiring = { expiring: { from: '2026-11-29', to: '2099-12-31' } }
      const nextExpiring = { after: { created_at: '2025-09-01T12:00:00.000Z', id: 500, valid_until: '2026-12-01' }, perPage: 500 }
      for (const query of [proposalListPageQuery(handle.db, account, expiring, page), proposalListPageQuery(handle.db, account, expiring, nextExpiring), proposalListCountQuery(handle.db, account, expiring)]) {
        const plan = await planOf(handle.db, query)
        const documents = plan.filter((step) => /^(SEARCH|SCAN) p\b/.test(step))
        if (shape.otherTenant) {
          expect(documents, plan.join(' | ')).toEqual([expect.stringMatching(/^SEARCH p USING (COVERING )?INDEX proposals_open_validity_idx \(account_id=\? AND valid_until>\? AND valid_until<\?\)$/)])
          NO_SORT(plan)
        } else {
          expect(documents, plan.join(' | ')).toEqual([expect.stringMatching(/^SEARCH p USING (COVERING )?INDEX proposals_open_(validity_idx \((ANY\()?account_id\)?(=\?)? AND|expiry_idx \() ?valid_until>\? AND valid_until<\?\)$/)])
        }
      }
      const oneCustomer = await planOf(handle.db, proposalListPageQuery(handle.db, account, { customerId: bigCustomerId }, page))
      expect(oneCustomer[0]).toMatch(/^SEARCH p USING (COVERING )?INDEX proposals_customer_page_idx \(account_id=\? AND customer_id=\?\)$/)
      NO_SORT(oneCustomer)
      // By seller, alone or with a status: decided in the index the page walks in order, and
      // counted in it without the table (migration 020). Before it, each document's row was read.
      const sellerId = await sellerOf(handle.db, accountId)
      const bySeller = await planOf(handle.db, proposalListPageQuery(handle.db, account, { sellerId }, page))
      expect(bySeller[0]).toMatch(/^SEARCH p USING INDEX proposals_account_listing_idx \(account_id=\?\)$/)
      NO_SORT(bySeller)
      const bySellerAndStatus = await planOf(handle.db, proposalListPageQuery(handle.db, account, { sellerId, status: 'signed' }, page))
      expect(bySellerAndStatus[0]).toMatch(/^SEARCH p USING INDEX proposals_account_status_listing_idx \(account_id=\? AND status=\?\)$/)
      NO_SORT(bySellerAndStatus)
      // Either listing index holds every document of the account and its seller, so either counts
      // them without the table; unanalysed, SQLite's tie between the two moves with the table's width.
      expect(await planOf(handle.db, proposalListCountQuery(handle.db, account, { sellerId }))).toEqual([expect.stringMatching(/^SEARCH p USING COVERING INDEX proposals_account_(status_)?listing_idx \(account_id=\?\)$/)])
      expect(await planOf(handle.db, proposalListCountQuery(handle.db, account, { sellerId, status: 'sent' }))).toEqual([
        expect.stringMatching(/^SEARCH p USING COVERING INDEX proposals_account_status_listing_idx \(account_id=\? AND status=\?\)$/),
      ])
      // The count reads the documents alone, never their customers or sellers.
      for (const filters of [{}, { status: 'sent' as const }, { createdFrom: '2025-06-01' }]) {
        const count = await planOf(handle.db, proposalListCountQuery(handle.db, account, filters))
        expect(count.join(' | '), JSON.stringify(filters)).not.toMatch(/customers|users| c | s /)
      }
      // A customer's name or code is looked up in the customers' search keys, one index read
      // without their rows (migration 011), never by joining every document to its customer.
      for (const query of [proposalListPageQuery(handle.db, account, { customerText: 'atacadista' }, page), proposalListCountQuery(handle.db, account, { customerText: '12.345' })]) {
        const plan = await planOf(handle.db, query)
        expect(plan, plan.join(' | ')).toContainEqual(expect.stringMatching(/^SEARCH c USING COVERING INDEX customers_account_name_key_idx \(account_id=\?\)$/))
        expect(plan.filter((step) => step.startsWith('SCAN')), plan.join(' | ')).toEqual([])
      }
    })
  })
}

describe('migration 008 on SQLite, run again after an interruption', () => {
  const file = path.join(os.tmpdir(), `vendoc-plans-${randomBytes(6).toString('hex')}.sqlite`)
  afterAll(() => {
    removeSqliteFiles(file)
  })

  it('completes when it had created the new index but not dropped the old one, nor been recorded', async () => {
    const handle = connect(file)
    try {
      await migrateToLatest(handle.db, handle.dialect)
      // Its DDL runs outside a transaction: a crash after the first statement leaves this state.
      await sql`create index proposals_customer_created_idx on proposals (account_id, customer_id, created_at, id)`.execute(handle.db)
      await sql`delete from kysely_migration where name = '008-customer-page-index'`.execute(handle.db)
      // Nor had any later migration run.
      await undoMigrationsAfter008(handle.db)
      expect(await migrateToLatest(handle.db, handle.dialect)).toEqual(await migrationsFrom('008-customer-page-index'))
      const indexes = await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'proposals'`.execute(handle.db)
      const names = indexes.rows.map((row) => row.name)
      expect(names).toContain('proposals_customer_page_idx')
      expect(names).not.toContain('proposals_customer_created_idx')
      // Never analysed, and the migration did not start statistics of its own.
      expect((await sql`select name from sqlite_master where name = 'sqlite_stat1'`.execute(handle.db)).rows).toEqual([])
    } finally {
      await handle.close()
    }
  })
})

const postgres = inject('postgres')

/**
 * PostgreSQL's plan, a line per node, outermost first. `generic`: the plan a named statement
 * settles on after its first runs (the unfiltered page is one, prepared-query.ts), made without
 * seeing the values: prepared and explained under plan_cache_mode = force_generic_plan, on one
 * connection of the pool, which is left as it was.
 */
async function postgresPlanOf(db: Db, query: Compilable, generic: boolean): Promise<string[]> {
  const compiled = query.compile()
  const rows = await db.connection().execute(async (connection) => {
    type Plan = { 'QUERY PLAN': string }
    if (!generic) return (await connection.executeQuery<Plan>(CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]))).rows
    const values = compiled.parameters.map((value) => {
      if (typeof value === 'number') return String(value)
      if (typeof value !== 'string' || value.includes("'")) throw new Error(`not a plain test value: ${String(value)}`)
      return `'${value}'`
    })
    await connection.executeQuery(CompiledQuery.raw('set plan_cache_mode = force_generic_plan'))
    try {
      await connection.executeQuery(CompiledQuery.raw(`prepare page_plan as ${compiled.sql}`))
      return (await connection.executeQuery<Plan>(CompiledQuery.raw(`explain execute page_plan(${values.join(', ')})`))).rows
    } finally {
      await connection.executeQuery(CompiledQuery.raw('deallocate page_plan')).catch(() => undefined)
      await connection.executeQuery(CompiledQuery.raw('reset plan_cache_mode'))
    }
  })
  return rows.map((row) => row['QUERY PLAN'].trim())
}

describe.skipIf(!postgres.available && !process.env.CI)("a customer's documents on PostgreSQL: the API's page written as JSON, the form's earlier signers", () => {
  let database: { name: string; url: string }
  let handle: DatabaseHandle
  let accountId: number
  let bigCustomerId: number

  beforeAll(async () => {
    if (!postgres.available) throw new Error(`PostgreSQL is unreachable at ${postgres.url} (${postgres.reason}); under CI the PostgreSQL suites must run`)
    database = await createTestDatabase()
    handle = connectDatabase(loadConfig({ DATABASE_URL: database.url }).database)
    await migrateToLatest(handle.db, handle.dialect)
    const summary = await generateBenchData(handle, new ManualClock('2026-11-29T12:00:00.000Z'), { customers: 400, proposals: 4_000, accountProposals: 1_000, products: 20, seed: 3 })
    accountId = summary.account_id
    bigCustomerId = summary.big_customer!.id
    await sql`analyze`.execute(handle.db)
  }, 120_000)

  afterAll(async () => {
    await handle?.close()
    if (database) await dropTestDatabase(database.name)
  })

  // The JSON is built over the page (a subquery with its LIMIT) and the aggregate orders by the
  // stored instants: ordering by a formatted one would sort every document of the customer.
  it('reads the big customer\'s documents backwards through an index and stops at the page, with no sort, whether the plan sees the values or not', async () => {
    const cases = [[{}, 0, false], [{}, 0, true], [{ status: 'signed' as const, createdFrom: '2025-01-01T00:00:00.000Z' }, 50, false], [{ status: 'signed' as const, createdFrom: '2025-01-01T00:00:00.000Z' }, 50, true]] as const
    for (const [filters, offset, generic] of cases) {
      const plan = await postgresPlanOf(handle.db, postgresCustomerPageJsonQuery(handle.db, accountId, bigCustomerId, filters, 50, offset, 'http://x'), generic)
      const text = `${generic ? 'generic' : 'custom'}: ${plan.join(' | ')}`
      expect(plan[0], text).toMatch(/^Aggregate /)
      expect(plan[1], text).toMatch(/^-> {2}Limit /)
      expect(plan[2], text).toMatch(/^-> {2}Index (Only )?Scan Backward using proposals_customer_\w+ on proposals /)
      expect(text).not.toMatch(/Sort|Seq Scan/)
    }
  })

  it('reads the report by seller through an index on the period, never the whole table', async () => {
    const plan = await postgresPlanOf(handle.db, sellerSummaryQuery(handle.db, accountId, '2025-01-01T03:00:00.000Z', '2025-02-01T03:00:00.000Z'), false)
    expect(plan.join(' | ')).not.toMatch(/Seq Scan on proposals/)
  })

  it("reads the dashboard's documents about to expire through an index, never the whole table", async () => {
    const plan = await postgresPlanOf(handle.db, expiringProposalsQuery(handle.db, accountId, '2026-11-29', '2026-12-06', 10), false)
    expect(plan.join(' | ')).toMatch(/Index (Only )?Scan using proposals_open_(validity|expiry)_idx on proposals |Bitmap Index Scan on proposals_open_(validity|expiry)_idx/)
    expect(plan.join(' | ')).not.toMatch(/Seq Scan on proposals/)
  })

  it("reads the dashboard's comments for the user through the partial index on the comments, never the whole history", async () => {
    const plan = (await postgresPlanOf(handle.db, recentCommentsQuery(handle.db, accountId, { id: 1 }, '2026-11-15T00:00:00.000Z', 9), false)).join(' | ')
    expect(plan).toMatch(/Index Scan (Backward )?using proposal_events_comments_idx on proposal_events |Bitmap Index Scan on proposal_events_comments_idx/)
    expect(plan).not.toMatch(/Seq Scan on proposal_events/)
  })

  it("reads the dashboard's latest visits through the partial index on the signers who opened anything, never the whole table", async () => {
    const plan = (await postgresPlanOf(handle.db, recentOpensQuery(handle.db, accountId, '2026-11-22T00:00:00.000Z', 9), false)).join(' | ')
    expect(plan).toMatch(/Index Scan (Backward )?using proposal_signers_opened_idx on proposal_signers |Bitmap Index Scan on proposal_signers_opened_idx/)
    expect(plan).not.toMatch(/Seq Scan on proposal_signers/)
  })

  it("reads the dashboard's discounts waiting for approval through the partial index, never the whole table", async () => {
    const plan = (await postgresPlanOf(handle.db, discountRequestsQuery(handle.db, accountId, 50), false)).join(' | ')
    expect(plan).toMatch(/Index Scan using proposals_discount_requests_idx on proposals |Bitmap Index Scan on proposals_discount_requests_idx/)
    expect(plan).not.toMatch(/Seq Scan on proposals/)
  })

  it('reads Documentos filtered to the documents about to expire through an index, never the whole table', async () => {
    const account = { id: accountId, timeZone: 'America/Sao_Paulo' }
    const expiring = { expiring: { from: '2026-11-29', to: '2099-12-31' } }
    for (const query of [proposalListPageQuery(handle.db, account, expiring, { page: 1, perPage: 25 }), proposalListCountQuery(handle.db, account, expiring)]) {
      const plan = (await postgresPlanOf(handle.db, query, false)).join(' | ')
      // One account in this file: its open documents are every open document (the SQLite plans
      // above show the per-account range where another account shares the file).
      expect(plan).toMatch(/Index (Only )?Scan using proposals_open_(validity|expiry)_idx on proposals |Bitmap Index Scan on proposals_open_(validity|expiry)_idx/)
      expect(plan).not.toMatch(/Seq Scan on proposals/)
    }
  })

  it("reads the form's earlier signers from the big customer's newest documents through an index, then each one's signers by theirs", async () => {
    for (const excluded of [undefined, 1]) {
      const plan = await postgresPlanOf(handle.db, recentSignersQuery(handle.db, accountId, bigCustomerId, excluded), false)
      const text = plan.join(' | ')
      // The limit right above the backward read: it stops after the newest documents.
      expect(text).toMatch(/-> {2}Limit [^|]+\| -> {2}Index (Only )?Scan Backward using proposals_customer_\w+ on proposals /)
      expect(text).toMatch(/Index Scan using proposal_signers_proposal_idx on proposal_signers /)
      // (The roles' table holds a few rows here, and PostgreSQL reads a table that small whole.)
      expect(text).not.toMatch(/Seq Scan on proposal/)
    }
  })
})
