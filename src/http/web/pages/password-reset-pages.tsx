// "Esqueci minha senha": the form asking for the link, and the page the link opens to choose a new
// password (or saying the link no longer works).
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

export function ResetPasswordPage({ csrfToken, token, errors = {} }: { csrfToken: string; token: string; errors?: PasswordResetErrors }) {
  const hasErrors = Object.keys(errors).length > 0
  return (
    <AuthLayout title={r.resetTitle}>
      <h1>{r.resetTitle}</h1>
      <p class="muted">{r.resetIntro}</p>
      {hasErrors && <p class="alert error" role="alert">{t.formHasErrors}</p>}
      <form method="post" action={`/reset-password/${token}`} novalidate>
        <CsrfField token={csrfToken} />
        <FormField name="password" type="password" label={r.newPassword} value="" hint={t.signUp.passwordHint(MIN_PASSWORD_LENGTH)} error={message(errors.password)} autocomplete="new-password" />
        <FormField name="confirmation" type="password" label={r.confirmation} value="" error={message(errors.confirmation)} autocomplete="new-password" />
        <button type="submit" class="button block">{r.resetSubmit}</button>
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
