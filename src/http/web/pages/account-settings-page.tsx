// Configurações → Conta (admins): the company name and the account's time zone.
import { ACCOUNT_ADDRESS_MAX, BRAZIL_TIME_ZONES, type AccountSettingsErrors, type AccountSettingsInput } from '../../../modules/accounts/account-settings.js'
import { PageHeader } from '../components/page-header.js'
import { CsrfField, FormField, SelectField } from '../form-field.js'
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

export function AccountSettingsPage({ ctx, values, savedZone, errors = {} }: { ctx: PageContext; values: AccountSettingsValues; savedZone: string; errors?: AccountSettingsErrors }) {
  const hasErrors = Object.keys(errors).length > 0
  return (
    <AppLayout title={a.title} ctx={ctx} section="account">
      <PageHeader title={a.title} intro={a.intro} />
      {hasErrors && <p class="alert error" role="alert">{t.formHasErrors}</p>}
      <form method="post" action="/settings/account" class="card" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <FormField name="name" label={a.name} value={values.name} error={errors.name && a.errors[errors.name]} autocomplete="organization" maxLength={120} />
        <SelectField name="time_zone" label={a.timeZone} value={values.timeZone} options={zoneOptions(savedZone)} hint={a.timeZoneHint} error={errors.time_zone && a.errors[errors.time_zone]} />
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
    </AppLayout>
  )
}
