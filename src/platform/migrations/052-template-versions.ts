// Template versions (catalog/template-versions.ts): every save that changes a template keeps what
// it saved (name, description, body, status), numbered per template, with who saved it and when,
// so an admin can see what changed in a contract's wording, compare two versions and restore one.
// - templates.version is the number of the version the row holds; a save states the version it
//   was edited from, so a second admin's save over a version they never saw is refused, not lost;
// - template_versions holds every version, the current one included. The templates that exist
//   now get their version 1 from what they hold, marked as where the history starts.
import { type Kysely, sql } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { columnTypes, withId } from './column-types.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect)
  await db.schema.alterTable('templates').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute()
  await withId(db.schema.createTable('template_versions'), dialect)
    .addColumn('account_id', t.ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('template_id', t.ref, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('active', t.bool, (c) => c.notNull())
    .addColumn('saved_at', t.instant, (c) => c.notNull())
    // The user who saved it (null for support) and their name then; both null for the versions
    // the history begins with.
    .addColumn('saved_by_user_id', t.ref)
    .addColumn('saved_by_name', 'text')
    // The version this one restored, when it was a restoration.
    .addColumn('restored_from', 'integer')
    // What the save did to the body, against the version before (null for a template's first):
    // counted once when saved, so the history's list diffs nothing. Approximate when the edit
    // was too large to align line by line (line-diff.ts).
    .addColumn('lines_added', 'integer')
    .addColumn('lines_removed', 'integer')
    .addColumn('lines_approximate', t.bool, (c) => c.notNull().defaultTo(false))
    // The version the history began with: what a template held when this migration ran.
    .addColumn('history_start', t.bool, (c) => c.notNull().defaultTo(false))
    // Through the account as well as the id: a version can only belong to its account's template.
    .addForeignKeyConstraint('template_versions_template_fk', ['account_id', 'template_id'], 'templates', ['account_id', 'id'], (c) => c.onDelete('cascade'))
    .addUniqueConstraint('template_versions_template_version_key', ['account_id', 'template_id', 'version'])
    .execute()
  await sql`insert into template_versions (account_id, template_id, version, name, description, body, active, saved_at, history_start)
    select account_id, id, 1, name, description, body, active, updated_at, ${sql.lit(dialect === 'postgres' ? true : 1)} from templates`.execute(db)
}
