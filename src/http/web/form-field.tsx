// One labelled input with its hint and error. The error is linked with aria-describedby and the
// input marked aria-invalid, so screen readers announce it with the field.
export interface FormFieldProps {
  name: string
  label: string
  type?: 'text' | 'email' | 'password'
  value?: string
  error?: string | undefined
  hint?: string
  autocomplete?: string
  required?: boolean
}

export function FormField({ name, label, type = 'text', value, error, hint, autocomplete, required = true }: FormFieldProps) {
  const id = `field-${name}`
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ')
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        name={name}
        // preact's input types are a union keyed on `type`; these three share the same attributes.
        type={type as 'text'}
        value={type === 'password' ? undefined : value}
        autocomplete={autocomplete}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
      />
      {hint && <p class="field-hint" id={`${id}-hint`}>{hint}</p>}
      {error && <p class="field-error" id={`${id}-error`}>{error}</p>}
    </div>
  )
}

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />
}
