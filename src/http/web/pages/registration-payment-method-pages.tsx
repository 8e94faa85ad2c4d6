// Cadastros › Formas de pagamento: the list and the create/edit form.
import type { FieldErrors } from '../../../modules/catalog/catalog-text.js'
import { MAX_INSTALLMENTS, PAYMENT_METHOD_KINDS, type PaymentMethodField, type PaymentMethodRow } from '../../../modules/catalog/manage-payment-methods.js'
import { CheckboxField, FormField, SelectField } from '../form-field.js'
import { t } from '../i18n/pt-BR.js'
import type { PageContext } from '../page-context.js'
import { RegistrationFormPage, RegistrationListPage, type RegistrationColumn, errorText } from './registration-shared.js'

const r = t.registrationData
const m = r.paymentMethods
const BASE = '/registration-data/payment-methods'

const COLUMNS: RegistrationColumn<PaymentMethodRow>[] = [
  { label: m.name, cell: (row) => row.name },
  { label: m.kind, cell: (row) => m.kinds[row.kind] },
  { label: m.maxInstallments, num: true, cell: (row) => row.max_installments },
  { label: m.terms, cell: (row) => m.termsSummary(row.first_due_days, row.installment_interval_days, row.max_installments, row.due_on_business_days) },
]

export function PaymentMethodListPage({ ctx, rows }: { ctx: PageContext; rows: PaymentMethodRow[] }) {
  return <RegistrationListPage ctx={ctx} texts={m} base={BASE} columns={COLUMNS} rows={rows} />
}

export interface PaymentMethodFormValues {
  name: string
  kind: string
  max_installments: string
  first_due_days: string
  installment_interval_days: string
  due_on_business_days: boolean
  active: boolean
}

export function PaymentMethodFormPage({ ctx, id, values, errors }: { ctx: PageContext; id?: number; values: PaymentMethodFormValues; errors?: FieldErrors<PaymentMethodField> }) {
  return (
    <RegistrationFormPage ctx={ctx} texts={m} base={BASE} id={id} name={values.name} errors={errors} activityKind="payment_method">
      <div class="form-grid">
        <FormField name="name" label={m.name} value={values.name} error={errors?.name === 'name_taken' ? m.nameTaken : errorText(errors?.name)} maxLength={120} />
        <SelectField name="kind" label={m.kind} value={values.kind} error={errorText(errors?.kind)} placeholder={t.common.select}
          options={PAYMENT_METHOD_KINDS.map((kind) => ({ value: kind, label: m.kinds[kind] ?? kind }))} />
        <FormField name="max_installments" label={m.maxInstallments} type="number" inputmode="numeric" value={values.max_installments}
          error={errorText(errors?.max_installments)} hint={m.maxInstallmentsHint(MAX_INSTALLMENTS)} />
        <FormField name="first_due_days" label={m.firstDueDays} type="number" inputmode="numeric" value={values.first_due_days}
          error={errorText(errors?.first_due_days)} hint={m.firstDueDaysHint} />
        <FormField name="installment_interval_days" label={m.intervalDays} type="number" inputmode="numeric" value={values.installment_interval_days}
          error={errorText(errors?.installment_interval_days)} hint={m.intervalDaysHint} />
      </div>
      <CheckboxField name="due_on_business_days" label={m.businessDays} checked={values.due_on_business_days} hint={m.businessDaysHint} />
      <CheckboxField name="active" label={r.activeField} checked={values.active} hint={r.activeHint} />
    </RegistrationFormPage>
  )
}
