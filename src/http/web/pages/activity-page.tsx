// Configurações → Atividade: who changed the account's governance, newest first, filtered by
// subject, author, item and period, 50 a page, and exported as CSV with the same filters
// (accounts/account-activity.ts, http/web/activity-filters.ts, http/web/activity-csv.ts).
import { ACTIVITY_SUBJECTS, type ActivityView, type FieldChange } from '../../../modules/accounts/account-activity.js'
import { PageHeader } from '../components/page-header.js'
import { pageHref, Pagination } from '../components/pagination.js'
import { TableWrap } from '../components/table-wrap.js'
import type { ActivityActors } from '../../../modules/accounts/activity-actors.js'
import { type ActivityQuery, authorValue } from '../activity-filters.js'
import type { DateRangeErrors } from '../date-range-filter.js'
import { FormField, SelectField } from '../form-field.js'
import { formatDateTime, formatMoney } from '../format.js'
import { t } from '../i18n/pt-BR.js'
import { formatShare } from '../../../modules/lifecycle/discount-rule.js'
import { formatDocument } from '../../../platform/pt-br-format.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'
import { versionPath } from './template-versions-page.js'

const ta = t.activity

export const ACTIVITY_PATH = '/settings/activity'
export const ACTIVITY_EXPORT_PATH = '/settings/activity/export.csv'
export const ACTIVITY_PER_PAGE = 50

/** A logged value as people read it: yes/no, lists joined, roles, shares and CNPJs as shown elsewhere, nothing as "(vazio)". */
function shownValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return field === 'creation_limit' ? ta.planLimit : field === 'seller_discount_limit_bp' ? ta.accountDiscountLimit : ta.emptyValue
  if (typeof value === 'boolean') return value ? t.common.yes : t.common.no
  if (Array.isArray(value)) return value.map(String).join(', ')
  if (field === 'role' && (value === 'admin' || value === 'member')) return t.roles[value]
  if ((field === 'discount_approval_above_bp' || field === 'seller_discount_limit_bp') && typeof value === 'number') return formatShare(value)
  if (field === 'document' && typeof value === 'string') return formatDocument(value)
  if (field === 'price_cents' && typeof value === 'number') return formatMoney(value)
  // A product's kind (product, service) or a payment method's (pix, boleto…): the two sets share no value.
  if (field === 'kind' && typeof value === 'string') return t.registrationData.products.kinds[value] ?? t.registrationData.paymentMethods.kinds[value] ?? value
  return String(value)
}

function changeLines(changes: Record<string, FieldChange>): string[] {
  return Object.entries(changes).map(([field, change]) => {
    const label = ta.fields[field] ?? field
    // A hidden field (a password, a message's text) is logged as changed, without its values.
    if ('hidden' in change) return ta.hiddenChanges[field] ?? ta.changedHidden(label)
    return ta.changed(label, shownValue(field, change.from), shownValue(field, change.to))
  })
}

/** One line of an entry's details: text, or a link to what it names (a template's version). */
export type ActivityDetail = string | { text: string; href: string }

/** What an entry's details say, one line each. */
export function activityDetails(entry: ActivityView): ActivityDetail[] {
  const { data } = entry
  const lines: ActivityDetail[] = data.changes !== null && typeof data.changes === 'object' ? changeLines(data.changes as Record<string, FieldChange>) : []
  if (typeof data.prefix === 'string') lines.push(ta.prefix(data.prefix))
  if (data.access === 'full' || data.access === 'read') lines.push(`${ta.fields.access}: ${t.integrations.tokens.accesses[data.access]}`)
  if (typeof data.count === 'number') lines.push(ta.sessionsEnded(data.count))
  if (typeof data.keys_removed === 'number') lines.push(ta.keysRemoved(data.keys_removed))
  if (typeof data.width === 'number' && typeof data.height === 'number') lines.push(ta.logoSize(data.width, data.height))
  // A template's version: its text and line diff are on the template's history (admins only, as this page is).
  if (entry.action.startsWith('template.') && typeof data.version === 'number') {
    const text = ta.templateVersion(data.version)
    lines.push(entry.target.id === null ? text : { text, href: versionPath(entry.target.id, data.version) })
  }
  if (entry.action === 'product.created' && typeof data.price_cents === 'number') lines.push(`${ta.fields.price_cents}: ${shownValue('price_cents', data.price_cents)}`)
  if (entry.action === 'user.created') {
    lines.push(`${ta.fields.role}: ${shownValue('role', data.role)}`)
    if (data.is_seller === true) lines.push(data.is_default_seller === true ? ta.fields.is_default_seller! : ta.fields.is_seller!)
    if (data.invited === true) lines.push(ta.invitedByEmail)
    if (typeof data.seller_discount_limit_bp === 'number') lines.push(`${ta.fields.seller_discount_limit_bp}: ${shownValue('seller_discount_limit_bp', data.seller_discount_limit_bp)}`)
  }
  if (entry.action === 'webhook.created') {
    lines.push(`${ta.fields.events}: ${shownValue('events', data.events)}`)
    lines.push(`${ta.fields.active}: ${shownValue('active', data.active)}`)
  }
  return lines
}

