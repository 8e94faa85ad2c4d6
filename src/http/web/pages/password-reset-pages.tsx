// "Esqueci minha senha": the form asking for the link, and the page the link opens to choose a new
// password (or saying the link no longer works).
import type { PasswordLinkPurpose } from '../../../platform/db/schema.js'
import type { PasswordResetErrors } from '../../../modules/accounts/password-reset.js'
import { MIN_PASSWORD_LENGTH } from '../../../modules/accounts/sign-up.js'
import { CsrfField, FormField } from '../form-field.js'
import { t } from '../i18n/pt-BR.js'
import { AuthLayout } from '../layout.js'

const r = t.passwordReset

export function ForgotPasswordPage({ csrfToken, email = '', notice, error }: { csrfToken: string; email?: string; notice?: string; error?: string }) {
  return (
    <AuthLayout title={r.forgotTitle}>
      <h1>{r.forgotTitle}</h1>
      <p class="muted">{r.forgotIntro}</p>
      {notice && <p class="alert info" role="status">{notice}</p>}
      {error && <p class="alert error" role="alert">{error}</p>}
      <form method="post" action="/forgot-password" novalidate>
        <CsrfField token={csrfToken} />
        <FormField name="email" type="email" label={t.login.email} value={email} autocomplete="username" />
        <button type="submit" class="button block">{r.forgotSubmit}</button>
      </form>
      <p class="auth-footer">
        <a href="/login">{r.backToLogin}</a>
      </p>
    </AuthLayout>
  )
}

function message(code: PasswordResetErrors[keyof PasswordResetErrors]): string | undefined {
  if (code === undefined) return undefined
  return code === 'password_too_short' ? t.fieldErrors.password_too_short(MIN_PASSWORD_LENGTH) : r.errors[code]
}

/** A reset greets someone who forgot their password; an invitation someone choosing their first. */
export function ResetPasswordPage({ csrfToken, token, purpose, errors = {} }: { csrfToken: string; token: string; purpose: PasswordLinkPurpose; errors?: PasswordResetErrors }) {
  const hasErrors = Object.keys(errors).length > 0
  const words = purpose === 'invitation' ? r.invitation : r.reset
  return (
    <AuthLayout title={words.title}>
      <h1>{words.title}</h1>
      <p class="muted">{words.intro}</p>
      {hasErrors && <p class="alert error" role="alert">{t.formHasErrors}</p>}
      <form method="post" action={`/reset-password/${token}`} novalidate>
        <CsrfField token={csrfToken} />
        <FormField name="password" type="password" label={words.password} value="" hint={t.signUp.passwordHint(MIN_PASSWORD_LENGTH)} error={message(errors.password)} autocomplete="new-password" />
        <FormField name="confirmation" type="password" label={words.confirmation} value="" error={message(errors.confirmation)} autocomplete="new-password" />
        <button type="submit" class="button block">{words.submit}</button>
      </form>
    </AuthLayout>
  )
}

export function InvalidResetLinkPage() {
  return (
    <AuthLayout title={r.invalidTitle}>
      <h1>{r.invalidTitle}</h1>
      <p>{r.invalidText}</p>
      <p class="auth-footer">
        <a href="/forgot-password">{r.askAgain}</a>
      </p>
    </AuthLayout>
  )
}
