// Configurações → Conta (admins): the company name and the account's time zone, the company data
// on documents, the logo (its own forms: a file goes as multipart, and removing it is separate),
// and Segurança (its own form: requiring two-step verification of every user).
import type { LogoProblem } from '../../../modules/accounts/account-logo.js'
import type { TwoFactorPolicy } from '../../../modules/accounts/two-factor-policy.js'
import { ACCOUNT_ADDRESS_MAX, BRAZIL_TIME_ZONES, type AccountSettingsErrors, type AccountSettingsInput } from '../../../modules/accounts/account-settings.js'
import { AUTO_REMINDER_DAYS, AUTO_REMINDER_MAX } from '../../../modules/lifecycle/automatic-reminders.js'
import { SIGNER_MESSAGE_MAX } from '../../../modules/lifecycle/signer-correspondence.js'
import { MAX_COPY_RECIPIENTS } from '../../../modules/proposals/copy-recipients.js'
import { copyProblemText } from './copy-list-text.js'
import { PageHeader } from '../components/page-header.js'
import { CheckboxField, CsrfField, FileField, FormField, SelectField, TextAreaField } from '../form-field.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'

const a = t.accountSettings

/** The form's values are the module's input, as typed. */
export type AccountSettingsValues = AccountSettingsInput

/** Brazil's zones, and the account's own first when it is another (set by support). */
function zoneOptions(current: string): Array<{ value: string; label: string }> {
  const zones: Record<string, string> = a.zones
  const brazil = BRAZIL_TIME_ZONES.map((zone) => ({ value: zone, label: zones[zone]! }))
  return zones[current] === undefined && current !== '' ? [{ value: current, label: current }, ...brazil] : brazil
}

/** The saved logo, as the page shows it: its URL changes with its content. */
export interface LogoShown {
  sha256: string
  width: number
  height: number
}

export interface AccountSettingsPageProps {
  ctx: PageContext
  values: AccountSettingsValues
  savedZone: string
  errors?: AccountSettingsErrors
  logo: LogoShown | undefined
  logoError?: LogoProblem | undefined
  security: TwoFactorPolicy
  securityError?: string | undefined
}

export function AccountSettingsPage({ ctx, values, savedZone, errors = {}, logo, logoError, security, securityError }: AccountSettingsPageProps) {
  const hasErrors = Object.keys(errors).length > 0 || logoError !== undefined || securityError !== undefined
  return (
    <AppLayout title={a.title} ctx={ctx} section="account">
      <PageHeader title={a.title} intro={a.intro} />
      {hasErrors && <p class="alert error" role="alert">{t.formHasErrors}</p>}
      <form method="post" action="/settings/account" class="card" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <FormField name="name" label={a.name} value={values.name} error={errors.name && a.errors[errors.name]} autocomplete="organization" maxLength={120} />
        <SelectField name="time_zone" label={a.timeZone} value={values.timeZone} options={zoneOptions(savedZone)} hint={a.timeZoneHint} error={errors.time_zone && a.errors[errors.time_zone]} />
        <SelectField
          name="auto_reminder_days"
          label={a.autoReminders}
          value={values.autoReminderDays}
          required={false}
          placeholder={a.autoRemindersOff}
          options={AUTO_REMINDER_DAYS.map((days) => ({ value: String(days), label: a.autoRemindersEvery(days) }))}
          hint={a.autoRemindersHint(AUTO_REMINDER_MAX)}
          error={errors.auto_reminder_days && a.errors[errors.auto_reminder_days]}
        />
        <TextAreaField
          name="default_signer_message"
          label={a.defaultSignerMessage}
          value={values.defaultSignerMessage}
          rows={3}
          maxLength={SIGNER_MESSAGE_MAX}
          hint={a.defaultSignerMessageHint(SIGNER_MESSAGE_MAX)}
          error={errors.default_signer_message && (errors.default_signer_message === 'too_long' ? a.errors.messageTooLong(SIGNER_MESSAGE_MAX) : a.errors[errors.default_signer_message])}
        />
        <TextAreaField
          name="signed_copy_to"
          label={a.signedCopyTo}
          value={values.signedCopyTo}
          rows={2}
          hint={a.signedCopyToHint(MAX_COPY_RECIPIENTS)}
          error={errors.signed_copy_to && copyProblemText(errors.signed_copy_to)}
        />
        <FormField
          name="discount_approval_above"
          label={a.discountApprovalAbove}
          value={values.discountApprovalAbove}
          required={false}
          inputmode="decimal"
          maxLength={8}
          hint={a.discountApprovalAboveHint}
          error={errors.discount_approval_above && a.errors[errors.discount_approval_above]}
        />
        <section aria-labelledby="company-heading">
          <h2 id="company-heading">{a.companyHeading}</h2>
          <p class="field-hint">{a.companyHint}</p>
          <div class="form-grid">
            <FormField name="document" label={a.document} value={values.document} required={false} maxLength={20} error={errors.document && a.errors[errors.document]} />
            <FormField name="phone" type="tel" label={a.phone} value={values.phone} required={false} maxLength={30} autocomplete="tel" error={errors.phone && a.errors[errors.phone]} />
            <FormField name="email" type="email" label={a.email} value={values.email} required={false} maxLength={254} autocomplete="email" error={errors.email && a.errors[errors.email]} />
          </div>
          <FormField name="address" label={a.address} value={values.address} required={false} maxLength={ACCOUNT_ADDRESS_MAX} autocomplete="street-address" error={errors.address && a.errors[errors.address]} />
        </section>
        <div class="form-actions">
          <button type="submit" class="button">{a.save}</button>
        </div>
      </form>
      <LogoCard ctx={ctx} logo={logo} error={logoError} />
      <SecurityCard ctx={ctx} policy={security} error={securityError} />
    </AppLayout>
  )
}

