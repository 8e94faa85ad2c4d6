// A template's versions (migration 052): each save that changes a template writes its next
// version, numbered per template, with who saved it; a save states the version it was edited from
// and is refused when another was saved since, so two admins editing one contract's wording never
// overwrite each other unseen. Restoring an old version is a save of its content, so the history
// only ever grows.
import { type ActivityActor, changedFields, recordChanges } from '../accounts/account-activity.js'
import { lockAccount } from '../accounts/accounts.js'
import type { Db } from '../../platform/db/connect.js'
import { inTransaction } from '../../platform/db/in-transaction.js'
import { MAX_INTEGER_COLUMN } from '../../platform/db/integer-column.js'
import { type Clock, isoNow } from '../../platform/clock.js'
import { diffLines } from './line-diff.js'
import type { TemplateChanges } from './template-admin.js'

export interface TemplateVersion {
  version: number
  name: string
  description: string | null
  body: string
  active: boolean
  saved_at: string
  /** The user's name then; null when the caller named nobody (the demo's data, the history's start). */
  saved_by_name: string | null
  restored_from: number | null
  /** The body's lines added and removed against the version before; null for a template's first. */
  lines: { added: number; removed: number; approximate: boolean } | null
  /** What the template held when the history began (migration 052). */
  history_start: boolean
}

export type TemplateVersionSummary = Omit<TemplateVersion, 'body'>

export type SaveTemplateResult =
  | { outcome: 'saved'; version: number }
  /** The form held what is stored already: nothing written, no version. */
  | { outcome: 'unchanged'; version: number }
  /** Another save came first: nothing written; `current` is what it saved. */
  | { outcome: 'stale'; current: TemplateVersionSummary }
  | { outcome: 'missing' }

export interface SaveTemplateOptions {
  /** The version the form was filled from. */
  editedFrom: number
  by?: ActivityActor
  /** The old version the form was filled from when an admin chose to restore it. */
  restoredFrom?: number | null
}

const SUMMARY_COLUMNS = ['version', 'name', 'description', 'active', 'saved_at', 'saved_by_name', 'restored_from', 'lines_added', 'lines_removed', 'lines_approximate', 'history_start'] as const

type SummaryRow = { version: number; name: string; description: string | null; active: unknown; saved_at: string; saved_by_name: string | null; restored_from: number | null; lines_added: number | null; lines_removed: number | null; lines_approximate: unknown; history_start: unknown }

function summaryOf({ lines_added, lines_removed, lines_approximate, ...row }: SummaryRow): TemplateVersionSummary {
  const lines = lines_added === null || lines_removed === null ? null : { added: lines_added, removed: lines_removed, approximate: Boolean(lines_approximate) }
  return { ...row, active: Boolean(row.active), history_start: Boolean(row.history_start), lines }
}

/** Writes a template's version row: its first (createTemplate, `previousBody` undefined) or the one a save produced. */
export async function insertTemplateVersion(trx: Db, accountId: number, templateId: number, version: number, content: TemplateChanges, saved: { at: string; by?: ActivityActor; restoredFrom?: number | null; previousBody?: string }): Promise<void> {
  const diff = saved.previousBody === undefined ? undefined : diffLines(saved.previousBody, content.body)
  await trx.insertInto('template_versions').values({
    account_id: accountId,
    template_id: templateId,
    version,
    ...content,
    saved_at: saved.at,
    saved_by_user_id: saved.by?.type === 'user' ? saved.by.id : null,
    saved_by_name: saved.by?.name ?? null,
    restored_from: saved.restoredFrom ?? null,
    lines_added: diff?.added ?? null,
    lines_removed: diff?.removed ?? null,
    lines_approximate: diff?.coarse ?? false,
  }).execute()
}

export async function saveTemplate(db: Db, clock: Clock, accountId: number, templateId: number, changes: TemplateChanges, options: SaveTemplateOptions): Promise<SaveTemplateResult> {
  return inTransaction(db, async (trx) => {
    // The account's lock before reading (as every recorded change of the account takes it; a no-op
    // write on the template would bump the catalogue's version), so two saves from the same version
    // are decided one after the other.
    await lockAccount(trx, accountId)
    const stored = await trx.selectFrom('templates').select(['name', 'description', 'body', 'active', 'version'])
      .where('account_id', '=', accountId).where('id', '=', templateId).executeTakeFirst()
    if (!stored) return { outcome: 'missing' }
    const before = { name: stored.name, description: stored.description, active: Boolean(stored.active), body: stored.body }
    // The body's text is the version's to keep: the activity says only that it changed.
    const changed = changedFields(before, { name: changes.name, description: changes.description, active: changes.active, body: changes.body }, ['body'])
    // What is stored already is no conflict, whoever saved it.
    if (Object.keys(changed).length === 0) return { outcome: 'unchanged', version: stored.version }
    if (stored.version !== options.editedFrom) return { outcome: 'stale', current: await versionSummary(trx, accountId, templateId, stored.version) }
    const now = isoNow(clock)
    const version = stored.version + 1
    await trx.updateTable('templates').set({ ...changes, version, updated_at: now }).where('account_id', '=', accountId).where('id', '=', templateId).execute()
    await insertTemplateVersion(trx, accountId, templateId, version, changes, { at: now, by: options.by, restoredFrom: options.restoredFrom, previousBody: stored.body })
    await recordChanges(trx, clock, accountId, options.by, { action: 'template.updated', target: { id: templateId, label: changes.name }, data: { version }, changes: changed })
    return { outcome: 'saved', version }
  })
}

/** One version of the account's template, or undefined for a missing number or a foreign template. */
export async function findTemplateVersion(db: Db, accountId: number, templateId: number, version: number): Promise<TemplateVersion | undefined> {
  // A number past the column's range is a missing version, not a database error.
  if (version > MAX_INTEGER_COLUMN) return undefined
  const row = await db.selectFrom('template_versions').select([...SUMMARY_COLUMNS, 'body'])
    .where('account_id', '=', accountId).where('template_id', '=', templateId).where('version', '=', version).executeTakeFirst()
  return row && { ...summaryOf(row), body: row.body }
}

async function versionSummary(db: Db, accountId: number, templateId: number, version: number): Promise<TemplateVersionSummary> {
  const row = await db.selectFrom('template_versions').select(SUMMARY_COLUMNS)
    .where('account_id', '=', accountId).where('template_id', '=', templateId).where('version', '=', version).executeTakeFirstOrThrow()
  return summaryOf(row)
}

export const TEMPLATE_VERSIONS_PER_PAGE = 20

/**
 * A page of the template's versions, newest first, and the version just before the page's oldest,
 * so the page can say what each one changed. No bodies: the line counts were taken when saved.
 * (A template's versions are numbered 1 to its `version` without gaps: their count is that.)
 */
export async function templateVersionPage(db: Db, accountId: number, templateId: number, page: number): Promise<{ versions: TemplateVersionSummary[]; before: TemplateVersionSummary | undefined }> {
  const rows = await db.selectFrom('template_versions').select(SUMMARY_COLUMNS)
    .where('account_id', '=', accountId).where('template_id', '=', templateId).orderBy('version', 'desc')
    .limit(TEMPLATE_VERSIONS_PER_PAGE + 1).offset((page - 1) * TEMPLATE_VERSIONS_PER_PAGE).execute()
  const versions = rows.map(summaryOf)
  return { versions: versions.slice(0, TEMPLATE_VERSIONS_PER_PAGE), before: versions[TEMPLATE_VERSIONS_PER_PAGE] }
}
