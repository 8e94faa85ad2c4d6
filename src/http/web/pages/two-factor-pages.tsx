// Two-step verification's pages: the card on Minha conta (off: a button to start; on: since when,
// the recovery codes left, new codes, the security keys, turning it off), the setup (QR code, the key typed by hand,
// the first code), the recovery codes shown once, and the login's code form.
import type { TwoFactorFieldErrors, TwoFactorState } from '../../../modules/accounts/two-factor.js'
import { PageHeader } from '../components/page-header.js'
import { CsrfField, FormField } from '../form-field.js'
import { formatDateTime } from '../format.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout, AuthLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'
import { type KeyFormRefusal, SecurityKeySignInForm, SecurityKeysSection, type SecurityKeysView } from './security-key-pages.js'

const tf = t.ownPassword.twoFactor

type FieldError = NonNullable<TwoFactorFieldErrors[keyof TwoFactorFieldErrors]> | 'throttled'

/** The errors of a refused form, by field: the password and code of turning it on or off, the code of new recovery codes. */
export interface TwoFactorCardErrors {
  password?: FieldError | undefined
  code?: FieldError | undefined
  newCodes?: FieldError | undefined
  /** The refused "add a security key" form. */
  keyForm?: KeyFormRefusal | undefined
}

function errorText(code: FieldError | undefined): string | undefined {
  return code === undefined ? undefined : tf.errors[code]
}

/** The key in groups of four, as apps ask for it to be typed. */
function groupedKey(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim()
}

export function TwoFactorCard({ ctx, state, keys, errors = {} }: { ctx: PageContext; state: TwoFactorState; keys: SecurityKeysView; errors?: TwoFactorCardErrors }) {
  if (!state.enabled) {
    return (
      <form method="post" action="/account/two-factor/setup" class="card" aria-labelledby="duas-etapas">
        <h2 id="duas-etapas">{tf.heading}</h2>
        {ctx.session.mustSetUpTwoFactor && <p class="alert error">{tf.requiredByAccount}</p>}
        <p class="muted">{tf.off}</p>
        <CsrfField token={ctx.csrfToken} />
        <div class="form-actions">
          <button type="submit" class="button secondary">{tf.start}</button>
        </div>
      </form>
    )
  }
  return (
    <section class="card" aria-labelledby="duas-etapas">
      <h2 id="duas-etapas">{tf.heading}</h2>
      <p>{tf.on(formatDateTime(state.enabledAt!, ctx.session.timeZone))} {tf.codesLeft(state.recoveryCodesLeft)}</p>
      <form method="post" action="/account/two-factor/recovery-codes" novalidate>
        <h3>{tf.newCodes}</h3>
        <p class="muted">{tf.newCodesIntro}</p>
        <CsrfField token={ctx.csrfToken} />
        <FormField name="code" id="field-new-codes-code" label={tf.code} value="" autocomplete="one-time-code" maxLength={20} error={errorText(errors.newCodes)} />
        <div class="form-actions">
          <button type="submit" class="button secondary">{tf.newCodes}</button>
        </div>
      </form>
      <SecurityKeysSection ctx={ctx} view={keys} refusal={errors.keyForm} />
      {state.requiredByAccount ? <p class="muted">{tf.cannotDisable}</p> : <DisableForm ctx={ctx} errors={errors} />}
    </section>
  )
}

/** Turning it off: the password and a code (app or recovery). */
function DisableForm({ ctx, errors }: { ctx: PageContext; errors: TwoFactorCardErrors }) {
  return (
    <form method="post" action="/account/two-factor/disable" novalidate>
      <h3>{tf.disable}</h3>
      <p class="muted">{tf.disableIntro}</p>
      <CsrfField token={ctx.csrfToken} />
      <FormField name="password" id="field-disable-password" type="password" label={tf.password} value="" autocomplete="current-password" error={errorText(errors.password)} />
      <FormField name="code" id="field-disable-code" label={tf.disableCode} value="" autocomplete="one-time-code" maxLength={20} error={errorText(errors.code)} />
      <div class="form-actions">
        <button type="submit" class="button danger">{tf.disable}</button>
      </div>
    </form>
  )
}

