// Sign-up and login forms. Errors sit under their field; typed values come back (never the password).
import { MIN_PASSWORD_LENGTH, type SignUpErrorCode, type SignUpErrors } from '../../../modules/accounts/sign-up.js'
import { CsrfField, FormField } from '../form-field.js'
import { t } from '../i18n/pt-BR.js'
import { AuthLayout } from '../layout.js'

export interface LoginPageProps {
  csrfToken: string
  email?: string
  error?: string
  notice?: string
  next?: string
}

export function LoginPage({ csrfToken, email = '', error, notice, next }: LoginPageProps) {
  return (
    <AuthLayout title={t.login.title}>
      <h1>{t.login.heading}</h1>
      <p class="muted">{t.login.intro}</p>
      {notice && <p class="alert info" role="status">{notice}</p>}
      {error && <p class="alert error" role="alert">{error}</p>}
      <form method="post" action="/login" novalidate>
        <CsrfField token={csrfToken} />
        {next && <input type="hidden" name="next" value={next} />}
        <FormField name="email" type="email" label={t.login.email} value={email} autocomplete="username" />
        <FormField name="password" type="password" label={t.login.password} autocomplete="current-password" />
        <button type="submit" class="button block">{t.login.submit}</button>
      </form>
      <p class="auth-footer">
        <a href="/forgot-password">{t.login.forgotLink}</a>
      </p>
      <p class="auth-footer">
        {t.login.noAccount} <a href="/signup">{t.login.signUpLink}</a>
      </p>
      <p class="auth-footer">
        <a href="/verify">{t.login.verifyLink}</a>
      </p>
    </AuthLayout>
  )
}

export interface SignUpValues {
  accountName: string
  name: string
  email: string
}

function message(code: SignUpErrorCode | undefined): string | undefined {
  if (code === undefined) return undefined
  return code === 'password_too_short' ? t.fieldErrors.password_too_short(MIN_PASSWORD_LENGTH) : t.fieldErrors[code]
}

export function SignUpPage({ csrfToken, values, errors = {}, error }: { csrfToken: string; values: SignUpValues; errors?: SignUpErrors; error?: string }) {
  const hasErrors = Object.keys(errors).length > 0
  return (
    <AuthLayout title={t.signUp.title}>
      <h1>{t.signUp.heading}</h1>
      <p class="muted">{t.signUp.intro}</p>
      {error && <p class="alert error" role="alert">{error}</p>}
      {hasErrors && <p class="alert error" role="alert">{t.formHasErrors}</p>}
      <form method="post" action="/signup" novalidate>
        <CsrfField token={csrfToken} />
        <FormField name="accountName" label={t.signUp.accountName} value={values.accountName} error={message(errors.accountName)} autocomplete="organization" />
        <FormField name="name" label={t.signUp.name} value={values.name} error={message(errors.name)} autocomplete="name" />
        <FormField name="email" type="email" label={t.signUp.email} value={values.email} error={message(errors.email)} autocomplete="email" />
        <FormField
          name="password"
          type="password"
          label={t.signUp.password}
          hint={t.signUp.passwordHint(MIN_PASSWORD_LENGTH)}
          error={message(errors.password)}
          autocomplete="new-password"
        />
        <button type="submit" class="button block">{t.signUp.submit}</button>
      </form>
      <p class="auth-footer">
        {t.signUp.haveAccount} <a href="/login">{t.signUp.loginLink}</a>
      </p>
    </AuthLayout>
  )
}
