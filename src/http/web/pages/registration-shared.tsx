// Pieces shared by the Cadastros pages: field error codes in words, the active/inactive badge,
// the error summary of a form, the breadcrumb back to the hub, and the skeletons of a list page
// (header, read-only notice, table) and of a create/edit form page (header, errors, save/cancel).
import type { ActivityTargetKind } from '../../../modules/accounts/account-activity.js'
import { ActivityItemLink } from '../components/activity-item-link.js'
import type { ScriptName } from '../assets/scripts/index.js'
import type { ComponentChildren } from 'preact'
import { MIN_PASSWORD_LENGTH } from '../../../modules/accounts/sign-up.js'
import { MAX_INSTALLMENTS } from '../../../modules/catalog/manage-payment-methods.js'
import { MAX_TERM_DAYS } from '../../../modules/proposals/payment-schedule.js'
import { PageHeader } from '../components/page-header.js'
import { TableWrap } from '../components/table-wrap.js'
import { CsrfField } from '../form-field.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'

const r = t.registrationData

export const HUB_BREADCRUMB = { label: r.title, href: '/registration-data' }

/** A module's field error code in words (undefined stays undefined: no error). */
export function errorText(code: string | undefined): string | undefined {
  if (code === undefined) return undefined
  switch (code) {
    case 'required':
    case 'too_long':
    case 'invalid_email':
    case 'email_taken':
      return t.fieldErrors[code]
    case 'password_too_short':
      return t.fieldErrors.password_too_short(MIN_PASSWORD_LENGTH)
    case 'invalid_installments':
      return r.errors.invalid_installments(MAX_INSTALLMENTS)
    case 'invalid_first_due_days':
      return r.errors.invalid_days(0, MAX_TERM_DAYS)
    case 'invalid_interval_days':
      return r.errors.invalid_days(1, MAX_TERM_DAYS)
    default: {
      const text = (r.errors as Record<string, unknown>)[code]
      return typeof text === 'string' ? text : t.formHasErrors
    }
  }
}

export function StatusBadge({ active }: { active: boolean }) {
  return active ? <span class="badge ok">{t.common.active}</span> : <span class="badge">{t.common.inactive}</span>
}

export function ErrorSummary({ errors }: { errors: Record<string, unknown> | undefined }) {
  if (!errors || Object.keys(errors).length === 0) return null
  return (
    <p class="alert error" role="alert">
      {t.formHasErrors}
    </p>
  )
}

export function ReadOnlyNotice({ admin }: { admin: boolean }) {
  return admin ? null : <p class="alert info">{r.readOnlyNotice}</p>
}

/** The words of one kind of registration data that its list and form pages show. */
export interface RegistrationTexts {
  title: string
  newTitle: string
  editTitle: (name: string) => string
  newButton: string
}

/** One column of a registration list: its heading and its cell for a row (`num` aligns both right). */
export interface RegistrationColumn<Row> {
  label: string
  num?: boolean
  cell: (row: Row) => ComponentChildren
}

export interface RegistrationListPageProps<Row> {
  ctx: PageContext
  texts: RegistrationTexts
  /** The list's path; the new form is `${base}/new` and a row's is `${base}/<id>/edit`. */
  base: string
  /** The columns before Status (added for every list, with the edit link after it). */
  columns: RegistrationColumn<Row>[]
  rows: Row[]
  /**
   * A page for admins only (Usuários e vendedores): no line about inactive rows, no read-only
   * notice, no "nothing here" row, and the new button and edit links always shown. Otherwise
   * everyone reads the list and only admins get the button and the links.
   */
  adminOnly?: boolean
  /** Shown between the notices and the table (the products' search). */
  filters?: ComponentChildren
  /** Shown under the table instead of the row count (the products' pages). */
  pagination?: ComponentChildren
}

export function RegistrationListPage<Row extends { id: number; name: string; active: boolean }>({ ctx, texts, base, columns, rows, adminOnly = false, filters, pagination }: RegistrationListPageProps<Row>) {
  const admin = adminOnly || ctx.session.role === 'admin'
  const newButton = <a class="button" href={`${base}/new`}>{texts.newButton}</a>
  return (
    <AppLayout title={texts.title} ctx={ctx} section="registrationData">
      <PageHeader title={texts.title} breadcrumb={HUB_BREADCRUMB} intro={adminOnly ? undefined : r.inactiveNotice} actions={adminOnly ? newButton : admin && newButton} />
      {!adminOnly && <ReadOnlyNotice admin={admin} />}
      {filters}
      <TableWrap label={texts.title}>
        <table class="table">
          <thead>
            <tr>
              {columns.map((column) => <th scope="col" class={column.num ? 'num' : undefined}>{column.label}</th>)}
              <th scope="col">{r.status}</th>
              {admin && <th scope="col" class="num">{t.common.actions}</th>}
            </tr>
          </thead>
          <tbody>
            {!adminOnly && rows.length === 0 && (
              <tr>
                <td class="empty" colSpan={columns.length + (admin ? 2 : 1)}>{r.empty}</td>
              </tr>
            )}
            {rows.map((row) => (
              <tr>
                {columns.map((column) => <td class={column.num ? 'num' : undefined}>{column.cell(row)}</td>)}
                <td><StatusBadge active={row.active} /></td>
                {admin && (
                  <td class="num">
                    <a class="button ghost small" href={`${base}/${row.id}/edit`} aria-label={`${t.common.edit} ${row.name}`}>{t.common.edit}</a>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {pagination ?? <p class="pagination-summary muted">{t.pagination.total(rows.length)}</p>}
    </AppLayout>
  )
}

export interface RegistrationFormPageProps {
  ctx: PageContext
  texts: RegistrationTexts
  /** The list's path: the breadcrumb, Cancel and the form's target (`base`, or `${base}/<id>` when editing). */
  base: string
  /** The row being edited; undefined for a new one. */
  id?: number | undefined
  /** The row's name as typed, for the edit page's title. */
  name: string
  errors?: Record<string, unknown> | undefined
  /** A narrow card for a form of a field or two. */
  narrow?: boolean
  /** Below the form: a form of its own (forms cannot nest), such as sending an invitation again. */
  after?: ComponentChildren
  /** Enhancement scripts the form uses. */
  scripts?: ScriptName[]
  /** What the row is in the account's activity: its edit page links to its changes there. */
  activityKind?: ActivityTargetKind
  /** The form's fields. */
  children: ComponentChildren
}

export function RegistrationFormPage({ ctx, texts, base, id, name, errors, narrow = false, children, after, scripts = [], activityKind }: RegistrationFormPageProps) {
  const title = id === undefined ? texts.newTitle : texts.editTitle(name)
  const action = id === undefined ? base : `${base}/${id}`
  return (
    <AppLayout title={title} ctx={ctx} section="registrationData" scripts={scripts}>
      <PageHeader title={title} breadcrumb={{ label: texts.title, href: base }} actions={id !== undefined && activityKind !== undefined ? <ActivityItemLink kind={activityKind} id={id} /> : undefined} />
      <ErrorSummary errors={errors} />
      <form class={narrow ? 'card registration-narrow' : 'card'} method="post" action={action} novalidate>
        <CsrfField token={ctx.csrfToken} />
        {children}
        <div class="form-actions">
          <button type="submit" class="button">{t.common.save}</button>
          <a class="button ghost" href={base}>{t.common.cancel}</a>
        </div>
      </form>
      {after}
    </AppLayout>
  )
}