export function TwoFactorSetupPage({ ctx, secret, qrDataUrl, errors = {} }: { ctx: PageContext; secret: string; qrDataUrl: string; errors?: TwoFactorCardErrors }) {
  return (
    <AppLayout title={tf.setupTitle} ctx={ctx} section={null}>
      <PageHeader title={tf.setupTitle} />
      {Object.keys(errors).length > 0 && <p class="alert error" role="alert">{t.formHasErrors}</p>}
      <form method="post" action="/account/two-factor/enable" class="card" novalidate>
        <p>{tf.setupStep1}</p>
        <img class="totp-qr" src={qrDataUrl} alt={tf.qrAlt} width={220} height={220} />
        <p class="muted">{tf.setupManual}</p>
        <p>
          <code id="totp-key" class="totp-key">{groupedKey(secret)}</code>
        </p>
        <p>{tf.setupStep2}</p>
        <CsrfField token={ctx.csrfToken} />
        <FormField name="code" label={tf.code} value="" autocomplete="one-time-code" inputmode="numeric" maxLength={9} error={errorText(errors.code)} />
        <FormField name="password" type="password" label={tf.password} value="" hint={tf.enablePasswordHint} autocomplete="current-password" error={errorText(errors.password)} />
        <div class="form-actions">
          <button type="submit" class="button">{tf.confirm}</button>
          <a class="button secondary" href="/account/password#duas-etapas">{tf.cancel}</a>
        </div>
      </form>
    </AppLayout>
  )
}

export function RecoveryCodesPage({ ctx, codes, title }: { ctx: PageContext; codes: string[]; title: string }) {
  return (
    <AppLayout title={title} ctx={ctx} section={null} scripts={['copy-button']}>
      <PageHeader title={title} />
      <section class="card issued-token" aria-labelledby="recovery-codes-heading">
        <h2 id="recovery-codes-heading">{tf.codesHeading}</h2>
        <p>{tf.codesIntro}</p>
        <p class="alert info">{tf.codesWarning}</p>
        <div class="field">
          <label for="recovery-codes">{tf.codesLabel}</label>
          <textarea id="recovery-codes" class="code" readonly rows={codes.length} spellcheck={false}>{codes.join('\n')}</textarea>
        </div>
        <div class="form-actions">
          <button type="button" class="button secondary" data-copy-target="recovery-codes" data-copied-label={t.common.copied}>{t.common.copy}</button>
          <a class="button" href="/account/password#duas-etapas">{tf.done}</a>
        </div>
      </section>
    </AppLayout>
  )
}

const tl = t.login.twoFactor

/** Why the code page is shown again: a refused code (by its field), a refused key (in its form), or the throttle. */
export interface CodePageErrors {
  code?: string | undefined
  key?: string | undefined
  general?: string | undefined
}

/** The login's code step; with `keyOptionsJson` (the user has security keys) also the key's form. */
export function TwoFactorLoginPage({ csrfToken, errors = {}, keyOptionsJson }: { csrfToken: string; errors?: CodePageErrors; keyOptionsJson?: string | undefined }) {
  const banner = errors.general ?? errors.code
  return (
    <AuthLayout title={tl.title} scripts={keyOptionsJson ? ['security-key'] : []}>
      <h1>{tl.heading}</h1>
      <p class="muted">{tl.intro}</p>
      {banner && <p class="alert error" role="alert">{banner}</p>}
      <form method="post" action="/login/two-factor" novalidate>
        <CsrfField token={csrfToken} />
        <FormField name="code" label={tl.code} value="" hint={tl.codeHint} autocomplete="one-time-code" maxLength={20} error={errors.code} />
        <button type="submit" class="button block">{tl.submit}</button>
      </form>
      {keyOptionsJson && <SecurityKeySignInForm csrfToken={csrfToken} optionsJson={keyOptionsJson} error={errors.key} />}
      <p class="auth-footer">
        <a href="/login">{tl.back}</a>
      </p>
    </AuthLayout>
  )
}
