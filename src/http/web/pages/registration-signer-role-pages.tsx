// Cadastros › Papéis de signatários: the list and the create/edit form.
import type { FieldErrors } from '../../../modules/catalog/catalog-text.js'
import type { SignerRoleField, SignerRoleRow } from '../../../modules/catalog/manage-signer-roles.js'
import { PageHeader } from '../components/page-header.js'
import { CheckboxField, CsrfField, FormField } from '../form-field.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'
import { ErrorSummary, HUB_BREADCRUMB, ReadOnlyNotice, StatusBadge, errorText } from './registration-shared.js'

const r = t.registrationData
const s = r.signerRoles
const BASE = '/registration-data/signer-roles'

export function SignerRoleListPage({ ctx, rows }: { ctx: PageContext; rows: SignerRoleRow[] }) {
  const admin = ctx.session.role === 'admin'
  return (
    <AppLayout title={s.title} ctx={ctx} section="registrationData">
      <PageHeader title={s.title} breadcrumb={HUB_BREADCRUMB} intro={r.inactiveNotice} actions={admin && <a class="button" href={`${BASE}/new`}>{s.newButton}</a>} />
      <ReadOnlyNotice admin={admin} />
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{s.name}</th>
              <th scope="col">{r.status}</th>
              {admin && <th scope="col" class="num">{t.common.actions}</th>}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td class="empty" colSpan={admin ? 3 : 2}>{r.empty}</td>
              </tr>
            )}
            {rows.map((row) => (
              <tr>
                <td>{row.name}</td>
                <td><StatusBadge active={row.active} /></td>
                {admin && (
                  <td class="num">
                    <a class="button ghost small" href={`${BASE}/${row.id}/edit`} aria-label={`${t.common.edit} ${row.name}`}>{t.common.edit}</a>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="pagination-summary muted">{t.pagination.total(rows.length)}</p>
    </AppLayout>
  )
}

export function SignerRoleFormPage({ ctx, id, values, errors }: { ctx: PageContext; id?: number; values: { name: string; active: boolean }; errors?: FieldErrors<SignerRoleField> }) {
  const title = id === undefined ? s.newTitle : s.editTitle(values.name)
  const action = id === undefined ? BASE : `${BASE}/${id}`
  return (
    <AppLayout title={title} ctx={ctx} section="registrationData">
      <PageHeader title={title} breadcrumb={{ label: s.title, href: BASE }} />
      <ErrorSummary errors={errors} />
      <form class="card registration-narrow" method="post" action={action} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <FormField name="name" label={s.name} value={values.name} error={errorText(errors?.name)} maxLength={120} />
        <CheckboxField name="active" label={r.activeField} checked={values.active} hint={r.activeHint} />
        <div class="form-actions">
          <button type="submit" class="button">{t.common.save}</button>
          <a class="button ghost" href={BASE}>{t.common.cancel}</a>
        </div>
      </form>
    </AppLayout>
  )
}
