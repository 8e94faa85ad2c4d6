// Templates as the registration screens see them: list (with how many notices each body's review
// has) and read one of the account's templates (any status). createTemplate is in
// catalog-admin.ts, saveTemplate in template-versions.ts; body validation lives in
// template-input.ts, so none of them checks what it stores.
import type { Db } from '../../platform/db/connect.js'
import { foldedName } from '../../platform/db/folded-search.js'
import { storedBodyReview } from '../rendering/template-review.js'

export interface TemplateRecord {
  id: number
  name: string
  description: string | null
  body: string
  active: boolean
  /** The version it holds (template-versions.ts); a save states it to be refused over a newer one. */
  version: number
  updated_at: string
}

export type TemplateSummary = Omit<TemplateRecord, 'body' | 'version'> & {
  /** How many notices the editor's review has for the body (template-review.ts): 0 when there is nothing to mend. */
  notices: number
}

export interface TemplateChanges {
  name: string
  description: string | null
  body: string
  active: boolean
}

export async function listTemplates(db: Db, accountId: number): Promise<TemplateSummary[]> {
  const rows = await db.selectFrom('templates').select(['id', 'name', 'description', 'body', 'active', 'updated_at'])
    .where('account_id', '=', accountId).orderBy(foldedName(db)).orderBy('id').execute()
  return rows.map(({ body, ...row }) => ({ ...row, active: Boolean(row.active), notices: storedBodyReview(body).notices }))
}

/** The account's template with this id (active or not), or undefined for a missing or foreign id. */
export async function findTemplate(db: Db, accountId: number, id: number): Promise<TemplateRecord | undefined> {
  const row = await db.selectFrom('templates').select(['id', 'name', 'description', 'body', 'active', 'version', 'updated_at'])
    .where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst()
  return row && { ...row, active: Boolean(row.active) }
}

/**
 * How many of the account's drafts use the template: they render from it until sent, so an edit
 * changes them (a sent document keeps the HTML frozen when it was sent). Counted through the
 * (account_id, status, …) index: the account's drafts alone are read.
 */
export async function countDraftsUsingTemplate(db: Db, accountId: number, templateId: number): Promise<number> {
  const row = await db
    .selectFrom('proposals')
    .select((eb) => eb.fn.countAll<number>().as('drafts'))
    .where('account_id', '=', accountId)
    .where('status', '=', 'draft')
    .where('template_id', '=', templateId)
    .executeTakeFirstOrThrow()
  return Number(row.drafts)
}
