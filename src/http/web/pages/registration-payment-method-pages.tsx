// Cadastros › Formas de pagamento: the list and the create/edit form.
import type { FieldErrors } from '../../../modules/catalog/catalog-text.js'
import { MAX_INSTALLMENTS, PAYMENT_METHOD_KINDS, type PaymentMethodField, type PaymentMethodRow } from '../../../modules/catalog/manage-payment-methods.js'
import { PageHeader } from '../components/page-header.js'
import { CheckboxField, CsrfField, FormField, SelectField } from '../form-field.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'
import { ErrorSummary, HUB_BREADCRUMB, ReadOnlyNotice, StatusBadge, errorText } from './registration-shared.js'

const r = t.registrationData
const m = r.paymentMethods
const BASE = '/registration-data/payment-methods'

export function PaymentMethodListPage({ ctx, rows }: { ctx: PageContext; rows: PaymentMethodRow[] }) {
  const admin = ctx.session.role === 'admin'
  return (
    <AppLayout title={m.title} ctx={ctx} section="registrationData">
      <PageHeader title={m.title} breadcrumb={HUB_BREADCRUMB} intro={r.inactiveNotice} actions={admin && <a class="button" href={`${BASE}/new`}>{m.newButton}</a>} />
      <ReadOnlyNotice admin={admin} />
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{m.name}</th>
              <th scope="col">{m.kind}</th>
              <th scope="col" class="num">{m.maxInstallments}</th>
              <th scope="col">{r.status}</th>
              {admin && <th scope="col" class="num">{t.common.actions}</th>}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td class="empty" colSpan={admin ? 5 : 4}>{r.empty}</td>
              </tr>
            )}
            {rows.map((row) => (
              <tr>
                <td>{row.name}</td>
                <td>{m.kinds[row.kind]}</td>
                <td class="num">{row.max_installments}</td>
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

export interface PaymentMethodFormValues {
  name: string
  kind: string
  max_installments: string
  active: boolean
}

export function PaymentMethodFormPage({ ctx, id, values, errors }: { ctx: PageContext; id?: number; values: PaymentMethodFormValues; errors?: FieldErrors<PaymentMethodField> }) {
  const title = id === undefined ? m.newTitle : m.editTitle(values.name)
  const action = id === undefined ? BASE : `${BASE}/${id}`
  return (
    <AppLayout title={title} ctx={ctx} section="registrationData">
      <PageHeader title={title} breadcrumb={{ label: m.title, href: BASE }} />
      <ErrorSummary errors={errors} />
      <form class="card" method="post" action={action} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <div class="form-grid">
          <FormField name="name" label={m.name} value={values.name} error={errorText(errors?.name)} maxLength={120} />
          <SelectField name="kind" label={m.kind} value={values.kind} error={errorText(errors?.kind)} placeholder={t.common.select}
            options={PAYMENT_METHOD_KINDS.map((kind) => ({ value: kind, label: m.kinds[kind] ?? kind }))} />
          <FormField name="max_installments" label={m.maxInstallments} type="number" inputmode="numeric" value={values.max_installments}
            error={errorText(errors?.max_installments)} hint={m.maxInstallmentsHint(MAX_INSTALLMENTS)} />
        </div>
        <CheckboxField name="active" label={r.activeField} checked={values.active} hint={r.activeHint} />
        <div class="form-actions">
          <button type="submit" class="button">{t.common.save}</button>
          <a class="button ghost" href={BASE}>{t.common.cancel}</a>
        </div>
      </form>
    </AppLayout>
  )
}