function LogoCard({ ctx, logo, error }: { ctx: PageContext; logo: LogoShown | undefined; error: LogoProblem | undefined }) {
  return (
    <section class="card" aria-labelledby="logo-heading">
      <h2 id="logo-heading">{a.logoHeading}</h2>
      <p class="field-hint">{a.logoHint}</p>
      {logo ? (
        <figure class="logo-preview">
          <img src={`/settings/account/logo?v=${logo.sha256.slice(0, 16)}`} alt={a.logoCurrent} width={logo.width} height={logo.height} />
          <figcaption class="muted">{a.logoCurrent}</figcaption>
        </figure>
      ) : (
        <p class="muted">{a.logoNone}</p>
      )}
      <form method="post" action="/settings/account/logo" enctype="multipart/form-data">
        <CsrfField token={ctx.csrfToken} />
        <FileField name="logo" label={a.logoFile} hint={a.logoFileHint} accept="image/png,image/jpeg,.png,.jpg,.jpeg" required error={error && a.logoErrors[error]} />
        <div class="form-actions">
          <button type="submit" class="button">{a.logoUpload}</button>
        </div>
      </form>
      {logo && (
        <form method="post" action="/settings/account/logo/remove" class="logo-remove">
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" class="button secondary">{a.logoRemove}</button>
        </form>
      )}
    </section>
  )
}

/** Requiring two-step verification of every user: its own form, like the logo's. */
function SecurityCard({ ctx, policy, error }: { ctx: PageContext; policy: TwoFactorPolicy; error: string | undefined }) {
  const sa = a.security
  return (
    <form method="post" action="/settings/account/security" class="card" aria-labelledby="security-heading" novalidate>
      <h2 id="security-heading">{sa.heading}</h2>
      <CsrfField token={ctx.csrfToken} />
      <CheckboxField name="require_two_factor" label={sa.requireTwoFactor} hint={sa.requireTwoFactorHint} checked={policy.required} error={error} />
      <p class="muted">{sa.usersWithout(policy.usersWithout)}</p>
      <div class="form-actions">
        <button type="submit" class="button secondary">{sa.save}</button>
      </div>
    </form>
  )
}