/** Who made a change, as the page and the CSV name them: an integration by its token's name. */
export function authorName(actor: ActivityView['actor']): string {
  return actor.type === 'api_token' ? ta.integration(actor.name) : actor.name
}

function Who({ entry }: { entry: ActivityView }) {
  return (
    <>
      {authorName(entry.actor)}
      {entry.actor.type === 'support' && <> <span class="muted">({ta.support})</span></>}
    </>
  )
}

export interface ActivityPageProps {
  ctx: PageContext
  /** The filters as given (a subject or author that is not one already dropped). */
  query: ActivityQuery
  errors?: DateRangeErrors
  actors: ActivityActors
  /** With the item filter: the item's name in its latest entry, whatever the other filters (undefined when it has none). */
  itemLabel?: string | undefined
  entries: ActivityView[]
  page: number
  total: number
}

/** "Quem": support, then the account's users, then its integrations' tokens. */
function authorOptions(actors: ActivityActors) {
  return [
    { value: authorValue('support', null), label: ta.whoOption.support },
    ...actors.users.map((user) => ({ value: authorValue('user', user.id), label: ta.whoOption.user(user.name, user.email, user.active) })),
    ...actors.tokens.map((token) => ({ value: authorValue('api_token', token.id), label: ta.whoOption.token(token.name, token.revoked) })),
  ]
}

function ActivityFilterForm({ query, errors, actors }: { query: ActivityQuery; errors: DateRangeErrors; actors: ActivityActors }) {
  const filtered = Object.values(query).some((value) => value !== '')
  return (
    <form method="get" action={ACTIVITY_PATH} class="filters" aria-label={ta.filtersLabel}>
      {query.item !== '' && <input type="hidden" name="item" value={query.item} />}
      <SelectField name="subject" label={ta.subject} required={false} value={query.subject} placeholder={t.common.all} options={ACTIVITY_SUBJECTS.map((value) => ({ value, label: ta.subjects[value] ?? value }))} />
      <SelectField name="who" label={ta.who} required={false} value={query.who} placeholder={t.common.all} options={authorOptions(actors)} />
      <FormField name="from" type="date" label={ta.from} value={query.from} error={errors.from} required={false} />
      <FormField name="to" type="date" label={ta.to} value={query.to} error={errors.to} required={false} />
      <div class="form-actions">
        <button type="submit" class="button">{t.common.filter}</button>
        {filtered && <a class="button ghost" href={ACTIVITY_PATH}>{t.common.clearFilters}</a>}
      </div>
    </form>
  )
}

export function ActivityPage({ ctx, query, errors = {}, actors, itemLabel, entries, page, total }: ActivityPageProps) {
  const tz = ctx.session.timeZone
  const none = <span class="muted">{t.common.none}</span>
  const invalid = Object.keys(errors).length > 0
  const filtered = Object.values(query).some((value) => value !== '')
  const exportLink = total > 0 && <a class="button ghost" href={pageHref(ACTIVITY_EXPORT_PATH, { ...query }, 1)} title={ta.csv.exportHint} download>{ta.csv.export}</a>
  return (
    <AppLayout title={ta.title} ctx={ctx} section="activity">
      <PageHeader title={ta.title} intro={ta.intro} actions={exportLink || undefined} />
      <ActivityFilterForm query={query} errors={errors} actors={actors} />
      {query.item !== '' && (
        <p class="alert info" data-activity-item>
          {itemLabel === undefined ? ta.itemFilteredUnnamed : ta.itemFiltered(itemLabel)} <a href={pageHref(ACTIVITY_PATH, { ...query, item: '' }, 1)}>{ta.allItems}</a>
        </p>
      )}
      <TableWrap label={ta.tableCaption}>
        <table class="table activity-table" aria-label={ta.tableCaption}>
          <thead>
            <tr>
              <th scope="col">{ta.at}</th>
              <th scope="col">{ta.who}</th>
              <th scope="col">{ta.what}</th>
              <th scope="col">{ta.details}</th>
              <th scope="col">{ta.ip}</th>
            </tr>
          </thead>
          <tbody>
            {entries.length === 0 && (
              <tr>
                <td colSpan={5} class="empty">{invalid ? t.dateFilters.fixPeriod : total > 0 ? t.pagination.noRowsHere : filtered ? ta.emptyFiltered : ta.empty}</td>
              </tr>
            )}
            {entries.map((entry) => {
              const details = activityDetails(entry)
              return (
                <tr data-activity={entry.action}>
                  <td>{formatDateTime(entry.at, tz)}</td>
                  <td><Who entry={entry} /></td>
                  <td>
                    {ta.actions[entry.action] ?? entry.action}
                    {entry.target.label !== '' && <> <strong>{entry.target.label}</strong></>}
                  </td>
                  <td>{details.length === 0 ? none : <ul class="activity-details">{details.map((line) => <li>{typeof line === 'string' ? line : <a href={line.href}>{line.text}</a>}</li>)}</ul>}</td>
                  <td>{entry.ip ?? none}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </TableWrap>
      <Pagination path={ACTIVITY_PATH} query={{ ...query }} page={page} perPage={ACTIVITY_PER_PAGE} total={total} />
    </AppLayout>
  )
}
