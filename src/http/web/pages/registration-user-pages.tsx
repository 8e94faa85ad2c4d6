// Cadastros › Usuários e vendedores (admins only): the account's people and the create/edit form.
import { MIN_PASSWORD_LENGTH } from '../../../modules/accounts/sign-up.js'
import type { AccountUserRow, UserErrors } from '../../../modules/accounts/manage-users.js'
import { PageHeader } from '../components/page-header.js'
import { CsrfField, FormField, SelectField } from '../form-field.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'
import { CheckboxWithError, ErrorSummary, HUB_BREADCRUMB, StatusBadge, errorText } from './registration-shared.js'

const r = t.registrationData
const u = r.users
const BASE = '/registration-data/users'

export function UserListPage({ ctx, rows }: { ctx: PageContext; rows: AccountUserRow[] }) {
  return (
    <AppLayout title={u.title} ctx={ctx} section="registrationData">
      <PageHeader title={u.title} breadcrumb={HUB_BREADCRUMB} actions={<a class="button" href={`${BASE}/new`}>{u.newButton}</a>} />
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{u.name}</th>
              <th scope="col">{u.email}</th>
              <th scope="col">{u.role}</th>
              <th scope="col">{u.seller}</th>
              <th scope="col">{r.status}</th>
              <th scope="col" class="num">{t.common.actions}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr>
                <td>
                  {row.name}
                  {row.id === ctx.session.userId && <span class="muted"> ({u.you})</span>}
                </td>
                <td>{row.email}</td>
                <td>{t.roles[row.role]}</td>
                <td>
                  {row.is_seller ? t.common.yes : t.common.no}
                  {row.is_default_seller && <> <span class="badge accent">{u.defaultBadge}</span></>}
                </td>
                <td><StatusBadge active={row.active} /></td>
                <td class="num">
                  <a class="button ghost small" href={`${BASE}/${row.id}/edit`} aria-label={`${t.common.edit} ${row.name}`}>{t.common.edit}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="pagination-summary muted">{t.pagination.total(rows.length)}</p>
    </AppLayout>
  )
}

export interface UserFormValues {
  name: string
  email: string
  role: string
  isSeller: boolean
  isDefaultSeller: boolean
  active: boolean
}

export function UserFormPage({ ctx, id, values, errors }: { ctx: PageContext; id?: number; values: UserFormValues; errors?: UserErrors }) {
  const editing = id !== undefined
  const title = editing ? u.editTitle(values.name) : u.newTitle
  const action = editing ? `${BASE}/${id}` : BASE
  return (
    <AppLayout title={title} ctx={ctx} section="registrationData">
      <PageHeader title={title} breadcrumb={{ label: u.title, href: BASE }} />
      <ErrorSummary errors={errors} />
      <form class="card" method="post" action={action} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <div class="form-grid">
          <FormField name="name" label={u.name} value={values.name} error={errorText(errors?.name)} autocomplete="off" maxLength={120} />
          {editing ? (
            <div class="field">
              <p class="registration-label">{u.email}</p>
              <p>{values.email}</p>
              <p class="field-hint">{u.emailFixed}</p>
            </div>
          ) : (
            <FormField name="email" type="email" label={u.email} value={values.email} error={errorText(errors?.email)} autocomplete="off" />
          )}
          <SelectField name="role" label={u.role} value={values.role} error={errorText(errors?.role)} hint={u.roleHint}
            options={[{ value: 'member', label: t.roles.member }, { value: 'admin', label: t.roles.admin }]} />
          <FormField name="password" type="password" label={editing ? u.newPassword : u.password} required={!editing} autocomplete="new-password"
            error={errorText(errors?.password)} hint={editing ? u.newPasswordHint(MIN_PASSWORD_LENGTH) : u.passwordHint(MIN_PASSWORD_LENGTH)} />
        </div>
        <CheckboxWithError name="is_seller" label={u.isSeller} checked={values.isSeller} hint={u.isSellerHint} error={errorText(errors?.is_seller)} />
        <CheckboxWithError name="is_default_seller" label={u.isDefaultSeller} checked={values.isDefaultSeller} hint={u.isDefaultSellerHint} error={errorText(errors?.is_default_seller)} />
        {editing && <CheckboxWithError name="active" label={u.active} checked={values.active} hint={u.activeHint} error={errorText(errors?.active)} />}
        <div class="form-actions">
          <button type="submit" class="button">{t.common.save}</button>
          <a class="button ghost" href={BASE}>{t.common.cancel}</a>
        </div>
      </form>
    </AppLayout>
  )
}
