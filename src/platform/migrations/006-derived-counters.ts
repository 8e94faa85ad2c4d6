// Two values derived from other tables and kept by database triggers, so that they stay exact
// whatever code path (app, CLI, another process, plain SQL) makes a change:
// - accounts.catalog_version counts changes to what GET /registration-data shows (payment methods,
//   products, templates, signer roles, sellers); a cached copy of the registration data is valid
//   exactly while the version it was read at is current (modules/catalog/registration-data-cache.ts);
// - customers.proposal_count is the customer's number of documents, the total of an unfiltered
//   GET /customers/{id}/proposals, which otherwise counts every document of a big customer on
//   every page.
import { type Kysely, sql } from 'kysely'
import type { Dialect } from '../db/connect.js'

export const CATALOG_TABLES = ['payment_methods', 'products', 'templates', 'signer_roles', 'users'] as const

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await addCatalogVersion(db, dialect)
  await addCustomerProposalCount(db, dialect)
}

async function addCatalogVersion(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('catalog_version', 'integer', (c) => c.notNull().defaultTo(0)).execute()
  if (dialect === 'postgres') {
    await sql`create function bump_catalog_version() returns trigger language plpgsql as $$
      begin
        update accounts set catalog_version = catalog_version + 1
          where id = (case when tg_op = 'DELETE' then old.account_id else new.account_id end);
        return null;
      end $$`.execute(db)
    for (const table of CATALOG_TABLES) {
      await sql`create trigger ${sql.raw(`${table}_bump_catalog_version`)} after insert or update or delete on ${sql.table(table)}
        for each row execute function bump_catalog_version()`.execute(db)
    }
    return
  }
  for (const table of CATALOG_TABLES) {
    for (const [event, row] of [['insert', 'new'], ['update', 'new'], ['delete', 'old']] as const) {
      await sql`create trigger ${sql.raw(`${table}_${event}_bumps_catalog_version`)} after ${sql.raw(event)} on ${sql.table(table)}
        begin update accounts set catalog_version = catalog_version + 1 where id = ${sql.raw(row)}.account_id; end`.execute(db)
    }
  }
}

async function addCustomerProposalCount(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema.alterTable('customers').addColumn('proposal_count', 'integer', (c) => c.notNull().defaultTo(0)).execute()
  await sql`update customers set proposal_count =
    (select count(*) from proposals p where p.account_id = customers.account_id and p.customer_id = customers.id)`.execute(db)
  const add = (row: 'new' | 'old', delta: '+' | '-') =>
    sql`update customers set proposal_count = proposal_count ${sql.raw(delta)} 1 where account_id = ${sql.raw(row)}.account_id and id = ${sql.raw(row)}.customer_id`
  // Saving a draft sets customer_id even when it stays the same: only a real move touches the
  // customers. A move updates the two customer rows in id order, so two documents moved in
  // opposite directions at the same time lock them in the same order (no deadlock).
  if (dialect === 'postgres') {
    await sql`create function count_customer_proposals() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then ${add('new', '+')};
        elsif tg_op = 'DELETE' then ${add('old', '-')};
        elsif old.customer_id < new.customer_id then ${add('old', '-')}; ${add('new', '+')};
        else ${add('new', '+')}; ${add('old', '-')};
        end if;
        return null;
      end $$`.execute(db)
    await sql`create trigger proposals_count_per_customer after insert or delete on proposals
      for each row execute function count_customer_proposals()`.execute(db)
    await sql`create trigger proposals_move_counts_customer after update of customer_id on proposals
      for each row when (old.customer_id is distinct from new.customer_id) execute function count_customer_proposals()`.execute(db)
    return
  }
  await sql`create trigger proposals_insert_counts_customer after insert on proposals begin ${add('new', '+')}; end`.execute(db)
  await sql`create trigger proposals_delete_counts_customer after delete on proposals begin ${add('old', '-')}; end`.execute(db)
  await sql`create trigger proposals_move_counts_customer after update of customer_id on proposals
    when old.customer_id is not new.customer_id begin ${add('old', '-')}; ${add('new', '+')}; end`.execute(db)
}
