// The document form's two term fields, after "Parcelas": terms negotiated for one document ("28/56/84
// dias") instead of its payment method's. Both blank: the method's, copied when the document is
// saved; both filled: the document's own (CreateProposalInput.payment_terms, migration 046).
import { type PaymentTerms, TERM_BOUNDS } from '../../../modules/proposals/payment-schedule.js'
import { FormField } from '../form-field.js'
import { t } from '../i18n/pt-BR.js'

type TermField = keyof PaymentTerms

/** A number of days as typed in one of the form's day fields; NaN when it is not digits. */
export function typedDays(text: string): number {
  return /^\d{1,4}$/.test(text) ? Number(text) : NaN
}

/** The days as typed; a term's error when it is not a whole number within its bounds, or the other one is typed alone. */
export function parsePaymentTerms(typed: Record<TermField, string>): { terms: PaymentTerms | undefined; errors: Partial<Record<TermField, string>> } {
  const fields = Object.keys(TERM_BOUNDS) as TermField[]
  const text = (field: TermField) => typed[field].trim()
  if (fields.every((field) => text(field) === '')) return { terms: undefined, errors: {} }
  const errors: Partial<Record<TermField, string>> = {}
  const read: Partial<PaymentTerms> = {}
  for (const field of fields) {
    const { min, max } = TERM_BOUNDS[field]
    const value = typedDays(text(field))
    if (text(field) === '') errors[field] = t.proposals.errors.termsBoth
    else if (!(value >= min && value <= max)) errors[field] = t.registrationData.errors.invalid_days(min, max)
    else read[field] = value
  }
  // No error: every term was read.
  return { terms: Object.keys(errors).length === 0 ? (read as PaymentTerms) : undefined, errors }
}

/** The two fields, after the installments. */
export function PaymentTermsFields({ values, errors }: { values: Record<TermField, string>; errors: Record<string, string> }) {
  const f = t.proposals.form
  return (
    <>
      <FormField name="first_due_days" label={f.firstDueDays} value={values.first_due_days} error={errors.first_due_days} hint={f.termsHint} inputmode="numeric" maxLength={3} required={false} />
      <FormField name="installment_interval_days" label={f.intervalDays} value={values.installment_interval_days} error={errors.installment_interval_days} inputmode="numeric" maxLength={3} required={false} />
    </>
  )
}
