// Pieces shared by the Cadastros pages: field error codes in words, the active/inactive badge,
// the error summary of a form and the breadcrumb back to the hub.
import { MIN_PASSWORD_LENGTH } from '../../../modules/accounts/sign-up.js'
import { MAX_INSTALLMENTS } from '../../../modules/catalog/manage-payment-methods.js'
import { t } from '../i18n/pt-BR.js'

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

/** A checkbox like form-field's CheckboxField, with an error under it (the user flags can be refused). */
export function CheckboxWithError({ name, label, checked, hint, error }: { name: string; label: string; checked: boolean; hint?: string; error?: string | undefined }) {
  const id = `field-${name}`
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
  return (
    <div class="field checkbox">
      <input type="checkbox" id={id} name={name} value="1" checked={checked} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy} />
      <label for={id}>{label}</label>
      {hint && <p class="field-hint" id={`${id}-hint`}>{hint}</p>}
      {error && <p class="field-error registration-checkbox-error" id={`${id}-error`}>{error}</p>}
    </div>
  )
}
