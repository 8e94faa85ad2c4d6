// Labelled form controls with their hint and error. The error is linked with aria-describedby and
// the control marked aria-invalid, so screen readers announce it with the field.
import type { ComponentChildren } from 'preact'

interface FieldFrame {
  name: string
  label: string
  error?: string | undefined
  hint?: string | undefined
  /** Element id; defaults to `field-<name>` (set it when a name repeats on the page). */
  id?: string
}

/** The aria-describedby of a control with this id, hint and error. */
export function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
}

/** The label/hint/error frame around a control; for controls that need attributes of their own. */
export function FieldFrame({ id, label, hint, error, children }: { id: string; label: string; hint?: string | undefined; error?: string | undefined; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {hint && <p class="field-hint" id={`${id}-hint`}>{hint}</p>}
      {error && <p class="field-error" id={`${id}-error`}>{error}</p>}
    </div>
  )
}

export interface FormFieldProps extends FieldFrame {
  type?: 'text' | 'email' | 'password' | 'number' | 'date' | 'tel' | 'search' | 'url'
  value?: string
  autocomplete?: string
  required?: boolean
  inputmode?: 'numeric' | 'decimal' | 'text'
  placeholder?: string
  maxLength?: number
  /**
   * The id of an error the enclosing group shows (a fieldset's, which stays visible whichever of
   * its panels is open): the control is marked invalid and described by it, without a second copy.
   */
  groupErrorId?: string | undefined
}

export function FormField({ name, label, type = 'text', value, error, hint, autocomplete, required = true, inputmode, placeholder, maxLength, groupErrorId, id = `field-${name}` }: FormFieldProps) {
  const description = [describedBy(id, hint, error), groupErrorId].filter(Boolean).join(' ') || undefined
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        name={name}
        // preact's input types are a union keyed on `type`; these share the same attributes.
        type={type as 'text'}
        value={type === 'password' ? undefined : value}
        autocomplete={autocomplete}
        required={required}
        inputMode={inputmode}
        placeholder={placeholder}
        maxLength={maxLength}
        aria-invalid={error || groupErrorId ? 'true' : undefined}
        aria-describedby={description}
      />
    </FieldFrame>
  )
}

export interface SelectOption {
  value: string
  label: string
}

export interface SelectFieldProps extends FieldFrame {
  options: readonly SelectOption[]
  value?: string
  /** A first, empty choice ("Selecione…"); omitted when undefined. */
  placeholder?: string
  required?: boolean
}

export function SelectField({ name, label, options, value = '', placeholder, error, hint, required = true, id = `field-${name}` }: SelectFieldProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <select id={id} name={name} required={required} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(id, hint, error)}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((option) => (
          <option value={option.value} selected={option.value === value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  )
}

export interface TextAreaFieldProps extends FieldFrame {
  value?: string
  rows?: number
  required?: boolean
  /** Monospaced, no spell check: for code such as template bodies. */
  code?: boolean
  /** The browser's limit (UTF-16 units, so never above a limit in characters the server checks). */
  maxLength?: number
}

export function TextAreaField({ name, label, value = '', rows = 4, error, hint, required = false, code = false, maxLength, id = `field-${name}` }: TextAreaFieldProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <textarea
        id={id}
        name={name}
        rows={rows}
        required={required}
        maxlength={maxLength}
        class={code ? 'code' : undefined}
        spellcheck={code ? false : undefined}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        {value}
      </textarea>
    </FieldFrame>
  )
}

export function CheckboxField({ name, label, checked, hint, error, id = `field-${name}` }: { name: string; label: string; checked: boolean; hint?: string; error?: string | undefined; id?: string }) {
  return (
    <div class="field checkbox">
      <input type="checkbox" id={id} name={name} value="1" checked={checked} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(id, hint, error)} />
      <label for={id}>{label}</label>
      {hint && <p class="field-hint" id={`${id}-hint`}>{hint}</p>}
      {error && <p class="field-error" id={`${id}-error`}>{error}</p>}
    </div>
  )
}

/** A file input; its form must be `enctype="multipart/form-data"` and its route opt in to the size (multipart-form.ts). */
export function FileField({ name, label, accept, error, hint, required = false, id = `field-${name}` }: FieldFrame & { accept: string; required?: boolean }) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <input id={id} name={name} type="file" accept={accept} required={required} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(id, hint, error)} />
    </FieldFrame>
  )
}

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />
}
